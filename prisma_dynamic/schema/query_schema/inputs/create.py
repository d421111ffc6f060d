"""Create inputs: `<Model>[Unchecked]CreateInput`, `<Model>CreateManyInput`, and what a relation
field takes inside them: `<Related>[Unchecked]CreateNested{One,Many}Without<Field>Input` with
`<Related>[Unchecked]CreateWithout<Field>Input`, `<Related>CreateOrConnectWithout<Field>Input`
and `<Related>CreateMany<Field>InputEnvelope`.

"Checked" inputs write relations only through the relation API (`connect`, nested `create`);
"unchecked" inputs write foreign keys directly and take only the relations not inlined on the
model. A nested input leaves out the relation back to its parent ("Without<Field>"), and an
unchecked one also that relation's foreign key.
"""

from __future__ import annotations

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema.inputs import enums
from prisma_dynamic.schema.query_schema.inputs.builder import InputBuilder, capitalize, field, list_union
from prisma_dynamic.schema.query_schema.inputs.registry import EXACTLY_ONE
from prisma_dynamic.schema.query_schema.inputs.where import where_unique_input
from prisma_dynamic.schema.query_schema.types import InputField, TypeRef


def without_suffix(back: ir.Field | None) -> str:
    return f"Without{capitalize(back.name)}" if back is not None else ""


def is_autoincrement(f: ir.Field) -> bool:
    return f.default is not None and f.default.function is not None and f.default.function.name == "autoincrement"


def is_generated_int_id(b: InputBuilder, model: ir.Model, f: ir.Field) -> bool:
    """An autoincremented Int id, which checked inputs leave to the database (a BigInt one is
    writable, as in Prisma)."""
    return f.name in b.fields_of(model).id_fields and f.type == "Int" and is_autoincrement(f)


def create_types(b: InputBuilder, model: ir.Model, back: ir.Field | None = None) -> tuple[TypeRef, TypeRef]:
    """The checked and unchecked create inputs of `model`, nested under the relation `back`
    (a field of `model`) when given."""
    suffix = without_suffix(back)
    meta = {"grouping": model.name}

    def checked() -> list[InputField]:
        return without(_create_fields(b, model, unchecked=False), {back.name} if back is not None else set())

    def unchecked() -> list[InputField]:
        left_out = {back.name, *b.linking_fields(model, back)} if back is not None else set()
        return without(_create_fields(b, model, unchecked=True), left_out)

    return (
        b.registry.declare(f"{model.name}Create{suffix}Input", checked, meta=meta),
        b.registry.declare(f"{model.name}UncheckedCreate{suffix}Input", unchecked, meta=meta),
    )


def without(fields: tuple[InputField, ...], left_out: set[str]) -> list[InputField]:
    return [f for f in fields if f.name not in left_out] if left_out else list(fields)


def _create_fields(b: InputBuilder, model: ir.Model, *, unchecked: bool) -> tuple[InputField, ...]:
    """Every field a create input of `model` has before a nested one leaves out the relation back
    (and, unchecked, its foreign key): built once per model, as most models are nested under
    many relations."""
    return b.registry.memo(("create fields", model.name, unchecked), _build_create_fields, b, model, unchecked)


def _build_create_fields(b: InputBuilder, model: ir.Model, unchecked: bool) -> tuple[InputField, ...]:
    visible = b.fields_of(model)
    if unchecked:
        scalars = list(visible.scalars)
        relations = [f for f in visible.relations if not b.is_inlined(model, f)]
    else:
        scalars = [f for f in visible.scalars if not is_generated_int_id(b, model, f) and not f.is_read_only]
        relations = list(visible.relations)
    return tuple(_create_scalar(b, model, f) for f in scalars) + tuple(
        _nested_create(b, model, f, unchecked=unchecked) for f in relations
    )


def create_many_input(b: InputBuilder, model: ir.Model, back: ir.Field | None = None) -> TypeRef:
    """`<Model>CreateMany[<Field>]Input`: the model's scalars (no relations), without the foreign
    key to the parent when nested."""

    def fields() -> list[InputField]:
        linking = b.linking_fields(model, back) if back is not None else ()
        writes_autoincrement = b.connector.create_many_writes_autoincrement
        return [
            _create_scalar(b, model, f)
            for f in b.fields_of(model).scalars
            if f.name not in linking and (writes_autoincrement or not is_autoincrement(f))
        ]

    label = capitalize(back.name) if back is not None else ""
    return b.registry.declare(f"{model.name}CreateMany{label}Input", fields, meta={"grouping": model.name})


def _create_scalar(b: InputBuilder, model: ir.Model, f: ir.Field) -> InputField:
    return b.registry.memo(("create", model.name, f.name), _build_create_scalar, b, model, f)


def _build_create_scalar(b: InputBuilder, model: ir.Model, f: ir.Field) -> InputField:
    value = b.scalar_type(f)
    if f.is_list:
        return field(f.name, _list_create(b, model, f), value)
    required = f.is_required and f.default is None and not f.is_updated_at
    if f.type == "Json" and b.connector.advanced_json_nullability:
        nulls = enums.json_null_value_input(b.registry, nullable=not f.is_required)
        return field(f.name, nulls, value, required=required)
    return field(f.name, value, required=required, nullable=not f.is_required)


def _list_create(b: InputBuilder, model: ir.Model, f: ir.Field) -> TypeRef:
    def fields() -> list[InputField]:
        return [field("set", b.scalar_type(f), required=True)]

    name = f"{model.name}Create{f.name}Input"
    return b.registry.declare(name, fields, constraints=EXACTLY_ONE, meta={"grouping": model.name})


def create_field(b: InputBuilder, owner: ir.Model, rf: ir.Field) -> InputField:
    """`create` of a relation: the related model's create inputs without the relation back."""
    related = b.related_model(rf)
    types = create_types(b, related, b.opposite(owner, rf))
    return field("create", *[t for typ in types for t in list_union(typ, rf.is_list)])


def connect_or_create_field(b: InputBuilder, owner: ir.Model, rf: ir.Field) -> InputField:
    related = b.related_model(rf)
    return field("connectOrCreate", *list_union(_create_or_connect(b, related, b.opposite(owner, rf)), rf.is_list))


def create_many_field(b: InputBuilder, owner: ir.Model, rf: ir.Field) -> InputField | None:
    """`createMany` of a to-many relation whose foreign key is on the related model (not an
    implicit m:n: a many-insert returns no ids to link by)."""
    if (
        not b.connector.supports_create_many
        or not rf.is_list
        or b.is_inlined(owner, rf)
        or b.is_many_to_many(owner, rf)
    ):
        return None
    return field("createMany", _create_many_envelope(b, b.related_model(rf), b.opposite(owner, rf)))


def connect_field(b: InputBuilder, rf: ir.Field, name: str = "connect") -> InputField:
    """`connect` (or `set`, `disconnect`, `delete` of a to-many relation): related where-unique inputs."""
    return b.registry.memo((name, rf.type, rf.is_list), _build_connect_field, b, rf, name)


def _build_connect_field(b: InputBuilder, rf: ir.Field, name: str = "connect") -> InputField:
    return field(name, *list_union(where_unique_input(b, b.related_model(rf)), rf.is_list))


def _nested_create(b: InputBuilder, owner: ir.Model, rf: ir.Field, *, unchecked: bool) -> InputField:
    key = ("nested create", owner.name, rf.name, unchecked)
    return b.registry.memo(key, _build_nested_create, b, owner, rf, unchecked=unchecked)


def _build_nested_create(b: InputBuilder, owner: ir.Model, rf: ir.Field, *, unchecked: bool) -> InputField:
    related = b.related_model(rf)
    back = b.opposite(owner, rf)
    name = (
        f"{related.name}{'Unchecked' if unchecked else ''}CreateNested"
        f"{'Many' if rf.is_list else 'One'}{without_suffix(back)}Input"
    )

    def build() -> tuple[InputField, ...]:
        found = []
        if b.fields_of(related).supports_create:
            found += [create_field(b, owner, rf), connect_or_create_field(b, owner, rf)]
            create_many = create_many_field(b, owner, rf)
            if create_many is not None:
                found.append(create_many)
        found.append(connect_field(b, rf))
        return tuple(found)

    def fields() -> tuple[InputField, ...]:
        # The checked and unchecked envelopes have the same fields: built once.
        return b.registry.memo(("nested create fields", owner.name, rf.name), build)

    envelope = b.registry.declare(name, fields, meta={"grouping": related.name})
    # A required relation can be left out when every foreign key scalar has a default.
    linking = b.linking_fields(owner, rf)
    defaulted = all(owner.field(n).default is not None for n in linking)
    return field(rf.name, envelope, required=rf.is_required and not rf.is_list and not defaulted)


def _create_or_connect(b: InputBuilder, related: ir.Model, back: ir.Field) -> TypeRef:
    def fields() -> list[InputField]:
        return [
            field("where", where_unique_input(b, related), required=True),
            field("create", *create_types(b, related, back), required=True),
        ]

    name = f"{related.name}CreateOrConnect{without_suffix(back)}Input"
    return b.registry.declare(name, fields, meta={"grouping": related.name})


def _create_many_envelope(b: InputBuilder, related: ir.Model, back: ir.Field) -> TypeRef:
    def fields() -> list[InputField]:
        found = [field("data", *list_union(create_many_input(b, related, back), True), required=True)]
        if b.connector.supports_skip_duplicates:
            found.append(field("skipDuplicates", TypeRef("Boolean", "scalar")))
        return found

    name = f"{related.name}CreateMany{capitalize(back.name)}InputEnvelope"
    return b.registry.declare(name, fields, meta={"grouping": related.name})
