"""Filter operators, by the query schema's names, each compiled by one handler.

A scalar field's filter object (`{"gt": 1, "not": {"in": [5]}}`) is compiled key by key: each key
is an operator of the query schema (`equals`, `in`, `notIn`, `lt`, ..., `contains`, `search`,
`string_contains`, `array_contains`, `has`, `hasEvery`, `hasSome`, `isEmpty`) with a handler
below, or a modifier that the handlers read (`mode`, and `path` for Json). Handlers decide the
shape of the condition; the SQL spelling is the dialect's (`prisma_dynamic/dialects/`).

Which operators a database offers is its connector's: `OperatorTables` holds one table per
filter family for one database, built from the connector's capabilities, so an operator the
database lacks has no handler and is refused by name before any SQL is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from prisma_dynamic.engine.catalog import ModelInfo
from prisma_dynamic.engine.full_text import SearchCompiler, search_condition
from prisma_dynamic.engine.sql import FALSE, TRUE, Bind, Fragment
from prisma_dynamic.schema.connectors import Connector

if TYPE_CHECKING:
    from prisma_dynamic.dialects import Dialect


class OperandCompiler(SearchCompiler, Protocol):
    """What the handlers use of the compiler that made their operand (`filters.FilterCompiler`):
    its binds and field references, and what the `search` handler uses (`SearchCompiler`).
    Declared here, not imported: filters.py imports this module, so it does not import it back."""

    def list_bind(self, param: Any, type_name: str, lower: bool = False) -> Bind: ...
    def array_bind(self, param: Any, type_name: str, single: bool = False) -> Fragment: ...
    def pattern_bind(self, param: Any, prefix: str, suffix: str, lower: bool = False) -> Fragment: ...
    def field_ref(
        self, o: Operand, value: Any, is_list: bool | None = None, type_name: str | None = None
    ) -> str | None: ...
    def operators(self, o: Operand, ops: dict[str, Any]) -> Fragment: ...


@dataclass(frozen=True, slots=True)
class Operand:
    """What the handlers of one filter object share: the column and how to compare with it."""

    compiler: OperandCompiler
    info: ModelInfo
    field: str
    alias: str
    column: str  # the qualified column: t0."title"
    type_name: str  # Prisma's scalar type, or "Enum"
    path: str  # the argument path of the filter object, for messages
    insensitive: bool = False  # `mode: insensitive`
    json_path: Fragment | None = None  # the bound `path` of a Json filter; None: the whole document


Handler = Callable[[Operand, Any], Fragment]


@dataclass(frozen=True, slots=True)
class OperatorTable:
    """The operators of one filter family on one database."""

    handlers: Mapping[str, Handler]
    modifiers: frozenset[str] = frozenset()  # keys read by the handlers, not conditions themselves

    def offers(self, name: str) -> bool:
        return name in self.handlers or name in self.modifiers


# ---- scalar operators ---------------------------------------------------------------------------


def _compare(o: Operand, op: str, value: Any) -> Fragment:
    ref = o.compiler.field_ref(o, value)
    left = f"LOWER({o.column})" if o.insensitive else o.column
    if ref is not None:
        return Fragment(f"{left} {op} " + (f"LOWER({ref})" if o.insensitive else ref))
    bind = o.compiler.value_bind(value, o.type_name)
    return left + f" {op} " + ("LOWER(" + bind + ")" if o.insensitive else bind)


def _equals(o: Operand, value: Any) -> Fragment:
    return Fragment(f"{o.column} IS NULL") if value is None else _compare(o, "=", value)


def _comparison(op: str) -> Handler:
    return lambda o, value: _compare(o, op, value)


def _in(negate: bool) -> Handler:
    def handler(o: Operand, values: Any) -> Fragment:
        if values is None or values == []:
            return TRUE if negate else FALSE  # Prisma: nothing is in an empty list
        dialect = o.compiler.dialect
        ref = o.compiler.field_ref(o, values, is_list=True)
        if ref is not None:  # a scalar-list field of the same row
            member = dialect.array_has(ref, Fragment(o.column))
            return "NOT " + member.wrap() if negate else member
        target = f"LOWER({o.column})" if o.insensitive else o.column
        bind = o.compiler.list_bind(values, o.type_name, lower=o.insensitive)
        condition = dialect.in_list(target, bind, o.type_name)
        return "NOT " + condition.wrap() if negate else condition

    return handler


def _not(o: Operand, value: Any) -> Fragment:
    if value is None:
        return Fragment(f"{o.column} IS NOT NULL")
    if isinstance(value, dict) and "$type" not in value:
        return "NOT " + o.compiler.operators(o, value).wrap()
    # Prisma's `not` keeps NULLs out, as SQL's <> does.
    return "NOT " + _compare(o, "=", value).wrap()


def _like(prefix: str, suffix: str) -> Handler:
    def handler(o: Operand, value: Any) -> Fragment:
        dialect = o.compiler.dialect
        ref = o.compiler.field_ref(o, value)
        if ref is not None:
            pattern = _around(dialect, Fragment(ref), prefix, suffix)
        else:
            pattern = o.compiler.pattern_bind(value, prefix, suffix)
        return dialect.like(o.column, pattern, o.insensitive)

    return handler


def _around(dialect: Dialect, text: Fragment, prefix: str, suffix: str) -> Fragment:
    """A LIKE pattern around another column's text (a field reference), unescaped as in Prisma."""
    wildcard = Fragment.bind(Bind("const", "%"))  # bound: MySQL's driver reads a literal % as a placeholder
    return dialect.concat([*([wildcard] if prefix else []), text, *([wildcard] if suffix else [])])


SCALAR_HANDLERS: Mapping[str, Handler] = {
    "equals": _equals,
    "in": _in(negate=False),
    "notIn": _in(negate=True),
    "lt": _comparison("<"),
    "lte": _comparison("<="),
    "gt": _comparison(">"),
    "gte": _comparison(">="),
    "not": _not,
}
TEXT_HANDLERS: Mapping[str, Handler] = {
    "contains": _like("%", "%"),
    "startsWith": _like("", "%"),
    "endsWith": _like("%", ""),
}


# ---- Json operators -----------------------------------------------------------------------------

_JSON_NULLS = ("DbNull", "JsonNull", "AnyNull")


def json_null(value: Any) -> str | None:
    """`DbNull`, `JsonNull` or `AnyNull` when `value` is one of Prisma's Json null sentinels."""
    if isinstance(value, dict) and value.get("$type") == "Enum" and value.get("value") in _JSON_NULLS:
        return str(value["value"])
    return None


def _json_value(o: Operand) -> Fragment:
    return o.compiler.dialect.json_value(o.column, o.json_path)


def _json_equals(o: Operand, value: Any) -> Fragment:
    dialect = o.compiler.dialect
    target = _json_value(o)
    sentinel = json_null(value)
    if value is None or sentinel == "DbNull":
        return target + " IS NULL"  # SQL NULL: no value, or nothing at the path
    if sentinel == "JsonNull":
        return dialect.json_type_is(target, "null")
    if sentinel == "AnyNull":
        return (target + " IS NULL OR " + dialect.json_type_is(target, "null")).wrap()
    ref = o.compiler.field_ref(o, value)
    document = Fragment(ref) if ref is not None else o.compiler.value_bind(value, "Json")
    return dialect.json_equals(target, document, whole=o.json_path is None)


def _json_not(o: Operand, value: Any) -> Fragment:
    if value is None or json_null(value) == "DbNull":
        return _json_value(o) + " IS NOT NULL"
    return "NOT " + _json_equals(o, value).wrap()


def _json_compare(op: str) -> Handler:
    def handler(o: Operand, value: Any) -> Fragment:
        document = o.compiler.value_bind(value, "Json")
        return o.compiler.dialect.json_compare(_json_value(o), op, document)

    return handler


def _json_string(prefix: str, suffix: str) -> Handler:
    """`string_contains` and friends: the value at the path is a string and matches the pattern."""

    def handler(o: Operand, value: Any) -> Fragment:
        dialect = o.compiler.dialect
        text = dialect.json_text(o.column, o.json_path)
        ref = o.compiler.field_ref(o, value, is_list=False, type_name="String")
        if ref is not None:  # a String field of the row
            pattern = _around(dialect, Fragment(ref), prefix, suffix)
        else:
            pattern = o.compiler.pattern_bind(value, prefix, suffix, lower=o.insensitive)
        if o.insensitive:
            text = "LOWER(" + text + ")"
            pattern = "LOWER(" + pattern + ")" if ref is not None else pattern
        return (dialect.like(text, pattern, False) + " AND " + _is(o, "string")).wrap()

    return handler


def _is(o: Operand, kind: str) -> Fragment:
    return o.compiler.dialect.json_type_is(_json_value(o), kind)


def _json_array_contains(o: Operand, value: Any) -> Fragment:
    contains = o.compiler.dialect.json_array_contains(_json_value(o), _json_document(o, value))
    return (contains + " AND " + _is(o, "array")).wrap()


def _json_array_edge(last: bool) -> Handler:
    def handler(o: Operand, value: Any) -> Fragment:
        dialect = o.compiler.dialect
        item = dialect.json_array_item(_json_value(o), last)
        equal = dialect.json_equals(item, _json_document(o, value), whole=False)
        return (equal + " AND " + _is(o, "array")).wrap()

    return handler


def _json_document(o: Operand, value: Any) -> Fragment:
    """A Json operand as bound JSON text (`None` is the JSON `null`), or another Json field of the row."""
    if value is None:
        return Fragment("'null'")
    ref = o.compiler.field_ref(o, value)
    return Fragment(ref) if ref is not None else o.compiler.value_bind(value, "Json")


JSON_HANDLERS: Mapping[str, Handler] = {"equals": _json_equals, "not": _json_not}
JSON_PATH_HANDLERS: Mapping[str, Handler] = {
    "string_contains": _json_string("%", "%"),
    "string_starts_with": _json_string("", "%"),
    "string_ends_with": _json_string("%", ""),
    "array_starts_with": _json_array_edge(last=False),
    "array_ends_with": _json_array_edge(last=True),
}
JSON_ARRAY_CONTAINS_HANDLERS: Mapping[str, Handler] = {"array_contains": _json_array_contains}
JSON_COMPARISON_HANDLERS: Mapping[str, Handler] = {
    "lt": _json_compare("<"),
    "lte": _json_compare("<="),
    "gt": _json_compare(">"),
    "gte": _json_compare(">="),
}


# ---- scalar-list operators ----------------------------------------------------------------------


def _list_has(o: Operand, value: Any) -> Fragment:
    if value is None:
        return FALSE  # a list never holds NULL as an element Prisma can match
    ref = o.compiler.field_ref(o, value, is_list=False)
    if ref is not None:  # a scalar field of the element type
        return o.compiler.dialect.array_has(o.column, Fragment(ref))
    return o.compiler.dialect.array_contains_all(o.column, o.compiler.array_bind(value, o.type_name, single=True))


def _list_items(o: Operand, values: Any) -> Fragment:
    """A list operand: bound values, or another list field of the row."""
    ref = o.compiler.field_ref(o, values)
    return Fragment(ref) if ref is not None else o.compiler.array_bind(values, o.type_name)


def _list_has_every(o: Operand, values: Any) -> Fragment:
    return o.compiler.dialect.array_contains_all(o.column, _list_items(o, values))


def _list_has_some(o: Operand, values: Any) -> Fragment:
    return o.compiler.dialect.array_overlaps(o.column, _list_items(o, values))


def _list_is_empty(o: Operand, value: Any) -> Fragment:
    # A NULL list is neither empty nor non-empty, as in Prisma.
    empty = o.compiler.dialect.array_is_empty(o.column)
    if isinstance(value, bool):
        return Fragment(empty if value else f"NOT ({empty})")
    return f"({empty}) = " + o.compiler.value_bind(value, "Boolean")


def _list_equals(o: Operand, values: Any) -> Fragment:
    if values is None:
        return Fragment(f"{o.column} IS NULL")
    return o.column + " = " + _list_items(o, values)


LIST_HANDLERS: Mapping[str, Handler] = {
    "equals": _list_equals,
    "has": _list_has,
    "hasEvery": _list_has_every,
    "hasSome": _list_has_some,
    "isEmpty": _list_is_empty,
}


# ---- the tables of one database -----------------------------------------------------------------


@dataclass(frozen=True)
class OperatorTables:
    """Every filter family's table for one database (connector + the schema's preview features)."""

    scalar: OperatorTable
    string: OperatorTable
    json: OperatorTable
    scalar_list: OperatorTable
    database: str  # the connector's display name, for refusals

    @classmethod
    def build(cls, connector: Connector, preview_features: tuple[str, ...]) -> OperatorTables:
        string = {**SCALAR_HANDLERS, **TEXT_HANDLERS}
        if connector.offers_full_text_search(preview_features):
            string["search"] = search_condition
        json = dict(JSON_HANDLERS)
        json_modifiers = {"mode"}
        if connector.json_filter_path is not None:
            json.update(JSON_PATH_HANDLERS)
            json_modifiers.add("path")
        if connector.json_array_contains:
            json.update(JSON_ARRAY_CONTAINS_HANDLERS)
        if connector.json_comparison_filters is not None:
            json.update(JSON_COMPARISON_HANDLERS)
        return cls(
            scalar=OperatorTable(SCALAR_HANDLERS),
            string=OperatorTable(
                string, frozenset({"mode"}) if connector.supports_insensitive_filters else frozenset()
            ),
            json=OperatorTable(json, frozenset(json_modifiers)),
            scalar_list=OperatorTable(LIST_HANDLERS if connector.supports_scalar_lists else {}),
            database=connector.display_name,
        )

    @property
    def offers_full_text(self) -> bool:
        return "search" in self.string.handlers

    def for_field(self, type_name: str, is_list: bool) -> OperatorTable:
        if is_list:
            return self.scalar_list
        if type_name == "Json":
            return self.json
        return self.string if type_name == "String" else self.scalar


# Every operator some database offers: one missing here is refused as "not available", not unknown.
KNOWN_OPERATORS = frozenset(
    {
        *SCALAR_HANDLERS,
        *TEXT_HANDLERS,
        "search",
        "mode",
        "path",
        *JSON_PATH_HANDLERS,
        *JSON_ARRAY_CONTAINS_HANDLERS,
        *LIST_HANDLERS,
    }
)
