"""Errors mapped to Prisma's codes and our exceptions; every scalar type round-trips."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from prisma_dynamic import Base64, Json, errors
from tests.client.conftest import Api


def test_unique_violation(api: Api) -> None:
    api.user.create(data={"email": "dup@example.com"})
    with pytest.raises(errors.UniqueViolationError) as caught:
        api.user.create(data={"email": "dup@example.com"})
    assert caught.value.code == "P2002"
    assert "email" in str(caught.value.meta)


def test_foreign_key_violation(api: Api) -> None:
    with pytest.raises(errors.ForeignKeyViolationError) as caught:
        api.profile.create(data={"bio": "orphan", "userId": 987654})
    assert caught.value.code == "P2003"


def test_connect_to_a_missing_record(api: Api) -> None:
    with pytest.raises(errors.RecordNotFoundError):
        api.post.create(data={"title": "p", "author": {"connect": {"id": 987654}}})
    assert api.post.count() == 0  # the nested write was all or nothing


def test_nested_write_is_atomic(api: Api) -> None:
    api.tag.create(data={"name": "taken"})
    with pytest.raises(errors.UniqueViolationError):
        api.user.create(
            data={
                "email": "atomic@example.com",
                "posts": {"create": {"title": "t", "tags": {"create": {"name": "taken"}}}},
            }
        )
    assert api.user.count() == 0 and api.post.count() == 0


def test_validation_errors_name_the_argument_path(api: Api) -> None:
    with pytest.raises(errors.QueryValidationError) as missing:
        api.user.create(data={"email": "x@example.com", "posts": {"create": {"content": "no title"}}})
    assert "data.posts.create.title" in str(missing.value)
    with pytest.raises(errors.QueryValidationError) as unknown:
        api.user.find_many(where={"emial": "x"})
    assert "where.emial" in str(unknown.value) and "email" in str(unknown.value)
    with pytest.raises(errors.QueryValidationError) as wrong_type:
        api.post.create(data={"title": "t", "views": "many"})
    assert "data.views" in str(wrong_type.value)
    with pytest.raises(errors.QueryValidationError) as bad_relation:
        api.user.find_many(include={"postz": True})
    assert "include.postz" in str(bad_relation.value)
    assert api.user.count() == 0


def test_every_scalar_type_round_trips(api: Api) -> None:
    moment = datetime(2024, 2, 29, 13, 14, 15, 678000, tzinfo=timezone.utc)
    created = api.types.create(
        data={
            "string": "héllo 'quoted' \"text\"",
            "int": -2147483648,
            "bigint": 9007199254740993,
            "float": 1.5,
            "decimal": Decimal("12.34"),
            "boolean": True,
            "datetime": moment,
            "json": Json({"a": [1, 2, {"b": None}]}),
            "bytes": Base64.encode(b"\x00\x01binary\xff"),
        }
    )
    found = api.types.find_unique(where={"id": created.id})
    assert found is not None
    assert found.string == "héllo 'quoted' \"text\""
    assert found.int == -2147483648
    assert found.bigint == 9007199254740993
    assert found.float == 1.5
    assert Decimal(str(found.decimal)) == Decimal("12.34")
    assert found.boolean is True
    assert found.datetime == moment
    assert found.json == {"a": [1, 2, {"b": None}]}
    assert found.bytes.decode() == b"\x00\x01binary\xff"
    assert found.optional is None
    assert len(found.id) == 36  # uuid() computed by the engine
    defaults = api.types.create(data={})
    assert defaults.int == 0 and defaults.string == "" and defaults.boolean is False
    assert abs(defaults.datetime - datetime.now(timezone.utc)) < timedelta(minutes=5)


def test_sqlite_booleans_written_as_text_read_as_booleans(api: Api) -> None:
    """Prisma writes a SQLite Boolean as 1 or 0; a row written by other tools may hold text."""
    if api.provider != "sqlite":
        pytest.skip("only SQLite keeps a Boolean column's values as they were written")
    stored = {"1": 1, "0": 0, "text true": "true", "text FALSE": " FALSE ", "text 1": "1"}
    for name, value in stored.items():
        api.execute_raw("INSERT INTO Types (id, boolean) VALUES (?, ?)", name, value)
    found = {t.id: t.boolean for t in api.types.find_many(where={"id": {"in": list(stored)}})}
    assert found == {"1": True, "0": False, "text true": True, "text FALSE": False, "text 1": True}
    assert [t.id for t in api.types.find_many(where={"boolean": True}, order={"id": "asc"})] == ["1", "text 1"]


def test_read_values_are_the_same_on_every_transport(api: Api) -> None:
    # The embedded transport hands DateTime, BigInt and Decimal over as Python values, the HTTP
    # one as tagged text: either way a read gives the instant in UTC to the millisecond (as
    # Prisma keeps it), the integer, and the Decimal without trailing zeros.
    summer = timezone(timedelta(hours=2))
    moment = datetime(2024, 7, 1, 13, 14, 15, 678901, tzinfo=summer)
    created = api.types.create(data={"bigint": -(2**62), "decimal": Decimal("12.3400"), "datetime": moment})
    for found in (created, api.types.find_unique(where={"id": created.id}), *api.types.find_many()):
        assert found is not None
        assert found.datetime == datetime(2024, 7, 1, 11, 14, 15, 678000, tzinfo=timezone.utc)
        assert found.datetime.tzinfo is timezone.utc
        assert found.bigint == -(2**62) and type(found.bigint) is int
        assert str(found.decimal) == "12.34"
        assert found.model_dump_json(include={"datetime", "bigint", "decimal"}) == (
            '{"bigint":-4611686018427387904,"decimal":"12.34","datetime":"2024-07-01T11:14:15.678000Z"}'
        )


def test_datetime_filters_compare_instants(api: Api) -> None:
    early = datetime(2020, 1, 1, tzinfo=timezone.utc)
    late = datetime(2030, 1, 1, tzinfo=timezone.utc)
    api.types.create(data={"datetime": early, "string": "early"})
    api.types.create(data={"datetime": late, "string": "late"})
    found = api.types.find_many(where={"datetime": {"gt": datetime(2025, 1, 1, tzinfo=timezone.utc)}})
    assert [t.string for t in found] == ["late"]
    naive = api.types.find_many(where={"datetime": {"lt": datetime(2025, 1, 1)}})  # naive means UTC
    assert [t.string for t in naive] == ["early"]


def test_raw_queries(api: Api) -> None:
    api.tag.create(data={"name": "raw"})
    table = '"Tag"' if api.provider != "mysql" else "`Tag`"
    placeholder = "$1" if api.provider == "postgresql" else "?"  # Prisma's placeholders: `?` on SQLite and MySQL
    rows = api.query_raw(f"SELECT name FROM {table} WHERE name = {placeholder}", "raw")
    assert rows == [{"name": "raw"}]
    assert api.execute_raw(f"DELETE FROM {table} WHERE name = {placeholder}", "raw") == 1
    assert api.tag.count() == 0
