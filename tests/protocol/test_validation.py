"""Bad arguments are refused before anything is sent, naming the argument path and what was expected."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from prisma_dynamic.errors import QueryValidationError, UnknownModelError
from prisma_dynamic.protocol import QueryBuilder
from tests.models.schemas import POSTGRES, schema


def refused(call: Callable[[], Any]) -> QueryValidationError:
    with pytest.raises(QueryValidationError) as caught:
        call()
    return caught.value


@pytest.fixture
def user(builder: QueryBuilder) -> Any:
    return builder.model_class("User")


@pytest.fixture
def post(builder: QueryBuilder) -> Any:
    return builder.model_class("Post")


def test_missing_required_field_in_nested_create(builder: QueryBuilder, user: Any) -> None:
    error = refused(lambda: builder.create("User", user, {"email": "a", "posts": {"create": {"content": "c"}}}))
    assert error.path == "data.posts.create.title"
    assert "missing required field 'title' of Post" in str(error)
    error = refused(lambda: builder.create("User", user, {"email": "a", "posts": {"create": [{"title": "t"}, {}]}}))
    assert error.path == "data.posts.create[1].title"


def test_missing_required_field_at_the_top(builder: QueryBuilder, user: Any) -> None:
    assert refused(lambda: builder.create("User", user, {"name": "n"})).path == "data.email"


def test_a_foreign_key_may_be_given_by_its_relation(builder: QueryBuilder) -> None:
    profile = builder.model_class("Profile")
    builder.create("Profile", profile, {"bio": "b", "user": {"connect": {"id": 1}}})
    builder.create("Profile", profile, {"bio": "b", "userId": 1})
    error = refused(lambda: builder.create("Profile", profile, {"bio": "b"}))
    # Prisma's two create inputs: ProfileCreateInput (the relation) or ProfileUncheckedCreateInput (the key).
    assert error.path == "data.user"
    assert "missing required field 'user' of ProfileCreateInput" in str(error)
    assert "missing required field 'userId' of ProfileUncheckedCreateInput" in str(error)
    error = refused(
        lambda: builder.create("Profile", profile, {"bio": "b", "userId": 1, "user": {"connect": {"id": 1}}})
    )
    assert error.path == "data.userId" and "cannot be given together with 'user'" in str(error)
    assert "not both" in str(error)


def test_the_way_back_to_the_parent_is_not_accepted_in_a_nested_create(builder: QueryBuilder, user: Any) -> None:
    error = refused(
        lambda: builder.create("User", user, {"email": "a", "posts": {"create": {"title": "t", "authorId": 3}}})
    )
    assert error.path == "data.posts.create.authorId"


def test_unknown_fields_get_a_did_you_mean(builder: QueryBuilder, user: Any, post: Any) -> None:
    error = refused(lambda: builder.find_many("Post", post, where={"author": {"is": {"emial": "x"}}}))
    assert error.path == "where.author.is.emial"
    assert "did you mean 'email'" in str(error)
    error = refused(lambda: builder.create("User", user, {"emails": "a"}))
    assert error.path == "data.emails" and "did you mean 'email'" in str(error)
    error = refused(lambda: builder.update("Post", post, {"titel": "x"}, {"id": 1}))
    assert error.path == "data.titel" and "did you mean 'title'" in str(error)


def test_python_spellings_are_suggested_for_camel_case(builder: QueryBuilder, post: Any) -> None:
    error = refused(lambda: builder.find_many("Post", post, where={"title": {"startsWith": "a"}}))
    assert error.path == "where.title.startsWith" and "did you mean 'startswith'" in str(error)


def test_wrong_value_types(builder: QueryBuilder, user: Any, post: Any) -> None:
    error = refused(lambda: builder.create("User", user, {"email": 3}))
    assert error.path == "data.email" and "expected a string" in str(error) and "got int" in str(error)
    error = refused(lambda: builder.find_many("Post", post, where={"views": {"gt": "many"}}))
    assert error.path == "where.views.gt" and "expected an int" in str(error)
    error = refused(lambda: builder.find_many("Post", post, where={"views": {"in": [1, True]}}))
    assert error.path == "where.views.in[1]"
    error = refused(lambda: builder.create("User", user, {"email": "a", "role": "OWNER"}))
    assert error.path == "data.role" and "ADMIN, USER" in str(error)
    error = refused(lambda: builder.create("User", user, {"email": "a", "createdAt": "2024-01-01"}))
    assert error.path == "data.createdAt" and "expected a datetime" in str(error)
    error = refused(lambda: builder.create("User", user, {"email": None}))
    assert error.path == "data.email" and "None" in str(error)
    error = refused(lambda: builder.create("Post", post, {"title": "t", "views": 2**40}))
    assert "32-bit" in str(error)


def test_filters_not_valid_for_the_type(builder: QueryBuilder, user: Any, post: Any) -> None:
    error = refused(lambda: builder.find_many("Post", post, where={"published": {"gt": True}}))
    assert error.path == "where.published.gt" and "not a valid key of BoolFilter" in str(error)
    assert "Expected one of: equals, not." in str(error)
    error = refused(lambda: builder.find_many("Post", post, where={"views": {"contains": 1}}))
    assert error.path == "where.views.contains"
    error = refused(lambda: builder.find_many("User", user, where={"posts": {"is": {"id": 1}}}))
    assert error.path == "where.posts.is" and "some, every, none" not in str(error) and "'is'" in str(error)


def test_mode_is_refused_where_the_database_has_no_insensitive_mode(sqlite_builder: QueryBuilder) -> None:
    post = sqlite_builder.model_class("Post")
    error = refused(lambda: sqlite_builder.find_many("Post", post, where={"title": {"mode": "insensitive"}}))
    assert error.path == "where.title.mode"


def test_unknown_relation_in_include(builder: QueryBuilder, user: Any) -> None:
    error = refused(lambda: builder.find_many("User", user, include={"post": True}))
    assert error.path == "include.post" and "did you mean 'posts'" in str(error)
    error = refused(lambda: builder.find_many("User", user, include={"email": True}))
    assert error.path == "include.email" and "not a relation" in str(error)
    error = refused(lambda: builder.find_many("User", user, include={"posts": {"order": {"id": "asc"}}}))
    assert error.path == "include.posts.order" and "did you mean 'order_by'" in str(error)


def test_bad_order_direction(builder: QueryBuilder, post: Any) -> None:
    error = refused(lambda: builder.find_many("Post", post, order={"views": "up"}))
    assert error.path == "order.views" and "expected one of SortOrder (asc, desc), got 'up'" in str(error)
    error = refused(lambda: builder.find_many("Post", post, order=[{"id": "asc"}, {"views": "DESC"}]))
    assert error.path == "order[1].views"
    error = refused(lambda: builder.find_many("Post", post, order={"id": "asc", "views": "desc"}))
    assert str(error).startswith("order: Expected at most 1 field to be present, got 2 (PostOrderByWithRelationInput")


def test_unique_where_needs_a_unique_criterion(builder: QueryBuilder, post: Any) -> None:
    error = refused(lambda: builder.find_unique("Post", post, {"title": "x"}))
    assert error.path == "where" and "unique criterion of Post: id" in str(error)
    membership = builder.model_class("Membership")
    builder.find_unique("Membership", membership, {"by_level": {"orgId": 1, "level": 2}})
    error = refused(lambda: builder.find_unique("Membership", membership, {"orgId_userId": {"orgId": 1}}))
    assert error.path == "where.orgId_userId.userId"


def test_nested_argument_shapes(builder: QueryBuilder, user: Any, post: Any) -> None:
    error = refused(lambda: builder.create("User", user, {"email": "a", "posts": {"link": {"id": 1}}}))
    assert error.path == "data.posts.link" and "key of PostCreateNestedManyWithoutAuthorInput" in str(error)
    assert "Expected one of: connect, connect_or_create, create, create_many." in str(error)
    error = refused(lambda: builder.upsert("User", user, {"id": 1}, {"create": {"email": "a"}}))
    assert error.path == "data"
    error = refused(lambda: builder.find_many("Post", post, take="3"))
    assert error.path == "take"
    error = refused(lambda: builder.find_many("Post", post, select={"title": True}, include={"author": True}))
    assert error.path == "include"
    error = refused(lambda: builder.update_many("Post", {"author": {"disconnect": True}}, {}))
    assert error.path == "data.author"


def test_unknown_model(builder: QueryBuilder) -> None:
    with pytest.raises(UnknownModelError):
        builder.table("Nope")


def test_full_text_search_follows_the_connector_and_its_preview_feature(builder: QueryBuilder) -> None:
    # PostgreSQL offers `search` and `_relevance` only behind `fullTextSearchPostgres` (Prisma 6).
    post = builder.model_class("Post")
    error = refused(lambda: builder.find_many("Post", post, where={"title": {"search": "cat"}}))
    assert error.path == "where.title.search"
    preview = POSTGRES.replace(
        'provider = "prisma-client-py"', 'provider = "prisma-client-py"\n  previewFeatures = ["fullTextSearchPostgres"]'
    )
    with_preview = QueryBuilder(schema(preview))
    post = with_preview.model_class("Post")
    request = with_preview.find_many(
        "Post",
        post,
        where={"title": {"search": "cat"}},
        order={"_relevance": {"fields": ["title"], "search": "cat", "sort": "asc"}},
    ).request
    arguments = request["query"]["arguments"]
    assert arguments["where"] == {"title": {"search": "cat"}}
    assert arguments["orderBy"] == [{"_relevance": {"fields": ["title"], "search": "cat", "sort": "asc"}}]
