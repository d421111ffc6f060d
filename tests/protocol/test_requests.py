"""The exact JSON-protocol request of every delegate method and argument kind."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest

from prisma_dynamic.errors import QueryValidationError, UnsupportedDatabaseError
from prisma_dynamic.fields import Base64, Json
from prisma_dynamic.protocol import QueryBuilder
from prisma_dynamic.protocol.inputs import Inputs
from tests.protocol.senders import Harness, not_found

SCALARS = {"$scalars": True, "$composites": True}
UTC = datetime.timezone.utc
USER = {
    "id": 1,
    "email": "ada@example.com",
    "name": None,
    "role": "USER",
    "roles": [],
    "tags": [],
    "createdAt": {"$type": "DateTime", "value": "2024-01-02T03:04:05.678Z"},
    "updatedAt": {"$type": "DateTime", "value": "2024-01-02T03:04:05.678Z"},
    "balance": {"$type": "Decimal", "value": "0"},
    "big": {"$type": "BigInt", "value": "0"},
    "score": None,
    "active": True,
    "avatar": None,
    "settings": None,
}
POST = {"id": 7, "title": "Hello", "content": None, "views": 0, "published": False, "authorId": 1}


def query(model: str | None, action: str, arguments: dict[str, Any], selection: dict[str, Any]) -> dict[str, Any]:
    request: dict[str, Any] = {"action": action, "query": {"arguments": arguments, "selection": selection}}
    if model is not None:
        request = {"modelName": model, **request}
    return request


def test_create_with_nested_create_connect_and_connect_or_create(harness: Harness) -> None:
    user = harness.delegate("User", {"createOneUser": USER})
    result = user.create(
        {
            "email": "ada@example.com",
            "posts": {
                "create": [{"title": "Hello"}],
                "connect": {"id": 3},
                "connect_or_create": {"where": {"id": 4}, "create": {"title": "Four"}},
            },
            "profile": {"create": {"bio": "hi"}},
        }
    )
    assert user.recorder.sent == query(
        "User",
        "createOne",
        {
            "data": {
                "email": "ada@example.com",
                "posts": {
                    "create": [{"title": "Hello"}],
                    "connect": {"id": 3},
                    "connectOrCreate": {"where": {"id": 4}, "create": {"title": "Four"}},
                },
                "profile": {"create": {"bio": "hi"}},
            }
        },
        SCALARS,
    )
    assert result.email == "ada@example.com"


def test_create_with_include_and_nested_create_many(harness: Harness) -> None:
    user = harness.delegate("User", {"createOneUser": {**USER, "posts": [POST]}})
    result = user.create(
        {"email": "a@b.c", "posts": {"create_many": {"data": [{"title": "x"}], "skip_duplicates": True}}},
        include={"posts": True},
    )
    assert user.recorder.sent == query(
        "User",
        "createOne",
        {"data": {"email": "a@b.c", "posts": {"createMany": {"data": [{"title": "x"}], "skipDuplicates": True}}}},
        {**SCALARS, "posts": {"selection": SCALARS}},
    )
    assert result.posts is not None and result.posts[0].title == "Hello"


def test_tagged_values_in_data(harness: Harness) -> None:
    user = harness.delegate("User", {"createOneUser": USER})
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    user.create(
        {
            "email": "x",
            "createdAt": datetime.datetime(2024, 1, 2, 5, 4, 5, 678999, tzinfo=plus_two),
            "updatedAt": datetime.datetime(2024, 1, 2, 3, 4, 5),
            "balance": decimal.Decimal("12.50"),
            "big": 2**60,
            "score": 2,
            "avatar": b"hi",
            "settings": Json({"a": [1, None]}),
            "role": "ADMIN",
            "roles": ["USER", "ADMIN"],
            "tags": ["x"],
        }
    )
    data = user.recorder.sent["query"]["arguments"]["data"]
    assert data == {
        "email": "x",
        "createdAt": {"$type": "DateTime", "value": "2024-01-02T03:04:05.678Z"},
        "updatedAt": {"$type": "DateTime", "value": "2024-01-02T03:04:05.000Z"},
        "balance": {"$type": "Decimal", "value": "12.50"},
        "big": {"$type": "BigInt", "value": str(2**60)},
        "score": 2,
        "avatar": {"$type": "Bytes", "value": "aGk="},
        "settings": {"$type": "Json", "value": '{"a":[1,null]}'},
        "role": {"$type": "Enum", "value": "ADMIN"},
        "roles": [{"$type": "Enum", "value": "USER"}, {"$type": "Enum", "value": "ADMIN"}],
        "tags": ["x"],
    }


def test_base64_and_enum_members_are_accepted(harness: Harness, builder: QueryBuilder) -> None:
    user = harness.delegate("User", {"createOneUser": USER})
    role = builder.registry.enums.Role
    user.create({"email": "x", "avatar": Base64.encode(b"hi"), "role": role.ADMIN})
    data = user.recorder.sent["query"]["arguments"]["data"]
    assert data["avatar"] == {"$type": "Bytes", "value": "aGk="}
    assert data["role"] == {"$type": "Enum", "value": "ADMIN"}


def test_create_many_and_create_many_and_return(harness: Harness) -> None:
    post = harness.delegate("Post", {"createManyPost": {"count": 2}})
    assert post.create_many([{"title": "a"}, {"title": "b", "authorId": 1}], skip_duplicates=True) == 2
    assert post.recorder.sent == query(
        "Post",
        "createMany",
        {"data": [{"title": "a"}, {"title": "b", "authorId": 1}], "skipDuplicates": True},
        {"count": True},
    )
    post = harness.delegate("Post", {"createManyAndReturnPost": [POST]})
    returned = post.create_many_and_return([{"title": "a"}], select={"id": True})
    assert post.recorder.sent == query("Post", "createManyAndReturn", {"data": [{"title": "a"}]}, {"id": True})
    assert returned[0].id == 7


def test_create_many_rows_are_checked_column_by_column(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows giving the same keys have their keys checked once (on the first row) and their values
    encoded a column at a time; rows that differ, or a refused value, go row by row, so an error
    still names its row and key."""
    checked: list[str] = []
    fields = Inputs._fields

    def spying(self: Inputs, given: Any, obj: Any, path: str, model: str | None) -> Any:
        checked.append(path)
        return fields(self, given, obj, path, model)

    monkeypatch.setattr(Inputs, "_fields", spying)
    at = datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    rows = [{"email": f"u{i}@x.y", "name": None if i % 2 else f"U{i}", "createdAt": at, "big": 2**40} for i in range(4)]
    user = harness.delegate("User", *[{"createManyUser": {"count": 4}}] * 2)
    assert user.create_many(rows) == 4
    when, big = {"$type": "DateTime", "value": "2024-01-02T03:04:05.678Z"}, {"$type": "BigInt", "value": str(2**40)}
    expected = [{**row, "createdAt": when, "big": big} for row in rows]
    assert user.recorder.sent["query"]["arguments"]["data"] == expected
    assert [path for path in checked if path.startswith("data")] == ["data[0]"]
    checked.clear()
    assert user.create_many([rows[0], {"name": "V", "email": "v@x.y"}, rows[2]]) == 4  # two shapes
    assert [path for path in checked if path.startswith("data")] == ["data[0]", "data[1]", "data[2]"]
    wrong = [*rows[:2], {**rows[2], "big": "many"}, rows[3]]
    with pytest.raises(QueryValidationError, match=r"^data\[2\]\.big: expected an int"):
        user.create_many(wrong)
    with pytest.raises(QueryValidationError, match=r"^data\[1\]\.email: "):
        user.create_many([rows[0], {**rows[1], "email": None}])


def test_create_many_columns_of_values_kept_as_given_are_still_checked(harness: Harness) -> None:
    """A column whose values the encoder sends as they are (str, bool, an Int within 32 bits, a
    finite Float) is checked at once and its rows sent as copies; a value beyond what its type
    takes still fails naming its row."""
    post = harness.delegate("Post", *[{"createManyPost": {"count": 3}}] * 2)
    rows = [{"title": f"t{i}", "views": i, "published": i % 2 == 0} for i in range(3)]
    assert post.create_many(rows) == 3
    sent = post.recorder.sent["query"]["arguments"]["data"]
    assert sent == rows and all(a is not b for a, b in zip(sent, rows, strict=True))
    with pytest.raises(QueryValidationError, match=r"^data\[1\]\.views: 2147483648 does not fit a 32-bit Int"):
        post.create_many([rows[0], {**rows[1], "views": 2**31}, rows[2]])
    with pytest.raises(QueryValidationError, match=r"^data\[2\]\.published: expected a bool"):
        post.create_many([rows[0], rows[1], {**rows[2], "published": 1}])
    user = harness.delegate("User", {"createManyUser": {"count": 2}})
    scores = [{"email": "a@x.y", "score": 1}, {"email": "b@x.y", "score": 2.5}]
    assert user.create_many(scores) == 2
    assert user.recorder.sent["query"]["arguments"]["data"] == scores
    with pytest.raises(QueryValidationError, match=r"^data\[1\]\.score: nan cannot be stored in a Float"):
        user.create_many([scores[0], {**scores[1], "score": float("nan")}])
    huge = [{"email": "a@x.y", "score": 10**400}, {"email": "b@x.y", "score": 2}]  # as `_float` keeps an int
    mixed = [{"email": "a@x.y", "score": 10**400}, {"email": "b@x.y", "score": 2.5}]
    for rows in (huge, mixed):
        user = harness.delegate("User", {"createManyUser": {"count": 2}})
        assert user.create_many(rows) == 2
        assert user.recorder.sent["query"]["arguments"]["data"] == rows


def test_create_many_skip_duplicates_is_refused_on_sqlite(sqlite_builder: QueryBuilder, harness: Harness) -> None:
    local = Harness(harness.mode, sqlite_builder)
    post = local.delegate("Post")
    with pytest.raises(UnsupportedDatabaseError) as caught:
        post.create_many([{"title": "a"}], skip_duplicates=True)
    assert caught.value.database == "sqlite" and caught.value.context == "create_many_skip_duplicates"
    assert post.recorder.requests == []


def test_find_unique_by_field_and_by_compound_unique(harness: Harness) -> None:
    user = harness.delegate("User", {"findUniqueUser": USER})
    assert user.find_unique({"email": "ada@example.com"}).id == 1
    assert user.recorder.sent == query("User", "findUnique", {"where": {"email": "ada@example.com"}}, SCALARS)
    membership = harness.delegate("Membership", {"findUniqueMembership": None}, {"findUniqueOrThrowMembership": None})
    assert membership.find_unique({"orgId_userId": {"orgId": 1, "userId": 2}}) is None
    assert membership.recorder.requests[0][0]["query"]["arguments"] == {
        "where": {"orgId_userId": {"orgId": 1, "userId": 2}}
    }


def test_find_unique_or_raise(harness: Harness) -> None:
    user = harness.delegate("User", {"findUniqueUserOrThrow": USER})
    assert user.find_unique_or_raise({"id": 1}, include={"profile": True}).id == 1
    assert user.recorder.sent == query(
        "User", "findUniqueOrThrow", {"where": {"id": 1}}, {**SCALARS, "profile": {"selection": SCALARS}}
    )


def test_find_first_positional_order_and_arguments(harness: Harness) -> None:
    post = harness.delegate("Post", {"findFirstPost": POST})
    post.find_first(
        2,
        {"title": {"startswith": "H", "endswith": "o", "not_in": ["x"]}, "author": {"is_not": {"email": "x"}}},
        {"id": 3},
        None,
        [{"views": "desc"}, {"author": {"email": "asc"}}],
        ["title"],
    )
    assert post.recorder.sent == query(
        "Post",
        "findFirst",
        {
            "where": {
                "title": {"startsWith": "H", "endsWith": "o", "notIn": ["x"]},
                "author": {"isNot": {"email": "x"}},
            },
            "orderBy": [{"views": "desc"}, {"author": {"email": "asc"}}],
            "cursor": {"id": 3},
            "skip": 2,
            "distinct": ["title"],
        },
        SCALARS,
    )


def test_find_first_or_raise(harness: Harness) -> None:
    post = harness.delegate("Post", {"findFirstPostOrThrow": POST})
    assert post.find_first_or_raise(where={"published": True}).title == "Hello"
    assert post.recorder.sent == query("Post", "findFirstOrThrow", {"where": {"published": True}}, SCALARS)


def test_find_many_with_nested_include_arguments_and_counts(harness: Harness) -> None:
    user = harness.delegate("User", {"findManyUser": []})
    user.find_many(
        take=-5,
        skip=1,
        where={"OR": [{"name": None}, {"name": {"contains": "a", "mode": "insensitive"}}], "NOT": {"id": 3}},
        order={"posts": {"_count": "desc"}},
        include={
            "posts": {
                "where": {"categories": {"some": {"name": "x"}}},
                "order_by": {"id": "asc"},
                "take": 2,
                "include": {"author": True, "categories": {"take": 1}},
            },
            "profile": False,
            "_count": {"select": {"posts": {"where": {"published": True}}}},
        },
    )
    post_selection = {
        **SCALARS,
        "author": {"selection": SCALARS},
        "categories": {"arguments": {"take": 1}, "selection": SCALARS},
    }
    assert user.recorder.sent == query(
        "User",
        "findMany",
        {
            "where": {
                "OR": [{"name": None}, {"name": {"contains": "a", "mode": "insensitive"}}],
                "NOT": {"id": 3},
            },
            "orderBy": [{"posts": {"_count": "desc"}}],
            "take": -5,
            "skip": 1,
        },
        {
            **SCALARS,
            "posts": {
                "arguments": {
                    "where": {"categories": {"some": {"name": "x"}}},
                    "orderBy": [{"id": "asc"}],
                    "take": 2,
                },
                "selection": post_selection,
            },
            "_count": {"selection": {"posts": {"arguments": {"where": {"published": True}}}}},
        },
    )


def test_scalar_list_and_date_filters(harness: Harness) -> None:
    user = harness.delegate("User", {"findManyUser": []})
    since = datetime.datetime(2024, 1, 1, tzinfo=UTC)
    user.find_many(
        where={
            # A list filter takes one operation (the query schema's constraint, as Prisma's): AND the rest.
            "tags": {"has_every": ["a"]},
            "AND": [{"tags": {"has_some": ["b"]}}, {"tags": {"is_empty": False}}, {"tags": {"has": "c"}}],
            "roles": {"has": "ADMIN"},
            "createdAt": {"gte": since, "not": {"lt": since}},
            "big": {"in": [1, 2]},
            "profile": {"is": None},
        }
    )
    when = {"$type": "DateTime", "value": "2024-01-01T00:00:00.000Z"}
    assert user.recorder.sent["query"]["arguments"]["where"] == {
        "tags": {"hasEvery": ["a"]},
        "AND": [{"tags": {"hasSome": ["b"]}}, {"tags": {"isEmpty": False}}, {"tags": {"has": "c"}}],
        "roles": {"has": {"$type": "Enum", "value": "ADMIN"}},
        "createdAt": {"gte": when, "not": {"lt": when}},
        "big": {"in": [{"$type": "BigInt", "value": "1"}, {"$type": "BigInt", "value": "2"}]},
        "profile": {"is": None},
    }


def test_update_with_atomic_operations_and_relation_writes(harness: Harness) -> None:
    post = harness.delegate("Post", {"updateOnePost": POST})
    post.update(
        {
            "views": {"increment": 1},
            "title": "New",
            "content": {"set": None},
            "author": {"connect_or_create": {"where": {"email": "a"}, "create": {"email": "a"}}},
            "categories": {
                "set": [{"id": 1}],
                "disconnect": {"id": 2},
                "update_many": {"where": {"name": "x"}, "data": {"name": "y"}},
                "delete_many": {"name": "z"},
                "upsert": {"where": {"name": "n"}, "create": {"name": "n"}, "update": {"name": "m"}},
            },
        },
        {"id": 7},
    )
    assert post.recorder.sent == query(
        "Post",
        "updateOne",
        {
            "where": {"id": 7},
            "data": {
                "views": {"increment": 1},
                "title": "New",
                "content": {"set": None},
                "author": {"connectOrCreate": {"where": {"email": "a"}, "create": {"email": "a"}}},
                "categories": {
                    "set": [{"id": 1}],
                    "disconnect": {"id": 2},
                    "updateMany": {"where": {"name": "x"}, "data": {"name": "y"}},
                    "deleteMany": {"name": "z"},
                    "upsert": {"where": {"name": "n"}, "create": {"name": "n"}, "update": {"name": "m"}},
                },
            },
        },
        SCALARS,
    )


def test_update_of_lists_and_to_one_relation(harness: Harness) -> None:
    user = harness.delegate("User", {"updateOneUser": USER})
    user.update(
        {
            "tags": {"push": "x"},
            "roles": {"set": ["USER"]},
            "profile": {"update": {"bio": "b"}},
            "big": {"multiply": 2},
        },
        {"id": 1},
    )
    assert user.recorder.sent["query"]["arguments"]["data"] == {
        "tags": {"push": "x"},
        "roles": {"set": [{"$type": "Enum", "value": "USER"}]},
        "profile": {"update": {"bio": "b"}},
        "big": {"multiply": {"$type": "BigInt", "value": "2"}},
    }


def test_update_and_delete_return_none_when_the_record_is_missing(harness: Harness) -> None:
    post = harness.delegate("Post", not_found(), not_found())
    assert post.update({"title": "x"}, {"id": 99}) is None
    assert post.delete({"id": 99}) is None
    assert [r[0]["action"] for r in post.recorder.requests] == ["updateOne", "deleteOne"]


def test_update_many_delete_and_delete_many(harness: Harness) -> None:
    post = harness.delegate(
        "Post", {"updateManyPost": {"count": 3}}, {"deleteOnePost": POST}, {"deleteManyPost": {"count": 4}}
    )
    assert post.update_many({"published": True}, {"views": {"gt": 10}}) == 3
    assert post.delete({"id": 7}).id == 7
    assert post.delete_many() == 4
    sent = [r[0] for r in post.recorder.requests]
    assert sent[0] == query(
        "Post", "updateMany", {"data": {"published": True}, "where": {"views": {"gt": 10}}}, {"count": True}
    )
    assert sent[1] == query("Post", "deleteOne", {"where": {"id": 7}}, SCALARS)
    assert sent[2] == query("Post", "deleteMany", {}, {"count": True})


def test_upsert_splits_create_and_update(harness: Harness) -> None:
    user = harness.delegate("User", {"upsertOneUser": USER})
    user.upsert({"email": "a"}, {"create": {"email": "a"}, "update": {"name": "n"}}, include={"posts": True})
    assert user.recorder.sent == query(
        "User",
        "upsertOne",
        {"where": {"email": "a"}, "create": {"email": "a"}, "update": {"name": "n"}},
        {**SCALARS, "posts": {"selection": SCALARS}},
    )


def test_count_without_and_with_select(harness: Harness) -> None:
    post = harness.delegate(
        "Post", {"aggregatePost": {"_count": {"_all": 5}}}, {"aggregatePost": {"_count": {"_all": 5, "content": 2}}}
    )
    assert post.count(where={"published": True}, take=10) == 5
    assert post.count(select={"_all": True, "content": True}) == {"_all": 5, "content": 2}
    sent = [r[0] for r in post.recorder.requests]
    assert sent[0] == query(
        "Post", "aggregate", {"where": {"published": True}, "take": 10}, {"_count": {"selection": {"_all": True}}}
    )
    assert sent[1]["query"]["selection"] == {"_count": {"selection": {"_all": True, "content": True}}}


def test_group_by(harness: Harness) -> None:
    rows = [{"authorId": 1, "_count": {"_all": 2}, "_sum": {"views": 30}}]
    post = harness.delegate("Post", {"groupByPost": rows})
    result = post.group_by(
        ["authorId"],
        where={"published": True},
        count=True,
        sum={"views": True},
        having={"views": {"_avg": {"gt": 2}}},
        order={"authorId": "asc"},
        take=5,
    )
    assert result == rows
    assert post.recorder.sent == query(
        "Post",
        "groupBy",
        {
            "by": ["authorId"],
            "where": {"published": True},
            "take": 5,
            "having": {"views": {"_avg": {"gt": 2}}},
            "orderBy": [{"authorId": "asc"}],
        },
        {"authorId": True, "_count": {"selection": {"_all": True}}, "_sum": {"selection": {"views": True}}},
    )


def test_group_by_take_without_order_is_a_type_error(harness: Harness) -> None:
    post = harness.delegate("Post")
    with pytest.raises(TypeError, match="'order'"):
        post.group_by(["authorId"], take=1)
    with pytest.raises(TypeError, match="'order'"):
        post.group_by(["authorId"], skip=1)
    assert post.recorder.requests == []


def test_aggregate(harness: Harness) -> None:
    answer = {
        "_avg": {"views": 1.5},
        "_max": {"title": "z"},
        "_count": {"_all": 2},
    }
    user = harness.delegate("User", {"aggregateUser": {"_sum": {"balance": {"$type": "Decimal", "value": "3.5"}}}})
    assert user.aggregate(sum={"balance": True}) == {"_sum": {"balance": decimal.Decimal("3.5")}}
    post = harness.delegate("Post", {"aggregatePost": answer})
    # As Prisma's client: `_count: true` is answered with the number of rows itself.
    assert post.aggregate(count=True, avg={"views": True}, max={"title": True}, where={"views": {"gt": 0}}) == {
        **answer,
        "_count": 2,
    }
    assert post.recorder.sent == query(
        "Post",
        "aggregate",
        {"where": {"views": {"gt": 0}}},
        {
            "_count": {"selection": {"_all": True}},
            "_avg": {"selection": {"views": True}},
            "_max": {"selection": {"title": True}},
        },
    )


def test_select_and_omit(harness: Harness, builder: QueryBuilder) -> None:
    post = harness.delegate("Post", {"findManyPost": [{"title": "T", "author": {"email": "e"}}]})
    result = post.find_many(select={"title": True, "author": {"select": {"email": True}}})
    assert post.recorder.sent["query"]["selection"] == {"title": True, "author": {"selection": {"email": True}}}
    assert isinstance(result[0], builder.registry.models.Post) and not hasattr(result[0], "views")
    assert result[0].model_dump() == {"title": "T", "author": {"email": "e"}}
    user = harness.delegate("User", {"findUniqueUser": {k: v for k, v in USER.items() if k != "avatar"}})
    found = user.find_unique({"id": 1}, omit={"avatar": True})
    assert user.recorder.sent["query"]["selection"] == {**SCALARS, "avatar": False}
    assert "avatar" not in found.model_dump()


def test_raw_queries_parse_into_the_model(harness: Harness) -> None:
    raw = {
        "columns": ["id", "title", "views", "published"],
        "types": ["int", "string", "int", "bool"],
        "rows": [[7, "T", 1, True]],
    }
    post = harness.delegate("Post", {"queryRaw": raw}, {"queryRaw": {**raw, "rows": []}})
    rows = post.query_raw('SELECT * FROM "Post" WHERE id = $1', 7)
    assert rows[0].title == "T" and rows[0].views == 1
    assert post.query_first("SELECT 1") is None
    assert post.recorder.requests[0][0] == {
        "action": "queryRaw",
        "query": {"arguments": {"query": 'SELECT * FROM "Post" WHERE id = $1', "parameters": "[7]"}, "selection": {}},
    }


def test_the_transaction_id_goes_with_every_request(harness: Harness) -> None:
    post = harness.delegate("Post", {"findManyPost": []}, tx_id="tx-1")
    post.find_many()
    assert post.recorder.requests[0][1] == "tx-1"


def test_a_bound_class_selects_and_parses_only_its_fields(harness: Harness, builder: QueryBuilder) -> None:
    partial = builder.registry.models.Post.create_partial("PostHeadline", include=["id", "title"])
    post = harness.delegate("Post", {"findManyPost": [{"id": 1, "title": "T"}]})
    bound = post.actions.bind(partial)
    result = harness.run(bound.find_many)
    assert post.recorder.sent["query"]["selection"] == {"id": True, "title": True}
    assert type(result[0]) is partial and result[0].title == "T"
    with pytest.raises(Exception, match="not a class of the Post model"):
        post.actions.bind(builder.registry.models.User)


@pytest.fixture(autouse=True)
def _fresh_partials(builder: QueryBuilder) -> Any:
    yield
    builder.registry._partials.pop("PostHeadline", None)


def test_composite_fields_are_refused_as_the_query_schema_has_none(harness: Harness) -> None:
    # The query schema has no composite-type inputs (MongoDB has no engine here), so a composite
    # field is an unknown key, named with what the input does take.
    from tests.models.schemas import MONGO, schema

    local = Harness(harness.mode, QueryBuilder(schema(MONGO)))
    product = local.delegate("Product", {"createOneProduct": {"id": "p", "name": "n", "photos": [], "address": None}})
    with pytest.raises(QueryValidationError, match=r"^data\.photos: 'photos' is not a valid key of ProductCreateInput"):
        product.create({"name": "n", "photos": [{"url": "u"}]})
    product.create({"name": "n"})
    assert product.recorder.sent["query"]["arguments"]["data"] == {"name": "n"}
