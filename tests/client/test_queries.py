"""Filters, relation filters, ordering and pagination, on every database, transport and interface."""

from __future__ import annotations

import pytest

from tests.client.conftest import Api


@pytest.fixture
def blog(api: Api) -> Api:
    """Three users; Alice has two posts (one published, tagged), Bob one, Carol none."""
    api.tag.create(data={"name": "python"})
    api.user.create(
        data={
            "email": "alice@example.com",
            "name": "Alice",
            "role": "ADMIN",
            "posts": {
                "create": [
                    {
                        "title": "Prisma in Python",
                        "views": 10,
                        "published": True,
                        "tags": {"connect": [{"name": "python"}]},
                    },
                    {"title": "Draft", "views": 1, "content": "about prisma"},
                ]
            },
        }
    )
    api.user.create(
        data={"email": "bob@example.com", "name": "Bob", "posts": {"create": {"title": "Hello", "views": 5}}}
    )
    api.user.create(data={"email": "carol@example.com"})
    return api


def emails(users: list[object]) -> list[str]:
    return sorted(u.email for u in users)  # type: ignore[attr-defined]


def test_string_filters(blog: Api) -> None:
    titles = lambda where: sorted(p.title for p in blog.post.find_many(where=where))  # noqa: E731
    assert titles({"title": {"contains": "Python"}}) == ["Prisma in Python"]
    assert titles({"title": {"startswith": "Dr"}}) == ["Draft"]
    assert titles({"title": {"endswith": "llo"}}) == ["Hello"]
    assert titles({"title": {"in": ["Draft", "Hello", "nope"]}}) == ["Draft", "Hello"]
    assert titles({"title": {"not_in": ["Draft", "Hello"]}}) == ["Prisma in Python"]
    assert titles({"title": {"not": "Draft"}}) == ["Hello", "Prisma in Python"]
    assert titles({"content": None}) == ["Hello", "Prisma in Python"]
    assert titles({"content": {"not": None}}) == ["Draft"]
    assert titles({"title": {"contains": "%"}}) == []  # LIKE wildcards are escaped


def test_number_filters_and_logic(blog: Api) -> None:
    views = lambda where: sorted(p.views for p in blog.post.find_many(where=where))  # noqa: E731
    assert views({"views": {"gt": 1, "lte": 10}}) == [5, 10]
    assert views({"OR": [{"views": 1}, {"views": 10}]}) == [1, 10]
    assert views({"AND": [{"views": {"gte": 1}}, {"NOT": {"views": 5}}]}) == [1, 10]
    assert views({"NOT": [{"views": 1}, {"published": False}]}) == [10]  # every condition must be false
    assert views({"published": True}) == [10]


def test_case_sensitivity_follows_the_database(blog: Api) -> None:
    # Prisma: `contains` ignores ASCII case on SQLite and MySQL (collation), not on PostgreSQL.
    found = blog.post.find_many(where={"title": {"contains": "python"}})
    if blog.provider == "postgresql":
        assert found == []
        insensitive = blog.post.find_many(where={"title": {"contains": "python", "mode": "insensitive"}})
        assert [p.title for p in insensitive] == ["Prisma in Python"]
    else:
        assert [p.title for p in found] == ["Prisma in Python"]


def test_relation_filters(blog: Api) -> None:
    assert emails(blog.user.find_many(where={"posts": {"some": {"views": {"gte": 5}}}})) == [
        "alice@example.com",
        "bob@example.com",
    ]
    assert emails(blog.user.find_many(where={"posts": {"none": {}}})) == ["carol@example.com"]
    assert emails(blog.user.find_many(where={"posts": {"every": {"published": False}}})) == [
        "bob@example.com",
        "carol@example.com",
    ]
    posts = blog.post.find_many(where={"author": {"is": {"name": "Bob"}}})
    assert [p.title for p in posts] == ["Hello"]
    posts = blog.post.find_many(where={"author": {"is_not": {"name": "Bob"}}})
    assert sorted(p.title for p in posts) == ["Draft", "Prisma in Python"]
    tagged = blog.post.find_many(where={"tags": {"some": {"name": "python"}}})
    assert [p.title for p in tagged] == ["Prisma in Python"]
    deep = blog.tag.find_many(where={"posts": {"some": {"author": {"is": {"role": "ADMIN"}}}}})
    assert [t.name for t in deep] == ["python"]


def test_order_take_skip(blog: Api) -> None:
    ordered = blog.post.find_many(order={"views": "desc"})
    assert [p.views for p in ordered] == [10, 5, 1]
    assert [p.views for p in blog.post.find_many(order={"views": "asc"}, take=2)] == [1, 5]
    assert [p.views for p in blog.post.find_many(order={"views": "asc"}, skip=1)] == [5, 10]
    assert [p.views for p in blog.post.find_many(order=[{"published": "desc"}, {"views": "asc"}])] == [10, 1, 5]
    assert [p.views for p in blog.post.find_many(order={"views": "asc"}, take=-2)] == [5, 10]
    first = blog.post.find_first(order={"views": "desc"})
    assert first.views == 10


def test_cursor_pagination(blog: Api) -> None:
    ordered = blog.post.find_many(order={"views": "asc"})
    page = blog.post.find_many(cursor={"id": ordered[1].id}, order={"views": "asc"}, take=2)
    assert [p.views for p in page] == [5, 10]
    page = blog.post.find_many(cursor={"id": ordered[1].id}, order={"views": "asc"}, take=2, skip=1)
    assert [p.views for p in page] == [10]


def test_order_by_relation(blog: Api) -> None:
    posts = blog.post.find_many(order={"author": {"name": "asc"}})
    assert [p.title for p in posts][-1] == "Hello"
    users = blog.user.find_many(order={"posts": {"_count": "desc"}})
    assert users[0].email == "alice@example.com"


def test_distinct(blog: Api) -> None:
    blog.post.create(data={"title": "Hello", "views": 7})
    titles = [p.title for p in blog.post.find_many(distinct=["title"], order={"title": "asc"})]
    assert titles == ["Draft", "Hello", "Prisma in Python"]


def test_enum_filter(blog: Api) -> None:
    assert emails(blog.user.find_many(where={"role": "ADMIN"})) == ["alice@example.com"]
    assert emails(blog.user.find_many(where={"role": {"in": ["USER"]}})) == ["bob@example.com", "carol@example.com"]


def test_group_by_and_aggregate(blog: Api) -> None:
    groups = blog.post.group_by(["published"], count=True, sum={"views": True}, order={"published": "asc"})
    assert [(g["published"], g["_count"]["_all"], g["_sum"]["views"]) for g in groups] == [(False, 2, 6), (True, 1, 10)]
    result = blog.post.aggregate(count=True, avg={"views": True}, max={"views": True}, where={"views": {"gt": 1}})
    assert result["_count"] == 2 and result["_avg"]["views"] == 7.5 and result["_max"]["views"] == 10
    assert blog.post.count(select={"_all": True, "content": True}) == {"_all": 3, "content": 1}
