"""Scalar filters: `<Type>[Nullable][WithAggregates]Filter`, their `Nested*` forms used under
`not` and the aggregates, and the scalar-list filters `<Type>NullableListFilter`.

Which operators a filter has depends on the type and on the connector: `mode` only where
insensitive filtering exists, `search` only with full-text search, the Json path operators only
where Json can be filtered by path (a `String` path on MySQL and SQLite, a `String[]` path on
PostgreSQL), field references in `in`/`notIn` only where lists are native.
"""

from __future__ import annotations

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema.inputs import enums
from prisma_dynamic.schema.query_schema.inputs.builder import NUMERIC_TYPES, InputBuilder, as_list, field
from prisma_dynamic.schema.query_schema.inputs.registry import EXACTLY_ONE
from prisma_dynamic.schema.query_schema.types import InputField, TypeRef

_COMPARABLE = frozenset({"Int", "BigInt", "Float", "DateTime", "Decimal", "String"})
_STRING_OPERATORS = ("contains", "startsWith", "endsWith")
_BOOLEAN = TypeRef("Boolean", "scalar")
_STRING = TypeRef("String", "scalar")
_JSON = TypeRef("Json", "scalar")


def type_name(typ: str, is_enum: bool) -> str:
    """How Prisma spells a type inside filter and update-operation names."""
    if is_enum:
        return f"Enum{typ}"
    return "Bool" if typ == "Boolean" else typ


def field_filter(b: InputBuilder, f: ir.Field, *, aggregates: bool) -> TypeRef:
    """The filter object of one scalar or enum field (not a list)."""
    native = f.native_type.name if f.native_type is not None else None
    return scalar_filter(
        b, f.type, is_enum=f.kind == "enum", native=native, nullable=not f.is_required, aggregates=aggregates
    )


def scalar_filter(
    b: InputBuilder,
    typ: str,
    *,
    is_enum: bool,
    native: str | None = None,
    nullable: bool,
    nested: bool = False,
    aggregates: bool = False,
) -> TypeRef:
    base = b.connector.native_filter_types.get(native, "") if native is not None else ""
    filter_type = base or type_name(typ, is_enum)
    name = (
        f"{'Nested' if nested else ''}{filter_type}{'Nullable' if nullable else ''}"
        f"{'WithAggregates' if aggregates else ''}Filter"
    )

    def fields() -> list[InputField]:
        value = b.type_named(typ, is_enum=is_enum)
        found: list[InputField]
        if typ == "Json":
            found = _json_operators(b, nullable)
        else:
            found = [_equals(b, value, nullable)]
            if typ != "Boolean":
                found.extend(_inclusion(b, value, nullable))
            if typ in _COMPARABLE and not is_enum:
                found.extend(_comparison(b, value))
            if typ == "String" and not is_enum:
                if not base:  # a native type with a filter of its own (PostgreSQL's Uuid) has no text operators
                    found.extend(field(op, *b.registry.with_field_ref(value)) for op in _STRING_OPERATORS)
                if b.can_full_text_search:
                    found.append(field("search", value))
                if not nested and b.connector.supports_insensitive_filters:
                    found.append(field("mode", enums.query_mode(b.registry)))
        found.append(_not(b, typ, is_enum, native, value, nullable, aggregates))
        if aggregates:
            found.extend(_aggregates(b, typ, is_enum, nullable))
        return found

    return b.registry.declare(name, fields)


def _equals(b: InputBuilder, value: TypeRef, nullable: bool) -> InputField:
    return field("equals", *b.registry.with_field_ref(value), nullable=nullable)


def _inclusion(b: InputBuilder, value: TypeRef, nullable: bool) -> list[InputField]:
    values = as_list(value)
    types = b.registry.with_field_ref(values) if b.connector.supports_scalar_lists else (values,)
    return [field("in", *types, nullable=nullable), field("notIn", *types, nullable=nullable)]


def _comparison(b: InputBuilder, value: TypeRef, *, field_refs: bool = True) -> list[InputField]:
    types = b.registry.with_field_ref(value) if field_refs else (value,)
    return [field(op, *types) for op in ("lt", "lte", "gt", "gte")]


def _json_operators(b: InputBuilder, nullable: bool) -> list[InputField]:
    registry = b.registry
    connector = b.connector
    if connector.advanced_json_nullability:
        found = [field("equals", *registry.with_field_ref(_JSON), enums.json_null_value_filter(registry))]
    else:
        found = [field("equals", *registry.with_field_ref(_JSON), nullable=nullable)]
    if connector.json_filter_path is None:
        return found
    path = _STRING if connector.json_filter_path == "string" else as_list(_STRING)
    strings = registry.with_field_ref(_STRING)
    jsons = registry.with_field_ref(_JSON)
    found += [
        field("path", path),
        field("mode", *registry.with_field_ref(enums.query_mode(registry))),
        field("string_contains", *strings),
        field("string_starts_with", *strings),
        field("string_ends_with", *strings),
        field("array_starts_with", *jsons, nullable=True),
        field("array_ends_with", *jsons, nullable=True),
    ]
    if connector.json_array_contains:
        found.append(field("array_contains", *jsons, nullable=True))
    if connector.json_comparison_filters is not None:
        found.extend(_comparison(b, _JSON, field_refs=connector.json_comparison_filters == "with_field_refs"))
    return found


def _not(
    b: InputBuilder,
    typ: str,
    is_enum: bool,
    native: str | None,
    value: TypeRef,
    nullable: bool,
    aggregates: bool,
) -> InputField:
    registry = b.registry
    if typ == "Json":
        if b.connector.advanced_json_nullability:
            return field("not", *registry.with_field_ref(value), enums.json_null_value_filter(registry))
        return field("not", *registry.with_field_ref(value), nullable=nullable)
    nested = scalar_filter(
        b, typ, is_enum=is_enum, native=native, nullable=nullable, nested=True, aggregates=aggregates
    )
    return field("not", value, nested, nullable=nullable)


def _aggregates(b: InputBuilder, typ: str, is_enum: bool, nullable: bool) -> list[InputField]:
    """`_count`, `_avg`, `_sum`, `_min`, `_max` of a `having` filter: each a nested filter of the
    aggregate's type (`_avg` of an integer is a Float)."""

    def nested(of: str, enum: bool = False) -> TypeRef:
        return scalar_filter(b, of, is_enum=enum, nullable=nullable, nested=True)

    found = [field("_count", nested("Int"))]
    if typ in NUMERIC_TYPES and not is_enum:
        found.append(field("_avg", nested("Decimal" if typ == "Decimal" else "Float")))
        found.append(field("_sum", nested(typ)))
    found.append(field("_min", nested(typ, is_enum)))
    found.append(field("_max", nested(typ, is_enum)))
    return found


def scalar_list_filter(b: InputBuilder, model: ir.Model, f: ir.Field) -> TypeRef:
    """`<Type>NullableListFilter` (a list field is never "required" in Prisma's sense)."""
    is_enum = f.kind == "enum"
    name = f"{type_name(f.type, is_enum)}NullableListFilter"

    def fields() -> list[InputField]:
        registry = b.registry
        item = b.type_named(f.type, is_enum=is_enum)
        items = as_list(item)
        return [
            field("equals", *registry.with_field_ref(items), nullable=True),
            field("has", *registry.with_field_ref(item), nullable=True),
            field("hasEvery", *registry.with_field_ref(items)),
            field("hasSome", *registry.with_field_ref(items)),
            field("isEmpty", _BOOLEAN),
        ]

    return b.registry.declare(name, fields, constraints=EXACTLY_ONE, meta={"grouping": model.name})
