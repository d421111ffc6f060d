"""What aggregate and groupBy return: `Aggregate<Model>`, `<Model>GroupByOutputType`, the
`<Model>{Count,Avg,Sum,Min,Max}AggregateOutputType`s, the relation counts `<Model>CountOutputType`,
and `AffectedRowsOutput` of the bulk writes."""

from __future__ import annotations

from collections.abc import Callable

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema import arguments, refs
from prisma_dynamic.schema.query_schema.model_outputs import ModelFields
from prisma_dynamic.schema.query_schema.types import OutputField, OutputObjectType, TypeRef

NUMERIC = frozenset(("Int", "BigInt", "Float", "Decimal"))
AFFECTED_ROWS = "AffectedRowsOutput"

affected_rows = OutputObjectType(AFFECTED_ROWS, (OutputField("count", refs.scalar("Int")),))


def _count_type(schema: ir.Schema, field: ir.Field) -> TypeRef | None:
    return refs.scalar("Int")


def _avg_type(schema: ir.Schema, field: ir.Field) -> TypeRef | None:
    # The average of a list is one number.
    if field.kind != "scalar" or field.type not in NUMERIC:
        return None
    return refs.scalar("Decimal" if field.type == "Decimal" else "Float")


def _sum_type(schema: ir.Schema, field: ir.Field) -> TypeRef | None:
    if field.kind != "scalar" or field.type not in NUMERIC:
        return None
    return refs.scalar(field.type, is_list=field.is_list)


def _min_max_type(schema: ir.Schema, field: ir.Field) -> TypeRef | None:
    if field.is_list or field.type == "Json":
        return None
    return refs.field_type(schema, field)


# (aggregate, the output type of one field in it or None when the field has none, nullable)
_Typer = Callable[[ir.Schema, ir.Field], TypeRef | None]
AGGREGATES: tuple[tuple[str, _Typer, bool], ...] = (
    ("Count", _count_type, False),
    ("Avg", _avg_type, True),
    ("Sum", _sum_type, True),
    ("Min", _min_max_type, True),
    ("Max", _min_max_type, True),
)


def aggregate_types(schema: ir.Schema, model: ModelFields) -> tuple[OutputObjectType, ...]:
    """The aggregate output types the model has (a model with no numeric field has no Avg/Sum)."""
    found: list[OutputObjectType] = []
    for aggregate, typer, nullable in AGGREGATES:
        fields = [
            OutputField(f.name, ref, is_nullable=nullable)
            for f in model.scalars
            if (ref := typer(schema, f)) is not None
        ]
        if aggregate == "Count":
            fields.append(OutputField("_all", refs.scalar("Int")))
        if fields:
            found.append(OutputObjectType(refs.aggregate_output_type(model.model.name, aggregate), tuple(fields)))
    return tuple(found)


def _aggregate_fields(model: ir.Model, present: tuple[OutputObjectType, ...]) -> tuple[OutputField, ...]:
    """`_count`, `_avg`, `_sum`, `_min`, `_max`: one per aggregate type the model has."""
    names = {t.name for t in present}
    return tuple(
        OutputField(f"_{aggregate.lower()}", refs.output_object(name, "prisma"), is_nullable=True)
        for aggregate, _, _ in AGGREGATES
        if (name := refs.aggregate_output_type(model.name, aggregate)) in names
    )


def aggregate_type(model: ir.Model, present: tuple[OutputObjectType, ...]) -> OutputObjectType:
    return OutputObjectType(refs.aggregate_type(model.name), _aggregate_fields(model, present))


def group_by_type(model: ModelFields, present: tuple[OutputObjectType, ...]) -> OutputObjectType:
    """One group: the grouped fields (any scalar field may be grouped by, and shows as in the
    model), then the aggregates."""
    name = refs.group_by_output_type(model.model.name)
    return OutputObjectType(name, model.scalar_outputs + _aggregate_fields(model.model, present))


def relation_count_type(model: ModelFields) -> OutputObjectType | None:
    """`<Model>CountOutputType`: the number of related records per to-many relation, filtered by
    `where`; None when the model has no to-many relation."""
    fields = tuple(OutputField(f.name, refs.scalar("Int"), args=(arguments.where(f.type),)) for f in model.to_many)
    return OutputObjectType(refs.count_output_type(model.model.name), fields) if fields else None
