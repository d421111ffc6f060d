"""Helpers for the tests that run `prisma-dynamic` as users do: a real process off a terminal
(standard input closed, so nothing is asked) and a SQLite project laid out as Prisma lays it out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

USER = """
datasource db {
  provider = "sqlite"
  url      = env("DATABASE_URL")
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
}
"""


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`prisma-dynamic ARGS` in `cwd`; DATABASE_URL comes only from `env` or the project's .env."""
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "prisma_dynamic", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def sqlite_project(tmp_path: Path, schema: str = USER) -> Path:
    """`tmp_path/prisma/` with the schema and a .env pointing at `dev.db` next to it."""
    folder = tmp_path / "prisma"
    folder.mkdir(exist_ok=True)
    (folder / "schema.prisma").write_text(schema, encoding="utf-8")
    (folder / ".env").write_text("DATABASE_URL=file:./dev.db\n", encoding="utf-8")
    return folder
