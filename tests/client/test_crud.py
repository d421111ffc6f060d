"""Create, read, update and delete through the client, on every database, transport and interface."""

from __future__ import annotations

import pytest

from prisma_dynamic import errors
from tests.client.conftest import Api


def make_user(api: Api, email: str = "a@example.com", **data: object) -> object:
    return api.user.create(data={"email": email, **data})


def test_create_and_find_unique(api: Api) -> None:
    user = api.user.create(data={"email": "robert@craigie.dev", "name": "Robert"})
    assert user.id > 0 and user.email == "robert@craigie.dev" and user.name == "Robert"
    assert user.role == "USER"  # the enum default
    assert user.createdAt.tzinfo is not None and user.updatedAt is not None
    found = api.user.find_unique(where={"id": user.id})
    assert found == user
    assert api.user.find_unique(where={"email": "robert@craigie.dev"}).id == user.id
    assert api.user.find_unique(where={"email": "nobody@example.com"}) is None


def test_or_raise_variants_raise_record_not_found(api: Api) -> None:
    with pytest.raises(errors.RecordNotFoundError):
        api.user.find_unique_or_raise(where={"id": 123456})
    with pytest.raises(errors.RecordNotFoundError):
        api.user.find_first_or_raise(where={"name": "nobody"})


def test_nested_create_and_nested_include(api: Api) -> None:
    user = api.user.create(
        data={
            "email": "alice@example.com",
            "posts": {
                "create": [{"title": "First", "tags": {"create": [{"name": "a"}, {"name": "b"}]}}, {"title": "Second"}]
            },
            "profile": {"create": {"bio": "hello"}},
        },
        include={"posts": {"include": {"tags": True}}, "profile": True},
    )
    assert [p.title for p in user.posts] == ["First", "Second"] or sorted(p.title for p in user.posts) == [
        "First",
        "Second",
    ]
    first = next(p for p in user.posts if p.title == "First")
    assert sorted(t.name for t in first.tags) == ["a", "b"]
    assert user.profile is not None and user.profile.bio == "hello" and user.profile.userId == user.id
    post = api.post.find_first(where={"title": "First"}, include={"author": {"include": {"profile": True}}})
    assert post.author.email == "alice@example.com" and post.author.profile.bio == "hello"
    assert post.id.startswith("c")  # cuid() computed by the engine


def test_include_with_arguments_and_count(api: Api) -> None:
    user = make_user(api)
    for i in range(5):
        api.post.create(data={"title": f"post {i}", "views": i, "author": {"connect": {"id": user.id}}})
    found = api.user.find_unique(
        where={"id": user.id},
        include={"posts": {"where": {"views": {"gte": 1}}, "order_by": {"views": "desc"}, "take": 2}},
    )
    assert [p.views for p in found.posts] == [4, 3]
    assert api.post.count() == 5
    assert api.post.count(where={"views": {"lt": 2}}) == 2


def test_connect_and_connect_or_create(api: Api) -> None:
    user = make_user(api)
    post = api.post.create(data={"title": "p", "author": {"connect": {"email": "a@example.com"}}})
    assert post.authorId == user.id
    tag = api.tag.create(data={"name": "python"})
    api.post.update(
        where={"id": post.id},
        data={
            "tags": {
                "connect_or_create": [
                    {"where": {"name": "python"}, "create": {"name": "python"}},
                    {"where": {"name": "prisma"}, "create": {"name": "prisma"}},
                ]
            }
        },
    )
    tags = api.post.find_unique(where={"id": post.id}, include={"tags": True}).tags
    assert sorted(t.name for t in tags) == ["prisma", "python"]
    assert api.tag.count() == 2 and any(t.id == tag.id for t in tags)


def test_update_atomic_operations_and_updated_at(api: Api) -> None:
    user = make_user(api)
    post = api.post.create(data={"title": "p", "views": 10, "author": {"connect": {"id": user.id}}})
    assert api.post.update(where={"id": post.id}, data={"views": {"increment": 5}}).views == 15
    assert api.post.update(where={"id": post.id}, data={"views": {"decrement": 3}}).views == 12
    assert api.post.update(where={"id": post.id}, data={"views": {"multiply": 2}}).views == 24
    assert api.post.update(where={"id": post.id}, data={"views": {"divide": 5}}).views in (4, 5)  # MySQL rounds
    assert api.post.update(where={"id": post.id}, data={"views": {"set": 1}, "title": "new"}).title == "new"
    renamed = api.user.update(where={"id": user.id}, data={"name": "Renamed"})
    assert renamed.name == "Renamed" and renamed.updatedAt >= user.updatedAt


def test_update_and_delete_of_missing_records_return_none(api: Api) -> None:
    assert api.user.update(where={"id": 424242}, data={"name": "x"}) is None
    assert api.user.delete(where={"id": 424242}) is None


def test_upsert(api: Api) -> None:
    created = api.user.upsert(
        where={"email": "u@example.com"},
        data={"create": {"email": "u@example.com", "name": "created"}, "update": {"name": "updated"}},
    )
    assert created.name == "created"
    updated = api.user.upsert(
        where={"email": "u@example.com"},
        data={"create": {"email": "u@example.com", "name": "created"}, "update": {"name": "updated"}},
    )
    assert updated.id == created.id and updated.name == "updated"


def test_update_many_delete_many_and_delete(api: Api) -> None:
    for i in range(4):
        make_user(api, f"u{i}@example.com", name="old")
    assert api.user.update_many(where={"email": {"startswith": "u"}}, data={"name": "new"}) == 4
    assert api.user.count(where={"name": "new"}) == 4
    deleted = api.user.delete(where={"email": "u0@example.com"})
    assert deleted is not None and deleted.email == "u0@example.com"
    assert api.user.delete_many(where={"email": {"in": ["u1@example.com", "u2@example.com"]}}) == 2
    assert [u.email for u in api.user.find_many()] == ["u3@example.com"]


def test_relation_writes_on_update(api: Api) -> None:
    user = make_user(api)
    api.user.update(where={"id": user.id}, data={"posts": {"create": [{"title": "a"}, {"title": "b"}]}})
    posts = api.post.find_many(where={"authorId": user.id}, order={"title": "asc"})
    assert [p.title for p in posts] == ["a", "b"]
    api.user.update(where={"id": user.id}, data={"posts": {"disconnect": [{"id": posts[0].id}]}})
    assert api.post.find_unique(where={"id": posts[0].id}).authorId is None
    api.user.update(where={"id": user.id}, data={"posts": {"delete": [{"id": posts[1].id}]}})
    assert api.post.count() == 1
    api.user.update(where={"id": user.id}, data={"profile": {"create": {"bio": "x"}}})
    api.user.update(where={"id": user.id}, data={"profile": {"update": {"bio": "y"}}})
    assert api.profile.find_first().bio == "y"
    api.user.update(where={"id": user.id}, data={"profile": {"delete": True}})
    assert api.profile.count() == 0


def test_many_to_many_set_and_disconnect(api: Api) -> None:
    for name in ("a", "b", "c"):
        api.tag.create(data={"name": name})
    post = api.post.create(data={"title": "p", "tags": {"connect": [{"name": "a"}, {"name": "b"}]}})
    api.post.update(where={"id": post.id}, data={"tags": {"set": [{"name": "c"}]}})
    assert [t.name for t in api.post.find_unique(where={"id": post.id}, include={"tags": True}).tags] == ["c"]
    api.post.update(where={"id": post.id}, data={"tags": {"disconnect": [{"name": "c"}]}})
    assert api.post.find_unique(where={"id": post.id}, include={"tags": True}).tags == []
    assert api.tag.count() == 3


def test_compound_id(api: Api) -> None:
    user = make_user(api)
    api.membership.create(data={"orgId": 1, "role": "owner", "user": {"connect": {"id": user.id}}})
    found = api.membership.find_unique(where={"orgId_userId": {"orgId": 1, "userId": user.id}})
    assert found is not None and found.role == "owner"
    api.membership.update(where={"orgId_userId": {"orgId": 1, "userId": user.id}}, data={"role": "admin"})
    assert api.membership.find_first(where={"orgId": 1}).role == "admin"
    with_members = api.user.find_unique(where={"id": user.id}, include={"members": True})
    assert [m.orgId for m in with_members.members] == [1]


def test_create_many(api: Api) -> None:
    count = api.tag.create_many(data=[{"name": "x"}, {"name": "y"}, {"name": "z"}])
    assert count == 3 and api.tag.count() == 3
