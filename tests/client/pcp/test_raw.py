"""Raw SQL as Prisma takes it (`?` on SQLite and MySQL, `$1`... on PostgreSQL) and results decoded as
Prisma Client Python decodes them."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from prisma_dynamic import Json
from tests.client.conftest import Api


def placeholders(api: Api, count: int) -> list[str]:
    return [f"${i}" for i in range(1, count + 1)] if api.provider == "postgresql" else ["?"] * count


def table(api: Api, name: str) -> str:
    return f"`{name}`" if api.provider == "mysql" else f'"{name}"'


def test_placeholders_and_percent_signs(pcp: Api) -> None:
    pcp.book.create(data={"title": "100% sure"})
    pcp.book.create(data={"title": "half"})
    first, second = placeholders(pcp, 2)
    rows = pcp.query_raw(
        f"SELECT title FROM {table(pcp, 'Book')} WHERE title LIKE '%sure' AND title <> {first} AND id > {second}",
        "half",
        0,
    )
    assert rows == [{"title": "100% sure"}]
    (only,) = placeholders(pcp, 1)
    changed = pcp.execute_raw(f"UPDATE {table(pcp, 'Book')} SET done = {only} WHERE title LIKE '%sure'", True)
    assert changed == 1
    assert pcp.execute_raw(f"DELETE FROM {table(pcp, 'Book')} WHERE title LIKE '100%'") == 1


def test_datetime_and_boolean_results_are_prismas(pcp: Api) -> None:
    at = datetime(2022, 12, 25, 12, 1, 34, tzinfo=timezone.utc)
    book = pcp.book.create(data={"title": "t", "at": at})
    (only,) = placeholders(pcp, 1)
    found = pcp.query_first(f"SELECT at, done FROM {table(pcp, 'Book')} WHERE id = {only}", book.id)
    assert found["at"] == "2022-12-25T12:01:34+00:00"  # SQLite too, where it is stored as milliseconds
    if pcp.provider != "mysql":  # MySQL's BOOLEAN is TINYINT(1): Prisma gives 0/1 there too
        assert found["done"] is False


def test_model_results_are_validated_into_the_model(pcp: Api) -> None:
    book = pcp.book.create(data={"title": "t", "data": Json({"a": [1, 2]}), "price": Decimal("2.50")})
    (only,) = placeholders(pcp, 1)
    model = pcp.query_first(f"SELECT * FROM {table(pcp, 'Book')} WHERE id = {only}", book.id, model=pcp.models.Book)
    assert type(model) is pcp.models.Book
    assert model.data == {"a": [1, 2]} and model.price == Decimal("2.5")


def test_a_dict_parameter_is_bound_as_json(pcp: Api) -> None:
    if pcp.provider == "mysql":
        pytest.skip("MariaDB's JSON is text: comparing it with an object needs JSON_CONTAINS")
    book = pcp.book.create(data={"title": "t", "data": Json({"foo": "bar"})})
    (only,) = placeholders(pcp, 1)
    cast = "::jsonb" if pcp.provider == "postgresql" else ""
    found = pcp.query_first(f"SELECT * FROM {table(pcp, 'Book')} WHERE data{cast} = {only}", {"foo": "bar"})
    assert found["id"] == book.id
    if pcp.provider == "postgresql":
        assert found["data"] == {"foo": "bar"}
