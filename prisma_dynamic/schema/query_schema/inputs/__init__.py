"""The query schema's input side: input object types, and the enum and field-reference types they use.

Modules by topic, as Prisma builds them: `filters` (scalar and list filters), `where` (where,
where-unique, scalar where, relation filters), `order_by`, `create` and `update` (data inputs
with their nested relation inputs), `field_updates` (update operations of a scalar). `registry`
builds each type once, in the order Prisma renders them, starting from the arguments of the
Query and Mutation fields listed here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from prisma_dynamic.collection_pause import paused
from prisma_dynamic.schema.query_schema.context import BuildContext
from prisma_dynamic.schema.query_schema.inputs.builder import InputBuilder
from prisma_dynamic.schema.query_schema.inputs.create import create_many_input, create_types
from prisma_dynamic.schema.query_schema.inputs.order_by import order_by_with_aggregation, order_by_with_relation
from prisma_dynamic.schema.query_schema.inputs.update import update_many_types, update_types
from prisma_dynamic.schema.query_schema.inputs.where import scalar_where_input, where_input, where_unique_input
from prisma_dynamic.schema.query_schema.types import EnumType, FieldRefType, InputObjectType, TypeRef


@dataclass(frozen=True)
class InputSection:
    input_object_types: tuple[InputObjectType, ...]
    enum_types: tuple[EnumType, ...]  # the `prisma` enums the inputs use (SortOrder, QueryMode, ...)
    field_ref_types: tuple[FieldRefType, ...]


def build_inputs(context: BuildContext) -> InputSection:
    """Every input type, in Prisma's order."""
    # A large schema makes hundreds of thousands of long-lived objects; collecting cycles while
    # they are made only re-scans them (civitai's 302 models build in half the time without).
    with paused():
        registry = rooted_builder(context).registry
        registry.drain()
    return InputSection(
        tuple(registry.objects.values()), tuple(registry.enums.values()), tuple(registry.field_refs.values())
    )


def rooted_builder(context: BuildContext) -> InputBuilder:
    """A builder whose registry knows the types the operations' arguments name, none built yet:
    `registry.drain()` builds them all, `registry.build(name)` one at a time."""
    b = InputBuilder(context)
    b.registry.add_roots(lambda: _root_arguments(b))
    return b


def _root_arguments(b: InputBuilder) -> Iterator[TypeRef]:
    """The input types of the Query fields' arguments, then the Mutation fields', model by model
    (findFirst/findMany/aggregate: where, orderBy, cursor; groupBy: orderBy, having; createOne,
    upsertOne, createMany, deleteOne, updateOne, updateMany, deleteMany)."""
    models = [m for m in b.schema.models if not m.is_ignored]
    for model in models:
        yield where_input(b, model)
        yield order_by_with_relation(b, model)
        yield where_unique_input(b, model)
        yield order_by_with_aggregation(b, model)
        yield scalar_where_input(b, model, aggregates=True)
    for model in models:
        if model.is_view:
            continue
        if b.fields_of(model).supports_create:
            yield from create_types(b, model)
            yield where_unique_input(b, model)
            yield from update_types(b, model)
            if b.connector.supports_create_many:
                yield create_many_input(b, model)
        yield from update_types(b, model)
        yield from update_many_types(b, model)
        yield where_input(b, model)
