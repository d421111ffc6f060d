"""`where` inputs: `<Model>WhereInput`, `<Model>WhereUniqueInput` (with `<Model><Fields>CompoundUniqueInput`
for compound ids and uniques), `<Model>ScalarWhereInput` and `<Model>ScalarWhereWithAggregatesInput`,
and the relation filters `<Model>ListRelationFilter` and `<Model>[Nullable]ScalarRelationFilter`."""

from __future__ import annotations

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema.inputs.builder import InputBuilder, as_list, capitalize, field
from prisma_dynamic.schema.query_schema.inputs.filters import field_filter, scalar_list_filter
from prisma_dynamic.schema.query_schema.types import Constraints, InputField, TypeRef


def _where_meta(model: ir.Model) -> dict[str, str]:
    return {"source": model.name, "grouping": model.name}


def _boolean_operators(self_type: TypeRef) -> list[InputField]:
    return [
        field("AND", self_type, as_list(self_type)),
        field("OR", as_list(self_type)),
        field("NOT", self_type, as_list(self_type)),
    ]


def where_input(b: InputBuilder, model: ir.Model) -> TypeRef:
    name = f"{model.name}WhereInput"

    def fields() -> list[InputField]:
        own = b.registry.object_ref(name)
        return _boolean_operators(own) + [filter_field(b, model, f) for f in b.fields_of(model).all]

    return b.registry.declare(name, fields, meta=_where_meta(model))


def where_argument(b: InputBuilder, model: ir.Model) -> InputField:
    """The optional `where` of a to-one nested update or upsert."""
    return field("where", where_input(b, model))


def scalar_where_input(b: InputBuilder, model: ir.Model, *, aggregates: bool) -> TypeRef:
    """The where input without relations: `deleteMany`/`updateMany` of a to-many relation, and
    (with aggregates) the `having` of groupBy."""
    name = f"{model.name}ScalarWhere{'WithAggregates' if aggregates else ''}Input"

    def fields() -> list[InputField]:
        own = b.registry.object_ref(name)
        scalars = b.fields_of(model).scalars
        return _boolean_operators(own) + [filter_field(b, model, f, aggregates=aggregates) for f in scalars]

    return b.registry.declare(name, fields, meta=_where_meta(model))


def filter_field(b: InputBuilder, model: ir.Model, f: ir.Field, *, aggregates: bool = False) -> InputField:
    key = ("filter", model.name, f.name, aggregates)
    return b.registry.memo(key, _build_filter_field, b, model, f, aggregates=aggregates)


def _build_filter_field(b: InputBuilder, model: ir.Model, f: ir.Field, *, aggregates: bool = False) -> InputField:
    """One field of a where input: its filter object, and the shorthand (`{"id": 1}`, a to-one
    relation's where input) beside it."""
    if f.is_relation:
        related = b.related_model(f)
        if f.is_list:
            return field(f.name, _list_relation_filter(b, related))
        return field(
            f.name,
            _to_one_relation_filter(b, related, f.is_required),
            where_input(b, related),
            nullable=not f.is_required,
        )
    if f.is_list:
        return field(f.name, scalar_list_filter(b, model, f))
    filter_type = field_filter(b, f, aggregates=aggregates)
    if f.type == "Json":  # Json has no equality shorthand, and its nulls are enum values
        return field(f.name, filter_type)
    return field(f.name, filter_type, b.scalar_type(f), nullable=not f.is_required)


def _list_relation_filter(b: InputBuilder, related: ir.Model) -> TypeRef:
    def fields() -> list[InputField]:
        where = where_input(b, related)
        return [field("every", where), field("some", where), field("none", where)]

    return b.registry.declare(f"{capitalize(related.name)}ListRelationFilter", fields, meta={"grouping": related.name})


def _to_one_relation_filter(b: InputBuilder, related: ir.Model, required: bool) -> TypeRef:
    # Prisma capitalizes the model name in relation filter names only (`Workspace_usersListRelationFilter`).
    name = f"{capitalize(related.name)}{'' if required else 'Nullable'}ScalarRelationFilter"

    def fields() -> list[InputField]:
        where = where_input(b, related)
        return [field("is", where, nullable=not required), field("isNot", where, nullable=not required)]

    return b.registry.declare(name, fields, meta={"grouping": related.name})


def _criterion_name(fields: tuple[str, ...], alias: str | None) -> str:
    """The where-unique field of an id or unique: its `name:`, or its fields joined by `_`."""
    return alias if alias else "_".join(fields)


def where_unique_input(b: InputBuilder, model: ir.Model) -> TypeRef:
    return b.registry.memo(("where unique", model.name), _build_where_unique_input, b, model)


def _build_where_unique_input(b: InputBuilder, model: ir.Model) -> TypeRef:
    name = f"{model.name}WhereUniqueInput"
    pk = model.primary_key
    uniques = model.unique_indexes
    criteria: list[str] = []
    if pk is not None:
        criteria.append(_criterion_name(pk.field_names, pk.name))
    criteria.extend(_criterion_name(i.field_names, i.name) for i in uniques)

    def fields() -> list[InputField]:
        visible = b.fields_of(model)
        single = {pk.field_names[0]} if pk is not None and len(pk.field_names) == 1 else set()
        single.update(i.field_names[0] for i in uniques if len(i.field_names) == 1)
        found = [field(f.name, b.scalar_type(f)) for f in visible.scalars if f.name in single]
        for index in uniques:
            if len(index.field_names) > 1 and _all_supported(model, index.field_names):
                compound = _compound_unique(b, model, index.field_names, index.name)
                found.append(field(_criterion_name(index.field_names, index.name), compound))
        if pk is not None and len(pk.field_names) > 1 and _all_supported(model, pk.field_names):
            compound = _compound_unique(b, model, pk.field_names, pk.name)
            found.append(field(_criterion_name(pk.field_names, pk.name), compound))
        found.extend(_boolean_operators(where_input(b, model)))
        found.extend(filter_field(b, model, f) for f in visible.all if f.name not in single or f.is_relation)
        return found

    constraints = Constraints(min_num_fields=1, fields=tuple(criteria))
    return b.registry.declare(name, fields, constraints=constraints, meta=_where_meta(model))


def _all_supported(model: ir.Model, names: tuple[str, ...]) -> bool:
    return all(model.field(n).kind != "unsupported" for n in names)


def _compound_unique(b: InputBuilder, model: ir.Model, names: tuple[str, ...], alias: str | None) -> TypeRef:
    label = capitalize(alias) if alias else "".join(capitalize(n) for n in names)

    def fields() -> list[InputField]:
        return [field(n, b.scalar_type(model.field(n)), required=True) for n in names]

    return b.registry.declare(f"{model.name}{label}CompoundUniqueInput", fields, meta={"grouping": model.name})
