"""Clients for the filter tests: the `tests/client` pattern (each database x transport x interface)
on a schema of its own (`schema.prisma.template`), because what is being tested differs per
database: scalar lists and full-text search exist only on some.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.client.conftest import DATABASES, Api, Database, connect_api, pushed_database

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
    with pushed_database(provider, schema_path) as made:
        yield made


@pytest.fixture(scope="session")
def filter_connected(filter_database: Database, transport: str, interface: str) -> Iterator[Api]:
    with connect_api(filter_database, transport, interface) as api:
        yield api


@pytest.fixture
def fapi(filter_connected: Api) -> Api:
    filter_connected.item.delete_many()
    filter_connected.card.delete_many()
    filter_connected.owner.delete_many()
    return filter_connected
