# ruff: noqa: E501  (each statement stays on one line, to be read and diffed whole)
"""Golden SQL for SQLite: the condition (and parameters) the engine writes for every filter
operator this database offers (`cases.py`), and the whole SELECT of a findMany for every kind of
order and of a groupBy for every order of groups. A change here is a change of the SQL we send:
review it (`regenerate.py` rewrites this file)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dialects.cases import cases, group_by_order_cases, order_cases
from tests.dialects.compile import find_sql, group_by_sql, where_sql

GOLDEN: dict[str, tuple[str, list[Any]]] = {
    "equals_value": (
        't0."title" = ?',
        ["a"],
    ),
    "equals_null": (
        't0."body" IS NULL',
        [],
    ),
    "equals": (
        't0."title" = ?',
        ["a"],
    ),
    "not_value": (
        'NOT (t0."title" = ?)',
        ["a"],
    ),
    "not_null": (
        't0."body" IS NOT NULL',
        [],
    ),
    "not_nested": (
        'NOT (t0."views" > ?)',
        [5],
    ),
    "in": (
        't0."views" IN (SELECT value FROM json_each(?))',
        ["[1, 2]"],
    ),
    "in_empty": (
        "1=0",
        [],
    ),
    "not_in": (
        'NOT (t0."views" IN (SELECT value FROM json_each(?)))',
        ["[1]"],
    ),
    "not_in_empty": (
        "1=1",
        [],
    ),
    "lt": (
        't0."views" < ?',
        [1],
    ),
    "lte": (
        't0."views" <= ?',
        [1],
    ),
    "gt": (
        't0."views" > ?',
        [1],
    ),
    "gte": (
        't0."views" >= ?',
        [1],
    ),
    "range": (
        '(t0."views" > ? AND t0."views" <= ?)',
        [1, 9],
    ),
    "contains": (
        "t0.\"title\" LIKE ? ESCAPE '\\'",
        ["%a\\%b%"],
    ),
    "starts_with": (
        "t0.\"title\" LIKE ? ESCAPE '\\'",
        ["a%"],
    ),
    "ends_with": (
        "t0.\"title\" LIKE ? ESCAPE '\\'",
        ["%a"],
    ),
    "decimal_gt": (
        't0."price" > ?',
        ["1.5"],
    ),
    "bigint_lte": (
        't0."big" <= ?',
        [9007199254740993],
    ),
    "datetime_gte": (
        't0."at" >= ?',
        [1704164645000],
    ),
    "bytes_equals": (
        't0."data" = ?',
        [b"\x00\x01"],
    ),
    "bytes_in": (
        'CASE WHEN t0."data" IS NULL THEN NULL ELSE hex(t0."data") END IN (SELECT upper(value) FROM json_each(?))',
        ['["0001"]'],
    ),
    "enum_equals": (
        't0."kind" = ?',
        ["A"],
    ),
    "enum_in": (
        't0."kind" IN (SELECT value FROM json_each(?))',
        ['["A", "B"]'],
    ),
    "enum_not": (
        'NOT (t0."kind" = ?)',
        ["B"],
    ),
    "field_ref_gt": (
        't0."views" > t0."likes"',
        [],
    ),
    "field_ref_equals": (
        't0."views" = t0."likes"',
        [],
    ),
    "field_ref_contains": (
        't0."title" LIKE (? || t0."body" || ?) ESCAPE \'\\\'',
        ["%", "%"],
    ),
    "and": (
        '(t0."views" = ? AND t0."likes" = ?)',
        [1, 2],
    ),
    "or": (
        '(t0."views" = ? OR t0."likes" = ?)',
        [1, 2],
    ),
    "or_empty": (
        "1=0",
        [],
    ),
    "not": (
        '(NOT (t0."views" = ?) AND NOT (t0."likes" = ?))',
        [1, 2],
    ),
    "relation_is": (
        'EXISTS (SELECT 1 FROM "User" t1 WHERE t1."id" = t0."authorId" AND t1."name" = ?)',
        ["a"],
    ),
    "relation_is_null": (
        'NOT EXISTS (SELECT 1 FROM "User" t1 WHERE t1."id" = t0."authorId" AND 1=1)',
        [],
    ),
    "relation_null_shorthand": (
        'NOT EXISTS (SELECT 1 FROM "User" t1 WHERE t1."id" = t0."authorId" AND 1=1)',
        [],
    ),
    "relation_is_not_null": (
        'EXISTS (SELECT 1 FROM "User" t1 WHERE t1."id" = t0."authorId" AND 1=1)',
        [],
    ),
    "relation_nested_shorthand": (
        'EXISTS (SELECT 1 FROM "User" t1 WHERE t1."id" = t0."authorId" AND t1."name" = ?)',
        ["a"],
    ),
    "json_equals": (
        't0."meta" = ?',
        ['{"a":1}'],
    ),
    "json_equals_shorthand": (
        't0."meta" = ?',
        ['{"a":1}'],
    ),
    "json_not": (
        'NOT (t0."meta" = ?)',
        ['{"a":1}'],
    ),
    "json_db_null": (
        't0."meta" IS NULL',
        [],
    ),
    "json_json_null": (
        "json_type(t0.\"meta\") = 'null'",
        [],
    ),
    "json_any_null": (
        '(t0."meta" IS NULL OR json_type(t0."meta") = \'null\')',
        [],
    ),
    "json_not_json_null": (
        "NOT (json_type(t0.\"meta\") = 'null')",
        [],
    ),
    "json_not_db_null": (
        't0."meta" IS NOT NULL',
        [],
    ),
    "json_path_equals": (
        '(t0."meta" -> ?) = json(?)',
        ["$.a.b", "1"],
    ),
    "json_path_json_null": (
        "json_type((t0.\"meta\" -> ?)) = 'null'",
        ["$.a.b"],
    ),
    "json_path_db_null": (
        '(t0."meta" -> ?) IS NULL',
        ["$.a.b"],
    ),
    "json_string_contains": (
        "(json_extract(t0.\"meta\", ?) LIKE ? ESCAPE '\\' AND json_type((t0.\"meta\" -> ?)) = 'text')",
        ["$.a.b", "%x%", "$.a.b"],
    ),
    "json_string_starts_with": (
        "(json_extract(t0.\"meta\", ?) LIKE ? ESCAPE '\\' AND json_type((t0.\"meta\" -> ?)) = 'text')",
        ["$.a.b", "x%", "$.a.b"],
    ),
    "json_string_ends_with": (
        "(json_extract(t0.\"meta\", ?) LIKE ? ESCAPE '\\' AND json_type((t0.\"meta\" -> ?)) = 'text')",
        ["$.a.b", "%x", "$.a.b"],
    ),
    "json_string_contains_insensitive": (
        "(LOWER(json_extract(t0.\"meta\", ?)) LIKE ? ESCAPE '\\' AND json_type((t0.\"meta\" -> ?)) = 'text')",
        ["$.a.b", "%x%", "$.a.b"],
    ),
    "json_string_contains_no_path": (
        "(json_extract(t0.\"meta\", '$') LIKE ? ESCAPE '\\' AND json_type(t0.\"meta\") = 'text')",
        ["%x%"],
    ),
    "json_array_starts_with": (
        "(((t0.\"meta\" -> ?) -> '$[0]') = json(?) AND json_type((t0.\"meta\" -> ?)) = 'array')",
        ["$.a.b", '"x"', "$.a.b"],
    ),
    "json_array_ends_with": (
        "(((t0.\"meta\" -> ?) -> '$[#-1]') = json(?) AND json_type((t0.\"meta\" -> ?)) = 'array')",
        ["$.a.b", "3", "$.a.b"],
    ),
    "json_string_starts_with_field_ref": (
        '(json_extract(t0."meta", ?) LIKE (t0."title" || ?) ESCAPE \'\\\' AND json_type((t0."meta" -> ?)) = \'text\')',
        ["$.a.b", "%", "$.a.b"],
    ),
    "json_array_starts_with_field_ref": (
        '(((t0."meta" -> ?) -> \'$[0]\') = json(t0."meta") AND json_type((t0."meta" -> ?)) = \'array\')',
        ["$.a.b", "$.a.b"],
    ),
}

ORDER_GOLDEN: dict[str, tuple[str, list[Any]]] = {
    "scalar_asc": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY t0."views" ASC, t0."id" ASC',
        [],
    ),
    "scalar_desc": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY t0."title" DESC, t0."id" ASC',
        [],
    ),
    "scalar_sort_object": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY t0."views" DESC, t0."id" ASC',
        [],
    ),
    "nulls_first": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY t0."body" IS NULL DESC, t0."body" ASC, t0."id" ASC',
        [],
    ),
    "nulls_last": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY t0."score" IS NULL ASC, t0."score" DESC, t0."id" ASC',
        [],
    ),
    "several": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY t0."kind" ASC, t0."at" DESC, t0."id" ASC',
        [],
    ),
    "relation_field": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY (SELECT t1."name" FROM "User" t1 WHERE t1."id" = t0."authorId") ASC, t0."id" ASC',
        [],
    ),
    "relation_depth_2": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY (SELECT (SELECT t2."userId" FROM "Profile" t2 WHERE t2."userId" = t1."id") FROM "User" t1 WHERE t1."id" = t0."authorId") DESC, t0."id" ASC',
        [],
    ),
    "relation_depth_3": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY (SELECT (SELECT (SELECT t3."name" FROM "User" t3 WHERE t3."id" = t2."userId") FROM "Profile" t2 WHERE t2."userId" = t1."id") FROM "User" t1 WHERE t1."id" = t0."authorId") ASC, t0."id" ASC',
        [],
    ),
    "relation_count_many_to_many": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY (SELECT COUNT(*) FROM "Label" t1 JOIN "_DocToLabel" t1_j ON t1_j."B" = t1."id" WHERE t1_j."A" = t0."id") DESC, t0."id" ASC',
        [],
    ),
    "relation_count_depth_2": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY (SELECT (SELECT COUNT(*) FROM "Doc" t2 WHERE t2."authorId" = t1."id") FROM "User" t1 WHERE t1."id" = t0."authorId") ASC, t0."id" ASC',
        [],
    ),
    "with_paging": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY t0."score" IS NULL ASC, t0."score" ASC, t0."id" ASC LIMIT ? OFFSET ?',
        [2, 1],
    ),
}

GROUP_BY_GOLDEN: dict[str, tuple[str, list[Any]]] = {
    "group_scalar": (
        'SELECT t0."kind", COUNT(*) FROM "Doc" t0 WHERE 1=1 GROUP BY t0."kind" ORDER BY t0."kind" DESC',
        [],
    ),
    "group_scalar_nulls": (
        'SELECT t0."body", COUNT(*) FROM "Doc" t0 WHERE 1=1 GROUP BY t0."body" ORDER BY t0."body" IS NULL ASC, t0."body" ASC',
        [],
    ),
    "group_count": (
        'SELECT t0."kind", COUNT(*) FROM "Doc" t0 WHERE 1=1 GROUP BY t0."kind" ORDER BY COUNT(t0."views") DESC',
        [],
    ),
    "group_avg": (
        'SELECT t0."kind", COUNT(*) FROM "Doc" t0 WHERE 1=1 GROUP BY t0."kind" ORDER BY AVG(t0."views") ASC',
        [],
    ),
    "group_sum": (
        'SELECT t0."kind", COUNT(*) FROM "Doc" t0 WHERE 1=1 GROUP BY t0."kind" ORDER BY SUM(t0."price") DESC',
        [],
    ),
    "group_min": (
        'SELECT t0."kind", COUNT(*) FROM "Doc" t0 WHERE 1=1 GROUP BY t0."kind" ORDER BY MIN(t0."at") ASC',
        [],
    ),
    "group_max": (
        'SELECT t0."kind", COUNT(*) FROM "Doc" t0 WHERE 1=1 GROUP BY t0."kind" ORDER BY MAX(t0."title") DESC',
        [],
    ),
    "group_several": (
        'SELECT t0."kind", COUNT(*) FROM "Doc" t0 WHERE 1=1 GROUP BY t0."kind" ORDER BY COUNT(t0."id") DESC, t0."kind" ASC',
        [],
    ),
}


def test_every_filter_case_has_golden_sql() -> None:
    assert set(GOLDEN) == set(cases("sqlite"))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_filter_sql(name: str) -> None:
    sql, params = where_sql("sqlite", cases("sqlite")[name])
    assert (sql, params) == GOLDEN[name]


def test_every_order_case_has_golden_sql() -> None:
    assert set(ORDER_GOLDEN) == set(order_cases("sqlite"))


@pytest.mark.parametrize("name", sorted(ORDER_GOLDEN))
def test_order_sql(name: str) -> None:
    sql, params = find_sql("sqlite", order_cases("sqlite")[name])
    assert (sql, params) == ORDER_GOLDEN[name]


def test_every_group_by_order_case_has_golden_sql() -> None:
    assert set(GROUP_BY_GOLDEN) == set(group_by_order_cases("sqlite"))


@pytest.mark.parametrize("name", sorted(GROUP_BY_GOLDEN))
def test_group_by_order_sql(name: str) -> None:
    sql, params = group_by_sql("sqlite", group_by_order_cases("sqlite")[name])
    assert (sql, params) == GROUP_BY_GOLDEN[name]
