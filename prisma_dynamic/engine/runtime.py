"""Building the engine from its command line: schema, datasource URL, dialect and driver.

`build_core` is the factory the engine process (and the embedded transport) calls.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio

from prisma_dynamic.engine.core import EngineUserError
from prisma_dynamic.engine.dialect import DIALECTS
from prisma_dynamic.engine.drivers.base import DriverConnection
from prisma_dynamic.engine.drivers.sqlite import SqliteDriver
from prisma_dynamic.engine.query_engine import ConnectionSource, QueryEngine
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.env import load_dotenv_files
from prisma_dynamic.schema.load import find_schema, load_schema


class SqliteSource(ConnectionSource):
    """SQLite has one connection: an interactive transaction holds it until it ends."""

    def __init__(self, driver: SqliteDriver) -> None:
        self.driver = driver

    async def connect(self) -> None:
        await self.driver.connect()

    async def close(self) -> None:
        await self.driver.close()

    @asynccontextmanager
    async def acquire(self, timeout: float | None = None) -> AsyncIterator[DriverConnection]:
        if timeout is None:
            await self.driver.lock.acquire()
        else:
            with anyio.fail_after(timeout):
                await self.driver.lock.acquire()
        try:
            yield self.driver.connection()
        finally:
            self.driver.lock.release()


def datasource_url(schema: ir.Schema, override: str | None) -> str:
    """The URL to connect to: an explicit one, else the schema's `url` (env() read now)."""
    if override:
        return override
    datasource = schema.datasource
    if datasource is None or datasource.url is None:
        raise EngineUserError(
            "P1012",
            "The schema's datasource has no `url`: pass `datasource={'url': ...}` to the client "
            "(Prisma 7 schemas keep the URL out of the schema).",
            {},
        )
    url = datasource.url.resolve()
    if url is None:
        raise EngineUserError(
            "P1012",
            f"Environment variable not found: {datasource.url.env}. It is the datasource `url` of the schema; "
            "set it, or put it in a .env file next to the schema.",
            {},
        )
    return url


def build_engine(schema_path: str | Path, url_override: str | None = None, log_queries: bool = False) -> QueryEngine:
    path = find_schema(schema_path)
    load_dotenv_files(path)
    schema = load_schema(path)
    provider = schema.provider
    dialect = DIALECTS.get(provider)
    if dialect is None:
        raise EngineUserError("P1012", f"The `{provider}` provider is not supported by prisma-dynamic's engine.", {})
    url = datasource_url(schema, url_override)
    base = path if path.is_dir() else path.parent
    tables = {
        m.db_name: (m.name, {f.db_name: f.name for f in m.scalar_fields}) for m in schema.models if not m.is_ignored
    }
    if provider != "sqlite":
        raise EngineUserError(
            "P1012", f"The `{provider}` provider is not supported by prisma-dynamic's engine yet.", {}
        )
    source = SqliteSource(SqliteDriver(url, base, tables))
    return QueryEngine(schema, dialect, source, log_queries=log_queries)


def build_core(args: argparse.Namespace) -> QueryEngine:
    return build_engine(args.schema, getattr(args, "datasource_url", None), bool(getattr(args, "log_queries", False)))
