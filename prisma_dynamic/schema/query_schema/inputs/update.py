"""Update inputs: `<Model>[Unchecked]UpdateInput`, `<Model>UpdateManyMutationInput`,
`<Model>UncheckedUpdateManyInput`, and what a relation field takes inside them:
`<Related>[Unchecked]Update{One,OneRequired,Many}Without<Field>NestedInput` with its nested
`upsert` (`<Related>Upsert[WithWhereUnique]Without<Field>Input`), `update`
(`<Related>UpdateWithWhereUniqueWithout<Field>Input`, `<Related>UpdateToOneWithWhereWithout<Field>Input`),
`updateMany` (`<Related>UpdateManyWithWhereWithout<Field>Input`), `set`, `disconnect`, `delete`
and `deleteMany`."""

from __future__ import annotations

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema.inputs.builder import InputBuilder, field, list_union
from prisma_dynamic.schema.query_schema.inputs.create import (
    connect_field,
    connect_or_create_field,
    create_field,
    create_many_field,
    create_types,
    is_autoincrement,
    is_generated_int_id,
    without,
    without_suffix,
)
from prisma_dynamic.schema.query_schema.inputs.field_updates import update_scalar
from prisma_dynamic.schema.query_schema.inputs.where import (
    scalar_where_input,
    where_argument,
    where_input,
    where_unique_input,
)
from prisma_dynamic.schema.query_schema.types import InputField, TypeRef

_BOOLEAN = TypeRef("Boolean", "scalar")


def _checked_scalars(b: InputBuilder, model: ir.Model) -> list[ir.Field]:
    """Scalars a checked update may write: not foreign keys, not autoincremented ids or uniques,
    ids only where the database can update them."""
    ids = b.fields_of(model).id_fields
    return [
        f
        for f in b.fields_of(model).scalars
        if not f.is_read_only
        and not is_generated_int_id(b, model, f)
        and not (f.type == "Int" and f.is_unique and is_autoincrement(f))
        and (f.name not in ids or b.connector.supports_updatable_ids)
    ]


def _unchecked_scalars(b: InputBuilder, model: ir.Model) -> list[ir.Field]:
    ids = b.fields_of(model).id_fields
    return [f for f in b.fields_of(model).scalars if f.name not in ids or b.connector.supports_updatable_ids]


def _update_fields(
    b: InputBuilder, model: ir.Model, *, unchecked: bool, scalars_only: bool = False
) -> tuple[InputField, ...]:
    """Every field an update input of `model` has before a nested one leaves out the relation back
    (and, unchecked, its foreign key); built once per model."""
    key = ("update fields", model.name, unchecked, scalars_only)
    return b.registry.memo(key, _build_update_fields, b, model, unchecked, scalars_only)


def _build_update_fields(
    b: InputBuilder, model: ir.Model, unchecked: bool, scalars_only: bool
) -> tuple[InputField, ...]:
    scalars = _unchecked_scalars(b, model) if unchecked else _checked_scalars(b, model)
    found = tuple(update_scalar(b, model, f) for f in scalars)
    if scalars_only:
        return found
    relations = [f for f in b.fields_of(model).relations if not unchecked or not b.is_inlined(model, f)]
    return found + tuple(_nested_update(b, model, f, unchecked=unchecked) for f in relations)


def _left_out(b: InputBuilder, model: ir.Model, back: ir.Field | None, *, unchecked: bool) -> set[str]:
    if back is None:
        return set()
    return {back.name, *b.linking_fields(model, back)} if unchecked else {back.name}


def update_types(b: InputBuilder, model: ir.Model, back: ir.Field | None = None) -> tuple[TypeRef, TypeRef]:
    suffix = without_suffix(back)
    meta = {"grouping": model.name}

    def checked() -> list[InputField]:
        return without(_update_fields(b, model, unchecked=False), _left_out(b, model, back, unchecked=False))

    def unchecked() -> list[InputField]:
        return without(_update_fields(b, model, unchecked=True), _left_out(b, model, back, unchecked=True))

    return (
        b.registry.declare(f"{model.name}Update{suffix}Input", checked, meta=meta),
        b.registry.declare(f"{model.name}UncheckedUpdate{suffix}Input", unchecked, meta=meta),
    )


def update_many_types(b: InputBuilder, model: ir.Model, back: ir.Field | None = None) -> tuple[TypeRef, TypeRef]:
    meta = {"grouping": model.name}

    def checked() -> list[InputField]:
        return list(_update_fields(b, model, unchecked=False, scalars_only=True))

    def unchecked() -> list[InputField]:
        left_out = _left_out(b, model, back, unchecked=True)
        return without(_update_fields(b, model, unchecked=True, scalars_only=True), left_out)

    return (
        b.registry.declare(f"{model.name}UpdateManyMutationInput", checked, meta=meta),
        b.registry.declare(f"{model.name}UncheckedUpdateMany{without_suffix(back)}Input", unchecked, meta=meta),
    )


def _nested_update(b: InputBuilder, owner: ir.Model, rf: ir.Field, *, unchecked: bool) -> InputField:
    key = ("nested update", owner.name, rf.name, unchecked)
    return b.registry.memo(key, _build_nested_update, b, owner, rf, unchecked=unchecked)


def _build_nested_update(b: InputBuilder, owner: ir.Model, rf: ir.Field, *, unchecked: bool) -> InputField:
    related = b.related_model(rf)
    back = b.opposite(owner, rf)
    arity = "Many" if rf.is_list else "OneRequired" if rf.is_required else "One"
    name = f"{related.name}{'Unchecked' if unchecked else ''}Update{arity}{without_suffix(back)}NestedInput"

    def build() -> tuple[InputField, ...]:
        found: list[InputField] = []
        if b.fields_of(related).supports_create:
            found += [create_field(b, owner, rf), connect_or_create_field(b, owner, rf)]
            found.append(field("upsert", *list_union(_upsert(b, related, back, many=rf.is_list), rf.is_list)))
            create_many = create_many_field(b, owner, rf)
            if create_many is not None:
                found.append(create_many)
        if rf.is_list:
            found += [connect_field(b, rf, "set"), connect_field(b, rf, "disconnect"), connect_field(b, rf, "delete")]
        elif not rf.is_required:
            disconnect = [_BOOLEAN]
            if b.connector.filtered_to_one_disconnect or b.is_inlined(related, back):
                disconnect.append(where_input(b, related))
            found.append(field("disconnect", *disconnect))
            found.append(field("delete", _BOOLEAN, where_input(b, related)))
        found.append(connect_field(b, rf))
        found.append(_update_field(b, related, back, many=rf.is_list))
        if rf.is_list:
            found.append(field("updateMany", *list_union(_update_many_with_where(b, related, back), True)))
            scalar_where = scalar_where_input(b, related, aggregates=False)
            found.append(field("deleteMany", *list_union(scalar_where, True)))
        return tuple(found)

    def fields() -> tuple[InputField, ...]:
        # The checked and unchecked envelopes have the same fields: built once.
        return b.registry.memo(("nested update fields", owner.name, rf.name), build)

    envelope = b.registry.declare(name, fields, meta={"grouping": related.name})
    return field(rf.name, envelope)


def _update_field(b: InputBuilder, related: ir.Model, back: ir.Field, *, many: bool) -> InputField:
    # Each builder declares the types its fields name (`update_types` inside the closures), so a
    # type builds the same whichever type is built before it (`InputRegistry.build`).
    suffix = without_suffix(back)
    meta = {"grouping": related.name}
    if many:

        def by_unique() -> list[InputField]:
            return [
                field("where", where_unique_input(b, related), required=True),
                field("data", *update_types(b, related, back), required=True),
            ]

        combined = b.registry.declare(f"{related.name}UpdateWithWhereUnique{suffix}Input", by_unique, meta=meta)
        return field("update", *list_union(combined, True))

    def to_one() -> list[InputField]:
        return [where_argument(b, related), field("data", *update_types(b, related, back), required=True)]

    combined = b.registry.declare(f"{related.name}UpdateToOneWithWhere{suffix}Input", to_one, meta=meta)
    return field("update", combined, *update_types(b, related, back))


def _upsert(b: InputBuilder, related: ir.Model, back: ir.Field, *, many: bool) -> TypeRef:
    suffix = without_suffix(back)
    meta = {"grouping": related.name}
    if many:

        def by_unique() -> list[InputField]:
            return [
                field("where", where_unique_input(b, related), required=True),
                field("update", *update_types(b, related, back), required=True),
                field("create", *create_types(b, related, back), required=True),
            ]

        return b.registry.declare(f"{related.name}UpsertWithWhereUnique{suffix}Input", by_unique, meta=meta)

    def to_one() -> list[InputField]:
        return [
            field("update", *update_types(b, related, back), required=True),
            field("create", *create_types(b, related, back), required=True),
            where_argument(b, related),
        ]

    return b.registry.declare(f"{related.name}Upsert{suffix}Input", to_one, meta=meta)


def _update_many_with_where(b: InputBuilder, related: ir.Model, back: ir.Field) -> TypeRef:
    def fields() -> list[InputField]:
        return [
            field("where", scalar_where_input(b, related, aggregates=False), required=True),
            field("data", *update_many_types(b, related, back), required=True),
        ]

    name = f"{related.name}UpdateManyWithWhere{without_suffix(back)}Input"
    return b.registry.declare(name, fields, meta={"grouping": related.name})
