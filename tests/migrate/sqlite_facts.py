"""A SQLite file's catalog as plain facts, read with PRAGMAs independently of our introspection,
so that two databases (Prisma's script, our push) can be compared object by object."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def catalog_facts(path: Path) -> dict[str, Any]:
    db = sqlite3.connect(path)
    try:
        facts: dict[str, Any] = {}
        tables = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        for table, sql in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            indexes = {}
            for _, name, unique, origin, partial in db.execute(f"PRAGMA index_list({quoted})").fetchall():
                columns = [(row[2], row[3]) for row in db.execute(f'PRAGMA index_xinfo("{name}")').fetchall() if row[5]]
                indexes[name] = {"unique": unique, "origin": origin, "partial": partial, "columns": columns}
            facts[table] = {
                "columns": sorted(db.execute(f"PRAGMA table_info({quoted})").fetchall(), key=lambda r: r[1]),
                "indexes": indexes,
                "foreign_keys": sorted(db.execute(f"PRAGMA foreign_key_list({quoted})").fetchall(), key=repr),
                "autoincrement": "AUTOINCREMENT" in sql,
            }
        return facts
    finally:
        db.close()


def master_sql(path: Path) -> set[tuple[str, str, str]]:
    """Every object's CREATE statement as SQLite keeps it (this is where constraint names live)."""
    db = sqlite3.connect(path)
    try:
        return {
            (kind, name, sql)
            for kind, name, sql in db.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        }
    finally:
        db.close()
