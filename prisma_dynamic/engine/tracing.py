"""The engine's spans: `prisma:engine:db_query` around every statement sent to the database.

Only in use when OpenTelemetry is installed (`prisma_dynamic.tracing`); the statement's text is
recorded, its parameters never are (they may hold user data).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from prisma_dynamic.engine.drivers.base import DriverConnection, WrappedConnection
from prisma_dynamic.tracing import span

__all__ = ["TracedConnection"]


class TracedConnection(WrappedConnection):
    """A connection whose statements each run inside a `prisma:engine:db_query` span."""

    def __init__(self, inner: DriverConnection, system: str) -> None:
        super().__init__(inner)
        self.system = system

    def around(self, sql: str, params: Sequence[Any]) -> AbstractContextManager[None]:
        return span("prisma:engine:db_query", {"db.system": self.system, "db.query.text": sql})
