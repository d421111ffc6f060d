"""What the engine needs from a database driver: a connection to run SQL on, and errors mapped
to Prisma's codes. One implementation per database, behind the optional extras."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any


class DriverConnection:
    async def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    async def execute(self, sql: str, params: Sequence[Any]) -> tuple[int, Any]:
        """-> (rows affected, last inserted id where the database reports one)."""
        raise NotImplementedError

    async def raw_query(self, sql: str, params: Sequence[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        raise NotImplementedError


class ConnectionSource:
    """Hands out connections: one for SQLite, a pool for the servers."""

    async def connect(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    def acquire(self, timeout: float | None = None) -> AbstractAsyncContextManager[DriverConnection]:
        """A connection for the caller alone until the context ends; `timeout`: how long to wait."""
        raise NotImplementedError
