"""What every migrate command does with a database: open it with its backend, read its catalog,
run migration files into it (recording them in `_prisma_migrations`), and replay a migrations
folder on a shadow database to learn the structure the folder produces."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace

from prisma_dynamic.dialects import Dialect
from prisma_dynamic.migrate.backend import Connection, SchemaBackend, backend_for
from prisma_dynamic.migrate.catalog import Catalog
from prisma_dynamic.migrate.diff import SchemaDiff, diff_catalogs
from prisma_dynamic.migrate.errors import MigrateError, PushError
from prisma_dynamic.migrate.folder import LocalMigration, checksum
from prisma_dynamic.migrate.history import History

Report = Callable[[str], None]


@dataclass(slots=True)
class Database:
    """One open database and the backend instance that reads it (backends keep what they read)."""

    backend: SchemaBackend
    connection: Connection
    url: str

    @classmethod
    async def open(cls, dialect: Dialect, url: str) -> Database:
        backend = backend_for(dialect)
        return cls(backend, await backend.connect(url), url)

    @property
    def history(self) -> History:
        return History(self.backend, self.connection, self.url)

    async def catalog(self, scope: Catalog) -> Catalog:
        """The live catalog, in the namespaces `scope` lives in, with the extensions it manages
        (a server's other extensions, such as PostgreSQL's own plpgsql, are not the schema's)."""
        live = await self.backend.introspect(self.connection, scope)
        return replace(live, extensions=tuple(e for e in live.extensions if e in scope.extensions))

    async def diff_to(self, live: Catalog, target: Catalog) -> SchemaDiff:
        """From `live` (read from this database) to `target` (made from a schema)."""
        canonical = await self.backend.canonical(self.connection, target)
        return diff_catalogs(live, canonical, live_schemas=await self.backend.existing_schemas(self.connection))

    async def reset(self, scope: Catalog) -> None:
        await self.backend.reset(self.connection, scope)

    async def close(self) -> None:
        await self.connection.close()


async def apply_migration(database: Database, migration: LocalMigration, report: Report) -> None:
    """Run one migration file and record it; a failure is recorded (with the database's error)
    before it is raised, so the next command knows."""
    history = database.history
    await history.ensure()
    script = migration.script()
    row = await history.start(migration.name, checksum(script))
    started = time.perf_counter()
    try:
        await database.backend.run_script(database.connection, script.decode("utf-8"))
    except PushError as error:
        await history.fail(row, str(error))
        raise MigrateError(
            "A migration failed to apply. New migrations cannot be applied before the error is recovered from. "
            "Read more about how to resolve migration issues in a production database: "
            f"https://pris.ly/d/migrate-resolve\n\nMigration name: {migration.name}\n\nDatabase error:\n{error}",
            code="P3018",
        ) from error
    await history.finish(row)
    report(f"Applied migration `{migration.name}` ({(time.perf_counter() - started) * 1000:.0f} ms)")


async def apply_all(database: Database, migrations: Sequence[LocalMigration], report: Report) -> None:
    for migration in migrations:
        await apply_migration(database, migration, report)


async def replay(database: Database, migrations: Sequence[LocalMigration]) -> None:
    """Run migration files without recording them (a shadow database has no history)."""
    for migration in migrations:
        try:
            await database.backend.run_script(database.connection, migration.text())
        except PushError as error:
            raise MigrateError(
                f"Migration `{migration.name}` failed to apply cleanly to the shadow database.\n{error}",
                code="P3006",
            ) from error


@asynccontextmanager
async def shadow_database(
    dialect: Dialect, main_url: str, shadow_url: str | None, scope: Catalog
) -> AsyncIterator[Database]:
    """An empty database to replay migrations on: the given shadow database, emptied first, or a
    temporary one next to `main_url`, dropped afterwards."""
    if shadow_url is not None:
        if shadow_url == main_url:
            raise MigrateError(
                "The shadow database you configured appears to be the same as the main database. "
                "Please specify another shadow database.",
                code="P3014",
            )
        database = await Database.open(dialect, shadow_url)
        try:
            await database.reset(scope)
            yield database
        finally:
            await database.close()
        return
    backend = backend_for(dialect)
    url = backend.scratch_url(main_url, f"prisma_migrate_shadow_db_{uuid.uuid4()}")
    try:
        database = await Database.open(dialect, url)
    except PushError as error:
        raise MigrateError(
            f"Prisma Migrate could not create the shadow database. Please make sure the database user has "
            f"permission to create databases, or set `shadowDatabaseUrl`.\n{error}",
            code="P3014",
        ) from error
    try:
        yield database
    finally:
        await database.close()
        await backend.drop_database(url)
