"""Query-schema build time (and its JSON) of civitai (302 models) and the largest corpus schema
that has Prisma's `.query-schema.json`.

    PRISMA_DYNAMIC_SHARED=/work/shared python bench/query_schema.py [--runs 5]

CPU time (`time.process_time`): the first build in the process (what `prisma-dynamic dmmf --full`
or the stub writer pays), then the minimum and the median of several builds of one loaded schema:
the minimum is the number to compare between commits (the least disturbed by the rest of the
machine), the median shows how noisy the run was. Each build includes the collection of the
objects it leaves behind, as an application pays it. `on demand` is what the client's first query
pays before its own input types (`query_schema.on_demand`: the output side, the operations, the
root definitions), with the first model's where input.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.load import load_schema
from prisma_dynamic.schema.query_schema.build import build_query_schema
from prisma_dynamic.schema.query_schema.on_demand import OnDemandQuerySchema

# The corpus: `$PRISMA_DYNAMIC_SHARED/schemas/real` (a worktree), else `../shared` beside the checkout.
CORPUS = (
    Path(os.environ.get("PRISMA_DYNAMIC_SHARED") or Path(__file__).resolve().parents[2] / "shared") / "schemas" / "real"
)
CIVITAI = "civitai__civitai.prisma"


def largest_compared() -> Path:
    """The corpus schema with the largest Prisma query schema (the largest the tests compare)."""
    found = max(CORPUS.glob("*.query-schema.json"), key=lambda p: p.stat().st_size)
    return found.with_name(found.name.removesuffix(".query-schema.json") + ".prisma")


def timed(run: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.process_time()
        run()
        gc.collect(0)  # the young objects the run made are scanned once, as the next allocation would
        times.append(time.process_time() - start)
    return min(times), statistics.median(times)


def bench(path: Path, runs: int) -> None:
    schema: ir.Schema = load_schema(path)
    first, _ = timed(lambda: build_query_schema(schema), 1)
    built = build_query_schema(schema)
    build_min, build_median = timed(lambda: build_query_schema(schema), runs)
    json_min, json_median = timed(built.to_json, runs)
    where = f"{schema.models[0].name}WhereInput"
    on_demand, _ = timed(lambda: OnDemandQuerySchema(schema).input_type(where), runs)
    inputs = len(built.input_object_types["prisma"])
    print(
        f"{path.stem:28} {len(schema.models):4} models {inputs:6} input types  first build {first * 1000:4.0f} ms  "
        f"build {build_min * 1000:4.0f} ms (median {build_median * 1000:4.0f})  "
        f"to_json {json_min * 1000:4.0f} ms (median {json_median * 1000:4.0f})  on demand {on_demand * 1000:3.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for path in (CORPUS / CIVITAI, largest_compared()):
        bench(path, args.runs)


if __name__ == "__main__":
    main()
