"""A PostgreSQL database's catalog as plain facts, read from pg_catalog independently of our
introspection: each constraint and index as the server itself prints its definition."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from tests.databases import unique_database_name, with_database

_USER_SCHEMAS = (
    "n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'"
)


async def catalog_facts(url: str) -> dict[str, Any]:
    connection = await asyncpg.connect(url)
    try:
        columns = await connection.fetch(
            "SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            f"WHERE c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND {_USER_SCHEMAS}"
        )
        constraints = await connection.fetch(
            "SELECT n.nspname, c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
            "JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE {_USER_SCHEMAS}"
        )
        indexes = await connection.fetch(
            "SELECT n.nspname, c.relname, i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid "
            f"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {_USER_SCHEMAS}"
        )
        enums = await connection.fetch(
            "SELECT n.nspname, t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_type t "
            "JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace "
            f"WHERE {_USER_SCHEMAS} GROUP BY 1, 2"
        )
        sequences = await connection.fetch(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE c.relkind = 'S' AND {_USER_SCHEMAS}"
        )
        return {
            "tables": sorted({(r[0], r[1]) for r in columns}),
            "columns": sorted(tuple(r) for r in columns),
            "constraints": sorted(tuple(r) for r in constraints),
            "indexes": sorted(tuple(r) for r in indexes),
            "enums": sorted((r[0], r[1], tuple(r[2])) for r in enums),
            "sequences": sorted(tuple(r) for r in sequences),
        }
    finally:
        await connection.close()


@asynccontextmanager
async def scratch_database(server: str) -> AsyncIterator[str]:
    """A new, empty database on the server for the duration of the block; its URL."""
    name = unique_database_name()
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield with_database(server, name)
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
