"""`db.get_metrics()`: the engine's counters, gauges and histograms, as Prisma reports them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, NamedTuple, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class HistogramBucket(NamedTuple):
    """One bucket of a histogram: the values up to `max_value` (above the previous bucket's)."""

    max_value: float
    total_count: int


class MetricHistogram(BaseModel):
    sum: float
    count: int
    buckets: list[HistogramBucket] = Field(default_factory=list)


class Metric(BaseModel, Generic[T]):
    key: str
    value: T
    labels: dict[str, str] = Field(default_factory=dict)
    description: str = ""


class Metrics(BaseModel):
    counters: list[Metric[int]] = Field(default_factory=list)
    gauges: list[Metric[float]] = Field(default_factory=list)
    histograms: list[Metric[MetricHistogram]] = Field(default_factory=list)

    def prometheus(self, global_labels: Mapping[str, str] | None = None) -> str:
        """The Prometheus text exposition format."""
        lines: list[str] = []
        for kind, metrics in (("counter", self.counters), ("gauge", self.gauges)):
            for metric in metrics:
                lines.append(f"# HELP {metric.key} {metric.description}")
                lines.append(f"# TYPE {metric.key} {kind}")
                lines.append(f"{metric.key}{_labels(metric.labels, global_labels)} {metric.value}")
        for histogram in self.histograms:
            lines.append(f"# HELP {histogram.key} {histogram.description}")
            lines.append(f"# TYPE {histogram.key} histogram")
            labels = {**(global_labels or {}), **histogram.labels}
            cumulative = 0  # Prometheus' buckets count everything up to their bound
            for bound, count in histogram.value.buckets:
                cumulative += count
                lines.append(f"{histogram.key}_bucket{_labels({**labels, 'le': f'{bound:g}'})} {cumulative}")
            lines.append(f"{histogram.key}_bucket{_labels({**labels, 'le': '+Inf'})} {histogram.value.count}")
            lines.append(f"{histogram.key}_sum{_labels(labels)} {histogram.value.sum}")
            lines.append(f"{histogram.key}_count{_labels(labels)} {histogram.value.count}")
        return "\n".join(lines) + "\n"


def _labels(labels: Mapping[str, str], extra: Mapping[str, str] | None = None) -> str:
    merged = {**(extra or {}), **labels}
    if not merged:
        return ""
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in merged.items())
    return "{" + inner + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def metrics_result(payload: Any, format: str, global_labels: Mapping[str, str] | None) -> Metrics | str:
    """The engine's `/metrics` body in the form `get_metrics(format=...)` returns."""
    metrics = Metrics.model_validate(payload)
    if format == "prometheus":
        return metrics.prometheus(global_labels)
    if format != "json":
        raise ValueError(f"format must be 'json' or 'prometheus', not {format!r}")
    if global_labels:
        for group in (metrics.counters, metrics.gauges, metrics.histograms):
            for metric in group:
                metric.labels = {**global_labels, **metric.labels}
    return metrics
