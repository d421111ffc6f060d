"""The engine's spans, recorded for the client that asked for them and returned in its answer.

As Prisma's engine does, the engine exports nothing itself: a request that asks to be traced (the
embedded transport's ``trace`` flag, or a sampled W3C ``traceparent`` header over HTTP) runs with
a recorder, and the spans it recorded go back in the response body under
``extensions.traces``, where the client turns them into OpenTelemetry spans, children of its
``prisma:client:operation`` span (``prisma_dynamic.tracing.emit_engine_spans``). The engine thus
needs no OpenTelemetry package and, for a request nobody traces, costs one context-variable read
per span (the statements' spans are opened by the engine's one connection wrapper,
`prisma_dynamic.engine.metrics.WatchedConnection`).

Spans: ``prisma:engine:query`` (one request), ``prisma:engine:db_query`` (one statement, with its
text in ``db.query.text`` and ``db.system``; parameters are never recorded, they may hold user
data). A recorded span is ``{"id": n, "parent": n | None, "name": ..., "start": ns, "end": ns,
"attributes": {...}}``: times in nanoseconds since the epoch, ``parent`` None for a span directly
under the client's.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from contextvars import ContextVar
from types import TracebackType
from typing import Any

__all__ = ["recorded_spans", "recording", "span"]

SpanRecord = dict[str, Any]

_spans: ContextVar[list[SpanRecord] | None] = ContextVar("prisma_dynamic_engine_spans", default=None)
# The spans of the request being recorded, or None: read it (`recorded_spans() is None`) to skip
# all span work for a request nobody traces.
recorded_spans = _spans.get
_parent: ContextVar[int | None] = ContextVar("prisma_dynamic_engine_span", default=None)
_NOT_RECORDING = contextlib.nullcontext()


class _Span:
    __slots__ = ("_record", "_token")

    def __init__(self, spans: list[SpanRecord], name: str, attributes: Mapping[str, str | int | bool] | None) -> None:
        self._record: SpanRecord = {
            "id": len(spans),
            "parent": _parent.get(),
            "name": name,
            "start": 0,
            "end": 0,
            "attributes": dict(attributes) if attributes else {},
        }
        spans.append(self._record)  # parents before their children

    def __enter__(self) -> None:
        self._token = _parent.set(self._record["id"])
        self._record["start"] = time.time_ns()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._record["end"] = time.time_ns()
        _parent.reset(self._token)


def span(name: str, attributes: Mapping[str, str | int | bool] | None = None) -> AbstractContextManager[None]:
    """A span of the request being recorded, if it is (else a shared no-op)."""
    spans = _spans.get()
    return _NOT_RECORDING if spans is None else _Span(spans, name, attributes)


@contextlib.contextmanager
def recording() -> Iterator[list[SpanRecord]]:
    """Record the spans of the code inside the block into the list it gives."""
    spans: list[SpanRecord] = []
    token, parent = _spans.set(spans), _parent.set(None)
    try:
        yield spans
    finally:
        _parent.reset(parent)
        _spans.reset(token)
