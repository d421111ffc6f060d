"""Clients for the filter tests: the `tests/client` pattern (each database x transport x interface)
on a schema of its own (`schema.prisma.template`), because what is being tested differs per
database: scalar lists and full-text search exist only on some.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from anyio.from_thread import start_blocking_portal

from prisma_dynamic import Prisma
from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema
from tests.client.conftest import (
    DATABASES,
    Api,
    Database,
    _create_server_database,
    _drop_server_database,
)
from tests.databases import server_url, unique_database_name, with_database

TEMPLATE = Path(__file__).with_name("schema.prisma.template")


def schema_text(provider: str) -> str:
    lists = "tags    String[]\n  kinds   Kind[]" if provider == "postgresql" else ""
    fulltext = "@@fulltext([title])\n  @@fulltext([title, body])" if provider == "mysql" else ""
    preview = '"fullTextSearchPostgres"' if provider == "postgresql" else ""
    return (
        TEMPLATE.read_text()
        .replace("{provider}", provider)
        .replace("{lists}", lists)
        .replace("{fulltext}", fulltext)
        .replace("{preview}", preview)
    )


@pytest.fixture(scope="session", params=DATABASES)
def filter_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    provider: str = request.param
    folder = tmp_path_factory.mktemp(f"filters-{provider}")
    schema_path = folder / "schema.prisma"
    schema_path.write_text(schema_text(provider))
    name = unique_database_name()
    admin: str | None = None
    if provider == "sqlite":
        url = f"file:{folder / 'test.db'}"
    else:
        admin = server_url(provider)
        _create_server_database(provider, admin, name)
        url = with_database(admin, name)
    try:
        anyio.run(functools.partial(push, load_schema(schema_path), url))
        yield Database(provider, url, schema_path)
    finally:
        if admin is not None:
            _drop_server_database(provider, admin, name)


@pytest.fixture(scope="session")
def filter_connected(filter_database: Database, transport: str, interface: str) -> Iterator[Api]:
    options: dict[str, Any] = {"transport": transport, "datasource": {"url": filter_database.url}}
    if interface == "sync":
        client = Prisma.from_schema(filter_database.schema_path, interface="sync", **options)
        client.connect()
        try:
            yield Api(client, None, filter_database, transport)
        finally:
            client.disconnect()
        return
    with start_blocking_portal() as portal:
        client = Prisma.from_schema(filter_database.schema_path, **options)
        portal.call(client.connect)
        try:
            yield Api(client, portal, filter_database, transport)
        finally:
            portal.call(client.disconnect)


@pytest.fixture
def fapi(filter_connected: Api) -> Api:
    filter_connected.item.delete_many()
    filter_connected.card.delete_many()
    filter_connected.owner.delete_many()
    return filter_connected
