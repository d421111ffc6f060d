"""`count`, `aggregate` and `group_by` as Prisma answers them, on every database, transport and
interface: cursors honoured, result shapes, and the refusals Prisma makes (its messages)."""

from __future__ import annotations

import pytest

from prisma_dynamic.errors import InputError, QueryValidationError
from tests.client.conftest import Api


@pytest.fixture
def posts(api: Api) -> Api:
    """Five posts with views 1..5; the odd ones are published; 2 and 4 have content."""
    for views in range(1, 6):
        api.post.create(
            data={
                "title": f"p{views}",
                "views": views,
                "published": views % 2 == 1,
                "content": "text" if views % 2 == 0 else None,
            }
        )
    return api


def _id(api: Api, views: int) -> str:
    post = api.post.find_first(where={"views": views})
    assert post is not None
    return str(post.id)


def test_count_honours_the_cursor(posts: Api) -> None:
    """Prisma counts the rows findMany would return with the same cursor, order, take and skip."""
    cursor = {"id": _id(posts, 3)}
    ordered = [p.views for p in posts.post.find_many(cursor=cursor, order={"views": "asc"})]
    assert ordered == [3, 4, 5]
    assert posts.post.count(cursor=cursor, order={"views": "asc"}) == 3
    assert posts.post.count(cursor=cursor, order={"views": "desc"}) == 3  # 3, 2, 1
    assert posts.post.count(cursor=cursor, order={"views": "asc"}, skip=1, take=1) == 1
    assert posts.post.count(cursor=cursor, order={"views": "asc"}, take=-2) == 2  # 2, 3
    assert posts.post.count(cursor=cursor, where={"published": True}, order={"views": "asc"}) == 2  # 3, 5
    assert posts.post.count(cursor=cursor, order={"views": "asc"}, select={"_all": True, "content": True}) == {
        "_all": 3,
        "content": 1,
    }


def test_aggregate_honours_the_cursor(posts: Api) -> None:
    cursor = {"id": _id(posts, 3)}
    result = posts.post.aggregate(cursor=cursor, order={"views": "asc"}, sum={"views": True}, min={"views": True})
    assert result == {"_sum": {"views": 12}, "_min": {"views": 3}}
    backwards = posts.post.aggregate(cursor=cursor, order={"views": "asc"}, take=-2, sum={"views": True})
    assert backwards == {"_sum": {"views": 5}}  # views 2 and 3


def test_aggregate_results_are_shaped_as_prisma_shapes_them(posts: Api) -> None:
    """`count=True` (`_count: true`) gives the number itself; a dict of fields gives their counts;
    `_avg` is a float; aggregates over no rows are None, counts 0."""
    assert posts.post.aggregate(count=True) == {"_count": 5}
    assert posts.post.aggregate(count={"_all": True, "content": True}) == {"_count": {"_all": 5, "content": 2}}
    result = posts.post.aggregate(avg={"views": True}, max={"title": True}, where={"published": True})
    assert result == {"_avg": {"views": 3.0}, "_max": {"title": "p5"}}
    empty = posts.post.aggregate(count=True, sum={"views": True}, where={"views": {"gt": 10}})
    assert empty == {"_count": 0, "_sum": {"views": None}}


def test_group_by_refuses_a_having_on_a_field_neither_grouped_nor_aggregated(posts: Api) -> None:
    """Prisma (P2019, InputError): "Every field used in `having` filters must either be an
    aggregation filter or be included in the selection of the query. Missing fields: views"."""
    with pytest.raises(InputError, match=r"Every field used in `having` filters .* Missing fields: views") as caught:
        posts.post.group_by(["published"], having={"views": {"gt": 1}})
    assert caught.value.code == "P2019" and caught.value.meta["argumentPath"] == "having"
    with pytest.raises(InputError, match=r"Missing fields: views"):
        posts.post.group_by(["published"], having={"OR": [{"published": True}, {"views": 1}]})
    # An aggregate of any field, or a grouped field, may be filtered on.
    groups = posts.post.group_by(
        ["published"], count=True, having={"views": {"_sum": {"gt": 6}}}, order={"published": "asc"}
    )
    assert groups == [{"published": True, "_count": {"_all": 3}}]
    assert posts.post.group_by(["published"], having={"published": False}) == [{"published": False}]


def test_group_by_refuses_an_order_on_a_field_not_grouped(posts: Api) -> None:
    """Prisma (P2019): "Every field used for orderBy must be included in the by-arguments of the
    query. Missing fields: views"; an aggregate of any field orders the groups."""
    with pytest.raises(InputError, match=r"Every field used for orderBy must be included .* Missing fields: views"):
        posts.post.group_by(["published"], order={"views": "asc"})
    groups = posts.post.group_by(["published"], sum={"views": True}, order={"_sum": {"views": "desc"}})
    assert groups == [{"published": True, "_sum": {"views": 9}}, {"published": False, "_sum": {"views": 6}}]
    paged = posts.post.group_by(["views"], order={"views": "asc"}, take=-2)
    assert paged == [{"views": 4}, {"views": 5}]


def test_nulls_on_a_required_field_is_refused(posts: Api) -> None:
    """Prisma's `{sort, nulls}` (SortOrderInput) exists only for optional fields."""
    with pytest.raises(QueryValidationError, match=r"^order\.title: expected SortOrder \(asc, desc\), got dict$"):
        posts.post.find_many(order={"title": {"sort": "asc", "nulls": "first"}})
    with pytest.raises(
        QueryValidationError, match=r"^order\.author\.email: expected SortOrder \(asc, desc\), got dict$"
    ):
        posts.post.find_many(order={"author": {"email": {"sort": "asc", "nulls": "last"}}})
    ordered = posts.post.find_many(order=[{"content": {"sort": "asc", "nulls": "first"}}, {"views": "asc"}])
    assert [p.views for p in ordered] == [1, 3, 5, 2, 4]
    ordered = posts.post.find_many(order=[{"content": {"sort": "asc", "nulls": "last"}}, {"views": "desc"}])
    assert [p.views for p in ordered] == [4, 2, 5, 3, 1]


def test_group_by_orders_an_optional_field_with_nulls_placed(posts: Api) -> None:
    """groupBy's orderBy takes `{sort, nulls}` on optional fields too (`<M>OrderByWithAggregationInput`)."""
    first = posts.post.group_by(["content"], count=True, order={"content": {"sort": "asc", "nulls": "first"}})
    assert first == [{"content": None, "_count": {"_all": 3}}, {"content": "text", "_count": {"_all": 2}}]
    last = posts.post.group_by(["content"], order={"content": {"sort": "asc", "nulls": "last"}})
    assert last == [{"content": "text"}, {"content": None}]
    with pytest.raises(QueryValidationError, match=r"^order\.title: expected SortOrder \(asc, desc\), got dict$"):
        posts.post.group_by(["title"], order={"title": {"sort": "asc", "nulls": "last"}})
