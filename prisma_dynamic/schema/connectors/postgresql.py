"""PostgreSQL."""

from __future__ import annotations

from prisma_dynamic.schema.connectors.base import Connector, native


class PostgreSqlConnector(Connector):
    name = "postgresql"
    display_name = "Postgres"
    supports_scalar_lists = True
    supports_multi_schema = True
    constraint_scope = "global"
    max_identifier_length = 63
    supports_insensitive_filters = True
    supports_json_array_contains = True
    supports_json_comparisons = True
    json_filter_path = "array"
    full_text_search = "without_index"
    full_text_search_preview = "fullTextSearchPostgres"
    supports_returning = True
    supports_skip_duplicates = True
    supports_distinct_on = True
    max_bind_parameters = 32_767
    native_types = {
        "Text": native("String"),
        "Char": native("String", optional=1),
        "VarChar": native("String", optional=1),
        "Bit": native("String", optional=1),
        "VarBit": native("String", optional=1),
        "Uuid": native("String"),
        "Xml": native("String"),
        "Inet": native("String"),
        "Citext": native("String"),
        "Boolean": native("Boolean"),
        "Integer": native("Int"),
        "SmallInt": native("Int"),
        "Oid": native("Int"),
        "BigInt": native("BigInt"),
        "DoublePrecision": native("Float"),
        "Real": native("Float"),
        "Decimal": native("Decimal", optional=2),
        "Money": native("Decimal"),
        "Timestamp": native("DateTime", optional=1),
        "Timestamptz": native("DateTime", optional=1),
        "Date": native("DateTime"),
        "Time": native("DateTime", optional=1),
        "Timetz": native("DateTime", optional=1),
        "Json": native("Json"),
        "JsonB": native("Json"),
        "ByteA": native("Bytes"),
    }
