"""The `prisma`-namespace enums the inputs use; each is registered where an input first uses it."""

from __future__ import annotations

from prisma_dynamic.schema.query_schema.inputs.registry import InputRegistry
from prisma_dynamic.schema.query_schema.types import TypeRef


def sort_order(registry: InputRegistry) -> TypeRef:
    return registry.enum("SortOrder", ("asc", "desc"))


def nulls_order(registry: InputRegistry) -> TypeRef:
    return registry.enum("NullsOrder", ("first", "last"))


def query_mode(registry: InputRegistry) -> TypeRef:
    return registry.enum("QueryMode", ("default", "insensitive"))


def json_null_value_input(registry: InputRegistry, *, nullable: bool) -> TypeRef:
    """What a Json value may be set to besides a value: `JsonNull`, and `DbNull` when the column
    is nullable."""
    if nullable:
        return registry.enum("NullableJsonNullValueInput", ("DbNull", "JsonNull"))
    return registry.enum("JsonNullValueInput", ("JsonNull",))


def json_null_value_filter(registry: InputRegistry) -> TypeRef:
    return registry.enum("JsonNullValueFilter", ("DbNull", "JsonNull", "AnyNull"))


def relevance_fields(registry: InputRegistry, model: str, fields: tuple[str, ...]) -> TypeRef:
    return registry.enum(f"{model}OrderByRelevanceFieldEnum", fields)
