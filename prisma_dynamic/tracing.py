"""OpenTelemetry spans with Prisma's span names, when `opentelemetry-api` is installed.

Nothing here is required: without the package every span is a no-op context manager. With it,
spans go to whatever tracer provider the application configured (none: OpenTelemetry's no-op).
Names follow Prisma's tracing: `prisma:client:operation` (one per query, with `model`, `method`
and `name` attributes), `prisma:client:connect`, `prisma:engine:query` (the engine's handling of
one request), `prisma:engine:db_query` (one per SQL statement, with `db.query.text` and
`db.system`). Engine spans are recorded where the engine runs: in-process with the embedded
transport; an engine process has no exporter of its own, so over HTTP the client spans are the
ones an application sees.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

try:
    from opentelemetry import trace as _otel_trace
except ImportError:  # tracing is optional
    _otel_trace = None  # type: ignore[assignment]

__all__ = ["enabled", "operation_attributes", "span"]

TRACER_NAME = "prisma_dynamic"
_tracer: Any = None
_provider_set = False


def enabled() -> bool:
    """Whether spans go anywhere: the package is installed and the application has set a tracer
    provider. Until it does, OpenTelemetry's global provider is a proxy whose spans are dropped;
    making them would still cost a quarter of a small query (context set and reset per span).
    A provider, once set, stays (OpenTelemetry refuses a second one)."""
    global _provider_set
    if not _provider_set and _otel_trace is not None:
        _provider_set = not isinstance(_otel_trace.get_tracer_provider(), _otel_trace.ProxyTracerProvider)
    return _provider_set


def span(name: str, attributes: Mapping[str, str | int | bool] | None = None) -> contextlib.AbstractContextManager[Any]:
    """A span named `name`, current for the duration of the `with` block (or a no-op)."""
    global _tracer
    if not enabled():
        return contextlib.nullcontext()
    if _tracer is None:
        # A proxy until the application sets a provider; it follows the provider set later.
        _tracer = _otel_trace.get_tracer(TRACER_NAME)
    return _tracer.start_as_current_span(name, attributes=dict(attributes) if attributes else None)  # type: ignore[no-any-return]


def operation_attributes(request: Mapping[str, Any]) -> dict[str, str]:
    """The attributes of `prisma:client:operation` for a JSON-protocol query: model, method
    (the protocol action) and `Model.method` (the action alone for raw queries)."""
    model, method = str(request.get("modelName") or ""), str(request.get("action") or "")
    return {"model": model, "method": method, "name": f"{model}.{method}" if model else method}
