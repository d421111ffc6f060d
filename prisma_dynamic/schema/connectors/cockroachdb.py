"""CockroachDB: PostgreSQL's wire protocol with its own native types and `sequence()`."""

from __future__ import annotations

from prisma_dynamic.schema.connectors.base import Connector, native
from prisma_dynamic.schema.connectors.postgresql import postgres_argument_problem


class CockroachDbConnector(Connector):
    name = "cockroachdb"
    display_name = "CockroachDB"
    supports_scalar_lists = True
    supports_multi_schema = True
    supports_sequence = True
    constraint_scope = "global"
    max_identifier_length = 63
    supports_insensitive_filters = True
    json_filter_path = "array"
    supports_relation_joins = True
    supports_returning = True
    supports_native_upsert = True
    supports_skip_duplicates = True
    supports_distinct_on = True
    json_array_contains = True
    native_filter_types = {"Uuid": "Uuid"}
    supports_enum_list_push = False
    isolation_levels = ("ReadCommitted", "Serializable")
    max_bind_parameters = 32_767
    native_types = {
        "String": native("String", optional=1),
        "Char": native("String", optional=1),
        "CatalogSingleChar": native("String"),
        "Bit": native("String", optional=1),
        "VarBit": native("String", optional=1),
        "Uuid": native("String"),
        "Inet": native("String"),
        "Bool": native("Boolean"),
        "Int2": native("Int"),
        "Int4": native("Int"),
        "Oid": native("Int"),
        "Int8": native("BigInt"),
        "Float4": native("Float"),
        "Float8": native("Float"),
        "Decimal": native("Decimal", optional=2),
        "Timestamp": native("DateTime", optional=1),
        "Timestamptz": native("DateTime", optional=1),
        "Date": native("DateTime"),
        "Time": native("DateTime", optional=1),
        "Timetz": native("DateTime", optional=1),
        "JsonB": native("Json"),
        "Bytes": native("Bytes"),
    }

    def native_type_argument_problem(self, name: str, values: tuple[int | str, ...], scalar: str) -> str | None:
        return postgres_argument_problem(self, name, values)
