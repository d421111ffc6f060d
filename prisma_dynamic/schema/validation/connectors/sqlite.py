"""SQLite: no native types, no scalar lists, `autoincrement()` only on the id."""

from __future__ import annotations

from prisma_dynamic.schema.validation.connectors.base import Connector


class SqliteConnector(Connector):
    name = "sqlite"
    display_name = "SQLite"
    autoincrement = "id"
    constraint_scope = "global"  # index names are global in a SQLite database
    names_primary_keys = False
