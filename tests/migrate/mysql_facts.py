"""A MySQL/MariaDB database's catalog as plain facts, read from information_schema with PyMySQL,
independently of the push's own introspection; and scratch databases to push into."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote, urlsplit

import pymysql

from tests.databases import unique_database_name, with_database

HERE = "TABLE_SCHEMA = DATABASE()"


def connect(url: str, database: bool = True) -> pymysql.connections.Connection[Any]:
    parts = urlsplit(url)
    return pymysql.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 3306,
        user=unquote(parts.username or "root"),
        password=unquote(parts.password or ""),
        database=unquote(parts.path.lstrip("/")) if database else None,
        autocommit=True,
    )


def fetch(url: str, sql: str) -> list[tuple[Any, ...]]:
    connection = connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return [tuple(row) for row in cursor.fetchall()]
    finally:
        connection.close()


def is_mariadb(url: str) -> bool:
    ((version,),) = fetch(url, "SELECT VERSION()")
    return "mariadb" in str(version).lower()


def catalog_facts(url: str) -> dict[str, Any]:
    """Tables with their collation; columns as (table, column, COLUMN_TYPE, IS_NULLABLE,
    COLUMN_DEFAULT, EXTRA); indexes as (table, name, unique, type, ((column, sub-part, order),
    ...)); foreign keys as (table, name, columns, referenced table, referenced columns, ON DELETE,
    ON UPDATE); check constraints as (table, name, clause)."""
    tables = fetch(url, f"SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES WHERE {HERE}")
    columns = fetch(
        url,
        "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA "
        f"FROM information_schema.COLUMNS WHERE {HERE}",
    )
    index_rows = fetch(
        url,
        "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, INDEX_TYPE, COLUMN_NAME, SUB_PART, COLLATION "
        f"FROM information_schema.STATISTICS WHERE {HERE} ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    )
    indexes: dict[tuple[str, str], tuple[bool, str, list[tuple[Any, ...]]]] = {}
    for table, name, non_unique, kind, column, sub_part, order in index_rows:
        entry = indexes.setdefault((table, name), (not int(non_unique), kind, []))
        entry[2].append((column, sub_part, order))
    key_rows = fetch(
        url,
        "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, "
        "r.DELETE_RULE, r.UPDATE_RULE FROM information_schema.KEY_COLUMN_USAGE k "
        "JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA "
        "AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
        "WHERE k.TABLE_SCHEMA = DATABASE() ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
    )
    foreign_keys: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
    for row in key_rows:
        foreign_keys.setdefault((row[0], row[1]), []).append(row)
    checks = fetch(
        url,
        "SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS cc "
        "JOIN information_schema.TABLE_CONSTRAINTS tc ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA "
        "AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME AND tc.CONSTRAINT_TYPE = 'CHECK' "
        "WHERE cc.CONSTRAINT_SCHEMA = DATABASE()",
    )
    return {
        "tables": sorted(tables),
        "columns": sorted(columns),
        "indexes": sorted(
            (table, name, unique, kind, tuple(cols)) for (table, name), (unique, kind, cols) in indexes.items()
        ),
        "foreign_keys": sorted(
            (table, name, tuple(r[2] for r in rows), rows[0][3], tuple(r[4] for r in rows), rows[0][5], rows[0][6])
            for (table, name), rows in foreign_keys.items()
        ),
        "checks": sorted(set(checks)),
    }


@contextmanager
def scratch_database(server: str) -> Iterator[str]:
    """A new, empty utf8mb4 database on the server for the duration of the block; its URL."""
    name = unique_database_name()
    admin = connect(server, database=False)
    try:
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        try:
            yield with_database(server, name)
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
    finally:
        admin.close()
