"""SQLite: one file, no native types, no enums or lists, rowid primary keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from prisma_dynamic.dialects.base import Dialect


class SqliteDialect(Dialect):
    name = "sqlite"

    # SQLite has no limit worth the name; Prisma uses this one.
    max_identifier_length = 10_000

    supports_returning = True
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
