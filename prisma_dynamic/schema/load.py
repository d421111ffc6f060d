"""Finding, reading and loading a schema: path -> parsed files -> resolved, validated IR.

`load_schema` is what everything else calls; it caches by the files' contents, so asking twice
for an unchanged schema costs a few `stat` calls.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from prisma_dynamic.collection_pause import paused
from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema import ast, ir, validation
from prisma_dynamic.schema.diagnostics import Diagnostic
from prisma_dynamic.schema.parser import parse_text
from prisma_dynamic.schema.resolve import resolve

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SCHEMA_CANDIDATES = ("schema.prisma", "prisma/schema.prisma", "prisma/schema")


def find_schema(explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Path:
    """Where the schema is, as Prisma looks for it: an explicit path, `[tool.prisma] schema` in
    pyproject.toml, `./schema.prisma`, `./prisma/schema.prisma`, then a `./prisma/schema/` folder."""
    base = cwd or Path.cwd()
    if explicit is not None:
        path = Path(explicit)
        path = path if path.is_absolute() else base / path
        if not path.exists():
            raise FileNotFoundError(f"The schema {path} does not exist.")
        return path
    configured = _pyproject_schema(base)
    if configured is not None:
        return configured
    for candidate in SCHEMA_CANDIDATES:
        path = base / candidate
        if path.is_file() or (path.is_dir() and any(path.glob("*.prisma"))):
            return path
    raise FileNotFoundError(
        "Could not find a Prisma schema. Looked for --schema, [tool.prisma] schema in pyproject.toml, "
        + ", ".join(f"./{c}" for c in SCHEMA_CANDIDATES)
        + "."
    )


def _pyproject_schema(base: Path) -> Path | None:
    pyproject = base / "pyproject.toml"
    if not pyproject.is_file():
        return None
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("tool", {}).get("prisma", {}).get("schema")
    if isinstance(value, str):
        return base / value
    return None


def schema_files(path: Path) -> list[Path]:
    """The `.prisma` files of a schema: the file itself, or a folder's files in name order
    (recursively, as Prisma reads a multi-file schema)."""
    if path.is_dir():
        return sorted((p for p in path.rglob("*.prisma") if p.is_file()), key=lambda p: p.relative_to(path).as_posix())
    return [path]


def parse_sources(sources: Sequence[tuple[str, str]]) -> tuple[list[ast.SchemaFile], list[Diagnostic]]:
    """Parse every file. The parser skips the lines it cannot read and keeps the rest, so each bad
    line becomes one error here and resolution still sees every good declaration."""
    files = [parse_text(text, name) for name, text in sources]
    diagnostics = [Diagnostic("error", p.message, p.span, p.hint) for f in files for p in f.problems]
    return files, diagnostics


def build_schema(sources: Sequence[tuple[str, str]], *, validate: bool = True) -> ir.Schema:
    """(file name, text) pairs -> IR. Raises `SchemaError` with every error found.

    Lines the parser could not read and resolution errors are reported together with validation
    errors, except that validation waits for a schema without unreadable lines: a block missing
    a line is incomplete, and judging it (a model whose id line was unreadable has "no unique
    criteria") would only report consequences of the syntax error."""
    with paused():
        files, diagnostics = parse_sources(sources)
        readable = not diagnostics
        source_map = dict(sources)
        schema, found = resolve(files)
        diagnostics.extend(found)
        if validate and readable:
            diagnostics.extend(validation.validate(schema))
    # In reading order, so that a person fixes them top to bottom.
    diagnostics.sort(key=lambda d: (d.span.file, d.span.start))
    if any(d.severity == "error" for d in diagnostics):
        raise SchemaError(diagnostics, source_map)
    warnings = tuple(d for d in diagnostics if d.severity == "warning")
    return replace(schema, warnings=warnings) if warnings else schema


def read_sources(path: Path) -> list[tuple[str, str]]:
    files = schema_files(path)
    if not files:
        raise FileNotFoundError(f"The schema folder {path} has no .prisma files.")
    base = path if path.is_dir() else path.parent
    return [(_display_name(f, base), f.read_text(encoding="utf-8")) for f in files]


def _display_name(file: Path, base: Path) -> str:
    try:
        return os.path.relpath(file, Path.cwd())
    except ValueError:  # another drive on Windows
        return str(file.relative_to(base))


_cache: dict[tuple[str, bool], tuple[tuple[tuple[str, int, int], ...], str, ir.Schema]] = {}
_cache_lock = threading.Lock()


def load_schema(path: str | os.PathLike[str] | None = None, *, validate: bool = True) -> ir.Schema:
    """Find, read, parse, resolve and validate a schema, once per content."""
    found = find_schema(path)
    key = (str(found.resolve()), validate)
    files = schema_files(found)
    stamps = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamps:
        return cached[2]
    sources = read_sources(found)
    digest = hashlib.sha256("\0".join(f"{n}\0{t}" for n, t in sources).encode()).hexdigest()
    # A touched but unchanged file keeps its IR.
    schema = cached[2] if cached is not None and cached[1] == digest else build_schema(sources, validate=validate)
    with _cache_lock:
        _cache[key] = (stamps, digest, schema)
    return schema
