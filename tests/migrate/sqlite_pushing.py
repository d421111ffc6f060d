"""Pushing schema text to a SQLite file, for the behaviour tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import anyio

from prisma_dynamic.migrate import PushResult, push
from prisma_dynamic.schema.load import build_schema

DATASOURCE = 'datasource db {\n  provider = "sqlite"\n  url = "file:./dev.db"\n}\n'


def push_text(db: Path, models: str, **options: bool) -> PushResult:
    return push_schema_text(db, DATASOURCE + models, **options)


def push_schema_text(db: Path, text: str, **options: bool) -> PushResult:
    schema = build_schema([("schema.prisma", text)])
    return anyio.run(lambda: push(schema, f"file:{db}", **options))


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(db)
    try:
        with connection:
            return connection.execute(sql).fetchall()
    finally:
        connection.close()
