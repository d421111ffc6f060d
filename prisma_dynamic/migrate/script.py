"""Migration files as text: statements written in Prisma's `migration.sql` layout (a warnings
comment, then one `-- Step` header per statement, each ending in `;`), and a script split back
into statements for the databases whose drivers run one statement at a time."""

from __future__ import annotations

import re
from collections.abc import Sequence

EMPTY_MIGRATION = "-- This is an empty migration."

# The header Prisma's schema engine writes above each kind of statement, by how it starts.
_STEPS = (
    (re.compile(r"CREATE SCHEMA\b"), "CreateSchema"),
    (re.compile(r"CREATE EXTENSION\b"), "CreateExtension"),
    (re.compile(r"CREATE TYPE\b"), "CreateEnum"),
    (re.compile(r"ALTER TYPE\b"), "AlterEnum"),
    (re.compile(r"DROP TYPE\b"), "DropEnum"),
    (re.compile(r"ALTER TABLE \S+ DROP (?:CONSTRAINT \S+_fkey|FOREIGN KEY)"), "DropForeignKey"),
    (re.compile(r"ALTER TABLE \S+ ADD CONSTRAINT \S+ FOREIGN KEY"), "AddForeignKey"),
    (re.compile(r"DROP INDEX\b"), "DropIndex"),
    (re.compile(r"DROP TABLE\b"), "DropTable"),
    (re.compile(r"CREATE TABLE\b"), "CreateTable"),
    (re.compile(r"CREATE (?:UNIQUE |FULLTEXT )?INDEX\b"), "CreateIndex"),
    (re.compile(r"ALTER TABLE\b"), "AlterTable"),
    (re.compile(r"PRAGMA defer_foreign_keys=ON"), "RedefineTables"),
)


def render_script(statements: Sequence[str], warnings: Sequence[str] = ()) -> str:
    """The text of a `migration.sql`; an empty migration says so, as Prisma's does."""
    parts = []
    if warnings:
        listed = "\n".join(f"  - {w}" for w in warnings)
        parts.append(f"/*\n  Warnings:\n\n{listed}\n\n*/")
    if not statements:
        return "\n".join([*parts, EMPTY_MIGRATION]) + "\n"
    body = []
    for statement in statements:
        step = _step(statement)
        body.append(f"-- {step}\n{statement};" if step else f"{statement};")
    text = "\n".join(parts) + ("\n" if parts else "")
    return text + "\n\n".join(body) + "\n"


def _step(statement: str) -> str | None:
    for pattern, name in _STEPS:
        if pattern.match(statement):
            return name
    return None


def split_statements(script: str) -> list[str]:
    """The statements of a script, split at `;` outside quotes and comments; comments dropped."""
    statements: list[str] = []
    current: list[str] = []
    i, length = 0, len(script)
    while i < length:
        char = script[i]
        if char == "-" and script.startswith("--", i):
            end = script.find("\n", i)
            i = length if end < 0 else end + 1
            current.append("\n")
            continue
        if char == "/" and script.startswith("/*", i):
            end = script.find("*/", i + 2)
            i = length if end < 0 else end + 2
            current.append(" ")
            continue
        if char in "'\"`":
            end = i + 1
            while end < length:
                if script[end] == "\\" and char == "'":
                    end += 2
                    continue
                if script[end] == char:
                    if end + 1 < length and script[end + 1] == char:  # doubled quote inside
                        end += 2
                        continue
                    break
                end += 1
            current.append(script[i : end + 1])
            i = end + 1
            continue
        if char == "$" and (match := re.match(r"\$[A-Za-z_]*\$", script[i:])):
            tag = match.group(0)  # PostgreSQL's dollar quoting, e.g. in a function body
            end = script.find(tag, i + len(tag))
            end = length if end < 0 else end + len(tag)
            current.append(script[i:end])
            i = end
            continue
        if char == ";":
            _flush(current, statements)
            current = []
        else:
            current.append(char)
        i += 1
    _flush(current, statements)
    return statements


def _flush(current: list[str], statements: list[str]) -> None:
    statement = "".join(current).strip()
    if statement:
        statements.append(statement)
