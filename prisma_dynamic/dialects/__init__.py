"""One object per database that owns how its SQL is spelled.

`dialect_for(provider)` returns the single instance for a datasource provider, built from the
provider's connector (which names its dialect class and hands it the capabilities).
"""

from __future__ import annotations

import threading

from prisma_dynamic.dialects.base import Dialect
from prisma_dynamic.dialects.mysql import MysqlDialect
from prisma_dynamic.dialects.postgresql import PostgresqlDialect
from prisma_dynamic.dialects.sqlite import SqliteDialect
from prisma_dynamic.schema.connectors import connector_for, load, served_connectors

__all__ = ["Dialect", "MysqlDialect", "PostgresqlDialect", "SqliteDialect", "dialect_for"]

_DIALECTS: dict[str, Dialect] = {}  # connector name -> its dialect, built on first use
_LOCK = threading.Lock()


def dialect_for(provider: str) -> Dialect:
    """The dialect of a datasource provider (`sqlite`, `postgresql`/`postgres`, `mysql`)."""
    connector = connector_for(provider)
    if connector is None or connector.sql is None:
        supported = ", ".join(c.name for c in served_connectors())
        raise ValueError(f'The provider "{provider}" is not supported; expected one of: {supported}.')
    dialect = _DIALECTS.get(connector.name)
    if dialect is None:
        dialect_class: type[Dialect] = load(connector.sql.dialect)
        with _LOCK:
            dialect = _DIALECTS.setdefault(connector.name, dialect_class(connector))
    return dialect
