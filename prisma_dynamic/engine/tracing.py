"""The engine's spans: `prisma:engine:db_query` around every statement sent to the database.

Only in use when OpenTelemetry is installed (`prisma_dynamic.tracing`); the statement's text is
recorded, its parameters never are (they may hold user data).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from prisma_dynamic.engine.drivers.base import DriverConnection
from prisma_dynamic.tracing import span

__all__ = ["TracedConnection"]


class TracedConnection(DriverConnection):
    """A connection whose statements each run inside a `prisma:engine:db_query` span."""

    __slots__ = ("inner", "system")

    def __init__(self, inner: DriverConnection, system: str) -> None:
        self.inner = inner
        self.system = system

    def _span(self, sql: str) -> Any:
        return span("prisma:engine:db_query", {"db.system": self.system, "db.query.text": sql})

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self._span(sql):
            return await self.inner.fetch(sql, params)

    async def execute(self, sql: str, params: Sequence[Any]) -> tuple[int, Any]:
        with self._span(sql):
            return await self.inner.execute(sql, params)

    async def raw_query(self, sql: str, params: Sequence[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self._span(sql):
            return await self.inner.raw_query(sql, params)

    # Transactions are the inner connection's own (SQLite's BEGIN IMMEDIATE, isolation levels).
    async def begin(self, isolation_level: str | None = None) -> None:
        with self._span("BEGIN"):
            await self.inner.begin(isolation_level)

    async def commit(self) -> None:
        with self._span("COMMIT"):
            await self.inner.commit()

    async def rollback(self) -> None:
        with self._span("ROLLBACK"):
            await self.inner.rollback()
