"""SQLite: one file, no native types, no enums or lists, rowid primary keys."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, ClassVar

from prisma_dynamic.dialects.base import Dialect
from prisma_dynamic.dialects.queries import json_safe
from prisma_dynamic.engine.sql import Bind, Fragment

# json_type's names for the kinds Json filters check.
_JSON_TYPES = {"string": "= 'text'", "number": "IN ('integer', 'real')", "array": "= 'array'", "null": "= 'null'"}


class SqliteDialect(Dialect):
    integer_primary_key_autoincrements = True

    scalar_types: ClassVar[Mapping[str, str]] = {
        "String": "TEXT",
        "Boolean": "BOOLEAN",
        "Int": "INTEGER",
        "BigInt": "BIGINT",
        "Float": "REAL",
        "Decimal": "DECIMAL",
        "DateTime": "DATETIME",
        "Json": "JSONB",
        "Bytes": "BLOB",
    }

    # ---- queries -----------------------------------------------------------------------------
    def in_list(self, column: str, bind: Bind, type_name: str | None = None) -> Fragment:
        if type_name == "Bytes":
            # JSON has no binary values: the list carries hex text (`json_safe`), matched against the
            # column's hex (hex() of NULL is '', so NULL stays NULL explicitly).
            hexed = f"CASE WHEN {column} IS NULL THEN NULL ELSE hex({column}) END"
            return f"{hexed} IN (SELECT upper(value) FROM json_each(" + Fragment.bind(bind) + "))"
        return column + " IN (SELECT value FROM json_each(" + Fragment.bind(bind) + "))"

    # ---- Json filters: `->` gives minified JSON text, so equality at a path is textual too
    # (as Prisma's on SQLite); a path is a `$.a.b` string.
    def json_value(self, column: str, path: Fragment | None) -> Fragment:
        return Fragment(column) if path is None else f"({column} -> " + path + ")"

    def json_text(self, column: str, path: Fragment | None) -> Fragment:
        return Fragment(f"json_extract({column}, '$')") if path is None else f"json_extract({column}, " + path + ")"

    def json_type_is(self, value: Fragment, kind: str) -> Fragment:
        return "json_type(" + value + ") " + _JSON_TYPES[kind]

    def json_equals(self, value: Fragment, document: Fragment, whole: bool) -> Fragment:
        # The whole document compares as stored text, as Prisma's SQLite connector does.
        return value + " = " + (document if whole else "json(" + document + ")")

    def json_array_item(self, array: Fragment, last: bool) -> Fragment:
        return "(" + array + (" -> '$[#-1]')" if last else " -> '$[0]')")

    def insert_ignoring_duplicates(self, table: str, columns: str, values: str) -> str:
        return f"INSERT OR IGNORE INTO {table} ({columns}) VALUES {values}"

    def integer_divide(self, column: str, divisor: Fragment) -> Fragment:
        # A column of INTEGER affinity can still hold a REAL: truncate the quotient explicitly.
        return Fragment(f"CAST({column} / ") + divisor + " AS INTEGER)"

    def list_param(self, values: list[Any]) -> Any:
        return json.dumps([json_safe(v) for v in values])

    def limit_offset(self, limit: Fragment | None, offset: Fragment | None) -> Fragment:
        if limit is None and offset is not None:
            limit = Fragment("-1")  # SQLite needs a LIMIT before OFFSET
        return super().limit_offset(limit, offset)

    def datetime_to_db(self, value: datetime) -> Any:
        # Prisma's SQLite connector stores DateTime as milliseconds since the Unix epoch.
        aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return int(aware.timestamp() * 1000)

    def decimal_to_db(self, value: Decimal) -> Any:
        return str(value)

    def bool_to_db(self, value: bool) -> Any:
        return 1 if value else 0

    def datetime_from_db(self, value: Any) -> datetime:
        # Milliseconds as Prisma writes them, or text as SQLite's CURRENT_TIMESTAMP writes it (or
        # already a datetime: the driver converts DATETIME columns).
        if isinstance(value, datetime):
            return super().datetime_from_db(value)
        if isinstance(value, (int, float)):
            return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
        text = str(value)
        if text.lstrip("-").isdigit():
            return datetime.fromtimestamp(int(text) / 1000, tz=timezone.utc)
        return super().datetime_from_db(text)
