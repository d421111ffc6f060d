"""Builds the query schema from the Schema IR and its connector, once per schema."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from prisma_dynamic.collection_pause import paused, settle_as_old
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema import aggregate_outputs, enums, model_outputs, operations
from prisma_dynamic.schema.query_schema.context import BuildContext
from prisma_dynamic.schema.query_schema.inputs import build_inputs
from prisma_dynamic.schema.query_schema.types import EnumType, ModelOperations, Namespace, OutputObjectType, QuerySchema

# Query schemas of the schemas used last. Bounded, so that building schemas one after another
# (tests, a server that reloads) does not keep every one alive; a schema that is still in use is
# rebuilt at worst, never confused with another (the entry keeps the schema and is compared by
# identity, so a recycled id() cannot match).
_CACHE_SIZE = 16
_BUILT: OrderedDict[int, tuple[ir.Schema, QuerySchema]] = OrderedDict()
_LOCK = threading.Lock()


def build_query_schema(schema: ir.Schema) -> QuerySchema:
    """The query schema of `schema` (a new one each call; `query_schema_of` caches)."""
    # Like the IR, the query schema is many small objects that all stay alive (and hold no cycles).
    with paused():
        context = BuildContext.of(schema)
        outputs = output_side(context)
        inputs = build_inputs(context)
        built = QuerySchema(
            input_object_types={"prisma": inputs.input_object_types},
            output_object_types=outputs.output_object_types,
            enum_types={"prisma": _unique(outputs.prisma_enums, inputs.enum_types), "model": outputs.model_enums},
            field_ref_types={"prisma": inputs.field_ref_types},
            model_operations=outputs.model_operations,
            other_operations={"read": (), "write": operations.RAW_OPERATIONS},
        )
        # Its parts live as long as the schema: no young collection has to walk them to learn that.
        settle_as_old()
    return built


@dataclass(frozen=True)
class OutputSide:
    """Everything but the input types: the output types, the enums no input type registers, and
    the operations (built at once: a tenth of civitai's query schema)."""

    output_object_types: Mapping[Namespace, tuple[OutputObjectType, ...]]
    prisma_enums: tuple[EnumType, ...]  # before the input types' enums, in Prisma's order
    model_enums: tuple[EnumType, ...]
    model_operations: tuple[ModelOperations, ...]


def output_side(context: BuildContext) -> OutputSide:
    ops = [(model, operations.model_operations(context, model)) for model in context.models]
    offered = {(model.name, op.action) for model, model_ops in ops for op in model_ops}
    fields = [model_outputs.fields_of(context, model) for model in context.models]
    return OutputSide(
        {"prisma": _prisma_outputs(context, ops, fields, offered), "model": _model_outputs(context, fields, offered)},
        enums.prisma_enums(context),
        enums.model_enums(context),
        operations.mappings(ops),
    )


def _model_outputs(
    context: BuildContext, fields: list[model_outputs.ModelFields], offered: set[tuple[str, str]]
) -> tuple[OutputObjectType, ...]:
    """The models, then the `*AndReturn` types of the models that offer those writes."""
    found = [model_outputs.model_type(f) for f in fields]
    for f in fields:
        name = f.model.name
        if (name, "createManyAndReturn") in offered:
            found.append(model_outputs.and_return_type(context, f, model_outputs.create_many_and_return_name(name)))
        if (name, "updateManyAndReturn") in offered:
            found.append(model_outputs.and_return_type(context, f, model_outputs.update_many_and_return_name(name)))
    return tuple(found)


def _prisma_outputs(
    context: BuildContext,
    ops: list[tuple[ir.Model, tuple[operations.Operation, ...]]],
    fields: list[model_outputs.ModelFields],
    offered: set[tuple[str, str]],
) -> tuple[OutputObjectType, ...]:
    """Query and Mutation, each model's aggregate and group-by results, `AffectedRowsOutput`, then
    each model's relation counts and aggregates (Prisma's order)."""
    found = list(operations.root_types(ops))
    aggregates = [aggregate_outputs.aggregate_types(context.schema, f) for f in fields]
    for f, present in zip(fields, aggregates, strict=True):
        found.append(aggregate_outputs.aggregate_type(f.model, present))
        found.append(aggregate_outputs.group_by_type(f, present))
    if any(action in ("createMany", "updateMany", "deleteMany") for _, action in offered):
        found.append(aggregate_outputs.affected_rows)
    for f, present in zip(fields, aggregates, strict=True):
        counts = aggregate_outputs.relation_count_type(f)
        if counts is not None:
            found.append(counts)
        found.extend(present)
    return tuple(found)


def _unique(*groups: Iterable[EnumType]) -> tuple[EnumType, ...]:
    """The enums of both sections, each name once (an enum both sides use is listed once)."""
    seen: dict[str, EnumType] = {}
    for group in groups:
        for enum in group:
            seen.setdefault(enum.name, enum)
    return tuple(seen.values())


def query_schema_of(schema: ir.Schema) -> QuerySchema:
    """The query schema of `schema`, built on first use and kept while the schema is among the
    last few used."""
    key = id(schema)
    with _LOCK:
        cached = _BUILT.get(key)
        if cached is not None and cached[0] is schema:
            _BUILT.move_to_end(key)
            return cached[1]
    built = build_query_schema(schema)  # outside the lock: two threads may build, both get equal ones
    with _LOCK:
        _BUILT[key] = (schema, built)
        _BUILT.move_to_end(key)
        while len(_BUILT) > _CACHE_SIZE:
            _BUILT.popitem(last=False)
    return built
