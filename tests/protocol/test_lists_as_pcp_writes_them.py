"""Scalar lists as code written for Prisma Client Python writes them: `equals: None` (a list column
that is NULL) and `push` on a Json[] field."""

from __future__ import annotations

from prisma_dynamic import Json
from prisma_dynamic.protocol import QueryBuilder
from tests.models.schemas import schema
from tests.protocol.senders import Harness

LISTS = """
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model Lists {
  id    Int    @id
  ints  Int[]
  blobs Json[]
}
"""


def test_a_list_equals_none_and_a_json_list_push() -> None:
    harness = Harness("sync", QueryBuilder(schema(LISTS)))
    lists = harness.delegate("Lists", {"findFirstLists": None})
    lists.find_first(where={"ints": {"equals": None}})
    assert lists.recorder.sent["query"]["arguments"]["where"] == {"ints": {"equals": None}}
    row = {"id": 1, "ints": [], "blobs": [{"$type": "Json", "value": '{"a": 1}'}]}
    lists = harness.delegate("Lists", {"updateOneLists": row})
    updated = lists.update(where={"id": 1}, data={"blobs": {"push": [Json({"a": 1}), Json(True)]}})
    assert lists.recorder.sent["query"]["arguments"]["data"] == {
        "blobs": {"push": [{"$type": "Json", "value": '{"a":1}'}, {"$type": "Json", "value": "true"}]}
    }
    assert updated is not None and updated.blobs == [{"a": 1}]
