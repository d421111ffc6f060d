"""MySQL and MariaDB."""

from __future__ import annotations

from prisma_dynamic.schema.connectors.base import Connector, native


class MySqlConnector(Connector):
    name = "mysql"
    display_name = "MySQL"
    supports_fulltext_index = True
    autoincrement = "indexed"
    names_primary_keys = False  # always PRIMARY
    max_identifier_length = 64
    supports_json_array_contains = True
    supports_json_comparisons = True
    json_filter_path = "string"
    full_text_search = "with_index"
    supports_skip_duplicates = True
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
