"""A database per provider with the schema of these tests, and the `pcp` fixture: a connected
client on it for each transport and interface (the `api` pattern of `tests/client`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.client.conftest import DATABASES, Api, Database, connect_api, make_database

TEMPLATE = Path(__file__).with_name("schema.prisma.template")
TABLES = ("book", "author", "defaults")


@pytest.fixture(scope="session", params=DATABASES)
def pcp_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    provider: str = request.param
    with make_database(provider, TEMPLATE, tmp_path_factory.mktemp(f"pcp-{provider}")) as made:
        yield made


@pytest.fixture(scope="session")
def pcp_connected(pcp_database: Database, transport: str, interface: str) -> Iterator[Api]:
    with connect_api(pcp_database, transport, interface) as api:
        yield api


@pytest.fixture
def pcp(pcp_connected: Api) -> Api:
    for table in TABLES:
        getattr(pcp_connected, table).delete_many()
    return pcp_connected
