"""`where=` arguments: filters checked against the model and written in the protocol's spelling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prisma_dynamic.fields import FieldRef, JsonNullSentinel
from prisma_dynamic.protocol.problems import describe, fail, join, unknown_key
from prisma_dynamic.protocol.tables import FieldInfo, ModelTable, Tables
from prisma_dynamic.protocol.values import encode_scalar, json_null
from prisma_dynamic.schema.connectors import Connector
from prisma_dynamic.schema.query_schema.spelling import spelled

__all__ = ["WhereBuilder", "composite_value"]

# Python spelling -> protocol spelling, per filter family (the spellings: `query_schema.spelling`).
# What a database offers beyond the common operators comes from its connector (`_scalar_operators`).
_COMMON = spelled("equals", "in", "notIn", "lt", "lte", "gt", "gte")
_STRING = {**_COMMON, **spelled("contains", "startsWith", "endsWith")}
_EQUALITY = spelled("equals", "in", "notIn")
_JSON_PATH = spelled(
    "path",
    "mode",
    "string_contains",
    "string_starts_with",
    "string_ends_with",
    "array_starts_with",
    "array_ends_with",
)
_JSON_COMPARISONS = spelled("lt", "lte", "gt", "gte")
_SCALAR_LIST = spelled("equals", "has", "hasEvery", "hasSome", "isEmpty")
_TO_ONE = spelled("is", "isNot")
_TO_MANY = spelled("some", "every", "none")
_COMPOSITE = spelled("equals", "is", "isNot", "isSet")
_COMPOSITE_LIST = spelled("equals", "every", "some", "none", "isEmpty", "isSet")
_LOGICAL = ("AND", "OR", "NOT")
# Operators that take another field of the row (a `FieldRef`) as well as a value: of the same type,
# or for Json string filters a String field.
_TAKES_FIELD_REF = frozenset(
    {
        "equals",
        "lt",
        "lte",
        "gt",
        "gte",
        "contains",
        "startswith",
        "endswith",
        "not",
        "array_contains",
        "array_starts_with",
        "array_ends_with",
    }
)
_JSON_TEXT = frozenset({"string_contains", "string_starts_with", "string_ends_with"})
# Operators whose operand is plain text.
_TEXT = frozenset(
    {"contains", "startswith", "endswith", "search", "string_contains", "string_starts_with", "string_ends_with"}
)
_JSON_DOCUMENTS = frozenset({"equals", "not", "array_contains", "array_starts_with", "array_ends_with"})


def _scalar_operators(field: FieldInfo, tables: Tables) -> dict[str, str]:
    if field.kind == "enum" or field.type == "Bytes":
        operators = dict(_EQUALITY)
    elif field.type == "Boolean":
        operators = {"equals": "equals"}
    elif field.type == "Json":
        operators = {"equals": "equals"}
        if tables.connector.json_filter_path is not None:
            operators.update(_JSON_PATH)
        if tables.connector.json_array_contains:
            operators["array_contains"] = "array_contains"
        if tables.connector.json_comparison_filters is not None:
            operators.update(_JSON_COMPARISONS)
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


def _not_offered(name: str, field: FieldInfo, connector: Connector) -> str | None:
    """Why a known operator is missing on this database, or None when it is unknown everywhere."""
    database = connector.display_name
    if name == "search" and field.type == "String":
        if connector.full_text_search_preview is not None and connector.full_text_search is not None:
            return f"'search' on {database} needs the preview feature {connector.full_text_search_preview!r}"
        return f"'search' (full-text search) is not available on {database}: PostgreSQL and MySQL have it"
    if name == "mode" and field.type == "String":
        return f"'mode' (case-insensitive filters) is not available on {database}: PostgreSQL has it"
    if field.type == "Json" and (name in _JSON_PATH or name in _JSON_COMPARISONS or name == "array_contains"):
        return f"the Json filter {name!r} is not available on {database}"
    return None


class WhereBuilder:
    """Checks and translates filters for one schema."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.connector = tables.connector
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
                out[key] = self._scalar_list(field, value, at, table)
            else:
                out[key] = self.scalar(field, value, at, table)
        return out

    def _logical(self, table: ModelTable, value: Any, path: str) -> Any:
        if isinstance(value, (list, tuple)):
            return [self.where(table, item, join(path, i)) for i, item in enumerate(value)]
        return self.where(table, value, path)

    def scalar(self, field: FieldInfo, value: Any, path: str, table: ModelTable | None = None) -> Any:
        """A filter on one scalar field: a value (equality) or a dict of operators."""
        if isinstance(value, dict):
            return self._scalar_filter(field, value, path, table)
        return self._operand(field, "equals", value, path, table)

    def _scalar_filter(
        self, field: FieldInfo, value: Mapping[str, Any], path: str, table: ModelTable | None
    ) -> dict[str, Any]:
        key = (field.kind, field.type)
        operators = self._operators.get(key)
        if operators is None:
            operators = self._operators[key] = _scalar_operators(field, self.tables)
        out: dict[str, Any] = {}
        for name, operand in value.items():
            at = join(path, name)
            wire = operators.get(name)
            if wire is None:
                reason = _not_offered(name, field, self.connector)
                if reason is not None:
                    fail(at, reason)
                unknown_key(at, name, f"filter for {field.type} field {field.name!r}", operators)
            if name == "not" and isinstance(operand, dict) and field.type != "Json":
                out[wire] = self._scalar_filter(field, operand, at, table)
            elif name in ("in", "not_in") and isinstance(operand, FieldRef):
                # A scalar list of the same type, where lists exist (`ListIntFieldRefInput`).
                if table is None or not self.connector.supports_scalar_lists:
                    fail(at, f"{name!r} takes a list of values on {self.connector.display_name}, not a field reference")
                out[wire] = self._field_ref(field, operand, table, at, is_list=True)
            elif name in ("in", "not_in"):
                out[wire] = self._values(field, operand, at)
            elif name == "mode":
                if operand not in ("default", "insensitive"):
                    fail(at, f"expected 'default' or 'insensitive', got {operand!r}")
                out[wire] = operand
            elif name == "path":
                out[wire] = self._json_path(operand, at)
            else:
                out[wire] = self._operand(field, name, operand, at, table)
        return out

    def _operand(self, field: FieldInfo, name: str, operand: Any, path: str, table: ModelTable | None) -> Any:
        """The operand of one operator: a value of the field's type, another field, or a Json null."""
        if isinstance(operand, FieldRef):
            if table is not None and field.type == "Json" and name in _JSON_TEXT:
                return self._field_ref(field, operand, table, path, type_name="String")
            if name not in _TAKES_FIELD_REF or table is None:
                fail(path, f"{name!r} does not take a field reference")
            return self._field_ref(field, operand, table, path)
        if isinstance(operand, JsonNullSentinel):
            if name not in ("equals", "not"):
                fail(path, f"{operand.name} is compared with 'equals' or 'not', not {name!r}")
            return json_null(field, operand, path, nullable=True, in_filter=True)
        if name in _TEXT:
            if not isinstance(operand, str):
                fail(path, f"expected a string, got {describe(operand)}")
            return operand
        if field.type == "Json" and name in _JSON_DOCUMENTS:
            # Any JSON value; None is a JSON null inside an array, SQL NULL for equals/not.
            return None if operand is None else encode_scalar(field, operand, path, nullable=False)
        nullable = not field.is_required and name in ("equals", "not")
        return encode_scalar(field, operand, path, nullable=nullable)

    def _field_ref(
        self,
        field: FieldInfo,
        ref: FieldRef,
        table: ModelTable,
        path: str,
        *,
        is_list: bool | None = None,
        type_name: str | None = None,
    ) -> dict[str, Any]:
        """A reference to a field of the same model and type; `is_list` and `type_name`: what it
        must be when not as the filtered field (`in` takes a list field, `has` a scalar one, a Json
        `string_contains` a String field)."""
        if ref.model != table.name:
            fail(path, f"FieldRef({ref.model!r}, {ref.field!r}) must name a field of {table.name}, the filtered model")
        other = table.fields.get(ref.field)
        if other is None or not other.is_scalar_like:
            unknown_key(path, ref.field, f"field of {table.name} to reference", table.scalar_names)
        want_list = field.is_list if is_list is None else is_list
        want_type = field.type if type_name is None else type_name
        want_kind = field.kind if type_name is None else "scalar"
        if (other.kind, other.type, other.is_list) != (want_kind, want_type, want_list):
            wanted = f"{want_type}[]" if want_list else want_type
            fail(
                path,
                f"FieldRef({ref.model!r}, {ref.field!r}) is a {other.type}{'[]' if other.is_list else ''} field; "
                f"a field of the same type is needed here ({wanted})",
            )
        return {"$type": "FieldRef", "value": {"_ref": ref.field, "_container": table.name}}

    def _json_path(self, path_value: Any, path: str) -> Any:
        """A list of keys on PostgreSQL, a `$.a.b` string on MySQL and SQLite (the connector's choice)."""
        database = self.connector.display_name
        if self.connector.json_filter_path == "array":
            if not isinstance(path_value, (list, tuple)) or not all(isinstance(k, str) for k in path_value):
                fail(path, f"expected a list of keys (e.g. ['a', 'b']) on {database}, got {describe(path_value)}")
            return list(path_value)
        if not isinstance(path_value, str):
            fail(path, f"expected a JSON path string (e.g. '$.a.b') on {database}, got {describe(path_value)}")
        return path_value

    def _values(self, field: FieldInfo, values: Any, path: str) -> list[Any]:
        if not isinstance(values, (list, tuple, set, frozenset)):
            fail(path, f"expected a list of {field.type} values, got {describe(values)}")
        return [encode_scalar(field, v, join(path, i), nullable=False) for i, v in enumerate(values)]

    def _scalar_list(self, field: FieldInfo, value: Any, path: str, table: ModelTable | None = None) -> Any:
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
            if isinstance(operand, FieldRef) and table is not None and name != "is_empty":
                # `has` takes a scalar field of the element type; the others a list field.
                out[wire] = self._field_ref(field, operand, table, at, is_list=name != "has")
            elif name == "has":
                out[wire] = encode_scalar(field, operand, at, nullable=True)
            elif name == "is_empty":
                if not isinstance(operand, bool):
                    fail(at, f"expected a bool, got {describe(operand)}")
                out[wire] = operand
            elif name == "equals" and operand is None:  # Prisma's list filters are nullable: IS NULL
                out[wire] = None
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
            return {"is": None}  # Prisma reads `{"profile": None}` as `is: null`
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
