"""Writes that Prisma Client Python's code makes: an atomic update of an id field."""

from __future__ import annotations

from tests.client.conftest import Api


def test_an_id_updated_atomically_is_read_back_by_its_new_value(pcp: Api) -> None:
    made = pcp.author.create(data={"email": "id@x"})
    updated = pcp.author.update(where={"id": made.id}, data={"id": {"increment": 500}})
    assert updated is not None and updated.id == made.id + 500 and updated.email == "id@x"
    doubled = pcp.author.update(where={"id": updated.id}, data={"id": {"multiply": 2}})
    assert doubled is not None and doubled.id == (made.id + 500) * 2
    halved = pcp.author.update(where={"id": doubled.id}, data={"id": {"divide": 2}})
    assert halved is not None and halved.id == made.id + 500
    assert pcp.author.find_unique(where={"id": halved.id}) is not None
