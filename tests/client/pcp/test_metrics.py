"""`get_metrics()`: Prisma's metric names and shapes, as JSON and as Prometheus text."""

from __future__ import annotations

import json

from tests.client.conftest import Api


def test_metrics_have_prismas_names_kinds_and_buckets(pcp: Api) -> None:
    pcp.author.create(data={"email": "m@x"})
    pcp.author.find_many()
    metrics = pcp.get_metrics()
    counters = {c.key: c.value for c in metrics.counters}
    assert counters["prisma_client_queries_total"] >= 2
    # each client query is at least one SQL statement (the suite's cleanup adds more)
    assert counters["prisma_datasource_queries_total"] >= counters["prisma_client_queries_total"]
    gauges = {g.key: g.value for g in metrics.gauges}
    assert gauges["prisma_pool_connections_open"] >= 1
    assert gauges["prisma_client_queries_active"] == 0 and gauges["prisma_client_queries_wait"] == 0
    histograms = {h.key: h.value for h in metrics.histograms}
    duration = histograms["prisma_client_queries_duration_histogram_ms"]
    assert duration.count == counters["prisma_client_queries_total"] and duration.sum > 0
    assert [b.max_value for b in duration.buckets] == [0, 1, 5, 10, 50, 100, 500, 1000, 5000, 50000]
    assert sum(b.total_count for b in duration.buckets) <= duration.count
    assert "prisma_datasource_queries_duration_histogram_ms" in histograms
    assert json.loads(metrics.model_dump_json())["histograms"][0]["value"]["buckets"][0] == [0.0, 0]


def test_prometheus_text_has_cumulative_buckets(pcp: Api) -> None:
    pcp.author.count()
    text = pcp.get_metrics(format="prometheus", global_labels={"app": "x"})
    for name in ("prisma_client_queries_total", "prisma_datasource_queries_total", "prisma_client_queries_active"):
        assert f"# TYPE {name} " in text
    bucket = "prisma_client_queries_duration_histogram_ms_bucket"
    buckets = [line for line in text.splitlines() if line.startswith(bucket)]
    counts = [int(line.rsplit(" ", 1)[1]) for line in buckets]
    assert counts == sorted(counts) and buckets[-1].startswith(bucket + '{app="x",le="+Inf"}')
