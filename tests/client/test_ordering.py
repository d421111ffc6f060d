"""Ordering by relation fields at any depth and by relation counts, and paging of included
relations (cursor, negative take) as Prisma pages them, on every database, transport and interface."""

from __future__ import annotations

import pytest

from tests.client.conftest import Api


@pytest.fixture
def authors(api: Api) -> Api:
    """Three users with profiles b/c/a and 2, 0 and 3 posts; one post has no author."""
    for email, bio, titles in (
        ("ann@example.com", "b", ["a1", "a2"]),
        ("ben@example.com", "c", []),
        ("cat@example.com", "a", ["c1", "c2", "c3"]),
    ):
        api.user.create(
            data={
                "email": email,
                "profile": {"create": {"bio": bio}},
                "posts": {"create": [{"title": t, "views": i} for i, t in enumerate(titles)]},
            }
        )
    api.post.create(data={"title": "orphan"})
    return api


def test_order_by_a_relation_field_two_levels_deep(authors: Api) -> None:
    """`order={"author": {"profile": {"bio": "asc"}}}`: Post -> User -> Profile; a post with no
    author sorts as NULL does on the database, so it is left out of the compared part."""
    posts = authors.post.find_many(
        where={"author": {"is_not": None}}, order=[{"author": {"profile": {"bio": "asc"}}}, {"title": "asc"}]
    )
    assert [p.title for p in posts] == ["c1", "c2", "c3", "a1", "a2"]
    posts = authors.post.find_many(
        where={"author": {"is_not": None}}, order=[{"author": {"profile": {"bio": "desc"}}}, {"title": "desc"}]
    )
    assert [p.title for p in posts] == ["a2", "a1", "c3", "c2", "c1"]


def test_order_by_a_relation_count(authors: Api) -> None:
    users = authors.user.find_many(order={"posts": {"_count": "desc"}})
    assert [u.email for u in users] == ["cat@example.com", "ann@example.com", "ben@example.com"]
    users = authors.user.find_many(order={"posts": {"_count": "asc"}}, take=2)
    assert [u.email for u in users] == ["ben@example.com", "ann@example.com"]
    # A relation count one level down: posts ordered by how many posts their author has.
    posts = authors.post.find_many(
        where={"author": {"is_not": None}}, order=[{"author": {"posts": {"_count": "asc"}}}, {"title": "asc"}]
    )
    assert [p.title for p in posts] == ["a1", "a2", "c1", "c2", "c3"]


def test_included_relation_pages_backwards_from_its_cursor(authors: Api) -> None:
    """Prisma: a negative `take` with a cursor reads the rows at and before the cursor (in the
    order given) and returns them in that order; without a cursor, the last rows."""
    cat = authors.user.find_unique(where={"email": "cat@example.com"}, include={"posts": True})
    assert cat is not None
    c2 = next(p for p in cat.posts if p.title == "c2")
    page = authors.user.find_unique(
        where={"email": "cat@example.com"},
        include={"posts": {"cursor": {"id": c2.id}, "take": -2, "order_by": {"views": "asc"}}},
    )
    assert page is not None and [p.title for p in page.posts] == ["c1", "c2"]
    page = authors.user.find_unique(
        where={"email": "cat@example.com"},
        include={"posts": {"cursor": {"id": c2.id}, "take": -2, "skip": 1, "order_by": {"views": "asc"}}},
    )
    assert page is not None and [p.title for p in page.posts] == ["c1"]
    page = authors.user.find_unique(
        where={"email": "cat@example.com"},
        include={"posts": {"cursor": {"id": c2.id}, "take": 2, "order_by": {"views": "asc"}}},
    )
    assert page is not None and [p.title for p in page.posts] == ["c2", "c3"]
    last = authors.user.find_unique(
        where={"email": "cat@example.com"}, include={"posts": {"take": -2, "order_by": {"views": "asc"}}}
    )
    assert last is not None and [p.title for p in last.posts] == ["c2", "c3"]
    top = authors.post.find_many(cursor={"id": c2.id}, take=-2, order={"views": "asc"}, where={"authorId": cat.id})
    assert [p.title for p in top] == ["c1", "c2"]


def test_cursor_pages_in_an_order_by_relation_fields(authors: Api) -> None:
    """A cursor compares the cursor record's values of every order term, a related record's field
    and a relation count included (Prisma pages any orderBy)."""
    order = [{"author": {"profile": {"bio": "asc"}}}, {"title": "asc"}]
    where = {"author": {"is_not": None}}
    everything = [p.title for p in authors.post.find_many(where=where, order=order)]
    assert everything == ["c1", "c2", "c3", "a1", "a2"]
    c3 = authors.post.find_first(where={"title": "c3"})
    assert c3 is not None
    page = authors.post.find_many(where=where, order=order, cursor={"id": c3.id}, take=2)
    assert [p.title for p in page] == ["c3", "a1"]
    page = authors.post.find_many(where=where, order=order, cursor={"id": c3.id}, take=-2)
    assert [p.title for p in page] == ["c2", "c3"]
    ben = authors.user.find_unique(where={"email": "ben@example.com"})
    assert ben is not None
    by_count = authors.user.find_many(order={"posts": {"_count": "desc"}}, cursor={"id": ben.id}, take=-2)
    assert [u.email for u in by_count] == ["ann@example.com", "ben@example.com"]


@pytest.mark.parametrize("nulls", [None, "first", "last"])
def test_cursor_pages_over_null_values(api: Api, nulls: str | None) -> None:
    """Paging by an optional field visits every row once, NULLs where the order puts them (the
    database's default place, or `nulls` first/last): a cursor on a NULL row or before them
    loses no row."""
    for i, content in enumerate(["b", None, "a", None, "c"]):
        api.post.create(data={"title": f"t{i}", "content": content})
    sort: object = "asc" if nulls is None else {"sort": "asc", "nulls": nulls}
    order = [{"content": sort}, {"title": "asc"}]
    everything = [p.title for p in api.post.find_many(order=order)]
    assert sorted(everything) == ["t0", "t1", "t2", "t3", "t4"]
    seen: list[str] = []
    cursor = None
    while True:
        page = api.post.find_many(order=order, take=2, skip=1 if cursor else None, cursor=cursor)
        if not page:
            break
        seen.extend(p.title for p in page)
        cursor = {"id": page[-1].id}
    assert seen == everything
    # Backwards from the last row, the same rows in the same order.
    last = api.post.find_first(where={"title": everything[-1]})
    assert last is not None
    assert [p.title for p in api.post.find_many(order=order, cursor={"id": last.id}, take=-5)] == everything
