"""Scalar lists (PostgreSQL): a list never written is NULL, found by `equals: None` and neither empty
nor non-empty for `is_empty`, as in Prisma."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.client.conftest import TRANSPORTS, Api, connect_api, make_database

SCHEMA = """
datasource db {
  provider = "{provider}"
  url      = env("PRISMA_DYNAMIC_TEST_DATABASE_URL")
}

model Lists {
  id   Int   @id @default(autoincrement())
  ints Int[]
}
"""


@pytest.fixture(scope="module", params=TRANSPORTS)
def lists(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    folder = tmp_path_factory.mktemp("pcp-lists")
    template = folder / "schema.prisma.template"
    template.write_text(SCHEMA)
    with make_database("postgresql", template, folder) as database, connect_api(database, request.param, "sync") as api:
        yield api


def test_null_empty_and_filled_lists(lists: Api) -> None:
    lists.execute_raw('INSERT INTO "Lists" (ints) VALUES (NULL)')
    lists.lists.create(data={"ints": []})
    lists.lists.create(data={"ints": [1, 2, 3]})
    never = lists.lists.find_first(where={"ints": {"equals": None}})
    assert never is not None and never.ints == []  # NULL reads as an empty list
    assert lists.lists.count(where={"ints": {"is_empty": True}}) == 1
    assert lists.lists.count(where={"ints": {"is_empty": False}}) == 1
    assert lists.lists.count(where={"ints": {"has_every": [1, 2]}}) == 1
