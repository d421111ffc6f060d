"""What the query compiler asks of a database: one object per database, asked by capability.

Quoting, placeholders, how a list parameter is matched, LIMIT/OFFSET spelling, RETURNING, and the
conversions between Python values and what the driver stores for each Prisma scalar type.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from prisma_dynamic.engine.sql import MARK, Bind, Fragment
from prisma_dynamic.engine.values import parse_datetime

if TYPE_CHECKING:
    from prisma_dynamic.engine.reads import Statement


class QueryDialect:
    name: ClassVar[str] = ""
    supports_returning: ClassVar[bool] = True
    supports_insensitive_mode: ClassVar[bool] = False  # `mode: "insensitive"` (PostgreSQL only)
    nulls_first_ascending: ClassVar[bool] = True  # where NULLs sort when the order is ascending
    supports_nulls_ordering: ClassVar[bool] = False  # `NULLS FIRST/LAST`
    identifier_quote: ClassVar[str] = '"'

    def quote(self, name: str) -> str:
        q = self.identifier_quote
        return f"{q}{name.replace(q, q + q)}{q}"

    def placeholder(self, position: int) -> str:
        return "?"

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
        from prisma_dynamic.engine.reads import Statement

        text, binds = self.render(fragment)
        return Statement(text, binds, self.placeholder(1))

    # -- clauses
    def in_list(self, column: str, bind: Bind) -> Fragment:
        """`column IN <a list bound as one parameter>`."""
        raise NotImplementedError

    def limit_offset(self, limit: Fragment | None, offset: Fragment | None) -> Fragment:
        result = Fragment()
        if limit is not None:
            result = result + " LIMIT " + limit
        if offset is not None:
            result = result + " OFFSET " + offset
        return result

    def like(self, column: str, pattern: Fragment, insensitive: bool) -> Fragment:
        return column + " LIKE " + pattern + " ESCAPE '\\'"

    def list_param(self, values: list[Any]) -> Any:
        return values

    # -- values, Python -> driver
    def list_to_db(self, type_name: str, values: list[Any] | None) -> Any:
        """A scalar list (only PostgreSQL has them): a native array."""
        if values is None:
            return None
        return [v if type_name == "Enum" else self.to_db(type_name, v) for v in values]

    def to_db(self, type_name: str, value: Any) -> Any:
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
            return value if isinstance(value, str) else json.dumps(value)
        return value

    def datetime_to_db(self, value: datetime) -> Any:
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def decimal_to_db(self, value: Decimal) -> Any:
        return value

    def bool_to_db(self, value: bool) -> Any:
        return value

    # -- values, driver -> Python
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
            return bytes(value)
        if type_name == "Json":
            return value if isinstance(value, str) else json.dumps(value)
        if type_name == "String" and not isinstance(value, str):
            return str(value)  # e.g. a @db.Uuid column read back as uuid.UUID
        return value

    def datetime_from_db(self, value: Any) -> datetime:
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return parse_datetime(str(value).replace(" ", "T"))


class SqliteQueryDialect(QueryDialect):
    name = "sqlite"
    nulls_first_ascending = True

    def in_list(self, column: str, bind: Bind) -> Fragment:
        return column + " IN (SELECT value FROM json_each(" + Fragment.bind(bind) + "))"

    def list_param(self, values: list[Any]) -> Any:
        return json.dumps([_json_safe(v) for v in values])

    def limit_offset(self, limit: Fragment | None, offset: Fragment | None) -> Fragment:
        if limit is None and offset is not None:
            limit = Fragment("-1")  # SQLite needs a LIMIT before OFFSET
        return super().limit_offset(limit, offset)

    def datetime_to_db(self, value: datetime) -> Any:
        # Prisma's SQLite connector stores DateTime as milliseconds since the Unix epoch.
        return (
            int(value.timestamp() * 1000)
            if value.tzinfo
            else int(value.replace(tzinfo=timezone.utc).timestamp() * 1000)
        )

    def decimal_to_db(self, value: Decimal) -> Any:
        return str(value)

    def bool_to_db(self, value: bool) -> Any:
        return 1 if value else 0

    def datetime_from_db(self, value: Any) -> datetime:
        if isinstance(value, (int, float)):
            return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
        text = str(value)
        if text.lstrip("-").isdigit():
            return datetime.fromtimestamp(int(text) / 1000, tz=timezone.utc)
        return super().datetime_from_db(text)


def _json_safe(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


class PostgresQueryDialect(QueryDialect):
    name = "postgresql"
    supports_insensitive_mode = True
    nulls_first_ascending = False
    supports_nulls_ordering = True

    def placeholder(self, position: int) -> str:
        return f"${position}"

    def in_list(self, column: str, bind: Bind) -> Fragment:
        return column + " = ANY(" + Fragment.bind(bind) + ")"

    def like(self, column: str, pattern: Fragment, insensitive: bool) -> Fragment:
        return column + (" ILIKE " if insensitive else " LIKE ") + pattern + " ESCAPE '\\'"


class MysqlQueryDialect(QueryDialect):
    name = "mysql"
    identifier_quote = "`"
    supports_returning = False

    def placeholder(self, position: int) -> str:
        return "%s"

    def in_list(self, column: str, bind: Bind) -> Fragment:
        # MariaDB has no way to match a list bound as one value: spread it over placeholders.
        return column + " IN (" + Fragment.bind(replace(bind, expand=True)) + ")"

    def like(self, column: str, pattern: Fragment, insensitive: bool) -> Fragment:
        return column + " LIKE " + pattern + " ESCAPE '\\\\'"  # a backslash, escaped for MySQL strings

    def limit_offset(self, limit: Fragment | None, offset: Fragment | None) -> Fragment:
        if limit is None and offset is not None:
            limit = Fragment("18446744073709551615")
        return super().limit_offset(limit, offset)

    def bool_to_db(self, value: bool) -> Any:
        return 1 if value else 0


DIALECTS: dict[str, QueryDialect] = {
    "sqlite": SqliteQueryDialect(),
    "postgresql": PostgresQueryDialect(),
    "mysql": MysqlQueryDialect(),
}
