"""What `db push` needs from a database: connect, read the catalog back, turn a diff into
statements and run them. One `SchemaBackend` subclass per database, in its own module, named
by the database's connector (`Connector.sql.schema_backend`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from prisma_dynamic.dialects import Dialect
from prisma_dynamic.migrate.catalog import Catalog
from prisma_dynamic.migrate.diff import SchemaDiff
from prisma_dynamic.migrate.errors import PushError
from prisma_dynamic.migrate.script import split_statements
from prisma_dynamic.schema.connectors import load, served_connectors


class Connection(Protocol):
    async def fetch(self, sql: str) -> list[tuple[Any, ...]]: ...

    async def execute(self, sql: str) -> None: ...

    async def close(self) -> None: ...


class SchemaBackend(ABC):
    dialect: Dialect
    # Prisma Migrate's history table as its schema engine creates it here (`{table}`: its name).
    migrations_table: str
    # The current time as this database stores it in the history table.
    now_sql: str = "CURRENT_TIMESTAMP"

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
    async def connect(self, url: str, *, create: bool = True) -> Connection:
        """Open the database; one that does not exist is created unless `create` is False
        (`db pull` only reads), when it is a `PushError`."""

    @abstractmethod
    async def introspect(self, connection: Connection, target: Catalog) -> Catalog:
        """The live catalog, limited to the namespaces `target` lives in."""

    async def existing_schemas(self, connection: Connection) -> tuple[str, ...]:
        return ()

    # ---- reading a catalog back as a schema (db pull) ----------------------------------------
    def native_type_of(self, column_type: str) -> tuple[str, tuple[str, ...]] | None:
        """The `@db.<Name>(args)` a column type stands for, spelled as `introspect` reports it or
        as the dialect writes it; None when the database has no native types or no name for it."""
        return None

    def affinity_scalar(self, column_type: str) -> str | None:
        """The scalar type a column type without a native type stores, where the database
        accepts any type name (SQLite's affinity rules); None: the type is Unsupported."""
        return None

    def list_element_type(self, column_type: str) -> str | None:
        """The element type of a scalar-list column type, None for any other type."""
        return None

    def inline_enum_values(self, column_type: str) -> tuple[str, ...] | None:
        """The values of an enum spelled inside the column type (MySQL's `enum('A','B')`)."""
        return None

    def default_literal(self, default: str) -> str:
        """A reported DEFAULT with what the database adds to literals taken off (casts)."""
        return default

    def unquote(self, literal: str) -> str:
        """The text of a quoted string literal as `introspect` reports defaults."""
        return literal[1:-1].replace("''", "'")

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

    # ---- migrations --------------------------------------------------------------------------
    def migration_statements(self, diff: SchemaDiff) -> list[str]:
        """The statements of a migration file: the push's, plus what the file must set itself."""
        return self.render(diff)

    async def run_script(self, connection: Connection, script: str) -> None:
        """Run a migration file (ours or Prisma's) as it is written."""
        for statement in split_statements(script):
            await connection.execute(statement)

    def scratch_url(self, url: str, name: str) -> str:
        """A database called `name` next to the one at `url`, for replaying migrations."""
        parts = urlsplit(url)
        return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))

    async def drop_database(self, url: str) -> None:
        """Drop a scratch database made with `scratch_url` (connecting creates one)."""
        raise PushError(f"{self.dialect.name} has no scratch databases")


def backend_for(dialect: Dialect) -> SchemaBackend:
    modules = dialect.connector.sql
    if modules is None or modules.schema_backend is None:
        supported = ", ".join(c.name for c in served_connectors() if c.sql and c.sql.schema_backend)
        raise PushError(f"db push does not support {dialect.name} yet (supported: {supported}).")
    # Imported on demand: a SQLite user needs no PostgreSQL driver installed.
    backend_class: type[SchemaBackend] = load(modules.schema_backend)
    return backend_class()
