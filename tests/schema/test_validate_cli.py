"""`prisma-dynamic validate` run as a real process: exit codes, plain output off a terminal, --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO

VALID = """
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int  @id @default(autoincrement())
  author   User @relation(fields: [authorId], references: [id], onDelete: SetNull)
  authorId Int
}
"""

INVALID = """
datasource db {
  provider = "sqlite"
  url      = "file:dev.db"
}

model User {
  id   Strin @id
  tags String[]
}

model Log {
  message String
}
"""


def validate(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "prisma_dynamic", "validate", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def write(tmp_path: Path, text: str, name: str = "schema.prisma") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_a_valid_schema_exits_0_with_a_summary_and_its_warnings(tmp_path: Path) -> None:
    write(tmp_path, VALID)
    result = validate(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [f"The schema at {tmp_path / 'schema.prisma'} is valid (1 warning)."]
    # Off a terminal the warning is plain text: no escape codes, with its place and a caret.
    assert "warning: The `onDelete` referential action" in result.stderr
    assert "schema.prisma:14:3" in result.stderr and "^" in result.stderr
    assert "\x1b[" not in result.stderr


def test_an_invalid_schema_exits_1_with_every_error(tmp_path: Path) -> None:
    write(tmp_path, INVALID, "other.prisma")
    result = validate(tmp_path, "--schema", "other.prisma")
    assert result.returncode == 1
    assert result.stdout == ""
    err = result.stderr
    assert "\x1b[" not in err
    assert 'Type "Strin" is neither a built-in type' in err and "hint: did you mean `String`?" in err
    assert 'Field "tags" in model "User" can\'t be a list.' in err
    assert 'Error validating model "Log": Each model must have at least one unique criteria' in err
    assert "other.prisma:7:8" in err
    assert err.rstrip().endswith("3 errors in the Prisma schema.")
    assert "Traceback" not in err


def test_json_lists_every_diagnostic_with_its_place(tmp_path: Path) -> None:
    write(tmp_path, INVALID)
    result = validate(tmp_path, "--json")
    assert result.returncode == 1
    diagnostics = json.loads(result.stdout)
    assert [(d["line"], d["severity"]) for d in diagnostics] == [(7, "error"), (8, "error"), (11, "error")]
    first = diagnostics[0]
    assert set(first) == {"file", "line", "col", "endLine", "endCol", "severity", "message", "hint"}
    assert (first["col"], first["endLine"], first["endCol"]) == (8, 7, 13)
    assert first["file"].endswith("schema.prisma")
    assert first["hint"] == "did you mean `String`?"


def test_json_of_a_valid_schema_holds_its_warnings_only(tmp_path: Path) -> None:
    write(tmp_path, VALID)
    result = validate(tmp_path, "--json")
    assert result.returncode == 0
    diagnostics = json.loads(result.stdout)
    assert [d["severity"] for d in diagnostics] == ["warning"]
    assert diagnostics[0]["line"] == 14


def test_a_missing_schema_is_a_clear_error(tmp_path: Path) -> None:
    result = validate(tmp_path, "--schema", "nowhere.prisma")
    assert result.returncode == 1
    assert "nowhere.prisma does not exist" in result.stderr
    assert "Traceback" not in result.stderr
