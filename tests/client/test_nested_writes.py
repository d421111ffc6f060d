"""Every nested write operation the query schema offers, on each side of a relation (the engine's
handlers in `engine/nested_writes.py`), on every database, transport and interface: the record
holding the foreign key (`Post.author`), the records holding it (`User.posts`, `User.profile`)
and an implicit m:n relation (`Post.tags`)."""

from __future__ import annotations

from tests.client.conftest import Api


def _titles(api: Api, user_id: int) -> list[str]:
    return sorted(p.title for p in api.post.find_many(where={"authorId": user_id}))


def test_nested_writes_through_the_foreign_key_the_record_holds(api: Api) -> None:
    post = api.post.create(data={"title": "p", "author": {"create": {"email": "a@example.com"}}})
    assert post.authorId is not None
    other = api.user.create(data={"email": "b@example.com"})
    post = api.post.update(where={"id": post.id}, data={"author": {"connect": {"id": other.id}}})
    assert post is not None and post.authorId == other.id
    post = api.post.update(
        where={"id": post.id},
        data={
            "author": {"connect_or_create": {"where": {"email": "c@example.com"}, "create": {"email": "c@example.com"}}}
        },
        include={"author": True},
    )
    assert post is not None and post.author is not None and post.author.email == "c@example.com"
    post = api.post.update(where={"id": post.id}, data={"author": {"update": {"name": "C"}}}, include={"author": True})
    assert post is not None and post.author is not None and post.author.name == "C"
    # `{where, data}`: the author must match `where`, else P2025, which `update` answers as None (PCP).
    missed = api.post.update(
        where={"id": post.id}, data={"author": {"update": {"where": {"name": "X"}, "data": {"name": "D"}}}}
    )
    assert missed is None and api.user.count(where={"name": "C"}) == 1
    post = api.post.update(
        where={"id": post.id},
        data={"author": {"upsert": {"create": {"email": "d@example.com"}, "update": {"name": "U"}}}},
        include={"author": True},
    )
    assert (
        post is not None and post.author is not None and (post.author.email, post.author.name) == ("c@example.com", "U")
    )
    # A where filter the author does not match: nothing is disconnected.
    post = api.post.update(where={"id": post.id}, data={"author": {"disconnect": {"name": "X"}}})
    assert post is not None and post.authorId is not None
    post = api.post.update(where={"id": post.id}, data={"author": {"disconnect": True}})
    assert post is not None and post.authorId is None
    post = api.post.update(
        where={"id": post.id},
        data={"author": {"upsert": {"create": {"email": "e@example.com"}, "update": {"name": "never"}}}},
        include={"author": True},
    )
    assert post is not None and post.author is not None and post.author.email == "e@example.com"
    author_id = post.author.id
    api.post.update(where={"id": post.id}, data={"author": {"delete": True}})
    assert api.user.find_unique(where={"id": author_id}) is None


def test_nested_writes_through_the_foreign_keys_of_the_related_records(api: Api) -> None:
    user = api.user.create(
        data={
            "email": "a@example.com",
            "posts": {"create": [{"title": "a"}, {"title": "b"}], "create_many": {"data": [{"title": "c"}]}},
        }
    )
    assert _titles(api, user.id) == ["a", "b", "c"]
    loose = api.post.create(data={"title": "d"})
    api.user.update(
        where={"id": user.id},
        data={
            "posts": {
                "connect": [{"id": loose.id}],
                "connect_or_create": [{"where": {"id": "none"}, "create": {"title": "e"}}],
                "update": [{"where": {"id": loose.id}, "data": {"views": 5}}],
                "update_many": [{"where": {"title": {"in": ["a", "b"]}}, "data": {"published": True}}],
                "upsert": [{"where": {"id": "none"}, "create": {"title": "f"}, "update": {"title": "never"}}],
            }
        },
    )
    assert _titles(api, user.id) == ["a", "b", "c", "d", "e", "f"]
    assert {p.title for p in api.post.find_many(where={"published": True})} == {"a", "b"}
    assert api.post.find_unique_or_raise(where={"id": loose.id}).views == 5
    f = api.post.find_first_or_raise(where={"title": "f"})
    api.user.update(
        where={"id": user.id},
        data={"posts": {"delete": [{"id": loose.id}], "delete_many": [{"title": "e"}], "disconnect": [{"id": f.id}]}},
    )
    assert _titles(api, user.id) == ["a", "b", "c"]
    assert api.post.count(where={"title": {"in": ["d", "e"]}}) == 0 and api.post.count(where={"title": "f"}) == 1
    kept = api.post.find_first_or_raise(where={"title": "a"})
    api.user.update(where={"id": user.id}, data={"posts": {"set": [{"id": kept.id}]}})
    assert _titles(api, user.id) == ["a"]
    # A to-one relation whose record holds the key.
    api.user.update(where={"id": user.id}, data={"profile": {"create": {"bio": "b"}}})
    api.user.update(where={"id": user.id}, data={"profile": {"update": {"bio": "c"}}})
    api.user.update(
        where={"id": user.id}, data={"profile": {"upsert": {"create": {"bio": "x"}, "update": {"bio": "d"}}}}
    )
    found = api.user.find_unique_or_raise(where={"id": user.id}, include={"profile": True})
    assert found.profile is not None and found.profile.bio == "d"
    api.user.update(where={"id": user.id}, data={"profile": {"delete": True}})
    assert api.profile.count() == 0


def test_nested_writes_of_an_implicit_many_to_many_relation(api: Api) -> None:
    post = api.post.create(
        data={
            "title": "p",
            "tags": {
                "create": [{"name": "a"}],
                "connect_or_create": [{"where": {"name": "b"}, "create": {"name": "b"}}],
            },
        }
    )
    c = api.tag.create(data={"name": "c"})

    def names() -> list[str]:
        found = api.post.find_unique_or_raise(where={"id": post.id}, include={"tags": True})
        return sorted(t.name for t in found.tags or [])

    assert names() == ["a", "b"]
    api.post.update(where={"id": post.id}, data={"tags": {"connect": [{"id": c.id}], "disconnect": [{"name": "a"}]}})
    assert names() == ["b", "c"]
    api.post.update(where={"id": post.id}, data={"tags": {"set": [{"name": "a"}]}})
    assert names() == ["a"]
    api.post.update(where={"id": post.id}, data={"tags": {"update": [{"where": {"name": "a"}, "data": {"name": "z"}}]}})
    assert names() == ["z"]
    api.post.update(where={"id": post.id}, data={"tags": {"delete": [{"name": "z"}]}})
    assert names() == [] and sorted(t.name for t in api.tag.find_many()) == ["b", "c"]
