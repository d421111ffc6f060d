"""What the HTTP hop adds to one query: embedded against HTTP on the same SQLite file.

    python -m bench.http_hop [-n 2000] [--rounds 5] [--tasks 10] [--uvloop]

The query is `user.find_unique(where={"id": i})` (op F of `bench.orm`), through the async client.
Per round and transport: the median and the 5th percentile of the latency of `-n` calls made one
after another, the CPU time they took (the client's, plus the engine process's over HTTP: a
figure the machine's load does not inflate, unlike wall-clock time, which on a loaded machine is
mostly waiting for a CPU at each of the hop's two process wake-ups), then the throughput of
`--tasks` concurrent tasks making `-n` calls between them. The transports take
turns, so a slow spell of the (shared) machine falls on both; the report gives per-round figures
and the median over rounds of the latency added by HTTP and of the throughput ratio. Only the
public API is used, so the same file can measure another checkout (`PYTHONPATH=<checkout>`), which
is how the before/after figures of `docs/decisions/http-hop.md` were taken, runs interleaved.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

SCHEMA = """
datasource db {
  provider = "sqlite"
  url      = "file:./hop.db"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  name  String
}
"""
USERS = 1000


def seed(directory: Path) -> Path:
    schema = directory / "schema.prisma"
    schema.write_text(SCHEMA)
    with sqlite3.connect(directory / "hop.db") as connection:
        connection.execute(
            'CREATE TABLE "User" (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL)'
        )
        connection.executemany(
            'INSERT INTO "User" (id, email, name) VALUES (?, ?, ?)',
            [(i, f"user{i}@example.com", f"User {i}") for i in range(1, USERS + 1)],
        )
    return schema


def engine_cpu(db: Any) -> float:
    """CPU seconds the engine process has used (0 for the embedded transport)."""
    pid = getattr(db._transport, "pid", None)
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def latency(db: Any, n: int) -> tuple[float, float, float, float]:
    """(median, 5th percentile, CPU per call, the engine process's share of it), in microseconds."""
    samples = []
    client, engine = time.process_time(), engine_cpu(db)
    for i in range(n):
        start = time.perf_counter()
        user = await db.user.find_unique(where={"id": i % USERS + 1})
        samples.append(time.perf_counter() - start)
        assert user.id == i % USERS + 1
    client, engine = time.process_time() - client, engine_cpu(db) - engine
    samples.sort()
    return (
        statistics.median(samples) * 1e6,
        samples[len(samples) // 20] * 1e6,
        (client + engine) / n * 1e6,
        engine / n * 1e6,
    )


async def throughput(db: Any, n: int, tasks: int) -> float:
    async def worker(k: int) -> None:
        for i in range(k, n, tasks):
            assert (await db.user.find_unique(where={"id": i % USERS + 1})).id == i % USERS + 1

    start = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in range(tasks)))
    return n / (time.perf_counter() - start)


async def main(n: int, rounds: int, tasks: int) -> None:
    from prisma_dynamic import Prisma

    directory = Path(tempfile.mkdtemp())
    schema = seed(directory)
    clients = {name: Prisma.from_schema(schema, transport=name) for name in ("embedded", "http")}
    for db in clients.values():
        await db.connect()
        await latency(db, 200)  # warm up: plans cached, connections open
    added: list[tuple[float, float, float]] = []
    ratios = []
    try:
        for number in range(1, rounds + 1):
            figures = {}
            for name, db in clients.items():
                figures[name] = (await latency(db, n), await throughput(db, n, tasks))
            (embedded, e_ops), (http, h_ops) = figures["embedded"], figures["http"]
            added.append((http[0] - embedded[0], http[1] - embedded[1], http[2] - embedded[2]))
            ratios.append(h_ops / e_ops)
            print(
                f"round {number}: embedded {embedded[0]:5.0f} us (p5 {embedded[1]:4.0f}, cpu {embedded[2]:4.0f})"
                f" {e_ops:5.0f} ops/s | http {http[0]:5.0f} us (p5 {http[1]:4.0f}, cpu {http[2]:4.0f} of which engine"
                f" {http[3]:4.0f})"
                f" {h_ops:5.0f} ops/s"
            )
    finally:
        for db in clients.values():
            await db.disconnect()
    median, p5, cpu = (statistics.median(a[i] for a in added) for i in range(3))
    print(
        f"added by HTTP, median over rounds: latency median {median:.0f} us, p5 {p5:.0f} us, cpu {cpu:.0f} us; "
        f"throughput {statistics.median(ratios):.2f}x embedded"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="calls per measurement (default 2000)")
    parser.add_argument("--rounds", type=int, default=5, help="turns per transport (default 5)")
    parser.add_argument("--tasks", type=int, default=10, help="concurrent tasks for throughput (default 10)")
    parser.add_argument("--uvloop", action="store_true", help="run the client on uvloop (the engine always is)")
    args = parser.parse_args()
    loop_factory = None
    if args.uvloop:
        import uvloop

        loop_factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        runner.run(main(args.n, args.rounds, args.tasks))
