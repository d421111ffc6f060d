"""SQLite through the standard library's sqlite3.

Connections: one shared connection for plain queries, guarded by a semaphore, plus one connection
per open interactive transaction (kept for reuse), so that queries outside a transaction go on while
it runs. An in-memory database is one connection only (another would be another database).

Locks: transactions that may write start with `BEGIN IMMEDIATE`, taking SQLite's write lock up front,
so two writers never both read and then fail to upgrade (a deadlock SQLite can only answer with
"database is locked"). The busy timeout is ours, not SQLite's (`PRAGMA busy_timeout = 0`): a
statement that finds the database locked is retried after an asynchronous sleep for up to
`busy_timeout` seconds, so waiting on a lock never blocks the event loop (the embedded transport
shares it with the application). Statements run on the event loop's thread: on a local file they
take microseconds, and a thread hop would cost more than the query.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs

import anyio

from prisma_dynamic.engine.core import EngineUserError, foreign_key_violation, unique_violation
from prisma_dynamic.engine.drivers.base import (
    ConnectionSource,
    DriverConnection,
    UnknownDatabaseError,
    check_failed,
    table_names,
    too_complex,
)
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.env import sqlite_file
from prisma_dynamic.wire import parse_datetime


class _Booleans(dict[bytes, bool]):
    """A BOOLEAN column's text as bool. Prisma writes 1 and 0: those are keys, so sqlite3's
    converter call is one C dict lookup per value (a Python function per value cost ~10% of
    reading 1000 rows); any other text is decided here."""

    def __missing__(self, raw: bytes) -> bool | bytes:
        text = raw.strip().lower()
        if text in (b"1", b"true"):
            return True
        if text in (b"0", b"false"):
            return False
        return raw  # not a Boolean after all: left for the reader to refuse


_boolean = _Booleans({b"1": True, b"0": False, b"true": True, b"false": False}).__getitem__


def _datetime(raw: bytes) -> datetime | str:
    text = raw.decode(errors="replace").strip()
    try:
        if text.lstrip("-").isdigit():  # milliseconds since the epoch, as Prisma stores DateTime
            return datetime.fromtimestamp(int(text) / 1000, tz=timezone.utc)
        return parse_datetime(text.replace(" ", "T", 1))  # CURRENT_TIMESTAMP's text
    except (ValueError, OverflowError):
        return text


def _register_converters() -> None:
    """The converters of Prisma's SQLite column types. sqlite3 keeps them for the whole process and
    uses them only on connections that ask for declared types; a converter someone else registered
    under the same name is kept."""
    for name, convert in (("BOOLEAN", _boolean), ("DATETIME", _datetime)):
        if name not in sqlite3.converters:
            sqlite3.register_converter(name, convert)


T = TypeVar("T")

DEFAULT_BUSY_TIMEOUT = 5.0  # seconds; Prisma's `socket_timeout` URL parameter changes it
_BUSY = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED (primary codes; extended codes add bits above 0xff)
_MAX_IDLE_TRANSACTION_CONNECTIONS = 4


def _busy_timeout(url: str) -> float:
    """Prisma's `socket_timeout` URL parameter: how many seconds to wait for a SQLite lock."""
    query = parse_qs(url.partition("?")[2])
    values = query.get("socket_timeout")
    if not values:
        return DEFAULT_BUSY_TIMEOUT
    try:
        seconds = float(values[-1])
    except ValueError:
        raise EngineUserError(
            "P1013", f"The provided database string is invalid. `socket_timeout` must be a number: {values[-1]!r}", {}
        ) from None
    if not seconds >= 0 or seconds == float("inf"):
        raise EngineUserError("P1013", "The provided database string is invalid. `socket_timeout` must be >= 0", {})
    return seconds


def _is_busy(error: sqlite3.Error) -> bool:
    return isinstance(error, sqlite3.OperationalError) and (getattr(error, "sqlite_errorcode", 0) & 0xFF) in _BUSY


class SqliteConnection(DriverConnection):
    def __init__(self, raw: sqlite3.Connection, driver: SqliteDriver) -> None:
        self.raw = raw
        self.driver = driver

    async def _run(self, sql: str, call: Callable[[], T], raw: bool = False) -> T:
        """``call()``, retried while the database is locked: a statement outside an explicit
        transaction (BEGIN included) or a COMMIT may be retried, as SQLite documents; any other
        statement inside a transaction fails at once (the caller rolls the transaction back)."""
        try:
            return call()
        except sqlite3.Error as error:
            if not _is_busy(error) or not self._retryable(sql):
                raise self.driver.map_error(error, raw) from error
        deadline = time.monotonic() + self.driver.busy_timeout
        delay = 0.001
        while True:
            await anyio.sleep(delay)
            delay = min(delay * 2, 0.05)
            try:
                return call()
            except sqlite3.Error as error:
                if not _is_busy(error) or time.monotonic() >= deadline:
                    raise self.driver.map_error(error, raw) from error

    def _retryable(self, sql: str) -> bool:
        return not self.raw.in_transaction or sql == "COMMIT"

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return await self._run(sql, lambda: self.raw.execute(sql, params).fetchall())

    async def execute(self, sql: str, params: Sequence[Any]) -> tuple[int, Any]:
        cursor = await self._run(sql, lambda: self.raw.execute(sql, params))
        return cursor.rowcount, cursor.lastrowid

    async def raw_query(self, sql: str, params: Sequence[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        def run() -> tuple[list[str], list[tuple[Any, ...]]]:
            cursor = self.raw.execute(sql, params)
            rows = cursor.fetchall()
            return [d[0] for d in cursor.description or ()], rows

        return await self._run(sql, run, raw=True)

    async def begin(self, isolation_level: str | None = None) -> None:
        # SQLite's transactions are serializable whatever is asked (the connector allows only that).
        await self.execute("BEGIN IMMEDIATE", [])

    async def rollback(self) -> None:
        if self.raw.in_transaction:
            await self.execute("ROLLBACK", [])


class SqliteDriver(ConnectionSource):
    @classmethod
    def for_schema(cls, url: str, schema: ir.Schema) -> SqliteDriver:
        return cls(url, table_names(schema))

    def __init__(self, url: str, tables: dict[str, tuple[str, dict[str, str]]]) -> None:
        self.path = sqlite_file(url) or ":memory:"
        # table name -> (model name, column -> field), to name fields in constraint errors
        self.tables = tables
        self.busy_timeout = _busy_timeout(url)
        self.raw: sqlite3.Connection | None = None
        # A semaphore, not a lock: on an in-memory database an interactive transaction takes it in
        # one request and gives it back in another (its commit), which an owner-checked lock refuses.
        self.lock = anyio.Semaphore(1)
        self._idle: list[sqlite3.Connection] = []  # for interactive transactions

    def _open(self) -> sqlite3.Connection:
        try:
            _register_converters()
            # Declared types decide what a raw query returns, as in Prisma (BOOLEAN -> bool, DATETIME ->
            # datetime); the engine's own reads convert by the schema's types and accept either.
            raw = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, detect_types=sqlite3.PARSE_DECLTYPES
            )
            raw.execute("PRAGMA foreign_keys = ON")
            raw.execute("PRAGMA busy_timeout = 0")  # we wait ourselves, without blocking the loop
        except sqlite3.Error as error:
            raise EngineUserError("P1001", f"Can't open the SQLite database at {self.path}: {error}", {}) from error
        return raw

    async def connect(self) -> None:
        if self.path != ":memory:" and not Path(self.path).parent.exists():
            raise EngineUserError(
                "P1003", f"Database file's folder does not exist: {self.path}", {"database_file_path": self.path}
            )
        self.raw = self._open()

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for raw in idle:
            raw.close()
        if self.raw is not None:
            self.raw.close()
            self.raw = None

    def open_connections(self) -> int:
        return 0 if self.raw is None else 1

    @asynccontextmanager
    async def acquire(self, timeout: float | None = None) -> AsyncIterator[DriverConnection]:
        if self.raw is None:
            raise EngineUserError("P1017", "The database connection is closed.", {})
        try:
            self.lock.acquire_nowait()  # the common case, without the cost of a timeout scope
        except anyio.WouldBlock:
            with anyio.fail_after(timeout):
                await self.lock.acquire()
        try:
            yield SqliteConnection(self.raw, self)
        finally:
            self.lock.release()

    @asynccontextmanager
    async def acquire_for_transaction(self, timeout: float | None = None) -> AsyncIterator[DriverConnection]:
        if self.path == ":memory:":
            async with self.acquire(timeout) as conn:
                yield conn
            return
        if self.raw is None:
            raise EngineUserError("P1017", "The database connection is closed.", {})
        raw = self._idle.pop() if self._idle else self._open()
        conn = SqliteConnection(raw, self)
        try:
            yield conn
        finally:
            if raw.in_transaction:
                await conn.rollback_quietly()
            if self.raw is not None and not raw.in_transaction and len(self._idle) < _MAX_IDLE_TRANSACTION_CONNECTIONS:
                self._idle.append(raw)
            else:
                raw.close()

    def map_error(self, error: sqlite3.Error, raw: bool = False) -> EngineUserError:
        message = str(error)
        if isinstance(error, sqlite3.IntegrityError):
            unique = re.match(r"UNIQUE constraint failed: (.+)", message)
            if unique:
                fields = self._fields(unique.group(1))
                return unique_violation(fields)
            if "FOREIGN KEY constraint failed" in message:
                return foreign_key_violation("foreign key")
            if message.startswith("CHECK constraint failed"):
                return check_failed(message)
            not_null = re.match(r"NOT NULL constraint failed: (.+)", message)
            if not_null:
                fields = self._fields(not_null.group(1))
                return EngineUserError(
                    "P2011",
                    f"Null constraint violation on the fields: ({', '.join('`' + f + '`' for f in fields)})",
                    {"constraint": fields},
                )
        if _is_busy(error):
            return EngineUserError(
                "P2034",
                f"Transaction failed due to a write conflict or a deadlock: {message} (still locked after the "
                f"busy timeout of {self.busy_timeout} s). Please retry your transaction",
                {"message": message},
            )
        if raw:
            return EngineUserError(
                "P2010",
                f"Raw query failed. Code: `{getattr(error, 'sqlite_errorcode', 1)}`. Message: `{message}`",
                {"code": str(getattr(error, "sqlite_errorcode", 1)), "message": message},
            )
        if "parser stack overflow" in message or "too many terms" in message or "too large" in message:
            return too_complex(message)
        if "no such table" in message:
            table = message.split(":", 1)[-1].strip()
            return EngineUserError(
                "P2021", f"The table `{table}` does not exist in the current database.", {"table": table}
            )
        if "no such column" in message:
            column = message.split(":", 1)[-1].strip()
            return EngineUserError(
                "P2022", f"The column `{column}` does not exist in the current database.", {"column": column}
            )
        return UnknownDatabaseError(message, {"message": message})

    def _fields(self, spec: str) -> list[str]:
        fields = []
        for qualified in spec.split(","):
            table, _, column = qualified.strip().partition(".")
            _model, columns = self.tables.get(table, ("", {}))
            fields.append(columns.get(column, column))
        return fields
