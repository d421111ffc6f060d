"""How heavy the typing is: stub size, and mypy / basedpyright time with a cold and a warm cache.

    python -m bench.typing_cost [--schema PATH ...] [--models N]

Measures the 302-model schema of the shared corpus (civitai) and a generated schema of N related
models (100 by default; `--models 0` leaves it out). For each: the lines and bytes of the stub
module, the time to write it, then a small program using the client checked with `mypy --strict`
(plugin enabled) twice on one cache folder (cold, then warm) and with basedpyright on the written
stubs twice (Pyright keeps no cache between runs, so its second run shows the spread, not a cache
effect). Checker times are CPU seconds with the wall-clock seconds in brackets: on a loaded
machine only the CPU time compares. The stub size is that of the written (Pyright) stubs; mypy
reads the plugin's module (`mypy module KB`), which leaves out the input TypedDicts and the
delegate classes: the plugin makes those in mypy itself (`stubs_plugin/mypy_declare.py`).
"""

from __future__ import annotations

import os
import sys

# Run as a script, this file's folder comes first on sys.path, where its name would hide the
# standard library's `typing` from every module imported after it.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS_SCHEMA = (
    Path(os.environ.get("PRISMA_DYNAMIC_SHARED", REPO.parent / "shared")) / "schemas/real/civitai__civitai.prisma"
)

PROGRAM = """\
from prisma_dynamic.client import Prisma


async def main() -> None:
    db = Prisma.from_schema({path!r})
    first = await db.{delegate}.find_many(take=10, where={{}}, order=[])
    reveal_type(first)
    total = await db.{delegate}.count()
    reveal_type(total)
"""

# A module that only annotates with the schema's models (a FastAPI router, say): with the models in
# their own stub module (`_models.pyi`), Pyright does not read the input types and delegates for it.
MODELS_PROGRAM = """\
from prisma_dynamic.models import {model}


def show(record: {model}) -> None:
    reveal_type(record)
"""


def generated_schema(models: int) -> str:
    """`models` models in a chain of 1:n relations, each with the common scalar types and an enum."""
    blocks = ['datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n']
    blocks.append("enum Status {\n  DRAFT\n  LIVE\n  ARCHIVED\n}\n")
    for i in range(models):
        fields = [
            "  id        Int      @id @default(autoincrement())",
            "  name      String",
            "  slug      String   @unique",
            "  note      String?",
            "  count     Int      @default(0)",
            "  ratio     Float?",
            "  big       BigInt?",
            "  amount    Decimal?",
            "  data      Json?",
            "  status    Status   @default(DRAFT)",
            "  tags      String[]",
            "  createdAt DateTime @default(now())",
            "  updatedAt DateTime @updatedAt",
        ]
        if i > 0:
            fields += [f"  parent   Model{i - 1} @relation(fields: [parentId], references: [id])", "  parentId Int"]
        if i < models - 1:
            fields.append(f"  children Model{i + 1}[]")
        blocks.append(f"model Model{i} {{\n" + "\n".join(fields) + "\n}\n")
    return "\n".join(blocks)


@dataclass(frozen=True)
class Timing:
    """Wall-clock and CPU seconds (user + system) of one checker run. On a shared machine the
    wall clock mostly measures the other processes; the CPU time is what the run itself costs."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.cpu:.1f} ({self.wall:.0f})"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path) -> tuple[Timing, str]:
    start, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    timing = Timing(time.perf_counter() - start, _children_cpu() - cpu)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed:\n{result.stdout}\n{result.stderr}")
    return timing, result.stdout


def measure(label: str, schema_path: Path, work: Path, checkers: set[str]) -> dict[str, str]:
    from prisma_dynamic.schema.load import load_schema
    from stubs_plugin.build import build_surface
    from stubs_plugin.generated import DECLARE_TYPES
    from stubs_plugin.render import render_module

    start = time.perf_counter()
    schema = load_schema(schema_path)
    surface = build_surface(schema)
    text = render_module(surface)
    write_time = time.perf_counter() - start
    delegate = surface.delegates[0].attribute
    mypy_module = render_module(build_surface(schema, truly_recursive=True), declared_by=DECLARE_TYPES)

    project = work / label
    project.mkdir()
    (project / "program.py").write_text(PROGRAM.format(path=str(schema_path), delegate=delegate), encoding="utf-8")
    models_program = MODELS_PROGRAM.format(model=surface.delegates[0].model)
    (project / "models_program.py").write_text(models_program, encoding="utf-8")
    row = {
        "schema": label,
        "models": str(len(surface.delegates)),
        "stub lines": str(text.count("\n")),
        "stub KB": f"{len(text.encode()) / 1024:.0f}",
        "mypy module KB": f"{len(mypy_module.encode()) / 1024:.0f}",
        "write s": f"{write_time:.2f}",
    }
    if "mypy" in checkers:
        row.update(_mypy(project))
    if "pyright" in checkers:
        row.update(_pyright(project, schema_path))
    return row


def _mypy(project: Path) -> dict[str, str]:
    from stubs_plugin.generated import DIRECTORY

    (project / "mypy.ini").write_text("[mypy]\nplugins = stubs_plugin.mypy_plugin\n", encoding="utf-8")
    mypy = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--config-file",
        "mypy.ini",
        "--cache-dir",
        ".cache",
        "program.py",
    ]
    before = set(DIRECTORY.glob("schema_*.pyi"))
    mypy_cold, output = timed(mypy, project)
    if "Revealed type" not in output:
        raise SystemExit(f"mypy did not type the program:\n{output}")
    mypy_warm, _ = timed(mypy, project)
    for module in set(DIRECTORY.glob("schema_*.pyi")) - before:
        module.unlink()
    return {"mypy cold s": str(mypy_cold), "mypy warm s": str(mypy_warm)}


def _pyright(project: Path, schema_path: Path) -> dict[str, str]:
    stubs = project / "typings"
    subprocess.run(
        [sys.executable, "-m", "prisma_dynamic", "stubs", "--schema", str(schema_path), "--out", str(stubs)],
        check=True,
        capture_output=True,
    )
    (project / "pyrightconfig.json").write_text(f'{{"stubPath": "{stubs}", "typeCheckingMode": "strict"}}')
    executable = shutil.which("basedpyright") or str(Path(sys.executable).with_name("basedpyright"))
    pyright = [executable, "--pythonpath", sys.executable, "program.py"]
    pyright_first, _ = timed(pyright, project)
    pyright_second, _ = timed(pyright, project)
    pyright_models, output = timed([*pyright[:-1], "models_program.py"], project)
    if "Type of" not in output:
        raise SystemExit(f"basedpyright did not type the models program:\n{output}")
    return {
        "pyright s (1st/2nd)": f"{pyright_first}/{pyright_second}",
        "pyright models-only s": str(pyright_models),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema", action="append", type=Path, default=[], help="extra schema to measure")
    parser.add_argument("--models", type=int, default=100, help="models in the generated schema (0: none)")
    parser.add_argument(
        "--checkers", default="mypy,pyright", help="comma-separated checkers to time (default: mypy,pyright)"
    )
    args = parser.parse_args()
    checkers = set(args.checkers.split(","))
    if not checkers <= {"mypy", "pyright"}:
        parser.error(f"--checkers: unknown checker in {args.checkers!r} (mypy, pyright)")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        schemas = []
        if args.models > 0:
            generated = work / f"generated-{args.models}.prisma"
            generated.write_text(generated_schema(args.models), encoding="utf-8")
            schemas.append((f"generated-{args.models}", generated))
        if CORPUS_SCHEMA.is_file():
            schemas.append(("civitai (corpus)", CORPUS_SCHEMA))
        schemas += [(path.stem, path.resolve()) for path in args.schema]
        rows = [measure(label, path, work, checkers) for label, path in schemas]
    columns = list(rows[0])
    widths = [max(len(c), *(len(r[c]) for r in rows)) for c in columns]
    print("Checker times: CPU seconds (wall-clock seconds).")
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        print("  ".join(row[c].ljust(w) for c, w in zip(columns, widths, strict=True)))


if __name__ == "__main__":
    main()
