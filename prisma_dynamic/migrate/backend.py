"""What `db push` needs from a database: connect, read the catalog back, turn a diff into
statements and run them. One `SchemaBackend` subclass per database, in its own module."""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, Protocol

from prisma_dynamic.dialects import Dialect
from prisma_dynamic.migrate.catalog import Catalog
from prisma_dynamic.migrate.diff import SchemaDiff
from prisma_dynamic.migrate.errors import PushError


class Connection(Protocol):
    async def fetch(self, sql: str) -> list[tuple[Any, ...]]: ...

    async def execute(self, sql: str) -> None: ...

    async def close(self) -> None: ...


class SchemaBackend(ABC):
    dialect: Dialect

    def default_schema(self, url: str) -> str | None:
        """Where objects without `@@schema` live."""
        return None

    def keeps_values(self, old_type: str, new_type: str) -> bool:
        """Whether changing a column from `old_type` to `new_type` keeps every value it can hold."""
        return old_type == new_type

    def table_ref(self, schema: str | None, name: str) -> str:
        quote = self.dialect.quote
        return f"{quote(schema)}.{quote(name)}" if schema is not None else quote(name)

    @abstractmethod
    async def connect(self, url: str) -> Connection: ...

    @abstractmethod
    async def introspect(self, connection: Connection, target: Catalog) -> Catalog:
        """The live catalog, limited to the namespaces `target` lives in."""

    async def existing_schemas(self, connection: Connection) -> tuple[str, ...]:
        return ()

    async def canonical(self, connection: Connection, target: Catalog) -> Catalog:
        """`target` spelled as this database reports its own catalog, so that it compares."""
        return target

    @abstractmethod
    def render(self, diff: SchemaDiff) -> list[str]: ...

    @abstractmethod
    async def apply(self, connection: Connection, statements: Sequence[str]) -> None:
        """Run the statements, atomically where the database can."""

    @abstractmethod
    async def reset(self, connection: Connection, target: Catalog) -> None:
        """Drop every table, type and view the push manages."""


_BACKENDS = {
    "sqlite": "prisma_dynamic.migrate.sqlite:SqliteBackend",
    "postgresql": "prisma_dynamic.migrate.postgresql:PostgresqlBackend",
    "mysql": "prisma_dynamic.migrate.mysql:MysqlBackend",
}


def backend_for(dialect: Dialect) -> SchemaBackend:
    # Imported on demand: a SQLite user needs no PostgreSQL driver installed.
    if dialect.name not in _BACKENDS:
        raise PushError(f"db push does not support {dialect.name} yet (supported: {', '.join(_BACKENDS)}).")
    module_name, _, class_name = _BACKENDS[dialect.name].partition(":")
    backend: SchemaBackend = getattr(importlib.import_module(module_name), class_name)()
    return backend
