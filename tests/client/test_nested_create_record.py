"""A create with nested writes returns the record as the whole write leaves it.

Where the server has `INSERT ... RETURNING`, the new row's columns come from its INSERT and only
its relations are read after (`Writer.create_record`). That is right only while no nested write
after the INSERT changes the row: a self-relation's `connect` can (a node made its own child),
and so can a write nested deeper. Those read the record back instead, on every database."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from prisma_dynamic import Prisma
from tests.client.conftest import DATABASES, pushed_database

SCHEMA = """\
datasource db {{
  provider = "{provider}"
  url      = "file:./unused.db"
}}

model Node {{
  id       Int     @id
  name     String
  parentId Int?
  parent   Node?   @relation("tree", fields: [parentId], references: [id])
  children Node[]  @relation("tree")
  notes    Note[]
}}

model Note {{
  id     Int    @id @default(autoincrement())
  text   String
  nodeId Int
  node   Node   @relation(fields: [nodeId], references: [id])
}}
"""


@pytest.fixture(params=DATABASES)
def provider(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db(provider: str, tmp_path: Path) -> Iterator[Prisma]:
    schema_path = tmp_path / "schema.prisma"
    schema_path.write_text(SCHEMA.format(provider=provider))
    with pushed_database(provider, schema_path, prefix="pd_nested_record") as made:
        options = {"interface": "sync", "transport": "embedded", "datasource": {"url": made.url}}
        client = Prisma.from_schema(made.schema_path, **options)
        with client:
            yield client


def _sent(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage().split()[0].upper() for r in caplog.records if r.name == "prisma_dynamic.engine"]


def test_a_node_connected_as_its_own_child_is_returned_with_its_parent(db: Prisma) -> None:
    node = db.node.create(data={"id": 1, "name": "loop", "children": {"connect": [{"id": 1}]}})
    assert node.parentId == 1
    assert db.node.find_unique_or_raise(where={"id": 1}).parentId == 1


def test_children_created_with_the_record_come_from_its_insert(
    db: Prisma, provider: str, caplog: pytest.LogCaptureFixture
) -> None:
    db.node.create(data={"id": 10, "name": "root"})
    caplog.set_level(logging.DEBUG, logger="prisma_dynamic.engine")
    node = db.node.create(
        data={
            "id": 11,
            "name": "leaf",
            "parent": {"connect": {"id": 10}},
            "notes": {"create": [{"text": "a"}, {"text": "b"}]},
        },
        include={"notes": True, "parent": True},
    )
    caplog.set_level(logging.WARNING, logger="prisma_dynamic.engine")
    assert (node.parentId, node.parent.name if node.parent else None) == (10, "root")
    assert sorted(n.text for n in node.notes or []) == ["a", "b"]
    assert all(n.nodeId == 11 and n.id for n in node.notes or [])
    assert sorted((n.id, n.text) for n in node.notes or []) == sorted(
        (n.id, n.text) for n in db.note.find_many(where={"nodeId": 11})
    )
    sent = _sent(caplog)
    # The connect's look-up, the node, its notes, then the parent's include: the node comes from
    # its INSERT and the notes from theirs where the server has RETURNING (MySQL: LAST_INSERT_ID,
    # then the node read back and both includes read).
    assert sent.count("INSERT") == 2 and sent[0] == "BEGIN" and sent[-1] == "COMMIT", sent
    reads_after = sent[sent.index("INSERT") + 2 : -1]
    version = str(db.query_raw("SELECT VERSION() AS v")[0]["v"]) if provider == "mysql" else ""
    assert len(reads_after) == (3 if provider == "mysql" and "MariaDB" not in version else 1), sent


def test_children_of_a_nested_create_many_come_from_its_insert(
    db: Prisma, provider: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="prisma_dynamic.engine")
    node = db.node.create(
        data={"id": 50, "name": "many", "notes": {"create_many": {"data": [{"text": "m1"}, {"text": "m2"}]}}},
        include={"notes": True},
    )
    caplog.set_level(logging.WARNING, logger="prisma_dynamic.engine")
    assert sorted((n.text, n.nodeId) for n in node.notes or []) == [("m1", 50), ("m2", 50)]
    sent = _sent(caplog)
    version = str(db.query_raw("SELECT VERSION() AS v")[0]["v"]) if provider == "mysql" else ""
    if provider != "mysql" or "MariaDB" in version:  # INSERT ... RETURNING (MySQL reads them back)
        assert sent == ["BEGIN", "INSERT", "INSERT", "COMMIT"], sent
    empty = db.node.create(
        data={"id": 51, "name": "none", "notes": {"create_many": {"data": []}}}, include={"notes": True}
    )
    assert empty.notes == []
    if provider != "sqlite":  # skipping duplicates: not all of them may be inserted, so they are read
        old = db.note.find_first_or_raise(where={"text": "m1"})
        node = db.node.create(
            data={
                "id": 52,
                "name": "skip",
                "notes": {
                    "create_many": {"data": [{"id": old.id, "text": "dup"}, {"text": "new"}], "skip_duplicates": True}
                },
            },
            include={"notes": True},
        )
        assert [n.text for n in node.notes or []] == ["new"]


def test_children_are_read_when_the_include_asks_more_or_the_write_does_more(
    db: Prisma, caplog: pytest.LogCaptureFixture
) -> None:
    """An include with arguments (an order, a filter), or a relation the create also connects
    records to, is read from the database after the write: its records are not just the ones
    the INSERT made."""
    db.node.create(data={"id": 40, "name": "other", "notes": {"create": [{"text": "old"}]}})
    old = db.note.find_first_or_raise(where={"text": "old"})
    ordered = db.node.create(
        data={"id": 41, "name": "ordered", "notes": {"create": [{"text": "a"}, {"text": "c"}, {"text": "b"}]}},
        include={"notes": {"order_by": {"text": "desc"}, "where": {"text": {"not": "b"}}}},
    )
    assert [n.text for n in ordered.notes or []] == ["c", "a"]
    mixed = db.node.create(
        data={
            "id": 42,
            "name": "mixed",
            "notes": {"create": [{"text": "x"}, {"text": "y"}], "connect": [{"id": old.id}]},
        },
        include={"notes": True},
    )
    assert sorted(n.text for n in mixed.notes or []) == ["old", "x", "y"]
    assert db.note.count(where={"nodeId": 40}) == 0


def test_a_deeper_nested_write_reads_the_record_back(db: Prisma) -> None:
    node = db.node.create(
        data={
            "id": 20,
            "name": "top",
            "children": {"create": [{"id": 21, "name": "kid", "notes": {"create": [{"text": "deep"}]}}]},
        },
        include={"children": {"include": {"notes": True}}},
    )
    assert [(c.id, [n.text for n in c.notes or []]) for c in node.children or []] == [(21, ["deep"])]
