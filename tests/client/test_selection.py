"""What a query reads: `omit`, `select` (partial records), nested `select`/`include` and `_count`,
on every database, transport and interface. Each test's name says the Prisma behaviour it pins."""

from __future__ import annotations

import json

import pytest

from prisma_dynamic.errors import QueryValidationError, UnsupportedDatabaseError
from tests.client.conftest import Api


@pytest.fixture
def blog(api: Api) -> Api:
    """Alice has a profile and three posts (views 1, 5, 10); Bob has none."""
    api.user.create(
        data={
            "email": "alice@example.com",
            "name": "Alice",
            "profile": {"create": {"bio": "writer"}},
            "posts": {
                "create": [
                    {"title": "one", "views": 1},
                    {"title": "five", "views": 5, "published": True},
                    {"title": "ten", "views": 10, "published": True},
                ]
            },
        }
    )
    api.user.create(data={"email": "bob@example.com", "name": "Bob"})
    return api


def test_omit_does_not_read_the_column_and_the_model_does_not_carry_it(blog: Api) -> None:
    """Prisma: an omitted field is not in the result at all (here: not an attribute, not in
    `model_dump()`, not in JSON), so a secret column cannot leak into a response."""
    user = blog.user.find_unique(where={"email": "alice@example.com"}, omit={"email": True})
    assert user is not None
    assert isinstance(user, blog.client.models.User)  # still a User, without the field
    assert not hasattr(user, "email")
    assert "email" not in user.model_dump()
    assert "email" not in json.loads(user.model_dump_json())
    assert "email" not in type(user).model_json_schema(mode="serialization")["properties"]  # FastAPI docs
    assert user.name == "Alice"
    users = blog.user.find_many(omit={"email": True, "name": False}, order={"name": "asc"})
    assert [u.name for u in users] == ["Alice", "Bob"]
    assert all("email" not in u.model_dump() for u in users)


def test_omit_inside_include_and_on_writes(blog: Api) -> None:
    """`omit` nests under include of relations, and writes return the same shape as finds."""
    user = blog.user.find_unique(
        where={"email": "alice@example.com"},
        include={"posts": {"omit": {"title": True}, "order_by": {"views": "asc"}}, "profile": {"omit": {"bio": True}}},
    )
    assert user is not None
    assert [p.views for p in user.posts] == [1, 5, 10]
    assert all("title" not in p.model_dump() for p in user.posts)
    assert "bio" not in user.profile.model_dump()
    created = blog.user.create(data={"email": "carol@example.com", "name": "Carol"}, omit={"name": True})
    assert "name" not in created.model_dump() and created.email == "carol@example.com"
    updated = blog.user.update(where={"email": "carol@example.com"}, data={"name": "C"}, omit={"email": True})
    assert updated is not None and updated.model_dump().keys() >= {"id", "name"} and "email" not in updated.model_dump()
    deleted = blog.user.delete(where={"email": "carol@example.com"}, omit={"email": True})
    assert deleted is not None and "email" not in deleted.model_dump()


def test_omit_with_select_is_refused(blog: Api) -> None:
    """Prisma: "Please either use `omit` or `select`, but not both at the same time." (likewise
    `include` with `select`)."""
    with pytest.raises(QueryValidationError, match=r"omit.*either use `omit` or `select`"):
        blog.user.find_first(select={"id": True}, omit={"email": True})
    with pytest.raises(QueryValidationError, match=r"include.*either use `include` or `select`"):
        blog.user.find_first(select={"id": True}, include={"posts": True})


def test_select_returns_partial_records(blog: Api) -> None:
    """Fields not selected are absent (not None); nested `select` and `include` under a selected
    relation shape that level the same way."""
    user = blog.user.find_unique(
        where={"email": "alice@example.com"},
        select={
            "name": True,
            "posts": {"select": {"title": True}, "where": {"views": {"gt": 1}}, "order_by": {"views": "desc"}},
            "profile": {"include": {"user": {"select": {"email": True}}}},
        },
    )
    assert user is not None
    dumped = user.model_dump()
    assert dumped["name"] == "Alice" and dumped["posts"] == [{"title": "ten"}, {"title": "five"}]
    assert set(dumped) == {"name", "posts", "profile"}
    assert not hasattr(user, "email") and not hasattr(user.posts[0], "views")
    assert dumped["profile"]["bio"] == "writer" and dumped["profile"]["user"] == {"email": "alice@example.com"}
    assert json.loads(user.model_dump_json())["posts"] == [{"title": "ten"}, {"title": "five"}]


def test_single_statement_writes_return_the_selected_fields(blog: Api) -> None:
    """A create, update or delete that one statement answers (`INSERT/UPDATE/DELETE ... RETURNING`,
    or the read-back without RETURNING) returns exactly the fields its selection names."""
    created = blog.tag.create(data={"name": "fresh"}, select={"name": True})
    assert created.model_dump() == {"name": "fresh"}
    updated = blog.tag.update(where={"name": "fresh"}, data={"name": "renamed"}, select={"name": True})
    assert updated is not None and updated.model_dump() == {"name": "renamed"}
    deleted = blog.tag.delete(where={"name": "renamed"}, select={"name": True})
    assert deleted is not None and deleted.model_dump() == {"name": "renamed"}


def test_empty_select_is_refused(blog: Api) -> None:
    """Prisma: "The `select` statement for type User must not be empty." and, when every value is
    false, "... needs at least one truthy value."."""
    with pytest.raises(QueryValidationError, match=r"select.*for type User must not be empty"):
        blog.user.find_first(select={})
    with pytest.raises(QueryValidationError, match=r"select.*needs at least one truthy value"):
        blog.user.find_many(select={"email": False})
    with pytest.raises(QueryValidationError, match=r"select\.posts\.select.*for type Post must not be empty"):
        blog.user.find_first(select={"posts": {"select": {}}})


def test_relation_counts_in_include_and_select_are_dumped(blog: Api) -> None:
    """`_count` of list relations, with a `where` per relation, in include and in select; the
    counts are in `model_dump()` and JSON under `_count`, as Prisma returns them."""
    users = blog.user.find_many(
        include={"_count": {"select": {"posts": {"where": {"published": True}}}}}, order={"email": "asc"}
    )
    assert [u.model_dump()["_count"] for u in users] == [{"posts": 2}, {"posts": 0}]
    assert json.loads(users[0].model_dump_json())["_count"] == {"posts": 2}
    assert "_count" in type(users[0]).model_json_schema(mode="serialization")["properties"]
    selected = blog.user.find_many(select={"email": True, "_count": True}, order={"email": "asc"})
    assert [s.model_dump() for s in selected] == [
        {"email": "alice@example.com", "_count": {"posts": 3, "members": 0}},
        {"email": "bob@example.com", "_count": {"posts": 0, "members": 0}},
    ]
    plain = blog.user.find_first(order={"email": "asc"})
    assert plain is not None and "_count" not in plain.model_dump()


def test_and_return_actions_take_select_include_and_omit(blog: Api) -> None:
    """`create_many_and_return` / `update_many_and_return` (databases with RETURNING) take
    `select`, `omit` and `include` of the to-one relations their foreign key points along, as
    Prisma's `CreateMany<M>AndReturnOutputType`; a list relation there is refused."""
    if blog.provider == "mysql":
        # No RETURNING: Prisma offers no *_and_return actions there, and neither do we.
        with pytest.raises(UnsupportedDatabaseError, match=r"create_many_and_return.*mysql"):
            blog.post.create_many_and_return(data=[{"title": "a"}])
        with pytest.raises(UnsupportedDatabaseError, match=r"update_many_and_return.*mysql"):
            blog.post.update_many_and_return(data={"views": 2}, where={})
        return
    alice = blog.user.find_unique(where={"email": "alice@example.com"})
    assert alice is not None
    created = blog.post.create_many_and_return(
        data=[{"title": "a", "authorId": alice.id}, {"title": "b"}], include={"author": True}, omit={"content": True}
    )
    assert sorted((p.title, p.author.email if p.author else None) for p in created) == [
        ("a", "alice@example.com"),
        ("b", None),
    ]
    assert all("content" not in p.model_dump() for p in created)
    updated = blog.post.update_many_and_return(
        data={"views": 2}, where={"title": {"in": ["a", "b"]}}, select={"title": True, "views": True}
    )
    assert sorted(p.model_dump().items() for p in updated) == sorted(
        [{"title": "a", "views": 2}.items(), {"title": "b", "views": 2}.items()]
    )
    with pytest.raises(QueryValidationError, match=r"include\.posts"):
        blog.user.create_many_and_return(data=[{"email": "x@example.com"}], include={"posts": True})


def test_a_user_class_keeps_its_methods_when_select_narrows_it(blog: Api) -> None:
    """`MyUser.prisma().find_first(select=...)`: the record is a `MyUser` without the fields not
    selected (Prisma Client Python's model-based access, with Prisma's select)."""

    class MyUser(blog.client.models.User):  # type: ignore[name-defined,misc]
        def greeting(self) -> str:
            return f"hello {self.name}"

    delegate = MyUser.prisma(blog.client)
    found = blog.run(delegate.find_first, where={"email": "alice@example.com"}, select={"name": True})
    assert isinstance(found, MyUser) and found.greeting() == "hello Alice"
    assert found.model_dump() == {"name": "Alice"}
