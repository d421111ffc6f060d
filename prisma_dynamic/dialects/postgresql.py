"""PostgreSQL: native enums, scalar lists, schemas, extensions, named primary keys."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from prisma_dynamic.dialects.base import Dialect, decode_base64_default
from prisma_dynamic.engine.sql import Bind, Fragment
from prisma_dynamic.schema import ir


class PostgresqlDialect(Dialect):
    supports_native_enums = True
    supports_nulls_ordering = True
    nulls_sort_high = True
    supports_extensions = True
    join_table_primary_key = True
    default_index_method = "btree"

    scalar_types: ClassVar[Mapping[str, str]] = {
        "String": "TEXT",
        "Boolean": "BOOLEAN",
        "Int": "INTEGER",
        "BigInt": "BIGINT",
        "Float": "DOUBLE PRECISION",
        "Decimal": "DECIMAL(65,30)",
        "DateTime": "TIMESTAMP(3)",
        "Json": "JSONB",
        "Bytes": "BYTEA",
    }
    native_types: ClassVar[Mapping[str, str]] = {
        "Text": "TEXT",
        "Char": "CHAR",
        "VarChar": "VARCHAR",
        "Bit": "BIT",
        "VarBit": "VARBIT",
        "Uuid": "UUID",
        "Xml": "XML",
        "Inet": "INET",
        "Citext": "CITEXT",
        "Boolean": "BOOLEAN",
        "Integer": "INTEGER",
        "SmallInt": "SMALLINT",
        "Oid": "OID",
        "BigInt": "BIGINT",
        "DoublePrecision": "DOUBLE PRECISION",
        "Real": "REAL",
        "Decimal": "DECIMAL",
        "Money": "MONEY",
        "Timestamp": "TIMESTAMP",
        "Timestamptz": "TIMESTAMPTZ",
        "Date": "DATE",
        "Time": "TIME",
        "Timetz": "TIMETZ",
        "Json": "JSON",
        "JsonB": "JSONB",
        "ByteA": "BYTEA",
    }
    # `autoincrement()` makes a serial column: the integer type with a sequence behind it.
    serial_types: ClassVar[Mapping[str, str]] = {"integer": "SERIAL", "bigint": "BIGSERIAL", "smallint": "SMALLSERIAL"}

    def enum_column_type(self, enum: ir.Enum) -> str:
        return self.quote(enum.db_name)

    def operator_class(self, name: str) -> str:
        # Prisma's named classes are CamelCase (`JsonbPathOps`); `raw("...")` ones are already SQL.
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()

    def list_type(self, element: str) -> str:
        return f"{element}[]"

    def render_list(self, elements: tuple[str, ...], field: ir.Field, schema: ir.Schema) -> str:
        return f"ARRAY[{', '.join(elements)}]::{self.column_type(field, schema)}"

    def bytes_literal(self, base64_text: str) -> str:
        return self.binary_literal(decode_base64_default(base64_text))

    def binary_literal(self, data: bytes) -> str:
        return self.string_literal("\\x" + data.hex())

    # ---- queries -----------------------------------------------------------------------------
    def placeholder(self, position: int) -> str:
        return f"${position}"

    def in_list(self, column: str, bind: Bind, type_name: str | None = None) -> Fragment:
        return column + " = ANY(" + Fragment.bind(bind) + ")"

    def like(self, column: str | Fragment, pattern: Fragment, insensitive: bool) -> Fragment:
        return column + (" ILIKE " if insensitive else " LIKE ") + pattern + " ESCAPE '\\'"

    # ---- scalar-list filters ------------------------------------------------------------------
    def array_has(self, array: str, element: Fragment) -> Fragment:
        return element + f" = ANY({array})"

    def array_contains_all(self, column: str, items: Fragment) -> Fragment:
        return column + " @> " + items

    def array_overlaps(self, column: str, items: Fragment) -> Fragment:
        return column + " && " + items

    def array_is_empty(self, column: str) -> str:
        return f"cardinality({column}) = 0"

    # ---- Json filters: jsonb operators; a path is a text[] of keys --------------------------
    def json_column(self, column: str, native_type: str | None) -> str:
        # `@db.Json` is text-like json: the filters compare jsonb.
        return f"{column}::jsonb" if native_type == "Json" else column

    def json_value(self, column: str, path: Fragment | None) -> Fragment:
        return Fragment(column) if path is None else f"({column} #> " + path + "::text[])"

    def json_text(self, column: str, path: Fragment | None) -> Fragment:
        return Fragment(f"({column} #>> '{{}}')") if path is None else f"({column} #>> " + path + "::text[])"

    def json_type_is(self, value: Fragment, kind: str) -> Fragment:
        return "jsonb_typeof(" + value + f") = '{kind}'"

    def json_equals(self, value: Fragment, document: Fragment, whole: bool) -> Fragment:
        return value + " = " + document + "::jsonb"

    def json_compare(self, value: Fragment, op: str, document: Fragment) -> Fragment:
        # jsonb orders numbers numerically and strings as text, within one type.
        same_type = "jsonb_typeof(" + value + ") = jsonb_typeof(" + document + "::jsonb)"
        return (value + f" {op} " + document + "::jsonb AND " + same_type).wrap()

    def json_array_contains(self, array: Fragment, document: Fragment) -> Fragment:
        return array + " @> " + document + "::jsonb"

    def json_array_item(self, array: Fragment, last: bool) -> Fragment:
        return "(" + array + (" -> -1)" if last else " -> 0)")

    # ---- full-text search (the `fullTextSearchPostgres` preview feature), as Prisma writes it
    def full_text_match(self, columns: list[str], query: Fragment) -> Fragment:
        return Fragment(f"to_tsvector(concat_ws(' ', {', '.join(columns)})) @@ to_tsquery(") + query + ")"

    def full_text_relevance(self, columns: list[str], query: Fragment) -> Fragment:
        vector = f"to_tsvector(concat_ws(' ', {', '.join(columns)}))"
        return Fragment(f"ts_rank({vector}, to_tsquery(") + query + "))"
