"""The client side of `bench.orm`'s ops alone: the delegate call, the argument checks, the request
document and the decoding of the answer into models, with the engine's answer replayed.

    python -m bench.client_cpu [--ops F,D,E,L,A] [-n 300] [--rounds 5]

Each op runs once against a seeded SQLite database to record the engine's answer; after that the
client's transport is a stand-in that answers with the recorded body without sending anything, so
what is measured is only what prisma-dynamic's client does per call, up to the transport.
The report gives the smallest CPU µs per call over the rounds (`time.process_time`), the Python
calls per call (cProfile, independent of the machine's load) and the garbage collections that
fell into the calls (their CPU µs per call): the figures to compare old and new code by.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import pstats
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from bench.orm import database, pd_system, seed

HEAVY = {"B", "C", "D", "L", "M"}  # ops called n/10 times


class Replay:
    """Stands in for a connected client's transport: passes each op's first request through and
    records the answer, then answers every later request of the op with it."""

    def __init__(self, transport: Any) -> None:
        self.transport = transport
        self.answers: dict[str, Any] = {}
        self.op = ""
        self.replaying = False

    async def request(self, method: str, path: str, body: Any, tx_id: str | None = None) -> Any:
        if self.replaying:
            return self.answers[self.op]
        answer = await self.transport.request(method, path, body, tx_id)
        self.answers[self.op] = answer
        return answer


async def measure(ops: list[str], n: int, rounds: int) -> None:
    print("| op | client CPU µs per call | Python calls per call | GC µs per call |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        async with database("sqlite", Path(folder)) as (url, schema_path):
            await seed("sqlite", url)
            system = await pd_system("pd embedded", schema_path, "embedded", {})
            client: Any = system.close.__self__  # type: ignore[attr-defined]  # (`close` is its disconnect)
            replay = Replay(client._require_transport())
            client._transport = replay
            try:
                for op in ops:
                    replay.op = op
                    await system.ops[op](0)
                replay.replaying = True
                for op in ops:
                    replay.op = op
                    print(await _one(system.ops[op], n // 10 if op in HEAVY else n, rounds, op))
            finally:
                client._transport = replay.transport
                await system.close()


async def _one(call: Callable[[int], Coroutine[Any, Any, Any]], n: int, rounds: int, op: str) -> str:
    for i in range(20):
        await call(i)
    best = float("inf")
    for _ in range(rounds):
        began = time.process_time()
        for i in range(n):
            await call(i)
        best = min(best, (time.process_time() - began) / n)
    collected = [0.0, 0.0]  # CPU seconds in collections, start of the current one

    def on_collection(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            collected[1] = time.process_time()
        else:
            collected[0] += time.process_time() - collected[1]

    gc.callbacks.append(on_collection)
    try:
        for i in range(n):
            await call(i)
    finally:
        gc.callbacks.remove(on_collection)
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(n):
        await call(i)
    profiler.disable()
    calls = sum(c for c, _, _, _, _ in pstats.Stats(profiler).stats.values())  # type: ignore[attr-defined]
    return f"| {op} | {best * 1e6:.1f} | {calls / n:.0f} | {collected[0] / n * 1e6:.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ops", default="F,D,E,L,A")
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(measure(args.ops.split(","), args.n, args.rounds))


if __name__ == "__main__":
    main()
