"""Helpers for the migrate tests: fresh databases of each kind (made by connecting, dropped at
the end), a project around a schema text, and the migrate commands run to completion."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import anyio

from prisma_dynamic.dialects import dialect_for
from prisma_dynamic.migrate.backend import backend_for
from prisma_dynamic.migrate.catalog import Catalog
from prisma_dynamic.migrate.dev import DevResult, migrate_dev
from prisma_dynamic.migrate.folder import MigrationsFolder
from prisma_dynamic.migrate.project import Project
from prisma_dynamic.migrate.runner import Database
from prisma_dynamic.schema.load import build_schema
from tests.databases import server_url, unique_database_name, with_database

KINDS = ("sqlite", "postgresql", "mysql")


def datasource(kind: str) -> str:
    return f'datasource db {{\n  provider = "{kind}"\n  url      = env("DATABASE_URL")\n}}\n'


class Databases:
    """Fresh database URLs of one kind; every one made is dropped by `drop_all`."""

    def __init__(self, kind: str, folder: Path) -> None:
        self.kind = kind
        self.folder = folder
        self.made: list[str] = []
        self.server = None if kind == "sqlite" else server_url(kind)

    def new(self) -> str:
        name = unique_database_name("pd_mig")
        url = "file:" + str(self.folder / f"{name}.db") if self.server is None else with_database(self.server, name)
        self.made.append(url)
        if self.server is not None:
            anyio.run(_create, self.kind, url)
        return url

    def drop_all(self) -> None:
        backend = backend_for(dialect_for(self.kind))
        for url in self.made:
            anyio.run(backend.drop_database, url)


async def _create(kind: str, url: str) -> None:
    """The database, made by connecting as our backends do (they create a missing one)."""
    database = await Database.open(dialect_for(kind), url)
    await database.close()


@contextmanager
def databases(kind: str, folder: Path) -> Iterator[Databases]:
    made = Databases(kind, folder)
    try:
        yield made
    finally:
        made.drop_all()


def project(kind: str, models: str, url: str, migrations: Path) -> Project:
    schema = build_schema([("schema.prisma", datasource(kind) + models)])
    return Project(schema, url, MigrationsFolder(migrations))


def dev(project: Project, name: str, *, accept: bool = False, reset: bool = False) -> DevResult:
    async def run() -> DevResult:
        return await migrate_dev(
            project,
            name=name,
            allow_reset=lambda _: reset,
            accept_data_loss=lambda _: accept,
            report=lambda _: None,
        )

    return anyio.run(run)


def catalog(project: Project) -> Catalog:
    """The database's catalog as `db push` reads it, without the history table."""

    async def read() -> Catalog:
        database = await Database.open(project.dialect, project.url)
        try:
            return await database.catalog(project.target())
        finally:
            await database.close()

    return anyio.run(read)


def fetch(project: Project, sql: str) -> list[tuple[object, ...]]:
    async def run() -> list[tuple[object, ...]]:
        database = await Database.open(project.dialect, project.url)
        try:
            return await database.connection.fetch(sql)
        finally:
            await database.close()

    return anyio.run(run)


def execute(project: Project, *statements: str) -> None:
    async def run() -> None:
        database = await Database.open(project.dialect, project.url)
        try:
            for statement in statements:
                await database.connection.execute(statement)
        finally:
            await database.close()

    anyio.run(run)
