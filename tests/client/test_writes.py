"""Writes as Prisma makes them, on every database, transport and interface: atomic updates of
`@id` fields, P2014 for required relations, one input form per nested create list, and
`create_many(skip_duplicates=True)` as one statement where the database can skip duplicates."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from prisma_dynamic.errors import DataError, QueryValidationError, UnsupportedDatabaseError
from prisma_dynamic.fields import Base64, DbNull, Json
from tests.client.conftest import Api


def test_atomic_update_of_an_id_field(api: Api) -> None:
    """`{"id": {"increment": 10}}` in `data` is an atomic update of the key (not a filter), and
    the record is read back under its new key."""
    tag = api.tag.create(data={"name": "t"})
    moved = api.tag.update(where={"id": tag.id}, data={"id": {"increment": 10}, "name": "u"})
    assert moved is not None and (moved.id, moved.name) == (tag.id + 10, "u")
    assert api.tag.find_unique(where={"id": tag.id}) is None
    doubled = api.tag.update(where={"id": tag.id + 10}, data={"id": {"multiply": 2}})
    assert doubled is not None and doubled.id == (tag.id + 10) * 2
    user = api.user.create(data={"email": "a@example.com", "members": {"create": {"orgId": 1, "role": "r"}}})
    member = api.membership.update(
        where={"orgId_userId": {"orgId": 1, "userId": user.id}}, data={"orgId": {"decrement": 1}}
    )
    assert member is not None and (member.orgId, member.userId) == (0, user.id)
    if api.provider != "mysql":  # update_many_and_return needs RETURNING
        api.tag.create(data={"name": "v"})
        before = sorted(t.id for t in api.tag.find_many())
        returned = api.tag.update_many_and_return(data={"id": {"increment": 1000}}, where={})
        assert sorted(t.id for t in returned) == [i + 1000 for i in before]


def test_replacing_a_required_child_is_p2014(api: Api) -> None:
    """Prisma (P2014): "The change you are trying to make would violate the required relation
    'ProfileToUser' between the `Profile` and `User` models." when a nested write would leave a
    record without its required parent; nothing of the write is kept."""
    user = api.user.create(data={"email": "a@example.com", "profile": {"create": {"bio": "first"}}})
    message = (
        "The change you are trying to make would violate the required relation 'ProfileToUser' "
        "between the `Profile` and `User` models."
    )
    with pytest.raises(DataError) as caught:
        api.user.update(where={"id": user.id}, data={"name": "N", "profile": {"create": {"bio": "second"}}})
    assert caught.value.code == "P2014" and str(caught.value) == message
    with pytest.raises(DataError, match="required relation 'ProfileToUser'"):
        api.user.update(where={"id": user.id}, data={"profile": {"disconnect": True}})
    after = api.user.find_unique(where={"id": user.id}, include={"profile": True})
    assert after is not None and after.name is None and after.profile is not None and after.profile.bio == "first"


def test_required_to_one_relations_cannot_be_disconnected_from_the_child(api: Api) -> None:
    """Prisma's `ProfileUpdateOneRequiredWithoutProfileNestedInput` has no `disconnect`/`delete`."""
    user = api.user.create(data={"email": "a@example.com", "profile": {"create": {"bio": "b"}}})
    with pytest.raises(QueryValidationError, match=r"data\.user\.disconnect"):
        api.profile.update(where={"userId": user.id}, data={"user": {"disconnect": True}})


def test_one_input_form_per_nested_create_list(api: Api) -> None:
    """A nested create list is `PostCreateWithoutTagsInput[]` or `PostUncheckedCreateWithoutTagsInput[]`:
    its items set the author all by relation or all by foreign key; each form alone works."""
    user = api.user.create(data={"email": "a@example.com"})
    mixed = [{"title": "a", "author": {"connect": {"id": user.id}}}, {"title": "b", "authorId": user.id}]
    with pytest.raises(QueryValidationError, match=r"data\.posts\.create: .*the same way"):
        api.tag.create(data={"name": "t", "posts": {"create": mixed}})
    checked = [{"title": "a", "author": {"connect": {"id": user.id}}}, {"title": "b"}]
    unchecked = [{"title": "c", "authorId": user.id}, {"title": "d"}]
    api.tag.create(data={"name": "t1", "posts": {"create": checked}})
    api.tag.create(data={"name": "t2", "posts": {"create": unchecked}})
    posts = api.post.find_many(order={"title": "asc"})
    assert [(p.title, p.authorId) for p in posts] == [("a", user.id), ("b", None), ("c", user.id), ("d", None)]


def test_create_many_skip_duplicates_is_one_statement(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    """PostgreSQL: `INSERT ... ON CONFLICT DO NOTHING`, MySQL: `INSERT IGNORE`, one statement for
    the whole list, counting the rows inserted; SQLite: refused, as Prisma refuses it."""
    api.tag.create(data={"name": "b"})
    rows = [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "a"}]
    if api.provider == "sqlite":
        with pytest.raises(UnsupportedDatabaseError, match=r"create_many_skip_duplicates.*sqlite"):
            api.tag.create_many(data=rows, skip_duplicates=True)
        return
    caplog.set_level(logging.DEBUG, logger="prisma_dynamic.engine")
    assert api.tag.create_many(data=rows, skip_duplicates=True) == 2
    assert [t.name for t in api.tag.find_many(order={"name": "asc"})] == ["a", "b", "c"]
    if api.transport == "embedded":
        inserts = [r.getMessage() for r in caplog.records if r.getMessage().lstrip().upper().startswith("INSERT")]
        assert len(inserts) == 1, inserts
        assert ("ON CONFLICT DO NOTHING" if api.provider == "postgresql" else "INSERT IGNORE") in inserts[0]


def test_create_many_without_skip_duplicates_is_all_or_nothing(api: Api) -> None:
    api.tag.create(data={"name": "b"})
    with pytest.raises(DataError) as caught:
        api.tag.create_many(data=[{"name": "a"}, {"name": "b"}])
    assert caught.value.code == "P2002"
    assert [t.name for t in api.tag.find_many()] == ["b"]
    assert api.tag.create_many(data=[{"name": "x"}, {"name": "y"}]) == 2
    if api.provider != "mysql":
        returned = api.tag.create_many_and_return(data=[{"name": "p"}, {"name": "q"}], select={"name": True})
        assert [t.model_dump() for t in returned] == [{"name": "p"}, {"name": "q"}]


def test_nested_create_many_skips_duplicates_where_the_database_can(api: Api) -> None:
    """`posts: {create_many: {data, skip_duplicates}}`: refused on SQLite (naming the argument),
    rows inserted once elsewhere."""
    user = api.user.create(data={"email": "a@example.com"})
    existing = api.post.create(data={"title": "old", "author": {"connect": {"id": user.id}}})
    rows = [{"id": existing.id, "title": "dup"}, {"id": "fresh-id", "title": "new"}]
    nested = {"posts": {"create_many": {"data": rows, "skip_duplicates": True}}}
    if api.provider == "sqlite":
        with pytest.raises(QueryValidationError, match=r"data\.posts\.create_many\.skip_duplicates: .* on SQLite"):
            api.user.update(where={"id": user.id}, data=nested)
        return
    api.user.update(where={"id": user.id}, data=nested)
    assert sorted(p.title for p in api.post.find_many(where={"authorId": user.id})) == ["new", "old"]


def test_create_many_rows_of_every_scalar_type_in_one_statement(api: Api) -> None:
    """Multi-row INSERTs bind every type as single-row ones do; rows giving different columns
    (a NULL here, a default there) are all written, and so are rows all giving the same ones."""
    moment = datetime(2024, 2, 29, 13, 14, 15, 678000, tzinfo=timezone.utc)
    full = {
        "string": "a",
        "bigint": 9007199254740993,
        "decimal": Decimal("12.34"),
        "boolean": True,
        "datetime": moment,
        "json": Json({"k": [1]}),
        "bytes": Base64.encode(b"\x00\xff"),
    }
    assert api.types.create_many(data=[full, {**full, "string": "b", "json": DbNull}, {"string": "c"}]) == 3
    rows = {t.string: t for t in api.types.find_many()}
    assert rows["a"].bigint == 9007199254740993 and Decimal(str(rows["a"].decimal)) == Decimal("12.34")
    assert rows["a"].datetime == moment and rows["a"].json == {"k": [1]} and rows["a"].bytes.decode() == b"\x00\xff"
    assert rows["b"].json is None and rows["b"].boolean is True
    assert rows["c"].bigint == 0 and rows["c"].boolean is False and rows["c"].bytes is None
    assert len({t.id for t in rows.values()}) == 3  # uuid() computed per row
    # Rows all giving the same fields (converted by the engine a column at a time).
    assert api.types.create_many(data=[{**full, "string": "d"}, {**full, "string": "e", "json": DbNull}]) == 2
    rows = {t.string: t for t in api.types.find_many(where={"string": {"in": ["d", "e"]}})}
    assert rows["e"].bigint == 9007199254740993 and Decimal(str(rows["e"].decimal)) == Decimal("12.34")
    assert rows["e"].datetime == moment and rows["e"].bytes.decode() == b"\x00\xff"
    assert rows["d"].json == {"k": [1]} and rows["e"].json is None and rows["d"].id != rows["e"].id


def test_the_engine_itself_refuses_what_the_database_cannot_do(api: Api) -> None:
    """A request that bypasses the client's checks (another client, the HTTP engine) is refused by
    the engine from the connector's capabilities: no `*AndReturn` without RETURNING, no
    `skipDuplicates` where duplicates cannot be skipped."""
    transport = api.client._transport

    def send(action: str, arguments: dict[str, object]) -> None:
        request = {"modelName": "Tag", "action": action, "query": {"arguments": arguments, "selection": {"id": True}}}
        api.run(transport.request, "POST", "/", request)

    if api.provider == "mysql":
        with pytest.raises(DataError, match=r"createManyAndReturn` is not available on mysql"):
            send("createManyAndReturn", {"data": [{"name": "x"}]})
    if api.provider == "sqlite":
        with pytest.raises(DataError, match=r"skipDuplicates.*cannot skip duplicates on sqlite"):
            send("createMany", {"data": [{"name": "x"}], "skipDuplicates": True})
    assert api.tag.count() == 0
