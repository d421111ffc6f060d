"""One connector per database; `connector_for` picks it from the datasource's provider."""

from __future__ import annotations

from prisma_dynamic.schema.connectors.base import Connector, NativeTypeSpec, SqlModules, load
from prisma_dynamic.schema.connectors.cockroachdb import CockroachDbConnector
from prisma_dynamic.schema.connectors.mongodb import MongoDbConnector
from prisma_dynamic.schema.connectors.mysql import MySqlConnector
from prisma_dynamic.schema.connectors.postgresql import PostgreSqlConnector
from prisma_dynamic.schema.connectors.sqlite import SqliteConnector
from prisma_dynamic.schema.connectors.sqlserver import SqlServerConnector

__all__ = [
    "Connector",
    "NativeTypeSpec",
    "SqlModules",
    "connector_for",
    "connector_for_url",
    "connector_of",
    "load",
    "provider_names",
    "served_connectors",
]

_POSTGRESQL = PostgreSqlConnector()
# In the order Prisma lists the providers when it refuses an unknown one.
_BY_PROVIDER: dict[str, Connector] = {
    "postgresql": _POSTGRESQL,
    "postgres": _POSTGRESQL,  # Prisma's alias
    "mysql": MySqlConnector(),
    "sqlite": SqliteConnector(),
    "sqlserver": SqlServerConnector(),
    "mongodb": MongoDbConnector(),
    "cockroachdb": CockroachDbConnector(),
}


def connector_for(provider: str) -> Connector | None:
    """The connector of a provider as written in the datasource; None for an unknown one."""
    return _BY_PROVIDER.get(provider)


def connector_for_url(url: str) -> Connector:
    """The served connector whose URLs look like `url` (`file:`, `postgresql://`, ...)."""
    scheme = url.partition(":")[0].lower()
    for connector in served_connectors():
        if scheme in connector.url_schemes:
            return connector
    accepted = ", ".join(f"{s}:" for c in served_connectors() for s in c.url_schemes)
    raise ValueError(f"A database URL must start with one of {accepted} (this one starts with {scheme!r}).")


def provider_names() -> tuple[str, ...]:
    """Every `provider` a datasource may name, aliases included."""
    return tuple(_BY_PROVIDER)


def connector_of(provider: str) -> Connector:
    """The connector of a provider the schema validator accepted (so one exists)."""
    connector = connector_for(provider)
    if connector is None:
        raise ValueError(f"no connector for provider {provider!r}")
    return connector


def served_connectors() -> tuple[Connector, ...]:
    """The connectors prisma-dynamic's engine runs queries on (those naming their `sql` modules)."""
    unique = {c.name: c for c in _BY_PROVIDER.values()}
    return tuple(c for c in unique.values() if c.sql is not None)
