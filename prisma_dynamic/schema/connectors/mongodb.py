"""MongoDB: documents, composite types, `_id` ids and relations emulated by Prisma."""

from __future__ import annotations

from prisma_dynamic.schema.connectors.base import EMULATED_REFERENTIAL_ACTIONS, Connector, native


class MongoDbConnector(Connector):
    name = "mongodb"
    display_name = "MongoDB"
    supports_scalar_lists = True
    supports_composite_types = True
    supports_fulltext_index = True
    supports_decimal = False
    supports_auto_object_id = True
    autoincrement = "none"
    foreign_key_actions = EMULATED_REFERENTIAL_ACTIONS
    default_relation_mode = "prisma"
    isolation_levels = ()
    supports_insensitive_filters = True
    supports_sql_raw = False  # raw access is `run_command_raw`
    id_column = "_id"
    distinct_index_fields = True
    names_primary_keys = False
    advanced_json_nullability = False
    order_by_nulls = False
    filtered_to_one_disconnect = False
    supports_updatable_ids = False
    max_identifier_length = 127
    native_types = {
        "String": native("String"),
        "ObjectId": native("String", "Bytes"),
        "Int": native("Int"),
        "Long": native("Int", "BigInt"),
        "Double": native("Float"),
        "Bool": native("Boolean"),
        "Date": native("DateTime"),
        "Timestamp": native("DateTime"),
        "BinData": native("Bytes"),
        "Json": native("Json"),
    }
