"""MySQL and MariaDB: backtick quoting, ENUM columns, DATETIME(3), no RETURNING, no lists."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from prisma_dynamic.dialects.base import Dialect
from prisma_dynamic.schema import ir


class MysqlDialect(Dialect):
    name = "mysql"

    identifier_quote = "`"
    max_identifier_length = 64

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

    def enum_column_type(self, enum: ir.Enum) -> str:
        return "ENUM(" + ", ".join(self.string_literal(v.db_name) for v in enum.values) + ")"

    def now_default(self, field: ir.Field) -> str:
        # The default's precision must match the column's: DATETIME(3) takes CURRENT_TIMESTAMP(3).
        precision = field.native_type.args[0] if field.native_type and field.native_type.args else "3"
        return f"CURRENT_TIMESTAMP({precision})"
