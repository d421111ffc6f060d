"""Schema load time of the largest corpus schemas and of a generated 500-model schema.

    python bench/schema_parse.py [--runs 9] [--largest 5]

Reports, per schema, the minimum and the median of several runs for parsing alone and for the
whole load that `Prisma.from_schema` pays (parse, resolve, validate: `build_schema`), and the
median load per 100 models (the goal: under 20 ms per 100 models).
The minimum is the number to compare between machines and commits: it is the least disturbed by
whatever else the machine is doing; the median shows how noisy the run was.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from prisma_dynamic.schema.load import build_schema, parse_sources, read_sources

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "real"


def generated_schema(models: int) -> str:
    """`models` models in a chain of one-to-many relations, with the attributes real schemas use."""
    parts = ['datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n']
    parts.append('generator client {\n  provider = "prisma-client-py"\n}\n')
    parts.append('enum Status {\n  ACTIVE\n  ARCHIVED @map("archived")\n}\n')
    for index in range(models):
        parent = f"  parentId  Int?\n  parent    Model{index - 1}? @relation(fields: [parentId], references: [id])\n"
        child = f"  children  Model{index + 1}[]\n" if index + 1 < models else ""
        parts.append(
            f"/// Model number {index}\n"
            f"model Model{index} {{\n"
            "  id        Int      @id @default(autoincrement())\n"
            "  uuid      String   @unique @default(uuid()) @db.Uuid\n"
            '  name      String   @default("") @db.VarChar(200) // a comment\n'
            "  status    Status   @default(ACTIVE)\n"
            "  score     Decimal  @default(0.00) @db.Decimal(10, 2)\n"
            "  tags      String[]\n"
            '  createdAt DateTime @default(now()) @map("created_at")\n'
            "  updatedAt DateTime @updatedAt\n"
            + (parent if index else "")
            + child
            + "\n  @@index([name, createdAt(sort: Desc)])\n"
            f'  @@map("model_{index}")\n'
            "}\n"
        )
    return "\n".join(parts)


def _times(action: Callable[[], object], runs: int) -> list[float]:
    action()  # the first run also builds the parser tables
    results = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        results.append((time.perf_counter() - start) * 1000)
    return results


def measure(name: str, sources: Sequence[tuple[str, str]], runs: int) -> str:
    files, _ = parse_sources(sources)
    models = sum(1 for f in files for b in f.blocks if b.kind in ("model", "view"))
    parse = _times(lambda: parse_sources(sources), runs)
    # What `Prisma.from_schema` pays: parse, resolve and validate (build_schema).
    both = _times(lambda: build_schema(sources), runs)
    per_100 = statistics.median(both) * 100 / max(models, 1)
    return (
        f"{name:<40} {models:>5} {min(parse):>9.1f} {statistics.median(parse):>9.1f} "
        f"{min(both):>9.1f} {statistics.median(both):>9.1f} {per_100:>12.1f}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--largest", type=int, default=5, help="how many of the largest corpus schemas")
    options = parser.parse_args(argv)
    candidates = [
        p
        for p in CORPUS.iterdir()
        if ".formatted" not in p.name and (p.suffix == ".prisma" or (p.is_dir() and any(p.rglob("*.prisma"))))
    ]
    size = {p: sum(f.stat().st_size for f in ([p] if p.is_file() else p.rglob("*.prisma"))) for p in candidates}
    largest = sorted(candidates, key=lambda p: -size[p])[: options.largest]
    columns = ("parse min", "median", "load min", "median")
    print(f"{'schema':<40} {'models':>5} " + " ".join(f"{c:>9}" for c in columns) + f" {'ms/100 models':>12}")
    for path in largest:
        print(measure(path.name, read_sources(path), options.runs))
    print(measure("generated (500 models)", [("generated.prisma", generated_schema(500))], options.runs))


if __name__ == "__main__":
    main()
