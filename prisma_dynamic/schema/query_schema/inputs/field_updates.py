"""What a scalar takes in `data` of an update besides a plain value:
`[Nullable]<Type>FieldUpdateOperationsInput` (`set`, and `increment`/`decrement`/`multiply`/`divide`
for numbers) and, for a scalar list, `<Model>Update<field>Input` (`set`, `push`)."""

from __future__ import annotations

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema.inputs import enums
from prisma_dynamic.schema.query_schema.inputs.builder import NUMERIC_TYPES, InputBuilder, field
from prisma_dynamic.schema.query_schema.inputs.filters import type_name
from prisma_dynamic.schema.query_schema.inputs.registry import EXACTLY_ONE
from prisma_dynamic.schema.query_schema.types import InputField, TypeRef


def update_scalar(b: InputBuilder, model: ir.Model, f: ir.Field) -> InputField:
    return b.registry.memo(("update", model.name, f.name), _build_update_scalar, b, model, f)


def _build_update_scalar(b: InputBuilder, model: ir.Model, f: ir.Field) -> InputField:
    value = b.scalar_type(f)
    if f.is_list:
        return field(f.name, _list_update(b, model, f), value)
    if f.type == "Json":
        if b.connector.advanced_json_nullability:
            return field(f.name, enums.json_null_value_input(b.registry, nullable=not f.is_required), value)
        return field(f.name, value, value, nullable=not f.is_required)
    return field(f.name, value, _operations(b, model, f), nullable=not f.is_required)


def _operations(b: InputBuilder, model: ir.Model, f: ir.Field) -> TypeRef:
    is_enum = f.kind == "enum"
    numeric = f.type in NUMERIC_TYPES and not is_enum
    name = f"{'' if f.is_required else 'Nullable'}{type_name(f.type, is_enum)}FieldUpdateOperationsInput"

    def fields() -> list[InputField]:
        value = b.scalar_type(f)
        found = [field("set", value, nullable=not f.is_required)]
        if numeric:
            found.extend(field(op, value) for op in ("increment", "decrement", "multiply", "divide"))
        return found

    # The grouping is the model that declares the type first, as in Prisma.
    return b.registry.declare(name, fields, constraints=EXACTLY_ONE, meta={"grouping": model.name})


def _list_update(b: InputBuilder, model: ir.Model, f: ir.Field) -> TypeRef:
    def fields() -> list[InputField]:
        values = b.scalar_type(f)
        found = [field("set", values)]
        if b.connector.supports_scalar_lists and (f.kind != "enum" or b.connector.supports_enum_list_push):
            found.append(field("push", b.scalar_type(f, is_list=False), values))
        return found

    name = f"{model.name}Update{f.name}Input"
    return b.registry.declare(name, fields, constraints=EXACTLY_ONE, meta={"grouping": model.name})
