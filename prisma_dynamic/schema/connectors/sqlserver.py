"""Microsoft SQL Server."""

from __future__ import annotations

from prisma_dynamic.schema.connectors.base import Connector, native


class SqlServerConnector(Connector):
    name = "sqlserver"
    display_name = "SQL Server"
    supports_enums = False
    supports_json = False
    supports_multi_schema = True
    foreign_key_actions = ("Cascade", "NoAction", "SetNull", "SetDefault")
    max_identifier_length = 128
    supports_skip_duplicates = False
    create_many_writes_autoincrement = False
    isolation_levels = ("ReadUncommitted", "ReadCommitted", "RepeatableRead", "Serializable", "Snapshot")
    max_bind_parameters = 2_099
    native_types = {
        "TinyInt": native("Int"),
        "SmallInt": native("Int"),
        "Int": native("Int"),
        "BigInt": native("BigInt"),
        "Bit": native("Boolean", "Int"),
        "Decimal": native("Decimal", optional=2),
        "Money": native("Decimal"),
        "SmallMoney": native("Decimal"),
        "Float": native("Float", optional=1),
        "Real": native("Float"),
        "Date": native("DateTime"),
        "Time": native("DateTime", optional=1),
        "DateTime": native("DateTime"),
        "DateTime2": native("DateTime", optional=1),
        "DateTimeOffset": native("DateTime", optional=1),
        "SmallDateTime": native("DateTime"),
        "Char": native("String", optional=1),
        "NChar": native("String", optional=1),
        "VarChar": native("String", optional=1),
        "NVarChar": native("String", optional=1),
        "Text": native("String"),
        "NText": native("String"),
        "Xml": native("String"),
        "UniqueIdentifier": native("String"),
        "Binary": native("Bytes", optional=1),
        "VarBinary": native("Bytes", optional=1),
        "Image": native("Bytes"),
    }
