"""PostgreSQL through asyncpg (the `postgresql` extra), with a connection pool sized as Prisma
sizes it (`connection_limit`, `pool_timeout`, `connect_timeout`, `schema` in the URL)."""

from __future__ import annotations

import json
import re
import ssl
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Any

import anyio

from prisma_dynamic.connection_url import ConnectionSettings, parse_url
from prisma_dynamic.engine.core import EngineUserError, foreign_key_violation, unique_violation
from prisma_dynamic.engine.drivers.base import (
    ConnectionSource,
    DriverConnection,
    UnknownDatabaseError,
    check_failed,
    client_tls,
    connection_closed,
    pool_timeout,
    table_names,
    tls_cause,
    tls_failed,
    too_complex,
    too_many_connections,
    value_out_of_range,
)
from prisma_dynamic.engine.drivers.pool import Pool, PoolClosedError
from prisma_dynamic.schema import ir

try:
    import asyncpg
except ImportError:  # pragma: no cover - depends on the installed extras
    asyncpg = None


class PostgresConnection(DriverConnection):
    def __init__(self, raw: Any, driver: PostgresDriver) -> None:
        self.raw = raw
        self.driver = driver

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        try:
            # asyncpg's Records as they come (a tuple each would cost ~0.3 µs a row): the engine
            # reads rows by index, slice and iteration, which Records answer as tuples do.
            rows: list[tuple[Any, ...]] = await self.raw.fetch(sql, *params)
            return rows
        except Exception as error:
            raise self.driver.map_error(error) from error

    async def execute(self, sql: str, params: Sequence[Any]) -> tuple[int, Any]:
        try:
            status: str = await self.raw.execute(sql, *params)
        except Exception as error:
            raise self.driver.map_error(error) from error
        last = status.rsplit(" ", 1)[-1]
        return (int(last) if last.isdigit() else 0), None

    async def raw_query(self, sql: str, params: Sequence[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        try:
            if self.driver.settings.pgbouncer and not self.raw.is_in_transaction():
                # PgBouncer may hand the next round trip to another server connection, which
                # lacks the statement just prepared, unless both are in one transaction.
                async with self.raw.transaction():
                    statement = await self.raw.prepare(sql)
                    rows = await statement.fetch(*params)
            else:
                statement = await self.raw.prepare(sql)
                rows = await statement.fetch(*params)
        except Exception as error:
            raise self.driver.map_error(error, raw=True) from error
        attributes = statement.get_attributes()
        columns = [attribute.name for attribute in attributes]
        # json and jsonb arrive as text: a raw result gives their value, as Prisma's does
        json_columns = [i for i, a in enumerate(attributes) if a.type.name in ("json", "jsonb")]
        if not json_columns:
            return columns, [tuple(r) for r in rows]
        return columns, [_parse_json_columns(tuple(r), json_columns) for r in rows]


def _pool_closed() -> EngineUserError:
    return EngineUserError("P1017", "The database connection pool is closed.", {})


async def _give_back(pool: Pool[Any], raw: Any, error: BaseException | None) -> None:
    """Back to the pool, outside any transaction (the engine leaves no other session state behind:
    no cursors, LISTENs or advisory locks, as Prisma's engine, which does not reset its pooled
    connections either; a session setting made by a raw query stays on its connection there too),
    or closed when it cannot be trusted."""
    if raw.is_closed() or pool.closed or (error is not None and not isinstance(error, Exception)):
        # Cancelled, perhaps in the middle of a statement: the protocol's state is unknown, and a
        # new connection is cheaper than finding out.
        pool.drop()
        await _close(raw)
        return
    if raw.is_in_transaction():
        try:
            with anyio.CancelScope(shield=True):
                await raw.execute("ROLLBACK")
        except Exception:
            pool.drop()
            raw.terminate()
            return
    pool.put(raw)


class _Checkout:
    """One connection of the pool for the caller alone, given back when the context ends. A
    class, not a generator: every request outside a transaction takes one."""

    __slots__ = ("_pool", "_raw", "_source", "_timeout")

    def __init__(self, source: PostgresDriver, timeout: float | None) -> None:
        self._source = source
        self._timeout = timeout
        self._pool: Pool[Any] | None = None
        self._raw: Any = None

    async def __aenter__(self) -> DriverConnection:
        source = self._source
        pool = source.pool
        if pool is None:
            raise _pool_closed()
        wait = source.settings.pool_timeout if self._timeout is None else self._timeout
        try:
            raw = await pool.take(wait)
        except TimeoutError:
            raise pool_timeout(wait, source.settings.connection_limit) from None
        except PoolClosedError:
            raise _pool_closed() from None
        self._pool, self._raw = pool, raw
        return PostgresConnection(raw, source)

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._pool is not None  # entered
        await _give_back(self._pool, self._raw, exc)


async def _close(raw: Any) -> None:
    if raw.is_closed():
        return
    try:
        with anyio.CancelScope(shield=True):
            await raw.close(timeout=5)
    except Exception:
        raw.terminate()


def _parse_json_columns(row: tuple[Any, ...], indexes: list[int]) -> tuple[Any, ...]:
    values = list(row)
    for i in indexes:
        if isinstance(values[i], str):
            values[i] = json.loads(values[i])
    return tuple(values)


class PostgresDriver(ConnectionSource):
    @classmethod
    def for_schema(cls, url: str, schema: ir.Schema) -> PostgresDriver:
        return cls(url, table_names(schema))

    def __init__(self, url: str, tables: dict[str, tuple[str, dict[str, str]]]) -> None:
        if asyncpg is None:
            raise EngineUserError(
                "P1012", "PostgreSQL needs the asyncpg driver: pip install 'prisma-dynamic[postgresql]'", {}
            )
        self.settings: ConnectionSettings = parse_url(url, 5432)
        self.tables = tables
        self.pool: Pool[Any] | None = None
        self.tls: ssl.SSLContext | None = None  # made once at connect, shared by every connection

    async def connect(self) -> None:
        self.tls = client_tls(self.settings)
        pool: Pool[Any] = Pool(self._open, self.settings.connection_limit, closed=lambda raw: raw.is_closed())
        pool.put(await pool.take(None))  # one at the start: an unreachable server fails here (P1001)
        self.pool = pool

    async def _open(self) -> Any:
        settings, tls = self.settings, self.tls
        try:
            return await asyncpg.connect(
                settings.url.replace("postgres://", "postgresql://", 1),
                timeout=settings.connect_timeout,
                # Prisma's TLS parameters make TLS required; without them (None, asyncpg's default)
                # the URL's `sslmode` decides (asyncpg's default `prefer`, as Prisma's).
                ssl=tls,
                server_settings={"search_path": settings.schema} if settings.schema else None,
                # Named prepared statements live on one server connection, which PgBouncer's
                # transaction mode does not keep: cache none there (asyncpg then uses unnamed ones).
                statement_cache_size=0 if settings.pgbouncer else settings.statement_cache_size or 100,
            )
        except Exception as error:
            cause: Exception | None = tls_cause(error)
            if cause is None and tls is not None and "rejected SSL upgrade" in str(error):
                cause = error  # asyncpg's words for a server with TLS off
            raise (self.map_error(error) if cause is None else tls_failed(cause)) from error

    async def close(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            for raw in pool.close():
                await _close(raw)

    def open_connections(self) -> int:
        return 0 if self.pool is None else self.pool.size

    def acquire(self, timeout: float | None = None) -> AbstractAsyncContextManager[DriverConnection]:
        return _Checkout(self, timeout)

    def map_error(self, error: BaseException, raw: bool = False) -> EngineUserError:
        if isinstance(error, (OSError, TimeoutError)) or type(error).__name__ == "CannotConnectNowError":
            where = f"{self.settings.host}:{self.settings.port}"
            return EngineUserError(
                "P1001",
                f"Can't reach database server at `{where}`. "
                f"Please make sure your database server is running at `{where}`.",
                {"database_host": self.settings.host, "database_port": self.settings.port},
            )
        state = getattr(error, "sqlstate", None)
        message = str(error)
        if state == "23505":
            fields = self._fields_from_detail(getattr(error, "table_name", None), getattr(error, "detail", "") or "")
            return unique_violation(fields)
        if state == "23503":
            constraint = getattr(error, "constraint_name", None) or "foreign key"
            return foreign_key_violation(constraint)
        if state == "23502":
            column = getattr(error, "column_name", None) or ""
            field = self._field(getattr(error, "table_name", None), column)
            return EngineUserError(
                "P2011", f"Null constraint violation on the fields: (`{field}`)", {"constraint": [field]}
            )
        if state == "22001":
            return EngineUserError(
                "P2000", "The provided value for the column is too long for the column's type.", {"column_name": "?"}
            )
        if state == "3D000":
            return EngineUserError("P1003", f"Database `{self.settings.database}` does not exist.", {})
        if state in ("40001", "40P01"):  # serialization failure, deadlock detected
            return EngineUserError(
                "P2034", "Transaction failed due to a write conflict or a deadlock. Please retry your transaction", {}
            )
        if state == "53300":
            return too_many_connections(message)
        if isinstance(error, asyncpg.exceptions.ConnectionDoesNotExistError) or (state or "").startswith("08"):
            return connection_closed(message)
        if raw:
            return EngineUserError(
                "P2010", f"Raw query failed. Code: `{state}`. Message: `{message}`", {"code": state, "message": message}
            )
        if state in ("54001", "54000"):  # stack depth limit exceeded, program limit exceeded
            return too_complex(message)
        if state in ("22003", "22008"):  # numeric / datetime field out of range
            return value_out_of_range(message)
        if state == "23514":
            return check_failed(message)
        if state == "42P01":
            return EngineUserError(
                "P2021", f"The table does not exist in the current database: {message}", {"table": message}
            )
        if state == "42703":
            return EngineUserError(
                "P2022", f"The column does not exist in the current database: {message}", {"column": message}
            )
        return UnknownDatabaseError(message, {"code": state, "message": message})

    def _fields_from_detail(self, table: str | None, detail: str) -> list[str]:
        match = re.search(r"Key \((.+?)\)=", detail)
        columns = [c.strip().strip('"') for c in match.group(1).split(",")] if match else []
        return [self._field(table, c) for c in columns]

    def _field(self, table: str | None, column: str) -> str:
        _model, columns = self.tables.get(table or "", ("", {}))
        return columns.get(column, column)
