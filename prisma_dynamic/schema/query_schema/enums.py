"""The enum types outside the input section: the schema's own enums (namespace `model`), each
model's `<Model>ScalarFieldEnum` (what `distinct` and `by` name), `TransactionIsolationLevel` and
`RelationLoadStrategy`."""

from __future__ import annotations

from prisma_dynamic.schema.query_schema import arguments, refs
from prisma_dynamic.schema.query_schema.context import BuildContext
from prisma_dynamic.schema.query_schema.types import EnumType


def model_enums(context: BuildContext) -> tuple[EnumType, ...]:
    """The schema's enums that some field of the client's models has (Prisma leaves out an enum
    nothing uses: no query can name it)."""
    used = {f.type for m in context.models for f in m.scalar_fields if f.kind == "enum"}
    used.update(f.type for t in context.schema.composite_types for f in t.fields if f.kind == "enum")
    return tuple(EnumType(e.name, e.value_names) for e in context.schema.enums if e.name in used)


def prisma_enums(context: BuildContext) -> tuple[EnumType, ...]:
    """In the order Prisma first meets them: the isolation levels, then each model's field enum
    (with `RelationLoadStrategy` after the first model's, where the first read names it)."""
    found: list[EnumType] = []
    if context.connector.isolation_levels:
        found.append(EnumType("TransactionIsolationLevel", context.connector.isolation_levels))
    for i, model in enumerate(context.models):
        found.append(EnumType(refs.scalar_field_enum(model.name), tuple(f.name for f in model.scalar_fields)))
        if i == 0 and context.relation_load_strategy:
            found.append(EnumType(arguments.RELATION_LOAD_STRATEGY, arguments.RELATION_LOAD_STRATEGY_VALUES))
    return tuple(found)
