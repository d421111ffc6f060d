"""What a call of the sync embedded client costs for crossing into the engine's event loop, before
any query: a coroutine that returns at once, called from a plain thread in three ways.

    python -m bench.sync_call [-n 5000] [--rounds 5]

`portal`: an AnyIO blocking portal whose loop runs in a thread of its own (how the sync embedded
transport called its engine before `transports/caller_loop.py`); `threadsafe`: the same loop
thread reached with `asyncio.run_coroutine_threadsafe` (no task group, no cancel scope);
`caller loop`: `CallerLoop.call`, which runs the loop in the calling thread. Reported: the
smallest mean µs per call over the rounds, wall-clock (the two thread wake-ups are the cost).
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

from anyio.from_thread import start_blocking_portal

from prisma_dynamic.transports.caller_loop import CallerLoop


async def _answer(value: int) -> int:
    return value


def _best(call: Callable[[], Any], n: int, rounds: int) -> float:
    for _ in range(n // 10):
        call()
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(n):
            call()
        best = min(best, (time.perf_counter() - started) / n * 1e6)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    figures: dict[str, float] = {}
    with start_blocking_portal() as portal:
        figures["portal"] = _best(lambda: portal.call(_answer, 1), args.n, args.rounds)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    figures["threadsafe"] = _best(
        lambda: asyncio.run_coroutine_threadsafe(_answer(1), loop).result(), args.n, args.rounds
    )
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    loop.close()
    caller_loop = CallerLoop()
    figures["caller loop"] = _best(lambda: caller_loop.call(_answer, 1), args.n, args.rounds)
    caller_loop.close()
    print("| way | µs per call |\n|---|---|")
    for name, figure in figures.items():
        print(f"| {name} | {figure:.1f} |")


if __name__ == "__main__":
    main()
