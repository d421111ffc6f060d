"""SQLite: no native types, no scalar lists, `autoincrement()` only on the id."""

from __future__ import annotations

from prisma_dynamic.schema.connectors.base import Connector, SqlModules


class SqliteConnector(Connector):
    name = "sqlite"
    display_name = "SQLite"
    sql = SqlModules(
        dialect="prisma_dynamic.dialects.sqlite:SqliteDialect",
        driver="prisma_dynamic.engine.drivers.sqlite:SqliteDriver",
        schema_backend="prisma_dynamic.migrate.sqlite:SqliteBackend",
        extra=None,
    )
    url_schemes = ("file",)
    autoincrement = "id"
    constraint_scope = "global"  # index names are global in a SQLite database
    names_primary_keys = False
    json_filter_path = "string"
    supports_returning = True
    supports_native_upsert = True
    isolation_levels = ("Serializable",)
    max_bind_parameters = 999
