"""`migrate diff`: the difference between two sources of a database structure — nothing
(`empty`), a schema file, a migrations folder (replayed on a shadow database) or a live
database (`url`) — as a summary or as the script that turns the first into the second."""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from prisma_dynamic.dialects import Dialect, dialect_for
from prisma_dynamic.migrate.backend import SchemaBackend, backend_for
from prisma_dynamic.migrate.catalog import Catalog
from prisma_dynamic.migrate.diff import SchemaDiff, diff_catalogs
from prisma_dynamic.migrate.errors import MigrateError, PushError
from prisma_dynamic.migrate.folder import MigrationsFolder
from prisma_dynamic.migrate.runner import Database, replay, shadow_database
from prisma_dynamic.migrate.spelling import respelled
from prisma_dynamic.migrate.target import target_catalog
from prisma_dynamic.migrate.url import database_url
from prisma_dynamic.migrate.warnings import migration_warnings
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.env import absolute_url
from prisma_dynamic.schema.load import load_schema

SourceKind = Literal["empty", "schema", "migrations", "url"]


@dataclass(frozen=True, slots=True)
class Source:
    kind: SourceKind
    value: str | None = None  # the schema file, migrations folder or URL


@dataclass(frozen=True, slots=True)
class DiffResult:
    diff: SchemaDiff
    statements: tuple[str, ...]
    warnings: tuple[str, ...]


class _Side:
    """One source, loaded: its schema (when it is one) and, once read, its catalog."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.schema: ir.Schema | None = None
        self.database: Database | None = None
        if source.kind == "schema":
            self.schema = load_schema(Path(source.value or "schema.prisma"))
        if source.kind == "url" and source.value is not None:
            self.url: str | None = absolute_url(source.value, Path.cwd())
        else:
            self.url = None

    def provider(self) -> str | None:
        if self.schema is not None:
            return self.schema.provider
        if self.source.kind == "migrations":
            return MigrationsFolder(Path(self.source.value or "")).locked_provider()
        return None

    def anchor_url(self) -> str | None:
        """A URL that says where this side lives (its default namespace)."""
        if self.url is not None:
            return self.url
        if self.schema is not None and self.source.value is not None:
            try:
                return database_url(self.schema, Path(self.source.value))
            except (ValueError, PushError):  # a schema without a usable URL has no anchor
                return None
        return None


async def migrate_diff(
    source_from: Source,
    source_to: Source,
    *,
    shadow_url: str | None = None,
    provider_schema: ir.Schema | None = None,
) -> DiffResult:
    sides = (_Side(source_from), _Side(source_to))
    providers = {p for p in (s.provider() for s in sides) if p is not None}
    if not providers and provider_schema is not None:
        providers = {provider_schema.provider}
    dialects = {dialect_for(p).connector.name: dialect_for(p) for p in providers}
    if len(dialects) != 1:
        raise MigrateError(
            "migrate diff needs one database kind: give a schema or a migrations folder with migration_lock.toml "
            "on either side (or --schema)" + (f"; the sides name {', '.join(sorted(dialects))}" if dialects else "")
        )
    (dialect,) = dialects.values()
    anchor = next((u for u in (s.anchor_url() for s in sides) if u), None) or shadow_url
    default_namespace = backend_for(dialect).default_schema(anchor) if anchor else None
    schema_target = next((s.schema for s in sides if s.schema is not None), None)
    scope = (
        target_catalog(schema_target, dialect, default_namespace)
        if schema_target is not None
        else Catalog((), schemas=(default_namespace,) if default_namespace else ())
    )
    async with AsyncExitStack() as stack:
        catalogs = []
        for side in sides:
            catalogs.append(await _catalog(side, dialect, default_namespace, scope, shadow_url, anchor, stack))
        live, target = catalogs
        written = target
        from_db, to_db = sides[0].database, sides[1].database
        reader = from_db or to_db
        if reader is not None:
            # A schema side compared with a database side is spelled as that database spells it.
            if sides[1].schema is not None:
                target = await reader.backend.canonical(reader.connection, target)
            if sides[0].schema is not None:
                live = await reader.backend.canonical(reader.connection, live)
        existing = await from_db.backend.existing_schemas(from_db.connection) if from_db else live.schemas
        diff = diff_catalogs(live, target, live_schemas=existing)
        backend: SchemaBackend = from_db.backend if from_db else backend_for(dialect)
        statements = backend.migration_statements(respelled(diff, written))
        return DiffResult(diff, tuple(statements), tuple(migration_warnings(diff, backend)))
    raise AssertionError("unreachable")  # pragma: no cover - the `async with` always returns


async def _catalog(
    side: _Side,
    dialect: Dialect,
    default_namespace: str | None,
    scope: Catalog,
    shadow_url: str | None,
    anchor: str | None,
    stack: AsyncExitStack,
) -> Catalog:
    kind = side.source.kind
    if kind == "empty":
        return Catalog(())
    if kind == "schema":
        assert side.schema is not None
        return target_catalog(side.schema, dialect, default_namespace)
    if kind == "url":
        assert side.url is not None
        side.database = await Database.open(dialect, side.url)
        stack.push_async_callback(side.database.close)
        return await side.database.catalog(scope)
    folder = MigrationsFolder(Path(side.source.value or ""))
    if not folder.path.is_dir():
        raise MigrateError(f"The migrations folder {folder.path} does not exist.")
    try:
        shadow = await stack.enter_async_context(shadow_database(dialect, anchor or "", shadow_url, scope))
    except MigrateError as error:
        raise MigrateError(
            f"You must pass --shadow-database-url to diff a migrations folder on {dialect.connector.display_name}.\n"
            f"{error}"
        ) from error
    await replay(shadow, folder.migrations())
    side.database = shadow
    return await shadow.catalog(scope)
