"""Includes and `_count` keyed by a compound foreign key, and `_count` over an implicit m:n
relation: each parent gets its own children and counts (the engine groups child rows by keys)."""

from __future__ import annotations

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

model Shelf {{
  room   String
  number Int
  books  Book[]

  @@id([room, number])
}}

model Book {{
  id         Int     @id
  title      String
  shelfRoom  String?
  shelfNo    Int?
  shelf      Shelf?  @relation(fields: [shelfRoom, shelfNo], references: [room, number])
  tags       Tag[]
}}

model Tag {{
  id     Int     @id
  name   String
  books  Book[]
}}
"""


@pytest.fixture(params=DATABASES)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Prisma]:
    schema_path = tmp_path / "schema.prisma"
    schema_path.write_text(SCHEMA.format(provider=request.param))
    with pushed_database(request.param, schema_path, prefix="pd_relkeys") as made:
        options = {"interface": "sync", "transport": "embedded", "datasource": {"url": made.url}}
        client = Prisma.from_schema(made.schema_path, **options)
        with client:
            yield client


def test_compound_keys_group_children_under_their_parents(db: Prisma) -> None:
    db.tag.create(data={"id": 1, "name": "old"})
    db.tag.create(data={"id": 2, "name": "new"})
    db.shelf.create(data={"room": "a", "number": 1})
    db.shelf.create(data={"room": "a", "number": 2})
    db.shelf.create(data={"room": "b", "number": 1})
    for book_id, room, number in [(1, "a", 1), (2, "a", 2), (3, "a", 1), (4, "b", None), (5, None, None)]:
        db.book.create(data={"id": book_id, "title": f"t{book_id}", "shelfRoom": room, "shelfNo": number})
    db.book.update(where={"id": 1}, data={"tags": {"connect": [{"id": 1}, {"id": 2}]}})
    db.book.update(where={"id": 3}, data={"tags": {"connect": [{"id": 2}]}})

    shelves = db.shelf.find_many(
        include={"books": {"order_by": {"id": "desc"}}, "_count": True}, order=[{"room": "asc"}, {"number": "asc"}]
    )
    assert [(s.room, s.number, [b.id for b in s.books]) for s in shelves] == [
        ("a", 1, [3, 1]),
        ("a", 2, [2]),
        ("b", 1, []),
    ]
    assert [s.model_dump()["_count"] for s in shelves] == [
        {"books": 2},
        {"books": 1},
        {"books": 0},
    ]
    books = db.book.find_many(include={"shelf": True, "tags": True, "_count": True}, order={"id": "asc"})
    shelf_numbers = [(b.id, b.shelf.number if b.shelf else None) for b in books]
    assert shelf_numbers == [(1, 1), (2, 2), (3, 1), (4, None), (5, None)]
    assert [sorted(t.name for t in b.tags) for b in books] == [["new", "old"], [], ["new"], [], []]
    assert [b.model_dump()["_count"]["tags"] for b in books] == [2, 0, 1, 0, 0]
    tags = db.tag.find_many(include={"books": {"order_by": {"id": "asc"}}}, order={"id": "asc"})
    assert [[b.id for b in t.books] for t in tags] == [[1], [1, 3]]
    first_each = db.shelf.find_many(include={"books": {"take": 1}}, order=[{"room": "asc"}, {"number": "asc"}])
    assert [[b.id for b in s.books] for s in first_each] == [[1], [2], []]
