"""The schemas of ../shared/schemas/ddl whose Prisma script applies on a plain database."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SCHEMAS

DDL = SCHEMAS / "ddl"
# Extensions Prisma's scripts use without `extensions = [...]` in the schema (see ddl/README.md).
UNLISTED_EXTENSIONS = {
    "civitai__civitai": ("citext",),
    "lukevella__rallly": ("citext",),
    "documenso__documenso": ("pg_trgm",),
}


def applied(providers: tuple[str, ...]) -> list[tuple[str, Path, Path]]:
    """(name, schema path, script path) for every applied script of these providers, seed first."""
    results_file = DDL / "_results.json"
    if not results_file.is_file():
        return []
    results = json.loads(results_file.read_text(encoding="utf-8"))["results"]
    found = [
        (r["name"], SCHEMAS / r["schema"].rstrip("/"), SCHEMAS / r["ddl"])
        for r in results
        if r.get("applied") and r["provider"] in providers
    ]
    return sorted(found, key=lambda item: (not item[0].startswith("seed-"), item[0]))
