"""How schema types appear in Python, and which actions the query schema offers."""

from __future__ import annotations

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema import QuerySchema
from stubs_plugin.surface import Capabilities

# Value types as the rendered module names them (see `render.IMPORTS`).
_INPUT_TYPES = {
    "String": "str",
    "Boolean": "bool",
    "Int": "int",
    "BigInt": "int",
    "Float": "float",
    "Decimal": "_Decimal",
    "DateTime": "_datetime",
    "Json": "_Json | _JsonNullSentinel",  # JsonNull, DbNull (writes and filters), AnyNull (filters)
    "Bytes": "_Base64",
}
# Json values come back decoded (any JSON value), while a Json input must be wrapped in `Json`
# so that a dict is not mistaken for a nested filter or write.
_OUTPUT_TYPES = {**_INPUT_TYPES, "Json": "_Any"}
# Filter operands that may name another field of the row instead of a value (`FieldRef`).
FIELD_REF = "_FieldRef"


def input_scalar_type(type_name: str) -> str:
    """The Python type of a value of a query schema scalar (`String`, `Json`, ...)."""
    return _INPUT_TYPES[type_name]


def output_scalar_type(type_name: str) -> str:
    """The Python type the client decodes a query schema scalar result into."""
    return _OUTPUT_TYPES[type_name]


def element_type(field: ir.Field, *, output: bool = False) -> str:
    """The Python type of one value of the field (one element when the field is a list)."""
    if field.kind == "scalar":
        return (_OUTPUT_TYPES if output else _INPUT_TYPES)[field.type]
    if field.kind == "enum":
        return field.type
    if field.kind == "composite":
        return field.type if output else "dict[str, _Any]"
    if field.kind == "relation":
        return field.type
    raise ValueError(f"field {field.name} of type {field.type} has no Python type")


def value_type(field: ir.Field, *, output: bool = False) -> str:
    element = element_type(field, output=output)
    return f"list[{element}]" if field.is_list else element


def capabilities(query_schema: QuerySchema) -> Capabilities:
    mutations = {
        f.name: f for t in query_schema.output_object_types.get("prisma", ()) if t.name == "Mutation" for f in t.fields
    }
    operations = [m.actions for m in query_schema.model_operations]
    create_many = [mutations[a["createMany"]] for a in operations if a.get("createMany") in mutations]
    return Capabilities(
        skip_duplicates=any(arg.name == "skipDuplicates" for field in create_many for arg in field.args),
        returning=any("createManyAndReturn" in a for a in operations),
        raw_queries="queryRaw" in query_schema.other_operations.get("write", ()),
    )
