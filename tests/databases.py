"""Database servers for tests: where they are, and what to do when they are not there.

On a developer's machine without a server the tests that need it skip, saying how to enable
them; under CI (`CI=true`) an unreachable server fails the run instead.
"""

from __future__ import annotations

import os
import socket
import uuid
from urllib.parse import urlsplit, urlunsplit

import anyio
import pytest

POSTGRES_URL = os.environ.get("PRISMA_DYNAMIC_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
MYSQL_URL = os.environ.get("PRISMA_DYNAMIC_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/mysql")

_ENV_VARS = {"postgresql": "PRISMA_DYNAMIC_TEST_POSTGRES_URL", "mysql": "PRISMA_DYNAMIC_TEST_MYSQL_URL"}
_DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306}


def server_url(kind: str) -> str:
    """The server's admin URL; skips (or fails under CI) when nothing listens there."""
    url = POSTGRES_URL if kind == "postgresql" else MYSQL_URL
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or _DEFAULT_PORTS[kind]
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError as error:
        message = (
            f"no {kind} server at {host}:{port} ({error}); start one or set {_ENV_VARS[kind]} to its URL "
            f"(.ci/services.sh starts both servers)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


def unique_database_name(prefix: str = "pd_test") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def with_database(url: str, database: str) -> str:
    """The same server URL pointing at another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def create_server_database(provider: str, admin_url: str, name: str) -> None:
    """A new, empty database `name` on the server (utf8mb4 on MySQL)."""
    if provider == "postgresql":
        import asyncpg

        async def create() -> None:
            connection = await asyncpg.connect(admin_url)
            try:
                await connection.execute(f'CREATE DATABASE "{name}"')
            finally:
                await connection.close()

        anyio.run(create)
    else:
        _mysql_admin(admin_url, f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")


def drop_server_database(provider: str, admin_url: str, name: str) -> None:
    """Drop the database `name` (on PostgreSQL even while connections to it remain)."""
    if provider == "postgresql":
        import asyncpg

        async def drop() -> None:
            connection = await asyncpg.connect(admin_url)
            try:
                await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await connection.close()

        anyio.run(drop)
    else:
        _mysql_admin(admin_url, f"DROP DATABASE IF EXISTS `{name}`")


def _mysql_admin(url: str, statement: str) -> None:
    import pymysql

    parts = urlsplit(url)
    connection = pymysql.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 3306,
        user=parts.username or "root",
        password=parts.password or "",
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()
