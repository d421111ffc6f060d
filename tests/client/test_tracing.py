"""OpenTelemetry spans with Prisma's names, read back from the SDK's in-memory exporter."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

pytest.importorskip("opentelemetry.sdk", reason="pip install -e '.[dev]' installs opentelemetry-sdk")

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from prisma_dynamic import Prisma
from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema

SCHEMA = """
datasource db {
  provider = "sqlite"
  url      = "file:./traced.db"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
"""

_EXPORTER = InMemorySpanExporter()
_installed: list[bool] = []


def _install_provider() -> None:
    # OpenTelemetry takes one global provider per process (another test, or a docs example, may
    # have set it): our exporter is added to it once, and its spans are cleared per test.
    if _installed:
        return
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    provider.add_span_processor(SimpleSpanProcessor(_EXPORTER))
    _installed.append(True)


@pytest.fixture
def spans(tmp_path: Path) -> Iterator[tuple[Path, InMemorySpanExporter]]:
    _install_provider()
    path = tmp_path / "schema.prisma"
    path.write_text(SCHEMA)
    anyio.run(lambda: push(load_schema(path), f"file:{tmp_path / 'traced.db'}"))
    _EXPORTER.clear()
    yield path, _EXPORTER
    _EXPORTER.clear()


def _by_name(finished: Any, name: str) -> list[Any]:
    return [s for s in finished if s.name == name]


@pytest.mark.parametrize("transport", ["embedded", "http"])
def test_each_query_is_a_client_operation_span_with_engine_spans_inside(
    spans: tuple[Path, InMemorySpanExporter], transport: str
) -> None:
    path, exporter = spans

    async def run() -> None:
        db = Prisma.from_schema(path, transport=transport)
        await db.connect()
        try:
            await db.user.create(data={"email": "a@b.c"})
            await db.user.find_many(where={"email": {"contains": "@"}})
        finally:
            await db.disconnect()

    anyio.run(run)
    finished = exporter.get_finished_spans()
    assert len(_by_name(finished, "prisma:client:connect")) == 1
    operations = _by_name(finished, "prisma:client:operation")
    assert [(s.attributes["model"], s.attributes["method"], s.attributes["name"]) for s in operations] == [
        ("User", "createOne", "User.createOne"),
        ("User", "findMany", "User.findMany"),
    ]
    # the same on both transports: the engine records, the client emits (over HTTP the engine
    # process returns its spans in the answer)
    queries = _by_name(finished, "prisma:engine:query")
    assert len(queries) == 2
    assert {q.parent.span_id for q in queries} == {o.context.span_id for o in operations}
    statements = _by_name(finished, "prisma:engine:db_query")
    find_query = next(q for q in queries if q.parent.span_id == operations[1].context.span_id)
    selects = [s for s in statements if s.parent.span_id == find_query.context.span_id]
    assert len(selects) == 1
    assert selects[0].attributes["db.system"] == "sqlite"
    text = str(selects[0].attributes["db.query.text"])
    assert text.startswith("SELECT") and '"User"' in text and "LIKE" in text
    assert "a@b.c" not in text and all("a@b.c" not in str(s.attributes) for s in statements)  # no parameters
    assert {s.context.trace_id for s in queries + statements} <= {o.context.trace_id for o in operations}
    for child in (find_query, selects[0]):  # within their parents, in the engine's own times
        parent = next(s for s in finished if s.context.span_id == child.parent.span_id)
        assert parent.start_time <= child.start_time <= child.end_time <= parent.end_time


@pytest.mark.parametrize("transport", ["embedded", "http"])
def test_a_batch_is_a_client_operation_span_too(spans: tuple[Path, InMemorySpanExporter], transport: str) -> None:
    path, exporter = spans

    async def run() -> None:
        async with Prisma.from_schema(path, transport=transport) as db:
            async with db.batch_() as batch:
                batch.user.create(data={"email": "a@b.c"})
                batch.user.create(data={"email": "d@e.f"})
            assert await db.user.count() == 2

    anyio.run(run)
    finished = exporter.get_finished_spans()
    operations = _by_name(finished, "prisma:client:operation")
    assert [s.attributes["name"] for s in operations] == ["User.batch", "User.aggregate"]
    assert operations[0].attributes["method"] == "batch"
    inserts = [
        s
        for s in _by_name(finished, "prisma:engine:db_query")
        if str(s.attributes["db.query.text"]).startswith("INSERT")
    ]
    batch_query = next(
        q for q in _by_name(finished, "prisma:engine:query") if q.parent.span_id == operations[0].context.span_id
    )
    assert len(inserts) == 2 and {s.parent.span_id for s in inserts} == {batch_query.context.span_id}


def test_without_a_recording_span_the_engine_returns_no_spans(tmp_path: Path) -> None:
    """No SDK span around the call: nothing is asked of the engine, nothing comes back."""
    from prisma_dynamic.engine.server import sampled

    assert not sampled(None) and not sampled("00-" + "0" * 32 + "-" + "1" * 16 + "-00")
    assert sampled("00-" + "a" * 32 + "-" + "1" * 16 + "-01") and not sampled("garbage")


def test_the_sync_client_traces_too(spans: tuple[Path, InMemorySpanExporter]) -> None:
    path, exporter = spans
    with Prisma.from_schema(path, interface="sync", transport="embedded") as db:
        assert db.user.count() == 0
        assert db.execute_raw('DELETE FROM "User"') == 0
    operations = _by_name(exporter.get_finished_spans(), "prisma:client:operation")
    assert [s.attributes["name"] for s in operations] == ["User.aggregate", "executeRaw"]


@pytest.mark.parametrize("named_by_environment", [False, True])
def test_spans_are_on_once_a_provider_is_set_in_code_or_named_by_the_environment(named_by_environment: bool) -> None:
    """`tracing.enabled` reads OpenTelemetry's global after its first look: a provider set later
    in code still turns spans on, and one the environment names is loaded by that first look."""
    program = (
        "from opentelemetry import trace\n"
        "from opentelemetry.sdk.trace import TracerProvider\n"
        "from prisma_dynamic import tracing\n"
        "first = tracing.enabled(), tracing.enabled()\n"
        "if not first[0]:\n"
        "    trace.set_tracer_provider(TracerProvider())\n"
        "print(first, tracing.enabled())\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OTEL_PYTHON_TRACER_PROVIDER"}
    if named_by_environment:
        env["OTEL_PYTHON_TRACER_PROVIDER"] = "sdk_tracer_provider"
    done = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    expected = "(True, True) True" if named_by_environment else "(False, False) True"
    assert done.stdout.strip() == expected
