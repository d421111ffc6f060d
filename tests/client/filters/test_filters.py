"""Every filter operator, on every database, transport and interface, with the exact rows it finds;
and a clear refusal, naming the argument and the database, where the database lacks the operator.

The schema is `schema.prisma.template`; `stocked` holds four items:

| title         | body               | views | likes | meta                                | owner          |
|---------------|--------------------|-------|-------|-------------------------------------|----------------|
| Cats and dogs | a story about cats | 10    | 5     | {a: {b: "hello world"}, n: 5, ...}  | Alice (a card) |
| Dogs only     | dogs rule          | 3     | 3     | {a: {b: "Goodbye"}, n: 7, ...}      | Bob            |
| Birds         | (empty)            | 0     | 1     | JSON null                           | Bob            |
| Fish          | Fis                | 1     | 0     | SQL NULL                            | nobody         |
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import pytest

from prisma_dynamic.errors import DataError, QueryValidationError
from prisma_dynamic.fields import AnyNull, DbNull, FieldRef, Json, JsonNull
from tests.client.conftest import Api

CATS, DOGS, BIRDS, FISH = "Cats and dogs", "Dogs only", "Birds", "Fish"


@pytest.fixture
def stocked(fapi: Api) -> Api:
    alice = fapi.owner.create(data={"name": "Alice", "card": {"create": {}}})
    bob = fapi.owner.create(data={"name": "Bob"})
    lists = fapi.provider == "postgresql"
    fapi.item.create(
        data={
            "title": CATS,
            "body": "a story about cats",
            "views": 10,
            "likes": 5,
            "price": Decimal("1.5"),
            "big": 2**40,
            "at": datetime(2024, 1, 1, tzinfo=timezone.utc),
            "data": b"\x00\x01",
            "kind": "A",
            "meta": Json({"a": {"b": "hello world"}, "n": 5, "arr": ["x", "y"]}),
            "owner": {"connect": {"id": alice.id}},
            **({"tags": ["a", "b"], "kinds": ["A"]} if lists else {}),
        }
    )
    fapi.item.create(
        data={
            "title": DOGS,
            "body": "dogs rule",
            "views": 3,
            "likes": 3,
            "price": Decimal("2.25"),
            "big": 5,
            "at": datetime(2024, 6, 1, tzinfo=timezone.utc),
            "data": b"\x02",
            "kind": "B",
            "meta": Json({"a": {"b": "Goodbye"}, "n": 7, "arr": ["y", "z"]}),
            "note": "n",
            "owner": {"connect": {"id": bob.id}},
            **({"tags": [], "kinds": []} if lists else {}),
        }
    )
    fapi.item.create(
        data={
            "title": BIRDS,
            "views": 0,
            "likes": 1,
            "at": datetime(2023, 1, 1, tzinfo=timezone.utc),
            "meta": JsonNull,
            "owner": {"connect": {"id": bob.id}},
        }
    )
    fapi.item.create(data={"title": FISH, "body": "Fis", "views": 1, "likes": 0, "meta": DbNull})
    if lists:
        fapi.execute_raw('UPDATE "Item" SET tags = NULL, kinds = NULL WHERE title IN ($1, $2)', BIRDS, FISH)
    return fapi


def titles(api: Api, where: dict[str, Any]) -> list[str]:
    return sorted(item.title for item in api.item.find_many(where=where))


def refused(api: Api, where: dict[str, Any]) -> QueryValidationError:
    with pytest.raises(QueryValidationError) as caught:
        api.item.find_many(where=where)
    return caught.value


def json_path(api: Api, *keys: str) -> Any:
    """A Json filter path as the database takes it: keys on PostgreSQL, `$.a.b` elsewhere."""
    return list(keys) if api.provider == "postgresql" else "$." + ".".join(keys)


# ---- scalar filters ------------------------------------------------------------------------------


def test_in_and_not_in(stocked: Api) -> None:
    assert titles(stocked, {"views": {"in": [0, 10, 99]}}) == [BIRDS, CATS]
    assert titles(stocked, {"views": {"not_in": [0, 10]}}) == [DOGS, FISH]
    assert titles(stocked, {"views": {"in": []}}) == []
    assert titles(stocked, {"views": {"not_in": []}}) == [BIRDS, CATS, DOGS, FISH]
    assert titles(stocked, {"note": {"not_in": ["x"]}}) == [DOGS]  # NULLs are never in or out of a list


def test_not(stocked: Api) -> None:
    assert titles(stocked, {"views": {"not": 10}}) == [BIRDS, DOGS, FISH]
    assert titles(stocked, {"views": {"not": {"gt": 2, "lt": 10}}}) == [BIRDS, CATS, FISH]
    assert titles(stocked, {"views": {"not": {"not": {"in": [1]}}}}) == [FISH]
    assert titles(stocked, {"note": {"not": "n"}}) == []  # `not` keeps NULLs out, as Prisma
    assert titles(stocked, {"note": {"not": None}}) == [DOGS]


def test_decimal_bigint_and_datetime_comparisons(stocked: Api) -> None:
    assert titles(stocked, {"price": {"gt": Decimal("1.5")}}) == [DOGS]
    assert titles(stocked, {"price": {"gte": Decimal("1.5"), "lt": Decimal("2.25")}}) == [CATS]
    assert titles(stocked, {"price": {"in": [Decimal("2.25"), Decimal("0")]}}) == [BIRDS, DOGS, FISH]
    assert titles(stocked, {"big": {"gt": 2**32}}) == [CATS]
    assert titles(stocked, {"big": {"in": [2**40, 5]}}) == [CATS, DOGS]
    assert titles(stocked, {"at": {"lt": datetime(2024, 1, 1, tzinfo=timezone.utc)}}) == [BIRDS]
    first = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert titles(stocked, {"at": {"gte": first, "lte": datetime(2024, 6, 1, tzinfo=timezone.utc)}}) == [CATS, DOGS]
    assert titles(stocked, {"at": {"in": [first]}}) == [CATS]


def test_bytes_filters(stocked: Api) -> None:
    assert titles(stocked, {"data": b"\x00\x01"}) == [CATS]
    assert titles(stocked, {"data": {"in": [b"\x02", b"\xff"]}}) == [DOGS]
    assert titles(stocked, {"data": {"not_in": [b"\x02"]}}) == [CATS]
    assert titles(stocked, {"data": {"not": b"\x02"}}) == [CATS]
    assert titles(stocked, {"data": None}) == [BIRDS, FISH]


def test_enum_filters(stocked: Api) -> None:
    assert titles(stocked, {"kind": "B"}) == [DOGS]
    assert titles(stocked, {"kind": {"in": ["A"]}}) == [BIRDS, CATS, FISH]
    assert titles(stocked, {"kind": {"not_in": ["A"]}}) == [DOGS]
    assert titles(stocked, {"kind": {"not": "A"}}) == [DOGS]
    assert titles(stocked, {"kind": stocked.client.enums.Kind.B}) == [DOGS]


def test_insensitive_mode_only_where_the_database_has_it(stocked: Api) -> None:
    where = {"title": {"contains": "DOG", "mode": "insensitive"}}
    if stocked.provider == "postgresql":
        assert titles(stocked, where) == [CATS, DOGS]
        assert titles(stocked, {"title": {"equals": "birds", "mode": "insensitive"}}) == [BIRDS]
        assert titles(stocked, {"title": {"in": ["BIRDS", "fish"], "mode": "insensitive"}}) == [BIRDS, FISH]
        assert titles(stocked, {"title": {"mode": "insensitive", "not": {"startswith": "d"}}}) == [BIRDS, CATS, FISH]
        assert titles(stocked, {"title": {"contains": "DOG"}}) == []
        return
    error = refused(stocked, where)
    assert error.path == "where.title.mode"
    assert {"sqlite": "SQLite", "mysql": "MySQL"}[stocked.provider] in str(error)


# ---- field references ----------------------------------------------------------------------------


def test_field_references(stocked: Api) -> None:
    likes, body = FieldRef("Item", "likes"), FieldRef("Item", "body")
    assert titles(stocked, {"views": {"gt": likes}}) == [CATS, FISH]
    assert titles(stocked, {"views": {"equals": likes}}) == [DOGS]
    assert titles(stocked, {"views": {"lte": likes}}) == [BIRDS, DOGS]
    # `not` takes a value or a nested filter, no field reference (IntFilter.not: Int | NestedIntFilter).
    assert titles(stocked, {"views": {"not": {"equals": likes}}}) == [BIRDS, CATS, FISH]
    error = refused(stocked, {"views": {"not": likes}})
    assert str(error) == "where.views.not: a field reference is not accepted here; expected Int | NestedIntFilter"
    assert titles(stocked, {"title": {"startswith": body}}) == [BIRDS, FISH]  # "" starts every title
    assert titles(stocked, {"body": {"contains": FieldRef(stocked.client.models.Item, "title")}}) == []
    assert titles(stocked, {"body": {"endswith": FieldRef("Item", "body")}}) == [BIRDS, CATS, DOGS, FISH]


def test_field_references_are_checked(stocked: Api) -> None:
    error = refused(stocked, {"views": {"gt": FieldRef("Item", "title")}})
    assert error.path == "where.views.gt"
    assert "same type" in str(error)
    error = refused(stocked, {"views": {"gt": FieldRef("Item", "nope")}})
    assert error.path == "where.views.gt"
    assert "'nope'" in str(error)
    error = refused(stocked, {"views": {"gt": FieldRef("Owner", "id")}})
    assert "must name a field of Item" in str(error)
    error = refused(stocked, {"views": {"in": FieldRef("Item", "likes")}})
    assert error.path == "where.views.in"


# ---- relations -----------------------------------------------------------------------------------


def test_relation_null_shorthand(stocked: Api) -> None:
    assert titles(stocked, {"owner": None}) == [FISH]
    assert titles(stocked, {"owner": {"is": None}}) == [FISH]
    assert titles(stocked, {"owner": {"is_not": None}}) == [BIRDS, CATS, DOGS]
    assert [o.name for o in stocked.owner.find_many(where={"card": None})] == ["Bob"]
    assert [o.name for o in stocked.owner.find_many(where={"card": {"is_not": None}})] == ["Alice"]


# ---- Json ----------------------------------------------------------------------------------------


def test_json_null_sentinels(stocked: Api) -> None:
    assert titles(stocked, {"meta": {"equals": JsonNull}}) == [BIRDS]
    assert titles(stocked, {"meta": {"equals": DbNull}}) == [FISH]
    assert titles(stocked, {"meta": {"equals": AnyNull}}) == [BIRDS, FISH]
    assert titles(stocked, {"meta": {"not": JsonNull}}) == [CATS, DOGS]  # SQL NULL is not compared
    assert titles(stocked, {"meta": {"not": DbNull}}) == [BIRDS, CATS, DOGS]
    # A Json filter is not nullable (Prisma's JsonNullableFilter): SQL NULL is `equals: DbNull`.
    error = refused(stocked, {"meta": None})
    assert str(error) == "where.meta: None is not accepted here; expected JsonNullableFilter"


def test_json_null_sentinels_in_writes(stocked: Api) -> None:
    fish = stocked.item.find_first(where={"title": FISH})
    stocked.item.update(where={"id": fish.id}, data={"meta": JsonNull})
    assert titles(stocked, {"meta": {"equals": JsonNull}}) == [BIRDS, FISH]
    stocked.item.update_many(where={"title": BIRDS}, data={"meta": DbNull})
    assert titles(stocked, {"meta": {"equals": DbNull}}) == [BIRDS]
    with pytest.raises(QueryValidationError, match="AnyNull only matches in filters"):
        stocked.item.update(where={"id": fish.id}, data={"meta": AnyNull})
    with pytest.raises(QueryValidationError, match="Json null value"):
        stocked.item.update(where={"id": fish.id}, data={"title": JsonNull})


def test_json_equality_is_textual_on_sqlite_and_semantic_elsewhere(stocked: Api) -> None:
    # Prisma compares Json documents as stored text on SQLite (key order and spacing count) and
    # as JSON values on PostgreSQL and MySQL.
    reordered = Json({"n": 5, "arr": ["x", "y"], "a": {"b": "hello world"}})
    same = Json({"a": {"b": "hello world"}, "n": 5, "arr": ["x", "y"]})
    assert titles(stocked, {"meta": {"equals": same}}) == [CATS]
    assert titles(stocked, {"meta": {"equals": reordered}}) == ([] if stocked.provider == "sqlite" else [CATS])
    assert titles(stocked, {"meta": {"not": same}}) == [BIRDS, DOGS]  # a JSON null is a value; SQL NULL is not


def test_json_path_filters(stocked: Api) -> None:
    ab = json_path(stocked, "a", "b")
    assert titles(stocked, {"meta": {"path": ab, "string_contains": "o w"}}) == [CATS]
    assert titles(stocked, {"meta": {"path": ab, "string_starts_with": "Good"}}) == [DOGS]
    assert titles(stocked, {"meta": {"path": ab, "string_ends_with": "world"}}) == [CATS]
    assert titles(stocked, {"meta": {"path": ab, "string_contains": "BYE", "mode": "insensitive"}}) == [DOGS]
    assert titles(stocked, {"meta": {"path": json_path(stocked, "n"), "string_contains": "5"}}) == []  # not a string
    assert titles(stocked, {"meta": {"path": json_path(stocked, "n"), "equals": Json(7)}}) == [DOGS]
    assert titles(stocked, {"meta": {"path": ab, "equals": Json("Goodbye")}}) == [DOGS]
    arr = json_path(stocked, "arr")
    assert titles(stocked, {"meta": {"path": arr, "array_starts_with": Json("x")}}) == [CATS]
    assert titles(stocked, {"meta": {"path": arr, "array_ends_with": Json("z")}}) == [DOGS]
    nothing_there = {"meta": {"path": json_path(stocked, "missing"), "equals": DbNull}}
    assert titles(stocked, nothing_there) == [BIRDS, CATS, DOGS, FISH]  # no value at the path


def test_json_string_filters_take_a_string_field(stocked: Api) -> None:
    stocked.item.update_many(where={"title": CATS}, data={"body": "HELLO"})
    ab, body = json_path(stocked, "a", "b"), FieldRef("Item", "body")
    assert titles(stocked, {"meta": {"path": ab, "string_starts_with": body, "mode": "insensitive"}}) == [CATS]
    # SQLite's LIKE ignores ASCII case; on MySQL the column's collation (utf8mb4_unicode_ci) decides.
    expected = [] if stocked.provider == "postgresql" else [CATS]
    assert titles(stocked, {"meta": {"path": ab, "string_starts_with": body}}) == expected
    error = refused(stocked, {"meta": {"path": ab, "string_contains": FieldRef("Item", "views")}})
    assert error.path == "where.meta.string_contains"
    assert "String" in str(error)


def test_json_array_contains_and_comparisons(stocked: Api) -> None:
    arr, n = json_path(stocked, "arr"), json_path(stocked, "n")
    if stocked.provider == "sqlite":
        error = refused(stocked, {"meta": {"path": arr, "array_contains": Json(["y"])}})
        assert error.path == "where.meta.array_contains"
        assert "SQLite" in str(error)
        assert "SQLite" in str(refused(stocked, {"meta": {"path": n, "gt": Json(6)}}))
        return
    assert titles(stocked, {"meta": {"path": arr, "array_contains": Json(["y"])}}) == [CATS, DOGS]
    assert titles(stocked, {"meta": {"path": arr, "array_contains": Json(["x", "y"])}}) == [CATS]
    assert titles(stocked, {"meta": {"path": n, "gt": Json(6)}}) == [DOGS]
    assert titles(stocked, {"meta": {"path": n, "lte": Json(7), "gte": Json(5)}}) == [CATS, DOGS]
    assert titles(stocked, {"meta": {"path": json_path(stocked, "a", "b"), "lt": Json("H")}}) == [DOGS]


def test_json_path_spelling_follows_the_database(stocked: Api) -> None:
    wrong: Any = "$.a.b" if stocked.provider == "postgresql" else ["a", "b"]
    error = refused(stocked, {"meta": {"path": wrong, "string_contains": "x"}})
    assert error.path == "where.meta.path"
    # The query schema's type of `path`: a list of keys on PostgreSQL, a `$.a.b` string elsewhere.
    expected = "expected String[], got str" if stocked.provider == "postgresql" else "expected String, got list"
    assert expected in str(error)


# ---- full-text search ----------------------------------------------------------------------------


def test_full_text_search(stocked: Api) -> None:
    if stocked.provider == "sqlite":
        error = refused(stocked, {"title": {"search": "cats"}})
        assert error.path == "where.title.search"
        assert "SQLite" in str(error)
        return
    assert titles(stocked, {"title": {"search": "dogs"}}) == [CATS, DOGS]
    both, dogs_only = (
        ("cats & dogs", "dogs & !cats") if stocked.provider == "postgresql" else ("+cats +dogs", "+dogs -cats")
    )
    assert titles(stocked, {"title": {"search": both}}) == [CATS]
    assert titles(stocked, {"title": {"search": dogs_only}}) == [DOGS]
    assert titles(stocked, {"title": {"not": {"search": "dogs"}}}) == [BIRDS, FISH]


def test_search_on_several_fields_with_one_query_searches_them_together(stocked: Api) -> None:
    if stocked.provider == "sqlite":
        pytest.skip("SQLite has no full-text search (test_full_text_search)")
    # As Prisma: equal queries in one where object are one search over both fields' text...
    assert titles(stocked, {"title": {"search": "dogs"}, "body": {"search": "dogs"}}) == [CATS, DOGS]
    # ...and different queries each search their own field (MySQL, with an index on both fields
    # together but none on `body` alone, finds nothing rather than failing).
    assert titles(stocked, {"title": {"search": "cats"}, "body": {"search": "dogs"}}) == []
    assert titles(stocked, {"title": {"search": "dogs"}, "body": {"search": "dogs", "contains": "rule"}}) == [DOGS]


def test_relevance_order(stocked: Api) -> None:
    order = {"_relevance": {"fields": ["title", "body"], "search": "cats", "sort": "desc"}}
    if stocked.provider == "sqlite":
        with pytest.raises(
            QueryValidationError, match="'_relevance' is not a valid key of ItemOrderByWithRelationInput on SQLite"
        ) as caught:
            stocked.item.find_many(order=order)
        assert caught.value.path == "order._relevance"
        return
    found = [item.title for item in stocked.item.find_many(order=[order, {"id": "asc"}])]
    assert found == [CATS, DOGS, BIRDS, FISH]  # the others rank 0 and keep id order
    # Another search text, the same query shape: the text is bound, not compiled into the plan.
    dogs = {"_relevance": {"fields": ["title", "body"], "search": "dogs", "sort": "desc"}}
    found = [item.title for item in stocked.item.find_many(order=[dogs, {"id": "asc"}])]
    assert found == [DOGS, CATS, BIRDS, FISH]  # "dogs" twice in the second item, once in the first
    with pytest.raises(
        QueryValidationError, match=r"expected one of ItemOrderByRelevanceFieldEnum \(body, .*title\), got 'views'"
    ) as caught:
        stocked.item.find_many(order={"_relevance": {"fields": ["views"], "search": "cats", "sort": "asc"}})
    assert caught.value.path == "order._relevance.fields[0]"


def test_mysql_search_needs_a_fulltext_index(stocked: Api) -> None:
    if stocked.provider != "mysql":
        pytest.skip("only MySQL matches against an index")
    with pytest.raises(DataError, match="fulltext index") as caught:
        stocked.item.find_many(where={"body": {"search": "cats"}})
    assert caught.value.code == "P2030"


# ---- scalar lists --------------------------------------------------------------------------------


def test_scalar_list_filters(stocked: Api) -> None:
    if stocked.provider != "postgresql":
        pytest.skip("only PostgreSQL has scalar lists; the schema refuses them elsewhere (test_refusals.py)")
    assert titles(stocked, {"tags": {"has": "a"}}) == [CATS]
    assert titles(stocked, {"tags": {"has_every": ["a", "b"]}}) == [CATS]
    assert titles(stocked, {"tags": {"has_every": ["a", "c"]}}) == []
    assert titles(stocked, {"tags": {"has_some": ["b", "c"]}}) == [CATS]
    assert titles(stocked, {"tags": {"is_empty": True}}) == [DOGS]  # a NULL list is neither empty...
    assert titles(stocked, {"tags": {"is_empty": False}}) == [CATS]  # ...nor non-empty, as in Prisma
    assert titles(stocked, {"tags": {"equals": None}}) == [BIRDS, FISH]
    assert titles(stocked, {"tags": {"equals": []}}) == [DOGS]
    assert titles(stocked, {"tags": {"equals": ["a", "b"]}}) == [CATS]
    assert titles(stocked, {"kinds": {"has": "A"}}) == [CATS]
    assert titles(stocked, {"kinds": {"has_some": ["A", "B"]}}) == [CATS]


def test_scalar_list_field_references(stocked: Api) -> None:
    if stocked.provider != "postgresql":
        error = refused(stocked, {"title": {"in": FieldRef("Item", "body")}})
        assert error.path == "where.title.in"
        assert "a field reference is not accepted here; expected String[]" in str(error)
        return
    stocked.item.update_many(where={"title": DOGS}, data={"tags": {"set": [DOGS, "x"]}})
    tags, title = FieldRef("Item", "tags"), FieldRef("Item", "title")
    assert titles(stocked, {"title": {"in": tags}}) == [DOGS]
    assert titles(stocked, {"title": {"not_in": tags}}) == [CATS]  # a NULL list holds nothing, excludes nothing
    assert titles(stocked, {"tags": {"has": title}}) == [DOGS]
    assert titles(stocked, {"tags": {"has_every": tags}}) == [CATS, DOGS]
    assert titles(stocked, {"tags": {"has_some": tags}}) == [CATS, DOGS]
    error = refused(stocked, {"tags": {"has": tags}})
    assert error.path == "where.tags.has"
    assert "String" in str(error)
