"""What the engine needs from a database driver: a connection to run SQL on, and errors mapped
to Prisma's codes. One implementation per database, behind the optional extras."""

from __future__ import annotations

import contextlib
import logging
import ssl
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import Any

from prisma_dynamic.connection_url import ConnectionSettings
from prisma_dynamic.engine.core import EngineUserError
from prisma_dynamic.schema import ir
from prisma_dynamic.tls import TlsError, tls_context

# Prisma's isolation level names -> SQL (the connector says which a database accepts).
ISOLATION_SQL = {
    "ReadUncommitted": "READ UNCOMMITTED",
    "ReadCommitted": "READ COMMITTED",
    "RepeatableRead": "REPEATABLE READ",
    "Snapshot": "SNAPSHOT",
    "Serializable": "SERIALIZABLE",
}


# Table -> (model, column -> field): how a driver names what a database error is about.
TableNames = dict[str, tuple[str, dict[str, str]]]


def table_names(schema: ir.Schema) -> TableNames:
    return {
        m.db_name: (m.name, {f.db_name: f.name for f in m.scalar_fields}) for m in schema.models if not m.is_ignored
    }


class UnknownDatabaseError(EngineUserError):
    """A database error of an ordinary query that no Prisma code describes. Sent as Prisma's engine
    sends such errors: a user-facing message without an error code (the client raises it as an
    ``EngineRequestError``), not as P2010, which is the code of failed raw queries."""

    def __init__(self, message: str, meta: dict[str, Any] | None = None) -> None:
        super().__init__("", f"Database error: {message}", meta)

    def to_json(self) -> dict[str, Any]:
        return {"error": self.message, "user_facing_error": {"is_panic": False, "message": self.message}}


def too_complex(message: str) -> EngineUserError:
    """The database refused a query as too deeply nested or too large to parse."""
    return EngineUserError(
        "P2009",
        f"Failed to validate the query: the database cannot run a query this deeply nested or this large ({message}).",
        {"kind": "QueryTooComplex", "message": message},
    )


def value_out_of_range(message: str) -> EngineUserError:
    return EngineUserError("P2020", f"Value out of range for the type. {message}", {"details": message})


def check_failed(message: str) -> EngineUserError:
    return EngineUserError("P2004", f"A constraint failed on the database: `{message}`", {"database_error": message})


def connection_closed(message: str) -> EngineUserError:
    return EngineUserError("P1017", f"Server has closed the connection. ({message})", {})


def tls_failed(error: Exception) -> EngineUserError:
    """TLS could not be set up or the handshake failed (Prisma's P1011, its wording). An
    `ssl.SSLError` is an OSError: it must be caught before "can't reach the server" (P1001)."""
    what = str(error)
    if isinstance(error, ssl.SSLError) and error.reason:
        detail = getattr(error, "verify_message", None)  # what was wrong with the certificate
        if error.reason == "WRONG_VERSION_NUMBER":  # the bytes that came back were not TLS
            detail = "the server answered without TLS: is TLS turned on at the server?"
        what = f"{error.reason} ({detail})" if detail else error.reason
    return EngineUserError("P1011", f"Error opening a TLS connection: {what}", {"message": str(error)})


def tls_cause(error: BaseException) -> ssl.SSLError | None:
    """The TLS failure under a driver's connection error, if that is what it was (asyncmy wraps
    the handshake's error in its "can't connect" OperationalError)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def client_tls(settings: ConnectionSettings) -> ssl.SSLContext | None:
    """The TLS context the URL asks for (`prisma_dynamic.tls`), or None for a plain connection."""
    try:
        return tls_context(settings.tls)
    except TlsError as error:
        raise tls_failed(error) from None


def pool_timeout(wait: float, connection_limit: int) -> EngineUserError:
    """No pooled connection came free within the pool timeout (Prisma's P2024, its wording)."""
    return EngineUserError(
        "P2024",
        f"Timed out fetching a new connection from the connection pool. (Current connection pool timeout: "
        f"{wait}, connection limit: {connection_limit})",
        {"connection_limit": connection_limit, "timeout": wait},
    )


def too_many_connections(message: str) -> EngineUserError:
    return EngineUserError("P2037", f"Too many database connections opened: {message}", {"message": message})


class DriverConnection:
    """One database connection. Transactions are begun and ended through :meth:`begin`,
    :meth:`commit` and :meth:`rollback`, so each database can say how (isolation levels, SQLite's
    `BEGIN IMMEDIATE`) and a failed COMMIT never leaves the connection inside the transaction."""

    async def begin(self, isolation_level: str | None = None) -> None:
        """Start a transaction; ``isolation_level`` is a Prisma level name the connector accepts."""
        if isolation_level is None:
            await self.execute("BEGIN", [])
        else:
            await self.execute(f"BEGIN ISOLATION LEVEL {ISOLATION_SQL[isolation_level]}", [])

    async def commit(self) -> None:
        """COMMIT; when it fails the transaction is rolled back before the error is raised."""
        try:
            await self.execute("COMMIT", [])
        except BaseException:
            await self.rollback_quietly()
            raise

    async def rollback(self) -> None:
        await self.execute("ROLLBACK", [])

    async def rollback_quietly(self) -> None:
        """ROLLBACK whatever is left of a failed transaction (nothing may be left: no error then)."""
        with contextlib.suppress(EngineUserError):
            await self.rollback()

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    async def execute(self, sql: str, params: Sequence[Any]) -> tuple[int, Any]:
        """-> (rows affected, last inserted id where the database reports one)."""
        raise NotImplementedError

    async def raw_query(self, sql: str, params: Sequence[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        raise NotImplementedError


class ConnectionSource:
    """Hands out connections: one for SQLite, a pool for the servers."""

    # What the server says it is (`SELECT VERSION()`), read once when the driver connects, for
    # drivers whose connector serves servers that differ (MySQL and MariaDB); None elsewhere.
    server_version: str | None = None

    @classmethod
    def for_schema(cls, url: str, schema: ir.Schema) -> ConnectionSource:
        """The driver for a database `url` holding `schema`'s tables: how the engine builds one."""
        raise NotImplementedError

    async def connect(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    def acquire(self, timeout: float | None = None) -> AbstractAsyncContextManager[DriverConnection]:
        """A connection for the caller alone until the context ends; `timeout`: how long to wait."""
        raise NotImplementedError

    def open_connections(self) -> int:
        """How many connections to the database are open now (a metric)."""
        raise NotImplementedError

    def acquire_for_transaction(self, timeout: float | None = None) -> AbstractAsyncContextManager[DriverConnection]:
        """A connection for an interactive transaction, held across requests until it ends."""
        return self.acquire(timeout)


class WrappedConnection(DriverConnection):
    """Another connection, each of whose statements runs inside `around(sql, params)`: how the
    query log, the metrics and the traces watch what is sent. Transactions are begun and ended the
    inner driver's way (isolation levels, SQLite's `BEGIN IMMEDIATE`, the rollback after a failed
    COMMIT), each watched as one statement."""

    def __init__(self, inner: DriverConnection) -> None:
        self.inner = inner

    def around(self, sql: str, params: Sequence[Any]) -> AbstractContextManager[None]:
        raise NotImplementedError

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self.around(sql, params):
            return await self.inner.fetch(sql, params)

    async def execute(self, sql: str, params: Sequence[Any]) -> tuple[int, Any]:
        with self.around(sql, params):
            return await self.inner.execute(sql, params)

    async def raw_query(self, sql: str, params: Sequence[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self.around(sql, params):
            return await self.inner.raw_query(sql, params)

    async def begin(self, isolation_level: str | None = None) -> None:
        with self.around(f"BEGIN {isolation_level}" if isolation_level else "BEGIN", ()):
            await self.inner.begin(isolation_level)

    async def commit(self) -> None:
        with self.around("COMMIT", ()):
            await self.inner.commit()

    async def rollback(self) -> None:
        with self.around("ROLLBACK", ()):
            await self.inner.rollback()


class LoggedConnection(WrappedConnection):
    """Logs every statement once it has run, with its duration: the engine's query log.

    Parameters are logged only when asked (`with_params`, env `PRISMA_DYNAMIC_LOG_PARAMS=1`): they
    hold user data. Each record also carries `sql`, `params` and `duration_ms` attributes for
    structured handlers."""

    def __init__(self, inner: DriverConnection, log: logging.Logger, level: int, with_params: bool = False) -> None:
        super().__init__(inner)
        self.log = log
        self.level = level
        self.with_params = with_params

    @contextlib.contextmanager
    def around(self, sql: str, params: Sequence[Any]) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            duration = (time.perf_counter() - started) * 1000
            shown = list(params) if self.with_params else None
            extra = {"sql": sql, "params": shown, "duration_ms": duration}
            if shown is None:
                self.log.log(self.level, "%s (%.2f ms)", sql, duration, extra=extra)
            else:
                self.log.log(self.level, "%s %s (%.2f ms)", sql, shown, duration, extra=extra)
