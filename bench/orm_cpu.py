"""`bench.orm`'s ops measured in this process's CPU time, which a loaded machine disturbs far less
than wall-clock time (the issue's 2-core machine runs other work; wall figures swing 2-10x).

    python -m bench.orm_cpu [--databases postgresql] [--systems raw,tortoise,pd embedded]
                            [--ops A,...] [-n 100] [--rounds 5]

Per op and system, one task calls the op `n` times (heavy ops n/10), `--rounds` times taken in
turn across the systems; the report gives the smallest CPU µs per call over the rounds (what the
client side of the call costs: the database server's own work is not in it), its median wall µs
for comparison, and the ratios to raw and to the best peer, with their geometric means. The
databases, seeds, ops and result checks are `bench.orm`'s.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import tempfile
import time
from pathlib import Path

from bench.orm import (
    OPS,
    SYSTEMS,
    calls_for,
    checker,
    database,
    make_victims,
    open_systems,
    parse_list,
    seed,
)


async def measure(provider: str, systems: list[str], ops: list[str], n: int, rounds: int) -> None:
    cpu: dict[str, dict[str, list[float]]] = {s: {op: [] for op in ops} for s in systems}
    wall: dict[str, dict[str, list[float]]] = {s: {op: [] for op in ops} for s in systems}
    with tempfile.TemporaryDirectory() as folder:
        async with database(provider, Path(folder)) as (url, schema_path):
            await seed(provider, url)
            victims: dict[int, int] = {}
            opened = await open_systems(systems, provider, url, schema_path, victims)
            serial = 0
            try:
                for _ in range(rounds):
                    for op in ops:
                        calls = calls_for(op, n)
                        for name in systems:
                            call, check = opened[name].ops[op], checker(name, op)
                            if op == "K":
                                ids = await make_victims(provider, url, 2 + calls)
                                victims.clear()
                                victims.update(zip(range(serial, serial + len(ids)), ids, strict=True))
                            await call(serial)
                            check(serial + 1, await call(serial + 1))
                            serial += 2
                            samples = []
                            began = time.process_time()
                            for i in range(serial, serial + calls):
                                start = time.perf_counter()
                                result = await call(i)
                                samples.append(time.perf_counter() - start)
                                check(i, result)
                            cpu[name][op].append((time.process_time() - began) / calls * 1e6)
                            wall[name][op].append(statistics.median(samples) * 1e6)
                            serial += calls
            finally:
                for system in opened.values():
                    await system.close()
    best = {s: {op: min(v) for op, v in per.items()} for s, per in cpu.items()}
    walls = {s: {op: statistics.median(v) for op, v in per.items()} for s, per in wall.items()}
    peers = [s for s in systems if s in ("sqlalchemy", "tortoise")]
    print(f"\n### {provider}: CPU µs per call, one task (wall median µs)\n")
    print("| op | " + " | ".join(systems) + " |")
    print("|---" * (len(systems) + 1) + "|")
    for op in ops:
        print(f"| {op} | " + " | ".join(f"{best[s][op]:.0f} ({walls[s][op]:.0f})" for s in systems) + " |")

    def geomean(values: list[float]) -> float:
        return math.exp(sum(math.log(v) for v in values) / len(values))

    for label, table in (("CPU", best), ("wall", walls)):
        if "raw" in systems:
            row = [geomean([table[s][op] / table["raw"][op] for op in ops]) for s in systems]
            print(f"| geomean {label} x raw | " + " | ".join(f"{v:.2f}" for v in row) + " |")
        if peers:
            floor = {op: min(table[p][op] for p in peers) for op in ops}
            row = [geomean([table[s][op] / floor[op] for op in ops]) for s in systems]
            print(f"| geomean {label} x best peer | " + " | ".join(f"{v:.2f}" for v in row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="postgresql")
    parser.add_argument("--systems", default="raw,tortoise,pd embedded")
    parser.add_argument("--ops", default=",".join(OPS))
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    systems = parse_list(args.systems, SYSTEMS, "systems")
    ops = parse_list(args.ops, OPS, "ops")
    for provider in args.databases.split(","):
        asyncio.run(measure(provider, systems, ops, args.n, args.rounds))


if __name__ == "__main__":
    main()
