"""MySQL and MariaDB through asyncmy (the `mysql` extra), with a pool sized as Prisma sizes it.

asyncmy parses the protocol and converts rows in Cython: 1000 rows cost ~0.3 ms of CPU where the
pure-Python aiomysql spent ~6 ms (docs/decisions/mysql-driver.md, `python -m bench.mysql_drivers`).
Statements go as text (client-side escaping), not as server-side prepared statements: see there."""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Any

import anyio

from prisma_dynamic.connection_url import ConnectionSettings, parse_url
from prisma_dynamic.engine.core import EngineUserError, foreign_key_violation, unique_violation
from prisma_dynamic.engine.drivers.base import (
    ISOLATION_SQL,
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
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.connectors.mysql import MySqlConnector

try:
    import asyncmy
    from asyncmy.cursors import Cursor
except ImportError:  # pragma: no cover - depends on the installed extras
    asyncmy = None  # type: ignore[assignment]


if asyncmy is not None:

    class _QuietCursor(Cursor):
        """A cursor that does not ask for the server's warnings after a statement that has some:
        `INSERT IGNORE` (createMany with skipDuplicates) warns once per skipped row, which would
        cost a `SHOW WARNINGS` round trip and reach the user as log warnings."""

        async def _show_warnings(self, conn: Any) -> None:
            return None


class MysqlConnection(DriverConnection):
    """One checkout of a server connection. Its statements share one cursor: a cursor made and
    closed per statement was an object, a coroutine for its close and a pass over its result per
    statement (each execute clears the cursor's last result, and none is left unread: every
    result is buffered)."""

    def __init__(self, raw: Any, driver: MysqlDriver) -> None:
        self.raw = raw
        self.driver = driver
        self.cursor = raw.cursor()

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        try:
            cursor = self.cursor
            await cursor.execute(sql, tuple(params) or None)
            return list(await cursor.fetchall())
        except Exception as error:
            raise self.driver.map_error(error) from error

    async def execute(self, sql: str, params: Sequence[Any]) -> tuple[int, Any]:
        try:
            cursor = self.cursor
            await cursor.execute(sql, tuple(params) or None)
            return cursor.rowcount, cursor.lastrowid
        except Exception as error:
            raise self.driver.map_error(error) from error

    async def begin(self, isolation_level: str | None = None) -> None:
        # MySQL has no BEGIN ISOLATION LEVEL: SET TRANSACTION (without SESSION) sets the level of
        # the next transaction on this connection only; set after START TRANSACTION it would be ignored.
        if isolation_level is not None:
            await self.execute(f"SET TRANSACTION ISOLATION LEVEL {ISOLATION_SQL[isolation_level]}", [])
        await self.execute("START TRANSACTION", [])

    async def raw_query(self, sql: str, params: Sequence[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        try:
            cursor = self.cursor
            await cursor.execute(sql, tuple(params) or None)
            rows = list(await cursor.fetchall())
            columns = [d[0] for d in cursor.description or ()]
        except Exception as error:
            raise self.driver.map_error(error, raw=True) from error
        return columns, rows


class MysqlDriver(ConnectionSource):
    @classmethod
    def for_schema(cls, url: str, schema: ir.Schema) -> MysqlDriver:
        return cls(url, table_names(schema), _unique_constraint_fields(schema))

    def __init__(
        self,
        url: str,
        tables: dict[str, tuple[str, dict[str, str]]],
        unique_names: dict[str, list[str]] | None = None,
    ) -> None:
        if asyncmy is None:
            raise EngineUserError("P1012", "MySQL needs the asyncmy driver: pip install 'prisma-dynamic[mysql]'", {})
        self.settings: ConnectionSettings = parse_url(url, 3306)
        self.tables = tables
        self.unique_names = unique_names or {}
        self.pool: Any = None

    async def connect(self) -> None:
        settings = self.settings
        tls = client_tls(settings)
        try:
            self.pool = await asyncmy.create_pool(
                host=settings.host,
                port=settings.port or 3306,
                unix_socket=settings.params.get("socket"),
                ssl=tls,
                user=settings.user or "root",
                password=settings.password,
                database=settings.database,
                minsize=1,
                maxsize=max(settings.connection_limit, 1),
                autocommit=True,
                connect_timeout=settings.connect_timeout or 31_536_000,  # Prisma's 0: no limit (asyncmy's maximum)
                charset="utf8mb4",
                cursor_cls=_QuietCursor,
            )
            # On the pool's first connection: the connector reads what RETURNING it offers.
            async with self.pool.acquire() as raw, raw.cursor() as cursor:
                await cursor.execute("SELECT VERSION()")
                (self.server_version,) = await cursor.fetchone()
        except Exception as error:
            cause = tls_cause(error)
            raise (self.map_error(error) if cause is None else tls_failed(cause)) from error

    async def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            await self.pool.wait_closed()
            self.pool = None

    def open_connections(self) -> int:
        return 0 if self.pool is None else int(self.pool.size)

    def acquire(self, timeout: float | None = None) -> AbstractAsyncContextManager[DriverConnection]:
        return _Checkout(self, timeout)

    def map_error(self, error: BaseException, raw: bool = False) -> EngineUserError:
        code = error.args[0] if error.args and isinstance(error.args[0], int) else None
        message = str(error.args[1]) if len(error.args) > 1 else str(error)
        where = f"{self.settings.host}:{self.settings.port}"
        if isinstance(error, OSError) or code in (2002, 2003, 2005, 2013):
            return EngineUserError(
                "P1001",
                f"Can't reach database server at `{where}`. Please make sure your database server is running at "
                f"`{where}`.",
                {"database_host": self.settings.host, "database_port": self.settings.port},
            )
        if code == 1062:
            key = re.search(r"for key '(?:[^'.]*\.)?([^']+)'", message)
            fields = self.unique_names.get(key.group(1), [key.group(1)]) if key else []
            return unique_violation(fields, key.group(1) if key else "?")
        if code in (1451, 1452):
            constraint = re.search(r"CONSTRAINT `([^`]+)`", message)
            name = constraint.group(1) if constraint else "foreign key"
            return foreign_key_violation(name)
        if code in (1048, 1364):
            column = re.search(r"'([^']+)'", message)
            return EngineUserError(
                "P2011",
                f"Null constraint violation on the fields: (`{column.group(1) if column else '?'}`)",
                {"constraint": [column.group(1)] if column else []},
            )
        if code == 1406:
            column = re.search(r"column '([^']+)'", message)
            return EngineUserError(
                "P2000",
                "The provided value for the column is too long for the column's type. "
                f"Column: {column.group(1) if column else '?'}",
                {"column_name": column.group(1) if column else "?"},
            )
        if code == 1049:
            return EngineUserError("P1003", f"Database `{self.settings.database}` does not exist on `{where}`.", {})
        if code in (1213, 1205):
            return EngineUserError(
                "P2034", "Transaction failed due to a write conflict or a deadlock. Please retry your transaction", {}
            )
        if code == 1040:
            return too_many_connections(message)
        if code == 2006:
            return connection_closed(message)
        if raw:
            return EngineUserError(
                "P2010",
                f"Raw query failed. Code: `{code}`. Message: `{message}`",
                {"code": str(code), "message": message},
            )
        if code == 1146:
            return EngineUserError(
                "P2021", f"The table does not exist in the current database: {message}", {"table": message}
            )
        if code in (1436, 3636, 1153):  # thread stack overrun, recursion too deep, packet too large
            return too_complex(message)
        if code in (1264, 1690, 1441):  # out of range value, BIGINT out of range, datetime overflow
            return value_out_of_range(message)
        if code in (3819, 4025):  # check constraint violated (MySQL, MariaDB)
            return check_failed(message)
        return UnknownDatabaseError(message, {"code": str(code), "message": message})


class _Checkout:
    """One connection of asyncmy's pool for the caller alone, given back when the context ends.
    A class, not a generator: every request outside a transaction takes one. The pool hands out
    only a free connection whose stream is open, and closes one given back inside a transaction."""

    __slots__ = ("_pool", "_raw", "_source", "_timeout")

    def __init__(self, source: MysqlDriver, timeout: float | None) -> None:
        self._source = source
        self._timeout = timeout
        self._pool: Any = None
        self._raw: Any = None

    async def __aenter__(self) -> DriverConnection:
        source = self._source
        pool = source.pool
        if pool is None:
            raise EngineUserError("P1017", "The database connection pool is closed.", {})
        wait = source.settings.pool_timeout if self._timeout is None else self._timeout
        try:
            if pool.freesize:
                # A free connection is handed out without waiting: no timer (a cancel scope costs
                # ~13 µs, a tenth of a find by primary key). Replacing a broken one is bounded by
                # connect_timeout.
                raw = await pool.acquire()
            else:
                with anyio.fail_after(wait):
                    raw = await pool.acquire()
        except TimeoutError:
            raise pool_timeout(wait, source.settings.connection_limit) from None
        self._pool, self._raw = pool, raw
        return MysqlConnection(raw, source)

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._pool.release(self._raw)


def _unique_constraint_fields(schema: ir.Schema) -> dict[str, list[str]]:
    """Unique constraint names -> fields: MySQL names only the constraint when one is violated."""
    names: dict[str, list[str]] = {}
    for model in schema.models:
        for index in model.unique_indexes:
            columns = [model.field(f).db_name if model.get_field(f) else f for f in index.field_names]
            name = index.map or f"{model.db_name}_{'_'.join(columns)}_key"
            names[name[: MySqlConnector.max_identifier_length]] = list(index.field_names)
    return names
