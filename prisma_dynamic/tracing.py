"""OpenTelemetry spans with Prisma's span names, when `opentelemetry-api` is installed.

Nothing here is required: without the package every span is a no-op context manager. With it,
spans go to whatever tracer provider the application configured (none: OpenTelemetry's no-op).
Names follow Prisma's tracing: `prisma:client:operation` (one per query, with `model`, `method`
and `name` attributes), `prisma:client:connect`, `prisma:engine:query` (the engine's handling of
one request), `prisma:engine:db_query` (one per SQL statement, with `db.query.text` and
`db.system`). As with Prisma, the engine exports nothing: when the current span records (an SDK
is set up and samples it), each request asks the engine for its spans (the embedded transport by
a flag, the HTTP ones by a W3C `traceparent` header), the engine returns them in its answer
(`prisma_dynamic.engine.tracing`) and :func:`emit_engine_spans` turns them into spans under
`prisma:client:operation`, with the engine's own start and end times. The same on every transport.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

try:
    from opentelemetry import trace as _otel_trace
except ImportError:  # tracing is optional
    _otel_trace = None  # type: ignore[assignment]

__all__ = [
    "batch_attributes",
    "capturing",
    "emit_engine_spans",
    "enabled",
    "operation_attributes",
    "operation_span",
    "span",
    "traceparent",
]

TRACER_NAME = "prisma_dynamic"
_tracer: Any = None
_provider_set = False
_looked = False  # `get_tracer_provider()` was asked once (`enabled`)


def enabled() -> bool:
    """Whether spans go anywhere: the package is installed and the application has set a tracer
    provider. Until it does, OpenTelemetry's global provider is a proxy whose spans are dropped;
    making them would still cost a quarter of a small query (context set and reset per span).
    A provider, once set, stays (OpenTelemetry refuses a second one). Asked twice per query:
    after the first `get_tracer_provider()` (which also loads a provider named by the
    environment, `OTEL_PYTHON_TRACER_PROVIDER`), OpenTelemetry's own global is read instead,
    where `get_tracer_provider()` would look the environment up again on every call."""
    global _provider_set, _looked
    if _provider_set:
        return True
    if _otel_trace is None or (_looked and getattr(_otel_trace, "_TRACER_PROVIDER", True) is None):
        return False
    _looked = True
    _provider_set = not isinstance(_otel_trace.get_tracer_provider(), _otel_trace.ProxyTracerProvider)
    return _provider_set


def _get_tracer() -> Any:
    global _tracer
    if _tracer is None:
        _tracer = _otel_trace.get_tracer(TRACER_NAME)
    return _tracer


def span(name: str, attributes: Mapping[str, str | int | bool] | None = None) -> contextlib.AbstractContextManager[Any]:
    """A span named `name`, current for the duration of the `with` block (or a no-op)."""
    if not enabled():
        return contextlib.nullcontext()
    return _get_tracer().start_as_current_span(name, attributes=dict(attributes) if attributes else None)  # type: ignore[no-any-return]


_NO_SPAN = contextlib.nullcontext()  # reusable: it holds nothing


def operation_span(request: Mapping[str, Any]) -> contextlib.AbstractContextManager[Any]:
    """The `prisma:client:operation` span of one JSON-protocol query; its attributes are only
    made when spans go somewhere (this runs once per query, most often with tracing off)."""
    if not enabled():
        return _NO_SPAN
    return span("prisma:client:operation", operation_attributes(request))


def operation_attributes(request: Mapping[str, Any]) -> dict[str, str]:
    """The attributes of `prisma:client:operation` for a JSON-protocol query: model, method
    (the protocol action) and `Model.method` (the action alone for raw queries)."""
    model, method = str(request.get("modelName") or ""), str(request.get("action") or "")
    return {"model": model, "method": method, "name": f"{model}.{method}" if model else method}


def batch_attributes(batch: Mapping[str, Any]) -> dict[str, str]:
    """The attributes of the `prisma:client:operation` span of a batch (`batch_()`, a batch
    transaction): method `batch`, and the model when all its queries are on one."""
    models = {str(query.get("modelName") or "") for query in batch.get("batch") or ()}
    model = models.pop() if len(models) == 1 else ""
    return {"model": model, "method": "batch", "name": f"{model}.batch" if model else "batch"}


def capturing() -> bool:
    """Whether the engine's spans are wanted: the current span records them."""
    return enabled() and bool(_otel_trace.get_current_span().is_recording())


def traceparent() -> str:
    """The W3C `traceparent` of the current span (call when :func:`capturing`)."""
    context = _otel_trace.get_current_span().get_span_context()
    return f"00-{context.trace_id:032x}-{context.span_id:016x}-{int(context.trace_flags):02x}"


def emit_engine_spans(records: Sequence[Mapping[str, Any]]) -> None:
    """Spans the engine recorded for one request, as children of the current span (the client's
    operation), with the engine's start and end times. Malformed records are skipped."""
    if _otel_trace is None or not records:
        return
    tracer = _get_tracer()
    parent = _otel_trace.get_current_span()
    made: dict[Any, Any] = {}
    for record in records:
        try:
            owner = made.get(record["parent"], parent) if record["parent"] is not None else parent
            attributes = {str(k): v for k, v in record["attributes"].items() if isinstance(v, (str, int, bool))}
            engine_span = tracer.start_span(
                str(record["name"]),
                context=_otel_trace.set_span_in_context(owner),
                attributes=attributes,
                start_time=int(record["start"]),
            )
            engine_span.end(end_time=int(record["end"]))
            made[record["id"]] = engine_span
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
