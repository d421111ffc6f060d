"""`prisma-dynamic db pull` as users run it: a real process, a SQLite database made by hand, the
schema rewritten (or printed) with Prisma's wording on stdout, errors on stderr."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

from tests.migrate.command_line import run_cli, sqlite_project

HEADER = """datasource db {
  provider = "sqlite"
  url      = env("DATABASE_URL")
}

generator client {
  provider = "prisma-client-py"
}
"""

TABLES = """
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "full name" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "shape" GEOMETRY
);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE TABLE "order-items" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "buyerId" INTEGER NOT NULL,
    "sellerId" INTEGER,
    "price" REAL NOT NULL DEFAULT 1.5,
    CONSTRAINT "buyer" FOREIGN KEY ("buyerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "seller" FOREIGN KEY ("sellerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX "order-items_price_idx" ON "order-items"("price");
CREATE TABLE "log" ("message" TEXT);
"""


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("db", "pull", *args, cwd=cwd)


def _project(tmp_path: Path, schema: str = HEADER, tables: str = TABLES) -> Path:
    folder = sqlite_project(tmp_path, schema)
    with sqlite3.connect(folder / "dev.db") as db:
        db.executescript(tables)
    return folder


def test_pull_writes_models_and_says_so_as_prisma_does(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    result = cli("--schema", "prisma/schema.prisma", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"Introspected 3 models and wrote them into prisma/schema\.prisma in \d+ms", last), last
    # A table without a unique identifier is ignored, with Prisma's warning.
    assert "*** WARNING ***" in result.stdout
    assert '  - "log"' in result.stdout
    assert (
        "These fields are not supported by Prisma Client, because Prisma currently does not support their types:\n"
        '  - Model: "User", field: "shape", original data type: "GEOMETRY"'
    ) in result.stdout

    text = (folder / "schema.prisma").read_text(encoding="utf-8")
    assert text.startswith(HEADER)  # the datasource and generator are kept as written
    written = re.sub(" +", " ", text)  # the column widths are the formatter's
    assert "model order_items {\n" in written
    assert '@@map("order-items")' in written
    assert 'full_name String? @map("full name")' in written
    assert "id Int @id @default(autoincrement())" in written
    assert "active Boolean @default(true)" in written
    assert "created DateTime @default(now())" in written
    assert "email String @unique" in written
    assert 'shape Unsupported("GEOMETRY")?' in written
    # Two foreign keys to the same table: ambiguous, so named as Prisma names them.
    assert (
        'User_order_items_buyerIdToUser User @relation("order_items_buyerIdToUser", fields: [buyerId], '
        "references: [id], onDelete: Cascade)" in written
    )
    assert 'User_order_items_sellerIdToUser User? @relation("order_items_sellerIdToUser"' in written
    assert 'order_items_order_items_buyerIdToUser order_items[] @relation("order_items_buyerIdToUser")' in written
    assert "@@index([price])" in written
    assert "/// The underlying table does not contain a valid unique identifier" in written
    assert "@@ignore" in written

    # What was written is a valid schema that `format` leaves alone.
    formatted = run_cli("format", "--check", "--schema", "prisma/schema.prisma", cwd=tmp_path)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def test_print_leaves_the_file_alone_and_appends_warnings_as_comments(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    result = cli("--print", "--schema", "prisma/schema.prisma", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (folder / "schema.prisma").read_text(encoding="utf-8") == HEADER
    assert result.stdout.startswith(HEADER)
    assert "model User {" in result.stdout
    assert "// *** WARNING ***" in result.stdout
    assert '//   - "log"' in result.stdout
    assert "Introspected" not in result.stdout


PREVIOUS = (
    HEADER
    + """
/// People who buy things.
model Person {
  /// Their address.
  mail    String   @unique @map("email")
  id      Int      @id @default(autoincrement())
  name    String?  @map("full name")
  active  Boolean  @default(true)
  created DateTime @default(now())
  updated DateTime @updatedAt @map("active2")

  @@map("User")
}
"""
)

REPULL_TABLES = """
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "full name" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "active2" DATETIME NOT NULL,
    "nickname" TEXT
);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
"""


def test_repull_keeps_names_maps_docs_and_order_of_the_existing_schema(tmp_path: Path) -> None:
    folder = _project(tmp_path, PREVIOUS, REPULL_TABLES)
    result = cli("--schema", "prisma/schema.prisma", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Introspected 1 model and wrote it into" in result.stdout
    written = (folder / "schema.prisma").read_text(encoding="utf-8")
    expected = """/// People who buy things.
model Person {
  /// Their address.
  mail     String   @unique @map("email")
  id       Int      @id @default(autoincrement())
  name     String?  @map("full name")
  active   Boolean  @default(true)
  created  DateTime @default(now())
  updated  DateTime @updatedAt @map("active2")
  nickname String?

  @@map("User")
}
"""
    assert written == HEADER + "\n" + expected

    forced = cli("--force", "--print", "--schema", "prisma/schema.prisma", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "model User {" in forced.stdout
    assert 'full_name String? @map("full name")' in re.sub(" +", " ", forced.stdout)
    assert "///" not in forced.stdout
    assert "@updatedAt" not in forced.stdout


def test_an_empty_database_is_refused_with_prismas_code(tmp_path: Path) -> None:
    folder = _project(tmp_path, tables="")
    result = cli("--schema", "prisma/schema.prisma", cwd=tmp_path)
    assert result.returncode == 1
    assert "P4001 The introspected database was empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert (folder / "schema.prisma").read_text(encoding="utf-8") == HEADER


def test_a_schema_without_datasource_is_refused(tmp_path: Path) -> None:
    (tmp_path / "schema.prisma").write_text('generator client {\n  provider = "prisma-client-py"\n}\n')
    result = cli(cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "datasource" in result.stderr
