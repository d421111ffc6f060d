"""Database servers for tests: where they are, and what to do when they are not there.

On a developer's machine without a server the tests that need it skip, saying how to enable
them; under CI (`CI=true`) an unreachable server fails the run instead.
"""

from __future__ import annotations

import os
import socket
import uuid
from urllib.parse import urlsplit, urlunsplit

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
