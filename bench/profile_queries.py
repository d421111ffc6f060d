"""Where one prisma-dynamic query spends its time, layer by layer (async client, embedded transport).

    python -m bench.profile_queries [-n 2000] [--profile cprofile|pyinstrument|none] [--postgres]

On the database of `bench.queries` (1,000 users, 10,000 posts), for `find_unique` (a user by id)
and `include` (20 users with all their posts), each layer is timed on its own, with the input the
layer above would hand it (median of n calls after a warm-up):

    end to end        await db.user.find_unique(...)
    build             the protocol request and its decode plan (prisma_dynamic/protocol)
    transport         AsyncEmbeddedTransport.request: dispatch, core.execute, payload check
    engine execute    QueryEngine.execute: connection, action routing, the read, the result
    acquire           the driver's connection source, entered and left
    parametrize       shape.parametrize: shape key, template and values
    plan lookup       the plan cache's key and dict look-up
    bound             Statement.bound of every statement the plan runs
    driver            conn.fetch of those statements, already bound
    runner            ReadRunner.run: bound + driver + tagging rows into protocol records
    decode            Prepared.decode: protocol records into pydantic models

The rest is derived: delegate = end to end - build - transport - decode; transport overhead =
transport - engine execute; engine orchestration = engine execute - acquire - parametrize - plan
lookup - runner; tagging = runner - bound - driver. Then the end-to-end call runs n more times
under cProfile (functions by own time) or pyinstrument (the call tree), if asked.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio

from bench.queries import PAGE, database
from prisma_dynamic import Prisma
from prisma_dynamic.engine.query_engine import QueryEngine
from prisma_dynamic.engine.reads import ReadPlan, backwards_levels
from prisma_dynamic.engine.shape import parametrize
from prisma_dynamic.protocol.builder import Prepared

USER_ID = 42
INCLUDE_FROM = 100


@dataclass
class Case:
    name: str
    call: Callable[[Any], Awaitable[Any]]  # the delegate call, given the client
    build: Callable[[Any], Prepared[Any]]  # the same request from the client's QueryBuilder


CASES = (
    Case(
        "find_unique",
        lambda db: db.user.find_unique(where={"id": USER_ID}),
        lambda db: db._builder.find_unique("User", db.user.model_class, {"id": USER_ID}),
    ),
    Case(
        "include",
        lambda db: db.user.find_many(
            where={"id": {"gte": INCLUDE_FROM}}, order={"id": "asc"}, take=PAGE, include={"posts": True}
        ),
        lambda db: db._builder.find_many(
            "User",
            db.user.model_class,
            where={"id": {"gte": INCLUDE_FROM}},
            order={"id": "asc"},
            take=PAGE,
            include={"posts": True},
        ),
    ),
)


async def median_us(call: Callable[[], Awaitable[Any]], n: int) -> float:
    for _ in range(min(n, 200)):
        await call()
    samples = []
    clock = time.perf_counter
    for _ in range(n):
        start = clock()
        await call()
        samples.append(clock() - start)
    return statistics.median(samples) * 1e6


def sync_median_us(call: Callable[[], Any], n: int) -> float:
    for _ in range(min(n, 200)):
        call()
    samples = []
    clock = time.perf_counter
    for _ in range(n):
        start = clock()
        call()
        samples.append(clock() - start)
    return statistics.median(samples) * 1e6


def statements(plan: ReadPlan, values: list[Any], rows: list[tuple[Any, ...]]) -> list[tuple[str, list[Any]]]:
    """The bound statements one run of `plan` executes: its own, then each include's for `rows`."""
    bound = [plan.statement.bound(values)]
    for include in plan.includes:
        indexes = [plan.output.key_indexes[k] for k in include.outer_key]
        keys = list(dict.fromkeys(tuple(row[i] for i in indexes) for row in rows))
        bound.append(include.plan.statement.bound(values, {"keys": keys}))
    return bound


async def layers(db: Any, case: Case, n: int) -> list[tuple[str, float]]:
    engine = db._transport.core
    if not isinstance(engine, QueryEngine):
        raise TypeError(f"expected the embedded transport's QueryEngine, got {type(engine).__name__}")
    prepared = case.build(db)
    request = prepared.request
    query = request["query"]
    info = engine.catalog.info(request["modelName"])
    shape, _, values = parametrize({"arguments": query["arguments"], "selection": query["selection"]})
    await case.call(db)  # compiles and caches the plan
    backwards = backwards_levels(query["arguments"], query["selection"])
    plan = engine._read_plans[("find", info.name, shape, backwards)]

    async def acquire() -> None:
        async with engine.source.acquire():
            pass

    timings = {
        "end to end": await median_us(lambda: case.call(db), n),
        "build": sync_median_us(lambda: case.build(db), n),
        "transport": await median_us(lambda: db._transport.request("POST", "/", request), n),
        "engine execute": await median_us(lambda: engine.execute(request, None), n),
        "acquire": await median_us(acquire, n),
        "parametrize": sync_median_us(
            lambda: parametrize({"arguments": query["arguments"], "selection": query["selection"]}), n
        ),
        "plan lookup": sync_median_us(lambda: engine._read_plans.get(("find", info.name, shape, backwards)), n),
    }
    async with engine.source.acquire() as conn:
        rows = await conn.fetch(*plan.statement.bound(values))
        bound = statements(plan, values, rows)
        timings["bound"] = sync_median_us(lambda: statements(plan, values, rows), n)

        async def fetch_all() -> None:
            for sql, params in bound:
                await conn.fetch(sql, params)

        timings["driver"] = await median_us(fetch_all, n)
        timings["runner"] = await median_us(lambda: engine.runner.run(plan, values, conn), n)
    data = (await engine.execute(request, None))["data"]
    timings["decode"] = sync_median_us(lambda: prepared.decode(data), n)

    t = timings
    derived = {
        "delegate (rest of end to end)": t["end to end"] - t["build"] - t["transport"] - t["decode"],
        "transport overhead": t["transport"] - t["engine execute"],
        "engine orchestration": t["engine execute"] - t["acquire"] - t["parametrize"] - t["plan lookup"] - t["runner"],
        "tagging (runner - bound - driver)": t["runner"] - t["bound"] - t["driver"],
    }
    return [*timings.items(), *derived.items()]


def report(case: Case, rows: list[tuple[str, float]]) -> str:
    total = dict(rows)["end to end"]
    lines = [f"## {case.name}", f"{'layer':<36} {'median us':>10} {'% of e2e':>9}"]
    lines += [f"{name:<36} {value:10.1f} {100 * value / total:8.1f}%" for name, value in rows]
    return "\n".join(lines)


async def profiled(db: Any, case: Case, n: int, tool: str) -> str:
    if tool == "cprofile":
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(n):
            await case.call(db)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(25)
        return out.getvalue()
    from pyinstrument import Profiler  # optional: only this mode needs it

    with Profiler(interval=0.0001) as tree:
        for _ in range(n):
            await case.call(db)
    text: str = tree.output_text(unicode=False, color=False, show_all=False)
    return text


async def profile(schema: Path, n: int, tool: str) -> None:
    db = Prisma.from_schema(schema, transport="embedded")
    await db.connect()
    try:
        for case in CASES:
            print(report(case, await layers(db, case, n)), end="\n\n", flush=True)
        if tool != "none":
            for case in CASES:
                print(f"## {tool}: {case.name}, {n} calls\n{await profiled(db, case, n, tool)}", flush=True)
    finally:
        await db.disconnect()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="calls per layer (default 2000)")
    parser.add_argument("--profile", choices=("cprofile", "pyinstrument", "none"), default="cprofile")
    parser.add_argument("--postgres", action="store_true", help="run on PostgreSQL instead of a SQLite file")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    options = parser.parse_args(argv)
    if options.n < 1:
        parser.error("-n must be at least 1")
    with tempfile.TemporaryDirectory(prefix="pd-profile-") as tmp:
        folder = Path(tmp)
        with database(options.postgres_url if options.postgres else None, folder):
            anyio.run(profile, folder / "schema.prisma", options.n, options.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
