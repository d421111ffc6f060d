"""`orderBy` inputs: `<Model>OrderByWithRelationInput` (scalars, relations, `_relevance`),
`<Model>OrderByWithAggregationInput` (groupBy: scalars and `_count`/`_avg`/`_max`/`_min`/`_sum`),
`<Model>{Count,Avg,Max,Min,Sum}OrderByAggregateInput`, `<Model>OrderByRelationAggregateInput`
(a to-many relation by its `_count`), `<Model>OrderByRelevanceInput` and `SortOrderInput`
(`{sort, nulls}` for a nullable field where the database orders nulls first or last)."""

from __future__ import annotations

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema.inputs import enums
from prisma_dynamic.schema.query_schema.inputs.builder import NUMERIC_TYPES, InputBuilder, as_list, field
from prisma_dynamic.schema.query_schema.inputs.registry import AT_MOST_ONE, EXACTLY_ONE
from prisma_dynamic.schema.query_schema.types import InputField, TypeRef


def order_by_with_relation(b: InputBuilder, model: ir.Model) -> TypeRef:
    def fields() -> list[InputField]:
        visible = b.fields_of(model)
        found = [_scalar_order(b, f) for f in visible.scalars]
        for f in visible.relations:
            related = b.related_model(f)
            target = _relation_aggregate(b, related) if f.is_list else order_by_with_relation(b, related)
            found.append(field(f.name, target))
        if b.can_full_text_search:
            relevance = _relevance(b, model)
            if relevance is not None:
                found.append(field("_relevance", relevance))
        return found

    name = f"{model.name}OrderByWithRelationInput"
    return b.registry.declare(name, fields, constraints=AT_MOST_ONE, meta={"grouping": model.name})


def order_by_with_aggregation(b: InputBuilder, model: ir.Model) -> TypeRef:
    def fields() -> list[InputField]:
        scalars = b.fields_of(model).scalars
        found = [_scalar_order(b, f) for f in scalars]
        numeric = tuple(f for f in scalars if f.type in NUMERIC_TYPES and f.kind == "scalar")  # lists too
        orderable = tuple(f for f in scalars if f.type != "Json" and not f.is_list)
        for label, of in (
            ("Count", scalars),
            ("Avg", numeric),
            ("Max", orderable),
            ("Min", orderable),
            ("Sum", numeric),
        ):
            if of:
                found.append(field(f"_{label.lower()}", _aggregate(b, model, label, of)))
        return found

    name = f"{model.name}OrderByWithAggregationInput"
    return b.registry.declare(name, fields, constraints=AT_MOST_ONE, meta={"grouping": model.name})


def _scalar_order(b: InputBuilder, f: ir.Field) -> InputField:
    key = ("order", f.name, f.is_required or f.is_list)
    return b.registry.memo(key, _build_scalar_order, b, f)


def _build_scalar_order(b: InputBuilder, f: ir.Field) -> InputField:
    sort = enums.sort_order(b.registry)
    if b.connector.order_by_nulls and not f.is_required and not f.is_list:
        return field(f.name, sort, _sort_order_input(b))
    return field(f.name, sort)


def _sort_order_input(b: InputBuilder) -> TypeRef:
    def fields() -> list[InputField]:
        return [
            field("sort", enums.sort_order(b.registry), required=True),
            field("nulls", enums.nulls_order(b.registry)),
        ]

    return b.registry.declare("SortOrderInput", fields)


def _aggregate(b: InputBuilder, model: ir.Model, label: str, of: tuple[ir.Field, ...]) -> TypeRef:
    def fields() -> list[InputField]:
        sort = enums.sort_order(b.registry)
        return [field(f.name, sort) for f in of]

    name = f"{model.name}{label}OrderByAggregateInput"
    return b.registry.declare(name, fields, constraints=EXACTLY_ONE, meta={"grouping": model.name})


def _relation_aggregate(b: InputBuilder, related: ir.Model) -> TypeRef:
    def fields() -> list[InputField]:
        return [field("_count", enums.sort_order(b.registry))]

    name = f"{related.name}OrderByRelationAggregateInput"
    return b.registry.declare(name, fields, constraints=EXACTLY_ONE, meta={"grouping": related.name})


def _relevance(b: InputBuilder, model: ir.Model) -> TypeRef | None:
    """`_relevance: {fields, sort, search}` over the model's String fields (none: no `_relevance`)."""
    strings = tuple(f.name for f in b.fields_of(model).scalars if f.type == "String" and f.kind == "scalar")
    if not strings:
        return None

    def fields() -> list[InputField]:
        names = enums.relevance_fields(b.registry, model.name, strings)
        return [
            field("fields", names, as_list(names), required=True),
            field("sort", enums.sort_order(b.registry), required=True),
            field("search", TypeRef("String", "scalar"), required=True),
        ]

    name = f"{model.name}OrderByRelevanceInput"
    return b.registry.declare(name, fields, meta={"grouping": model.name})
