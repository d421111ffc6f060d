"""PostgreSQL: native enums, scalar lists, schemas, extensions, named primary keys."""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from typing import ClassVar

from prisma_dynamic.dialects.base import Dialect
from prisma_dynamic.engine.sql import Bind, Fragment
from prisma_dynamic.schema import ir


class PostgresqlDialect(Dialect):
    name = "postgresql"

    max_identifier_length = 63

    supports_native_enums = True
    supports_scalar_lists = True
    supports_returning = True
    supports_insensitive_mode = True
    supports_nulls_ordering = True
    nulls_sort_high = True
    supports_multi_schema = True
    supports_extensions = True
    named_primary_keys = True
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
        return self.string_literal("\\x" + base64.b64decode(base64_text).hex())

    # ---- queries -----------------------------------------------------------------------------
    def placeholder(self, position: int) -> str:
        return f"${position}"

    def in_list(self, column: str, bind: Bind) -> Fragment:
        return column + " = ANY(" + Fragment.bind(bind) + ")"

    def like(self, column: str, pattern: Fragment, insensitive: bool) -> Fragment:
        return column + (" ILIKE " if insensitive else " LIKE ") + pattern + " ESCAPE '\\'"
