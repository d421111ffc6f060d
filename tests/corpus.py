"""The schema corpus of ../shared/schemas: which schemas there are and Prisma's output beside each."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SCHEMAS


def accepted_schemas() -> list[Path]:
    """Every schema of real/ and valid/: single files and multi-file folders."""
    found: list[Path] = []
    for folder in ("real", "valid"):
        base = SCHEMAS / folder
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            if (path.is_dir() and not path.name.endswith(".formatted")) or (
                path.suffix == ".prisma" and not path.name.endswith(".formatted.prisma")
            ):
                found.append(path)
    return found


def invalid_schemas() -> list[Path]:
    base = SCHEMAS / "invalid"
    return sorted(base.glob("*.prisma")) if base.is_dir() else []


def beside(schema: Path, suffix: str) -> Path:
    """Prisma's output next to a schema: `x.prisma` -> `x<suffix>`, folder `x/` -> `x<suffix>`."""
    stem = schema.name[: -len(".prisma")] if schema.suffix == ".prisma" else schema.name
    return schema.with_name(stem + suffix)
