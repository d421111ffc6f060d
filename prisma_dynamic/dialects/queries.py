"""What the query engine asks of a database, with the behaviour most databases share.

`Dialect` (base.py) inherits this; each database's module overrides what differs: placeholders,
how a list parameter is matched, LIMIT/OFFSET, LIKE escaping, and how Prisma's scalar types are
stored (e.g. SQLite keeps DateTime as milliseconds since the epoch).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal
from functools import partial
from typing import Any, ClassVar

from prisma_dynamic.engine.sql import MARK, Bind, Fragment, Statement
from prisma_dynamic.engine.values import parse_datetime
from prisma_dynamic.schema.connectors import Connector

# Prisma's Json null sentinels in writes: JsonNull stores a JSON `null`, DbNull an SQL NULL.
_JSON_NULL_WRITES = {"JsonNull": "null", "DbNull": None}


class QueryFeatures:
    # What the database can do (RETURNING, `mode: insensitive`, ...) is its connector's, asked
    # as `dialect.connector.supports_returning`; only how SQL spells things is declared here.
    connector: Connector
    supports_nulls_ordering: ClassVar[bool] = False  # `NULLS FIRST/LAST` (else emulated)
    # Whether NULL sorts above every value by default (last ascending, first descending).
    nulls_sort_high: ClassVar[bool] = False

    def placeholder(self, position: int) -> str:
        return "?"

    def raw_sql(self, sql: str, parameter_count: int) -> str:
        """A raw query as Prisma takes it (`?` on SQLite and MySQL, `$1` on PostgreSQL) -> the driver's
        SQL. The same unless the driver spells placeholders otherwise."""
        return sql

    def render(self, fragment: Fragment) -> tuple[str, list[Bind]]:
        """Fragment -> SQL text with this database's placeholders, and what each one binds."""
        parts = fragment.text.split(MARK)
        if len(parts) == 1:
            return parts[0], []
        out = [parts[0]]
        for position, part in enumerate(parts[1:], start=1):
            out.append(self.placeholder(position))
            out.append(part)
        return "".join(out), fragment.binds

    def statement(self, fragment: Fragment) -> Statement:
        text, binds = self.render(fragment)
        return Statement(text, binds, self.placeholder(1))

    # -- clauses
    def in_list(self, column: str, bind: Bind, type_name: str | None = None) -> Fragment:
        """`column IN <a list bound as one parameter>`; `type_name`: the Prisma type of the items."""
        raise NotImplementedError

    def limit_offset(self, limit: Fragment | None, offset: Fragment | None) -> Fragment:
        result = Fragment()
        if limit is not None:
            result = result + " LIMIT " + limit
        if offset is not None:
            result = result + " OFFSET " + offset
        return result

    def insert_default_values(self, table: str) -> str:
        """An INSERT of a row with nothing but defaults."""
        return f"INSERT INTO {table} DEFAULT VALUES"

    def insert_ignoring_duplicates(self, table: str, columns: str, values: str) -> str:
        """An INSERT of `values` (`(?, ?), (?, ?)`) that skips each row that would break a unique constraint."""
        return f"INSERT INTO {table} ({columns}) VALUES {values} ON CONFLICT DO NOTHING"

    def integer_divide(self, column: str, divisor: Fragment) -> Fragment:
        """`divide` on an Int/BigInt column: the database's integer division truncates."""
        return Fragment(f"{column} / ") + divisor

    def like(self, column: str | Fragment, pattern: Fragment, insensitive: bool) -> Fragment:
        return column + " LIKE " + pattern + " ESCAPE '\\'"

    def list_param(self, values: list[Any]) -> Any:
        return values

    def concat(self, parts: list[Fragment]) -> Fragment:
        """Text concatenation (a field reference inside a LIKE pattern)."""
        return Fragment.join(" || ", parts).wrap()

    # -- Json filters: what a value at a path is, and how it compares (engine/operators.py).
    # `path` is the bound path (a list of keys or a `$.a.b` string, as the connector says) or
    # None for the whole document.
    def json_column(self, column: str, native_type: str | None) -> str:
        """A Json column as the Json filters read it (its native type may need a cast)."""
        return column

    def json_value(self, column: str, path: Fragment | None) -> Fragment:
        """The JSON value at `path`, comparable with `json_equals`."""
        raise NotImplementedError(f"{type(self).__name__} has no Json filters")

    def json_text(self, column: str, path: Fragment | None) -> Fragment:
        """The string at `path` as SQL text (without JSON quotes)."""
        raise NotImplementedError(f"{type(self).__name__} has no Json filters")

    def json_type_is(self, value: Fragment, kind: str) -> Fragment:
        """`value` (from `json_value`) is a JSON `string`, `number`, `array` or `null`."""
        raise NotImplementedError(f"{type(self).__name__} has no Json filters")

    def json_equals(self, value: Fragment, document: Fragment, whole: bool) -> Fragment:
        """`value` equals the bound JSON text `document`; `whole`: `value` is the column itself."""
        raise NotImplementedError(f"{type(self).__name__} has no Json filters")

    def json_compare(self, value: Fragment, op: str, document: Fragment) -> Fragment:
        """`value <op> document` for a JSON number or string of the same type (`lt`, `gt`, ...)."""
        raise NotImplementedError(f"{type(self).__name__} has no Json comparisons")

    def json_array_contains(self, array: Fragment, document: Fragment) -> Fragment:
        raise NotImplementedError(f"{type(self).__name__} has no Json array_contains")

    def json_array_item(self, array: Fragment, last: bool) -> Fragment:
        """The first (or last) element of a JSON array."""
        raise NotImplementedError(f"{type(self).__name__} has no Json filters")

    # -- scalar-list filters (`has`, `hasEvery`, `hasSome`, `isEmpty`), where lists exist
    def array_has(self, array: str, element: Fragment) -> Fragment:
        """`element` is one of the items of the list `array`."""
        raise NotImplementedError(f"{type(self).__name__} has no scalar lists")

    def array_contains_all(self, column: str, items: Fragment) -> Fragment:
        raise NotImplementedError(f"{type(self).__name__} has no scalar lists")

    def array_overlaps(self, column: str, items: Fragment) -> Fragment:
        raise NotImplementedError(f"{type(self).__name__} has no scalar lists")

    def array_is_empty(self, column: str) -> str:
        """True for an empty list, false for a non-empty one, NULL for a NULL list (as Prisma)."""
        raise NotImplementedError(f"{type(self).__name__} has no scalar lists")

    # -- full-text search (`search` filters and `_relevance` order; engine/full_text.py)
    def full_text_match(self, columns: list[str], query: Fragment) -> Fragment:
        raise NotImplementedError(f"{type(self).__name__} has no full-text search")

    def full_text_relevance(self, columns: list[str], query: Fragment) -> Fragment:
        raise NotImplementedError(f"{type(self).__name__} has no full-text search")

    # -- values, Python -> driver
    def list_to_db(self, type_name: str, values: list[Any] | None) -> Any:
        """A scalar list (only PostgreSQL has them): a native array."""
        if values is None:
            return None
        return [v if type_name == "Enum" else self.to_db(type_name, v) for v in values]

    def value_writer(self, type_name: str, is_list: bool = False) -> Callable[[Any], Any] | None:
        """A column's Python value -> the driver's (`to_db`, `list_to_db` for a scalar list), or
        None where every value is written as it is (a String, Bytes, an enum's name): made once
        per column (`ModelInfo.writers`); a multi-row INSERT maps each column through it."""
        if is_list:
            return partial(self.list_to_db, type_name)
        return partial(self.to_db, type_name) if type_name in _CONVERTED_TO_DB else None

    def to_db(self, type_name: str, value: Any) -> Any:
        """A value of `type_name` as the driver takes it; a type outside `_CONVERTED_TO_DB` as it is."""
        if value is None:
            return None
        if type_name == "DateTime":
            return self.datetime_to_db(parse_datetime(value) if not isinstance(value, datetime) else value)
        if type_name == "Decimal":
            return self.decimal_to_db(Decimal(str(value)))
        if type_name == "Boolean":
            return self.bool_to_db(bool(value))
        if type_name == "Float":
            return float(value)
        if type_name in ("Int", "BigInt"):
            return int(value)
        if type_name == "Json":
            if isinstance(value, str) and value in _JSON_NULL_WRITES:
                # A sentinel's name (untagged from `{"$type": "Enum"}`) is never JSON text itself.
                return _JSON_NULL_WRITES[value]
            # Minified, as Prisma writes Json (and as the client sends it), so text comparisons agree.
            return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
        return value

    def datetime_to_db(self, value: datetime) -> Any:
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def decimal_to_db(self, value: Decimal) -> Any:
        return value

    def bool_to_db(self, value: bool) -> Any:
        return value

    # -- values, driver -> Python
    def value_reader(self, type_name: str) -> Callable[[Any], Any]:
        """`from_db` for one type, for values that are not NULL: a C builtin where `from_db` is one
        call of it (a row reader calls this once per value, 2,000 times for 1000 rows of two such
        columns)."""
        builtin = _BUILTIN_READERS.get(type_name)
        return builtin if builtin is not None else partial(self.from_db, type_name)

    def from_db(self, type_name: str, value: Any) -> Any:
        if value is None:
            return None
        if type_name == "DateTime":
            return self.datetime_from_db(value)
        if type_name == "Boolean":
            return bool(value)
        if type_name == "Decimal":
            return value if isinstance(value, Decimal) else Decimal(str(value))
        if type_name == "Float":
            return float(value)
        if type_name == "Bytes":
            # text in a binary column: SQLite keeps a `DEFAULT ''` (as Prisma writes it) as text
            return value.encode() if isinstance(value, str) else bytes(value)
        if type_name == "Json":
            # Minified, as Prisma writes Json (and as the client sends it), so text comparisons agree.
            return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
        if type_name == "String" and not isinstance(value, str):
            return str(value)  # e.g. a @db.Uuid column read back as uuid.UUID
        return value

    def datetime_from_db(self, value: Any) -> datetime:
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return parse_datetime(str(value).replace(" ", "T"))


# What `from_db` does to a value of these types that is not NULL: `str` keeps a str as it is.
_BUILTIN_READERS: dict[str, Callable[[Any], Any]] = {"Boolean": bool, "Float": float, "String": str}
# The types `to_db` converts (each a branch of it); any other value is written as it is.
_CONVERTED_TO_DB = frozenset({"DateTime", "Decimal", "Boolean", "Float", "Int", "BigInt", "Json"})


def json_safe(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value
