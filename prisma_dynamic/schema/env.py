"""`.env` files, read the way Prisma reads them: the current folder's, then the schema's folder's,
never overriding a variable that is already set."""

from __future__ import annotations

from pathlib import Path

from dotenv import load_dotenv


def load_dotenv_files(schema_path: Path | None = None) -> None:
    candidates = [Path.cwd() / ".env", Path.cwd() / "prisma" / ".env"]
    if schema_path is not None:
        folder = schema_path if schema_path.is_dir() else schema_path.parent
        candidates.append(folder / ".env")
    seen: set[Path] = set()
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved in seen or not resolved.is_file():
            continue
        seen.add(resolved)
        load_dotenv(resolved, override=False)
