"""`where=` arguments: filters checked against the model and written in the protocol's spelling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prisma_dynamic.protocol.problems import describe, fail, join, unknown_key
from prisma_dynamic.protocol.tables import FieldInfo, ModelTable, Tables
from prisma_dynamic.protocol.values import encode_scalar
from prisma_dynamic.schema.query_schema.spelling import spelled

__all__ = ["WhereBuilder", "composite_value"]

# Python spelling -> protocol spelling, per filter family (the spellings: `query_schema.spelling`).
_COMMON = spelled("equals", "in", "notIn", "lt", "lte", "gt", "gte")
_STRING = {**_COMMON, **spelled("contains", "startsWith", "endsWith")}
_EQUALITY = spelled("equals", "in", "notIn")
_JSON = spelled(
    "equals",
    "path",
    "string_contains",
    "string_starts_with",
    "string_ends_with",
    "array_contains",
    "array_starts_with",
    "array_ends_with",
)
_SCALAR_LIST = spelled("equals", "has", "hasEvery", "hasSome", "isEmpty")
_TO_ONE = spelled("is", "isNot")
_TO_MANY = spelled("some", "every", "none")
_COMPOSITE = spelled("equals", "is", "isNot", "isSet")
_COMPOSITE_LIST = spelled("equals", "every", "some", "none", "isEmpty", "isSet")
_LOGICAL = ("AND", "OR", "NOT")


def _scalar_operators(field: FieldInfo, tables: Tables) -> dict[str, str]:
    if field.kind == "enum" or field.type == "Bytes":
        operators = dict(_EQUALITY)
    elif field.type == "Boolean":
        operators = {"equals": "equals"}
    elif field.type == "Json":
        operators = dict(_JSON) if tables.connector.json_filter_path is not None else {"equals": "equals"}
    elif field.type == "String":
        operators = dict(_STRING)
        if tables.connector.supports_insensitive_filters:
            operators["mode"] = "mode"
        if tables.full_text_search:
            operators["search"] = "search"
    else:
        operators = dict(_COMMON)
    operators["not"] = "not"
    return operators


class WhereBuilder:
    """Checks and translates filters for one schema."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self._operators: dict[tuple[str, str], dict[str, str]] = {}

    def where(self, table: ModelTable, where: Any, path: str) -> dict[str, Any]:
        if not isinstance(where, dict):
            fail(path, f"expected a dict of filters on {table.name}, got {describe(where)}")
        out: dict[str, Any] = {}
        for key, value in where.items():
            at = join(path, key)
            if key in _LOGICAL:
                out[key] = self._logical(table, value, at)
                continue
            field = table.fields.get(key)
            if field is None:
                unknown_key(at, key, f"field of {table.name}", [*table.fields, *_LOGICAL])
            if field.is_relation:
                out[key] = self._relation(field, value, at)
            elif field.kind == "composite":
                out[key] = self._composite(field, value, at)
            elif field.is_list:
                out[key] = self._scalar_list(field, value, at)
            else:
                out[key] = self.scalar(field, value, at)
        return out

    def _logical(self, table: ModelTable, value: Any, path: str) -> Any:
        if isinstance(value, (list, tuple)):
            return [self.where(table, item, join(path, i)) for i, item in enumerate(value)]
        return self.where(table, value, path)

    def scalar(self, field: FieldInfo, value: Any, path: str) -> Any:
        """A filter on one scalar field: a value (equality) or a dict of operators."""
        if isinstance(value, dict):
            return self._scalar_filter(field, value, path)
        return encode_scalar(field, value, path, nullable=not field.is_required)

    def _scalar_filter(self, field: FieldInfo, value: Mapping[str, Any], path: str) -> dict[str, Any]:
        key = (field.kind, field.type)
        operators = self._operators.get(key)
        if operators is None:
            operators = self._operators[key] = _scalar_operators(field, self.tables)
        nullable = not field.is_required
        out: dict[str, Any] = {}
        for name, operand in value.items():
            at = join(path, name)
            wire = operators.get(name)
            if wire is None:
                unknown_key(at, name, f"filter for {field.type} field {field.name!r}", operators)
            if name == "not":
                out[wire] = (
                    self._scalar_filter(field, operand, at)
                    if isinstance(operand, dict)
                    else encode_scalar(field, operand, at, nullable=nullable)
                )
            elif name in ("in", "not_in"):
                out[wire] = self._values(field, operand, at)
            elif name == "mode":
                if operand not in ("default", "insensitive"):
                    fail(at, f"expected 'default' or 'insensitive', got {operand!r}")
                out[wire] = operand
            elif name in ("contains", "startswith", "endswith", "search") or name.startswith("string_"):
                if not isinstance(operand, str):
                    fail(at, f"expected a string, got {describe(operand)}")
                out[wire] = operand
            elif name == "path":
                if not isinstance(operand, (str, list)):
                    fail(at, f"expected a JSON path (a list of keys or a string), got {describe(operand)}")
                out[wire] = operand
            else:
                out[wire] = encode_scalar(field, operand, at, nullable=nullable and name == "equals")
        return out

    def _values(self, field: FieldInfo, values: Any, path: str) -> list[Any]:
        if not isinstance(values, (list, tuple, set, frozenset)):
            fail(path, f"expected a list of {field.type} values, got {describe(values)}")
        return [encode_scalar(field, v, join(path, i), nullable=False) for i, v in enumerate(values)]

    def _scalar_list(self, field: FieldInfo, value: Any, path: str) -> Any:
        if isinstance(value, (list, tuple)):
            return self._values(field, value, path)
        if not isinstance(value, dict):
            fail(path, f"expected a list filter for {field.type}[] field {field.name!r}, got {describe(value)}")
        out: dict[str, Any] = {}
        for name, operand in value.items():
            at = join(path, name)
            wire = _SCALAR_LIST.get(name)
            if wire is None:
                unknown_key(at, name, f"filter for {field.type}[] field {field.name!r}", _SCALAR_LIST)
            if name == "has":
                out[wire] = encode_scalar(field, operand, at, nullable=False)
            elif name == "is_empty":
                if not isinstance(operand, bool):
                    fail(at, f"expected a bool, got {describe(operand)}")
                out[wire] = operand
            else:
                out[wire] = self._values(field, operand, at)
        return out

    def _relation(self, field: FieldInfo, value: Any, path: str) -> Any:
        target = self.tables[field.type]
        if field.is_list:
            if not isinstance(value, dict):
                fail(path, f"expected some/every/none for list relation {field.name!r}, got {describe(value)}")
            out: dict[str, Any] = {}
            for name, operand in value.items():
                at = join(path, name)
                wire = _TO_MANY.get(name)
                if wire is None:
                    unknown_key(at, name, f"filter for list relation {field.name!r}", _TO_MANY)
                out[wire] = self.where(target, operand, at)
            return out
        if value is None:
            if field.is_required:
                fail(path, f"relation {field.name!r} is required; it cannot be compared with None")
            return None
        if isinstance(value, dict) and value and set(value) <= set(_TO_ONE):
            return {
                _TO_ONE[name]: None if operand is None else self.where(target, operand, join(path, name))
                for name, operand in value.items()
            }
        return self.where(target, value, path)

    def _composite(self, field: FieldInfo, value: Any, path: str) -> Any:
        target = self.tables[field.type]
        operators = _COMPOSITE_LIST if field.is_list else _COMPOSITE
        if not isinstance(value, dict):
            fail(path, f"expected a filter for composite field {field.name!r}, got {describe(value)}")
        out: dict[str, Any] = {}
        for name, operand in value.items():
            at = join(path, name)
            wire = operators.get(name)
            if wire is None:
                unknown_key(at, name, f"filter for composite field {field.name!r}", operators)
            if name in ("is_set", "is_empty"):
                if not isinstance(operand, bool):
                    fail(at, f"expected a bool, got {describe(operand)}")
                out[wire] = operand
            elif name == "equals":
                out[wire] = composite_value(self.tables, target, operand, at)
            else:
                out[wire] = self.where(target, operand, at)
        return out

    def unique_where(self, table: ModelTable, where: Any, path: str) -> dict[str, Any]:
        """A where that identifies one record: one unique field or compound unique given exactly,
        optionally with more filters."""
        if not isinstance(where, dict):
            fail(
                path,
                f"expected a unique filter on {table.name} ({table.unique_criteria_text()}), got {describe(where)}",
            )
        out: dict[str, Any] = {}
        found = False
        for key, value in where.items():
            at = join(path, key)
            fields = table.compound_uniques.get(key)
            if fields is not None:
                out[key] = self._compound(table, key, fields, value, at)
                found = True
            elif key in table.unique_fields and not isinstance(value, dict):
                out[key] = encode_scalar(table.fields[key], value, at, nullable=False)
                found = True
            elif key in _LOGICAL or key in table.fields:
                out.update(self.where(table, {key: value}, path))
            else:
                unknown_key(at, key, f"field of {table.name}", [*table.fields, *table.compound_uniques, *_LOGICAL])
        if not found:
            fail(path, f"expected at least one unique criterion of {table.name}: {table.unique_criteria_text()}")
        return out

    def _compound(self, table: ModelTable, name: str, fields: tuple[str, ...], value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            fail(path, f"expected {{{', '.join(map(repr, fields))}: ...}} for compound unique {name!r}")
        missing = [f for f in fields if f not in value]
        if missing:
            fail(join(path, missing[0]), f"compound unique {name!r} needs every one of {', '.join(fields)}")
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key not in fields:
                unknown_key(join(path, key), key, f"field of compound unique {name!r}", fields)
            out[key] = encode_scalar(table.fields[key], item, join(path, key), nullable=False)
        return out


def composite_value(tables: Tables, table: ModelTable, value: Any, path: str) -> Any:
    """A whole composite value (for equality and for writes)."""
    if isinstance(value, (list, tuple)):
        return [composite_value(tables, table, v, join(path, i)) for i, v in enumerate(value)]
    if not isinstance(value, dict):
        fail(path, f"expected a {table.name} value (a dict), got {describe(value)}")
    out: dict[str, Any] = {}
    for key, item in value.items():
        at = join(path, key)
        field = table.fields.get(key)
        if field is None:
            unknown_key(at, key, f"field of {table.name}", table.fields)
        if field.kind == "composite":
            out[key] = None if item is None else composite_value(tables, tables[field.type], item, at)
        elif field.is_list:
            if not isinstance(item, (list, tuple)):
                fail(at, f"expected a list for {field.type}[] field {key!r}, got {describe(item)}")
            out[key] = [encode_scalar(field, v, join(at, i), nullable=False) for i, v in enumerate(item)]
        else:
            out[key] = encode_scalar(field, item, at, nullable=not field.is_required)
    for name in table.required_create:
        if name not in value:
            fail(join(path, name), f"missing required field {name!r} of {table.name}")
    return out
