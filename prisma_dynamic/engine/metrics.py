"""The engine's metrics, with the names, kinds and buckets of Prisma's (`GET /metrics`).

Counters count since the engine started; gauges are the current value; histograms (milliseconds)
hold one count per bucket, as Prisma's JSON does (the Prometheus text makes them cumulative).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from contextlib import AbstractContextManager
from time import perf_counter
from types import TracebackType
from typing import Any

from prisma_dynamic.engine.drivers.base import DriverConnection, WrappedConnection
from prisma_dynamic.engine.tracing import recorded_spans, span

__all__ = ["BUCKETS_MS", "EngineMetrics", "Histogram", "WatchedConnection"]

# Prisma's bucket bounds, in milliseconds; a duration goes to the first bound it does not exceed.
BUCKETS_MS: tuple[float, ...] = (0, 1, 5, 10, 50, 100, 500, 1000, 5000, 50000)


class Histogram:
    __slots__ = ("count", "counts", "sum")

    def __init__(self) -> None:
        self.counts = [0] * len(BUCKETS_MS)
        self.sum = 0.0
        self.count = 0

    def observe(self, milliseconds: float) -> None:
        self.sum += milliseconds
        self.count += 1
        bucket = bisect_left(BUCKETS_MS, milliseconds)  # the first bound >= milliseconds
        if bucket < len(BUCKETS_MS):  # beyond the last bound: only in the total (Prometheus' `+Inf`)
            self.counts[bucket] += 1

    def to_json(self) -> dict[str, Any]:
        buckets = [[bound, count] for bound, count in zip(BUCKETS_MS, self.counts, strict=True)]
        return {"buckets": buckets, "sum": self.sum, "count": self.count}


class EngineMetrics:
    """What the query engine records as it runs."""

    def __init__(self) -> None:
        self.client_queries = 0
        self.datasource_queries = 0
        self.active_queries = 0
        self.waiting_queries = 0
        self.busy_connections = 0
        self.client_duration = Histogram()
        self.wait_duration = Histogram()
        self.datasource_duration = Histogram()

    def snapshot(self, open_connections: int) -> dict[str, Any]:
        """The `/metrics` body; `open_connections`: how many the driver holds open now."""
        idle = max(open_connections - self.busy_connections, 0)
        counters = {
            "prisma_client_queries_total": self.client_queries,
            "prisma_datasource_queries_total": self.datasource_queries,
        }
        gauges = {
            "prisma_client_queries_active": self.active_queries,
            "prisma_client_queries_wait": self.waiting_queries,
            "prisma_pool_connections_busy": self.busy_connections,
            "prisma_pool_connections_idle": idle,
            "prisma_pool_connections_open": open_connections,
        }
        histograms = {
            "prisma_client_queries_duration_histogram_ms": self.client_duration,
            "prisma_client_queries_wait_histogram_ms": self.wait_duration,
            "prisma_datasource_queries_duration_histogram_ms": self.datasource_duration,
        }
        return {
            "counters": [_metric(key, value) for key, value in counters.items()],
            "gauges": [_metric(key, value) for key, value in gauges.items()],
            "histograms": [_metric(key, histogram.to_json()) for key, histogram in histograms.items()],
        }


# Prisma's descriptions of its metrics.
_DESCRIPTIONS = {
    "prisma_client_queries_total": "Total number of Prisma Client queries executed",
    "prisma_datasource_queries_total": "Total number of Datasource Queries executed",
    "prisma_client_queries_active": "Number of currently active Prisma Client queries",
    "prisma_client_queries_wait": "Number of Prisma Client queries currently waiting for a connection",
    "prisma_pool_connections_busy": "Number of currently busy pool connections (executing a datasource query)",
    "prisma_pool_connections_idle": (
        "Number of currently unused pool connections (waiting for the next pool query to run)"
    ),
    "prisma_pool_connections_open": "Number of currently open pool connections",
    "prisma_client_queries_duration_histogram_ms": (
        "Histogram of the duration of all executed Prisma Client queries in ms"
    ),
    "prisma_client_queries_wait_histogram_ms": "Histogram of the wait time of all Prisma Client Queries in ms",
    "prisma_datasource_queries_duration_histogram_ms": (
        "Histogram of the duration of all executed Datasource Queries in ms"
    ),
}


def _metric(key: str, value: Any) -> dict[str, Any]:
    return {"key": key, "labels": {}, "value": value, "description": _DESCRIPTIONS[key]}


class WatchedConnection(WrappedConnection):
    """The one wrapper through which the engine sees each statement: counted and timed for the
    datasource metrics, and run inside a `prisma:engine:db_query` span when the request is traced
    (`tracing.py`). One object, and for an untraced statement no context manager: the fetches and
    executes are the engine's hottest path."""

    def __init__(self, inner: DriverConnection, metrics: EngineMetrics, system: str) -> None:
        super().__init__(inner)
        self.metrics = metrics
        self.system = system

    def _ran(self, started: float) -> None:
        metrics = self.metrics
        metrics.datasource_queries += 1
        metrics.datasource_duration.observe((perf_counter() - started) * 1000)

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        if recorded_spans() is not None:
            with self.around(sql, params):
                return await self.inner.fetch(sql, params)
        started = perf_counter()
        try:
            return await self.inner.fetch(sql, params)
        finally:
            self._ran(started)

    async def execute(self, sql: str, params: Sequence[Any]) -> tuple[int, Any]:
        if recorded_spans() is not None:
            with self.around(sql, params):
                return await self.inner.execute(sql, params)
        started = perf_counter()
        try:
            return await self.inner.execute(sql, params)
        finally:
            self._ran(started)

    def around(self, sql: str, params: Sequence[Any]) -> AbstractContextManager[None]:
        # Raw queries, BEGIN, COMMIT and ROLLBACK (WrappedConnection), and traced statements.
        return _Watch(self, sql)


class _Watch:
    __slots__ = ("_conn", "_span", "_started")

    def __init__(self, conn: WatchedConnection, sql: str) -> None:
        self._conn = conn
        self._span = span("prisma:engine:db_query", {"db.system": conn.system, "db.query.text": sql})
        self._started = 0.0

    def __enter__(self) -> None:
        self._span.__enter__()
        self._started = perf_counter()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._conn._ran(self._started)
        self._span.__exit__(exc_type, exc, tb)
