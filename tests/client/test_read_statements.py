"""How many statements a read with nested includes sends: one per level of the include tree,
whatever the number of parent records (the engine's query log, embedded transport)."""

from __future__ import annotations

import pytest

from tests.client.conftest import Api
from tests.client.test_write_statements import _statements, _verbs, logged

__all__ = ["logged"]  # the fixture, shared with the write statements' tests


def test_nested_includes_read_one_statement_per_level(logged: Api, caplog: pytest.LogCaptureFixture) -> None:
    api = logged
    for n in range(3):
        api.user.create(
            data={
                "email": f"u{n}@example.com",
                "posts": {
                    "create": [{"title": f"p{n}.{k}", "tags": {"create": [{"name": f"t{n}.{k}"}]}} for k in range(2)]
                },
            }
        )
    users, sent = _statements(
        api,
        caplog,
        lambda: api.user.find_many(
            order={"email": "asc"},
            include={
                "posts": {"order_by": {"title": "asc"}, "include": {"tags": True, "author": True, "_count": True}}
            },
        ),
    )
    # users; their posts; the posts' tags, authors and tag counts: one statement each.
    assert _verbs(sent) == ["SELECT"] * 5, sent
    assert [[p.title for p in u.posts] for u in users] == [[f"p{n}.0", f"p{n}.1"] for n in range(3)]
    for user in users:
        for post in user.posts:
            assert [t.name for t in post.tags] == [post.title.replace("p", "t", 1)]
            assert post.author is not None and post.author.email == user.email
            assert post._count == {"tags": 1}


def test_an_include_reads_its_foreign_key_once(logged: Api, caplog: pytest.LogCaptureFixture) -> None:
    """Children are grouped under their parents by the foreign key: a selection that has it
    reads it once; one without it still gets each child under its own parent."""
    api = logged
    for n in range(2):
        api.user.create(
            data={"email": f"k{n}@example.com", "posts": {"create": [{"title": f"k{n}.{k}"} for k in range(2)]}}
        )
    users, sent = _statements(
        api,
        caplog,
        lambda: api.user.find_many(order={"email": "asc"}, include={"posts": {"order_by": {"title": "asc"}}}),
    )
    posts_read = sent[1]
    assert posts_read.count("author_id") == 2, posts_read  # once selected, once in the WHERE
    assert [[p.title for p in u.posts] for u in users] == [["k0.0", "k0.1"], ["k1.0", "k1.1"]]
    narrow = api.user.find_many(
        order={"email": "asc"}, include={"posts": {"select": {"title": True}, "order_by": {"title": "asc"}}}
    )
    assert [[p.title for p in u.posts] for u in narrow] == [["k0.0", "k0.1"], ["k1.0", "k1.1"]]
