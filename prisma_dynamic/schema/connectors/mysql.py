"""MySQL and MariaDB."""

from __future__ import annotations

from prisma_dynamic.schema.connectors.base import Connector, SqlModules, native


class MySqlConnector(Connector):
    name = "mysql"
    display_name = "MySQL"
    sql = SqlModules(
        dialect="prisma_dynamic.dialects.mysql:MysqlDialect",
        driver="prisma_dynamic.engine.drivers.mysql:MysqlDriver",
        schema_backend="prisma_dynamic.migrate.mysql:MysqlBackend",
        extra="mysql",
    )
    supports_fulltext_index = True
    autoincrement = "indexed"
    names_primary_keys = False  # always PRIMARY
    max_identifier_length = 64
    json_filter_path = "string"
    supports_relation_joins = True
    full_text_search = "with_index"
    supports_skip_duplicates = True
    json_array_contains = True
    json_comparison_filters = "values"  # MySQL and MariaDB cannot compare Json with another field
    max_bind_parameters = 65_535
    native_types = {
        "Int": native("Int"),
        "UnsignedInt": native("Int"),
        "SmallInt": native("Int"),
        "UnsignedSmallInt": native("Int"),
        "TinyInt": native("Boolean", "Int"),
        "UnsignedTinyInt": native("Int"),
        "MediumInt": native("Int"),
        "UnsignedMediumInt": native("Int"),
        "Year": native("Int"),
        "BigInt": native("BigInt"),
        "UnsignedBigInt": native("BigInt"),
        "Float": native("Float"),
        "Double": native("Float"),
        "Decimal": native("Decimal", optional=2),
        "Bit": native("Boolean", "Bytes", required=1),
        "Char": native("String", optional=1),
        "VarChar": native("String", required=1),
        "TinyText": native("String"),
        "Text": native("String"),
        "MediumText": native("String"),
        "LongText": native("String"),
        "Binary": native("Bytes", optional=1),
        "VarBinary": native("Bytes", required=1),
        "TinyBlob": native("Bytes"),
        "Blob": native("Bytes"),
        "MediumBlob": native("Bytes"),
        "LongBlob": native("Bytes"),
        "Date": native("DateTime"),
        "Time": native("DateTime", optional=1),
        "DateTime": native("DateTime", optional=1),
        "Timestamp": native("DateTime", optional=1),
        "Json": native("Json"),
    }
