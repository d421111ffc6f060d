"""MySQL and MariaDB: backtick quoting, ENUM columns, DATETIME(3), no RETURNING, no lists."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, ClassVar

from prisma_dynamic.dialects.base import Dialect
from prisma_dynamic.engine.sql import Bind, Fragment
from prisma_dynamic.schema import ir


class MysqlDialect(Dialect):
    identifier_quote = "`"

    scalar_types: ClassVar[Mapping[str, str]] = {
        # 191 characters of utf8mb4 fit the 767-byte index key limit of older InnoDB.
        "String": "VARCHAR(191)",
        "Boolean": "BOOLEAN",
        "Int": "INTEGER",
        "BigInt": "BIGINT",
        "Float": "DOUBLE",
        "Decimal": "DECIMAL(65,30)",
        "DateTime": "DATETIME(3)",
        "Json": "JSON",
        "Bytes": "LONGBLOB",
    }
    native_types: ClassVar[Mapping[str, str]] = {
        "VarChar": "VARCHAR",
        "Text": "TEXT",
        "Char": "CHAR",
        "TinyText": "TINYTEXT",
        "MediumText": "MEDIUMTEXT",
        "LongText": "LONGTEXT",
        "Bit": "BIT",
        "Int": "INTEGER",
        "UnsignedInt": "INTEGER UNSIGNED",
        "SmallInt": "SMALLINT",
        "UnsignedSmallInt": "SMALLINT UNSIGNED",
        "MediumInt": "MEDIUMINT",
        "UnsignedMediumInt": "MEDIUMINT UNSIGNED",
        "TinyInt": "TINYINT",
        "UnsignedTinyInt": "TINYINT UNSIGNED",
        "Year": "YEAR",
        "BigInt": "BIGINT",
        "UnsignedBigInt": "BIGINT UNSIGNED",
        "Decimal": "DECIMAL",
        "Float": "FLOAT",
        "Double": "DOUBLE",
        "DateTime": "DATETIME",
        "Date": "DATE",
        "Time": "TIME",
        "Timestamp": "TIMESTAMP",
        "Json": "JSON",
        "Binary": "BINARY",
        "VarBinary": "VARBINARY",
        "TinyBlob": "TINYBLOB",
        "Blob": "BLOB",
        "MediumBlob": "MEDIUMBLOB",
        "LongBlob": "LONGBLOB",
    }

    def native_column_type(self, native: ir.NativeType) -> str:
        # UNSIGNED follows the parenthesised arguments: TINYINT(3) UNSIGNED.
        rendered = super().native_column_type(native)
        if " UNSIGNED" in rendered and native.args:
            return rendered.replace(" UNSIGNED", "") + " UNSIGNED"
        return rendered

    def string_literal(self, value: str) -> str:
        # Backslash is an escape character inside MySQL string literals (unless NO_BACKSLASH_ESCAPES).
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"

    def enum_column_type(self, enum: ir.Enum) -> str:
        return "ENUM(" + ", ".join(self.string_literal(v.db_name) for v in enum.values) + ")"

    def now_default(self, field: ir.Field) -> str:
        # The default's precision must match the column's: DATETIME(3) takes CURRENT_TIMESTAMP(3).
        precision = _fractional_digits(field)
        return f"CURRENT_TIMESTAMP({precision})" if precision else "CURRENT_TIMESTAMP"

    def render_value(self, value: ir.LiteralValue, field: ir.Field, schema: ir.Schema) -> str:
        if field.type == "DateTime" and isinstance(value, str):
            return self.string_literal(_datetime_literal(value, _fractional_digits(field)))
        return super().render_value(value, field, schema)

    # ---- queries -----------------------------------------------------------------------------
    def placeholder(self, position: int) -> str:
        return "%s"

    def raw_sql(self, sql: str, parameter_count: int) -> str:
        # The driver formats with `%s` (and then reads `%` as a format character) but only when
        # it is given parameters; Prisma's `?` are outside quotes, backticks and comments.
        if not parameter_count:
            return sql
        return "".join(_format_placeholders(sql))

    def in_list(self, column: str, bind: Bind, type_name: str | None = None) -> Fragment:
        # MariaDB cannot match a list bound as one value: spread it over placeholders.
        return column + " IN (" + Fragment.bind(replace(bind, expand=True)) + ")"

    def insert_default_values(self, table: str) -> str:
        return f"INSERT INTO {table} () VALUES ()"

    def insert_ignoring_duplicates(self, table: str, columns: str, values: str) -> str:
        return f"INSERT IGNORE INTO {table} ({columns}) VALUES {values}"

    def integer_divide(self, column: str, divisor: Fragment) -> Fragment:
        # MySQL's `/` gives a decimal, stored back into the integer column rounded (as Prisma does).
        return Fragment(f"ROUND({column} / ") + divisor + ")"

    def like(self, column: str | Fragment, pattern: Fragment, insensitive: bool) -> Fragment:
        return column + " LIKE " + pattern + " ESCAPE '\\\\'"  # a backslash, escaped for MySQL strings

    def concat(self, parts: list[Fragment]) -> Fragment:
        return "CONCAT(" + Fragment.join(", ", parts) + ")"

    # ---- Json filters: JSON_* functions (MariaDB's JSON is text, so nothing relies on CAST AS JSON)
    def json_value(self, column: str, path: Fragment | None) -> Fragment:
        return Fragment(column) if path is None else f"JSON_EXTRACT({column}, " + path + ")"

    def json_text(self, column: str, path: Fragment | None) -> Fragment:
        return "JSON_UNQUOTE(" + self.json_value(column, path) + ")"

    def json_type_is(self, value: Fragment, kind: str) -> Fragment:
        return "JSON_TYPE(" + value + ") " + _JSON_TYPES[kind]

    def json_equals(self, value: Fragment, document: Fragment, whole: bool) -> Fragment:
        # Semantic equality, as Prisma writes it: each contains the other.
        both = "JSON_CONTAINS(" + value + ", " + document + ") AND JSON_CONTAINS(" + document + ", " + value + ")"
        return both.wrap()

    def json_compare(self, value: Fragment, op: str, document: Fragment) -> Fragment:
        # Compared as numbers when both are numbers, as text when both are strings; MariaDB's
        # JSON_EXTRACT gives text, so the comparison is spelled out rather than left to JSON ordering.
        def both(kind: str, cast: str) -> Fragment:
            return (
                self.json_type_is(value, kind)
                + " AND "
                + self.json_type_is(document, kind)
                + " AND JSON_UNQUOTE("
                + value
                + f"){cast} {op} JSON_UNQUOTE("
                + document
                + f"){cast}"
            ).wrap()

        return (both("number", " + 0") + " OR " + both("string", "")).wrap()

    def json_array_contains(self, array: Fragment, document: Fragment) -> Fragment:
        return "JSON_CONTAINS(" + array + ", " + document + ")"

    def json_array_item(self, array: Fragment, last: bool) -> Fragment:
        if last:
            return "JSON_EXTRACT(" + array + ", CONCAT('$[', JSON_LENGTH(" + array + ") - 1, ']'))"
        return "JSON_EXTRACT(" + array + ", '$[0]')"

    # ---- full-text search (needs a @@fulltext index on exactly these columns)
    def full_text_match(self, columns: list[str], query: Fragment) -> Fragment:
        return self.full_text_relevance(columns, query)

    def full_text_relevance(self, columns: list[str], query: Fragment) -> Fragment:
        return Fragment(f"MATCH ({', '.join(columns)}) AGAINST (") + query + " IN BOOLEAN MODE)"

    def limit_offset(self, limit: Fragment | None, offset: Fragment | None) -> Fragment:
        if limit is None and offset is not None:
            limit = Fragment("18446744073709551615")  # MySQL needs a LIMIT before OFFSET
        return super().limit_offset(limit, offset)

    def bool_to_db(self, value: bool) -> Any:
        return 1 if value else 0

    def from_db(self, type_name: str, value: Any) -> Any:
        if type_name == "Boolean" and value is not None:
            return _BOOLEANS[value]
        return super().from_db(type_name, value)

    def value_reader(self, type_name: str) -> Callable[[Any], Any]:
        return _BOOLEANS.__getitem__ if type_name == "Boolean" else super().value_reader(type_name)


class _Booleans(dict[Any, bool]):
    """A Boolean column's value as bool: TINYINT(1) reads as 0 or 1, BIT(1) (`@db.Bit(1)`) as
    b"\\x00" or b"\\x01", whose bool() is always True. The usual values are keys, so a row reader
    pays one C lookup per value; any other value is decided here."""

    def __missing__(self, value: Any) -> bool:
        return int.from_bytes(value, "big") != 0 if isinstance(value, bytes) else bool(value)


_BOOLEANS = _Booleans({0: False, 1: True, b"\x00": False, b"\x01": True})


# JSON_TYPE's names for the kinds Json filters check.
_JSON_TYPES = {
    "string": "= 'STRING'",
    "number": "IN ('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL')",
    "array": "= 'ARRAY'",
    "null": "= 'NULL'",
}


def _fractional_digits(field: ir.Field) -> int:
    """DATETIME(3) unless a native type says otherwise; `@db.Timestamp` alone has none."""
    native = field.native_type
    if native is None:
        return 3
    return int(native.args[0]) if native.args else 0


def _datetime_literal(iso: str, digits: int) -> str:
    """An ISO-8601 default as the UTC wall-clock literal MySQL stores (it has no time zones)."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso  # not a timestamp: the server names the problem when the column is created
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text}.{moment.strftime('%f')[:digits]}" if digits else text


_QUOTES = "'\"`"


def _format_placeholders(sql: str) -> Iterator[str]:
    """MySQL text with `?` as `%s` and `%` as `%%`, except inside quotes and comments."""
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if char in _QUOTES:
            end = i + 1
            while end < n and sql[end] != char:
                end += 2 if sql[end] == "\\" and char != "`" else 1
            yield sql[i : end + 1].replace("%", "%%")
            i = end + 1
        elif sql.startswith("/*", i) or sql.startswith(("-- ", "#"), i):
            close = sql.find("*/", i + 2) + 2 if char == "/" else sql.find("\n", i)
            end = n if close < i else close  # an unclosed comment runs to the end
            yield sql[i:end].replace("%", "%%")
            i = end
        elif char == "?":
            yield "%s"
            i += 1
        elif char == "%":
            yield "%%"
            i += 1
        else:
            yield char
            i += 1
