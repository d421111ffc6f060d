"""Where prisma-dynamic's time goes on the `bench.orm` ops, by cProfile (deterministic call counts).

    python -m bench.profile_orm [--databases sqlite,postgresql,mysql] [--ops D,L,F,E] [-n 50]
                                [--top 25] [--transport embedded]

The database is made, pushed and seeded as `bench.orm` does. Each op is warmed up, then called
`-n` times under cProfile; the report lists the functions with the most own time, with their call
counts per op call, which do not depend on the machine's load.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import tempfile
import time
from pathlib import Path

from bench.orm import database, make_victims, pd_system, seed


async def profile(provider: str, ops: list[str], n: int, top: int, transport: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        async with database(provider, Path(folder)) as (url, schema_path):
            await seed(provider, url)
            victims: dict[int, int] = {}  # K's call number -> the post it deletes
            system = await pd_system(f"pd {transport}", schema_path, transport, victims)
            try:
                for op in ops:
                    call = system.ops[op]
                    if op == "K":  # 5 warm-up calls, n timed, n profiled, each deleting one post
                        ids = await make_victims(provider, url, 5 + 2 * n)
                        victims.update(enumerate(ids))
                    for i in range(5):
                        await call(i)
                    best = float("inf")
                    for i in range(5, 5 + n):
                        began = time.perf_counter()
                        await call(i)
                        best = min(best, time.perf_counter() - began)
                    profiler = cProfile.Profile()
                    profiler.enable()
                    for i in range(5 + n, 5 + 2 * n):
                        await call(i)
                    profiler.disable()
                    out = io.StringIO()
                    stats = pstats.Stats(profiler, stream=out)
                    calls = sum(c for c, _, _, _, _ in stats.stats.values())  # type: ignore[attr-defined]
                    print(f"== {provider} op {op}: best {best * 1e6:.0f} us, {calls / n:.0f} calls per op")
                    stats.sort_stats("tottime").print_stats(top)
                    print("\n".join(out.getvalue().splitlines()[6:]))
            finally:
                await system.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--ops", default="D,L,F,E")
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--transport", default="embedded", choices=("embedded", "http"))
    args = parser.parse_args()
    for provider in args.databases.split(","):
        asyncio.run(profile(provider, args.ops.split(","), args.n, args.top, args.transport))


if __name__ == "__main__":
    main()
