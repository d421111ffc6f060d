"""SQLite through the standard library's sqlite3.

One connection per database file, guarded by a lock: SQLite serializes writers anyway, and an
interactive transaction owns the connection until it ends. Statements run on the event loop's
thread: on a local file they take microseconds, and a thread hop would cost more than the query.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import anyio

from prisma_dynamic.engine.core import EngineUserError, foreign_key_violation, unique_violation
from prisma_dynamic.engine.drivers.base import ConnectionSource, DriverConnection
from prisma_dynamic.schema.env import sqlite_file
from prisma_dynamic.wire import parse_datetime


def _boolean(raw: bytes) -> bool | bytes:
    text = raw.strip().lower()
    if text in (b"1", b"true"):
        return True
    if text in (b"0", b"false"):
        return False
    return raw  # not a Boolean after all: left for the reader to refuse


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


class SqliteConnection(DriverConnection):
    def __init__(self, raw: sqlite3.Connection, driver: SqliteDriver) -> None:
        self.raw = raw
        self.driver = driver

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        try:
            return self.raw.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise self.driver.map_error(error) from error

    async def execute(self, sql: str, params: Sequence[Any]) -> tuple[int, Any]:
        try:
            cursor = self.raw.execute(sql, params)
        except sqlite3.Error as error:
            raise self.driver.map_error(error) from error
        return cursor.rowcount, cursor.lastrowid

    async def raw_query(self, sql: str, params: Sequence[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        try:
            cursor = self.raw.execute(sql, params)
            rows = cursor.fetchall()
        except sqlite3.Error as error:
            raise self.driver.map_error(error, raw=True) from error
        columns = [d[0] for d in cursor.description or ()]
        return columns, rows


class SqliteDriver(ConnectionSource):
    def __init__(self, url: str, tables: dict[str, tuple[str, dict[str, str]]]) -> None:
        self.path = sqlite_file(url) or ":memory:"
        # table name -> (model name, column -> field), to name fields in constraint errors
        self.tables = tables
        self.raw: sqlite3.Connection | None = None
        # A semaphore, not a lock: an interactive transaction takes it in one request and gives
        # it back in another (its commit), which an owner-checked lock refuses.
        self.lock = anyio.Semaphore(1)

    async def connect(self) -> None:
        if self.path != ":memory:" and not Path(self.path).parent.exists():
            raise EngineUserError(
                "P1003", f"Database file's folder does not exist: {self.path}", {"database_file_path": self.path}
            )
        try:
            _register_converters()
            # Declared types decide what a raw query returns, as in Prisma (BOOLEAN -> bool, DATETIME ->
            # datetime); the engine's own reads convert by the schema's types and accept either.
            raw = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, detect_types=sqlite3.PARSE_DECLTYPES
            )
            raw.execute("PRAGMA foreign_keys = ON")
            raw.execute("PRAGMA busy_timeout = 5000")
        except sqlite3.Error as error:
            raise EngineUserError("P1001", f"Can't open the SQLite database at {self.path}: {error}", {}) from error
        self.raw = raw

    async def close(self) -> None:
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

    def map_error(self, error: sqlite3.Error, raw: bool = False) -> EngineUserError:
        message = str(error)
        if isinstance(error, sqlite3.IntegrityError):
            unique = re.match(r"UNIQUE constraint failed: (.+)", message)
            if unique:
                fields = self._fields(unique.group(1))
                return unique_violation(fields)
            if "FOREIGN KEY constraint failed" in message:
                return foreign_key_violation("foreign key")
            not_null = re.match(r"NOT NULL constraint failed: (.+)", message)
            if not_null:
                fields = self._fields(not_null.group(1))
                return EngineUserError(
                    "P2011",
                    f"Null constraint violation on the fields: ({', '.join('`' + f + '`' for f in fields)})",
                    {"constraint": fields},
                )
        if raw:
            return EngineUserError(
                "P2010",
                f"Raw query failed. Code: `{getattr(error, 'sqlite_errorcode', 1)}`. Message: `{message}`",
                {"code": str(getattr(error, "sqlite_errorcode", 1)), "message": message},
            )
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
        return EngineUserError("P2010", f"Database error: {message}", {"message": message})

    def _fields(self, spec: str) -> list[str]:
        fields = []
        for qualified in spec.split(","):
            table, _, column = qualified.strip().partition(".")
            _model, columns = self.tables.get(table, ("", {}))
            fields.append(columns.get(column, column))
        return fields
