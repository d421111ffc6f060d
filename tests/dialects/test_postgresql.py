# ruff: noqa: E501  (each statement stays on one line, to be read and diffed whole)
"""Golden SQL for PostgreSQL: the condition (and parameters) the engine writes for every filter
operator this database offers (`cases.py`), and the whole SELECT of a findMany for every kind of
order and of a groupBy for every order of groups. A change here is a change of the SQL we send:
review it (`regenerate.py` rewrites this file)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.dialects.cases import cases, group_by_order_cases, order_cases
from tests.dialects.compile import find_sql, group_by_sql, where_sql

GOLDEN: dict[str, tuple[str, list[Any]]] = {
    "equals_value": (
        't0."title" = $1',
        ["a"],
    ),
    "equals_null": (
        't0."body" IS NULL',
        [],
    ),
    "equals": (
        't0."title" = $1',
        ["a"],
    ),
    "not_value": (
        'NOT (t0."title" = $1)',
        ["a"],
    ),
    "not_null": (
        't0."body" IS NOT NULL',
        [],
    ),
    "not_nested": (
        'NOT (t0."views" > $1)',
        [5],
    ),
    "in": (
        't0."views" = ANY($1)',
        [[1, 2]],
    ),
    "in_empty": (
        "1=0",
        [],
    ),
    "not_in": (
        'NOT (t0."views" = ANY($1))',
        [[1]],
    ),
    "not_in_empty": (
        "1=1",
        [],
    ),
    "lt": (
        't0."views" < $1',
        [1],
    ),
    "lte": (
        't0."views" <= $1',
        [1],
    ),
    "gt": (
        't0."views" > $1',
        [1],
    ),
    "gte": (
        't0."views" >= $1',
        [1],
    ),
    "range": (
        '(t0."views" > $1 AND t0."views" <= $2)',
        [1, 9],
    ),
    "contains": (
        "t0.\"title\" LIKE $1 ESCAPE '\\'",
        ["%a\\%b%"],
    ),
    "starts_with": (
        "t0.\"title\" LIKE $1 ESCAPE '\\'",
        ["a%"],
    ),
    "ends_with": (
        "t0.\"title\" LIKE $1 ESCAPE '\\'",
        ["%a"],
    ),
    "decimal_gt": (
        't0."price" > $1',
        [Decimal("1.5")],
    ),
    "bigint_lte": (
        't0."big" <= $1',
        [9007199254740993],
    ),
    "datetime_gte": (
        't0."at" >= $1',
        [datetime.datetime(2024, 1, 2, 3, 4, 5)],
    ),
    "bytes_equals": (
        't0."data" = $1',
        [b"\x00\x01"],
    ),
    "bytes_in": (
        't0."data" = ANY($1)',
        [[b"\x00\x01"]],
    ),
    "enum_equals": (
        't0."kind" = $1',
        ["A"],
    ),
    "enum_in": (
        't0."kind" = ANY($1)',
        [["A", "B"]],
    ),
    "enum_not": (
        'NOT (t0."kind" = $1)',
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
        't0."title" LIKE ($1 || t0."body" || $2) ESCAPE \'\\\'',
        ["%", "%"],
    ),
    "and": (
        '(t0."views" = $1 AND t0."likes" = $2)',
        [1, 2],
    ),
    "or": (
        '(t0."views" = $1 OR t0."likes" = $2)',
        [1, 2],
    ),
    "or_empty": (
        "1=0",
        [],
    ),
    "not": (
        '(NOT (t0."views" = $1) AND NOT (t0."likes" = $2))',
        [1, 2],
    ),
    "relation_is": (
        'EXISTS (SELECT 1 FROM "User" t1 WHERE t1."id" = t0."authorId" AND t1."name" = $1)',
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
        'EXISTS (SELECT 1 FROM "User" t1 WHERE t1."id" = t0."authorId" AND t1."name" = $1)',
        ["a"],
    ),
    "json_equals": (
        't0."meta" = $1::jsonb',
        ['{"a":1}'],
    ),
    "json_equals_shorthand": (
        't0."meta" = $1::jsonb',
        ['{"a":1}'],
    ),
    "json_not": (
        'NOT (t0."meta" = $1::jsonb)',
        ['{"a":1}'],
    ),
    "json_db_null": (
        't0."meta" IS NULL',
        [],
    ),
    "json_json_null": (
        "jsonb_typeof(t0.\"meta\") = 'null'",
        [],
    ),
    "json_any_null": (
        '(t0."meta" IS NULL OR jsonb_typeof(t0."meta") = \'null\')',
        [],
    ),
    "json_not_json_null": (
        "NOT (jsonb_typeof(t0.\"meta\") = 'null')",
        [],
    ),
    "json_not_db_null": (
        't0."meta" IS NOT NULL',
        [],
    ),
    "json_path_equals": (
        '(t0."meta" #> $1::text[]) = $2::jsonb',
        [["a", "b"], "1"],
    ),
    "json_path_json_null": (
        "jsonb_typeof((t0.\"meta\" #> $1::text[])) = 'null'",
        [["a", "b"]],
    ),
    "json_path_db_null": (
        '(t0."meta" #> $1::text[]) IS NULL',
        [["a", "b"]],
    ),
    "json_string_contains": (
        "((t0.\"meta\" #>> $1::text[]) LIKE $2 ESCAPE '\\' AND jsonb_typeof((t0.\"meta\" #> $3::text[])) = 'string')",
        [["a", "b"], "%x%", ["a", "b"]],
    ),
    "json_string_starts_with": (
        "((t0.\"meta\" #>> $1::text[]) LIKE $2 ESCAPE '\\' AND jsonb_typeof((t0.\"meta\" #> $3::text[])) = 'string')",
        [["a", "b"], "x%", ["a", "b"]],
    ),
    "json_string_ends_with": (
        "((t0.\"meta\" #>> $1::text[]) LIKE $2 ESCAPE '\\' AND jsonb_typeof((t0.\"meta\" #> $3::text[])) = 'string')",
        [["a", "b"], "%x", ["a", "b"]],
    ),
    "json_string_contains_insensitive": (
        "(LOWER((t0.\"meta\" #>> $1::text[])) LIKE $2 ESCAPE '\\' AND jsonb_typeof((t0.\"meta\" #> $3::text[])) = 'string')",
        [["a", "b"], "%x%", ["a", "b"]],
    ),
    "json_string_contains_no_path": (
        "((t0.\"meta\" #>> '{}') LIKE $1 ESCAPE '\\' AND jsonb_typeof(t0.\"meta\") = 'string')",
        ["%x%"],
    ),
    "json_array_starts_with": (
        '(((t0."meta" #> $1::text[]) -> 0) = $2::jsonb AND jsonb_typeof((t0."meta" #> $3::text[])) = \'array\')',
        [["a", "b"], '"x"', ["a", "b"]],
    ),
    "json_array_ends_with": (
        '(((t0."meta" #> $1::text[]) -> -1) = $2::jsonb AND jsonb_typeof((t0."meta" #> $3::text[])) = \'array\')',
        [["a", "b"], "3", ["a", "b"]],
    ),
    "json_string_starts_with_field_ref": (
        '((t0."meta" #>> $1::text[]) LIKE (t0."title" || $2) ESCAPE \'\\\' AND jsonb_typeof((t0."meta" #> $3::text[])) = \'string\')',
        [["a", "b"], "%", ["a", "b"]],
    ),
    "json_array_starts_with_field_ref": (
        '(((t0."meta" #> $1::text[]) -> 0) = t0."meta"::jsonb AND jsonb_typeof((t0."meta" #> $2::text[])) = \'array\')',
        [["a", "b"], ["a", "b"]],
    ),
    "json_array_contains": (
        '((t0."meta" #> $1::text[]) @> $2::jsonb AND jsonb_typeof((t0."meta" #> $3::text[])) = \'array\')',
        [["a", "b"], '["x"]', ["a", "b"]],
    ),
    "json_gt": (
        '((t0."meta" #> $1::text[]) > $2::jsonb AND jsonb_typeof((t0."meta" #> $3::text[])) = jsonb_typeof($4::jsonb))',
        [["a", "b"], "5", ["a", "b"], "5"],
    ),
    "json_lte_string": (
        '((t0."meta" #> $1::text[]) <= $2::jsonb AND jsonb_typeof((t0."meta" #> $3::text[])) = jsonb_typeof($4::jsonb))',
        [["a", "b"], '"m"', ["a", "b"], '"m"'],
    ),
    "search": (
        "to_tsvector(concat_ws(' ', t0.\"title\")) @@ to_tsquery($1)",
        ["cat & dog"],
    ),
    "not_search": (
        "NOT (to_tsvector(concat_ws(' ', t0.\"title\")) @@ to_tsquery($1))",
        ["cat"],
    ),
    "search_two_fields": (
        '(CASE WHEN $1 = $2 THEN to_tsvector(concat_ws(\' \', t0."title", t0."body")) @@ to_tsquery($3) ELSE (to_tsvector(concat_ws(\' \', t0."title")) @@ to_tsquery($4) AND to_tsvector(concat_ws(\' \', t0."body")) @@ to_tsquery($5)) END AND t0."body" LIKE $6 ESCAPE \'\\\')',
        ["cat", "cat", "cat", "cat", "cat", "%a%"],
    ),
    "insensitive_equals": (
        'LOWER(t0."title") = LOWER($1)',
        ["A"],
    ),
    "insensitive_contains": (
        "t0.\"title\" ILIKE $1 ESCAPE '\\'",
        ["%A%"],
    ),
    "insensitive_in": (
        'LOWER(t0."title") = ANY($1)',
        [["a"]],
    ),
    "insensitive_not_nested": (
        "NOT (t0.\"title\" ILIKE $1 ESCAPE '\\')",
        ["A%"],
    ),
    "list_has": (
        't0."tags" @> $1',
        [["a"]],
    ),
    "list_has_every": (
        't0."tags" @> $1',
        [["a", "b"]],
    ),
    "list_has_some": (
        't0."tags" && $1',
        [["a", "b"]],
    ),
    "list_is_empty": (
        '(cardinality(t0."tags") = 0) = $1',
        [True],
    ),
    "list_is_not_empty": (
        '(cardinality(t0."tags") = 0) = $1',
        [False],
    ),
    "list_equals": (
        't0."tags" = $1',
        [["a"]],
    ),
    "list_equals_shorthand": (
        't0."tags" = $1',
        [["a"]],
    ),
    "list_equals_null": (
        't0."tags" IS NULL',
        [],
    ),
    "list_enum_has": (
        't0."kinds" @> $1',
        [["A"]],
    ),
    "list_field_ref_in": (
        't0."title" = ANY(t0."tags")',
        [],
    ),
    "list_field_ref_not_in": (
        'NOT (t0."title" = ANY(t0."tags"))',
        [],
    ),
    "list_field_ref_has": (
        't0."title" = ANY(t0."tags")',
        [],
    ),
    "list_field_ref_has_every": (
        't0."tags" @> t0."tags"',
        [],
    ),
    "list_field_ref_equals": (
        't0."tags" = t0."tags"',
        [],
    ),
    "json_native_json_column": (
        '(t0."doc"::jsonb #> $1::text[]) = $2::jsonb',
        [["a", "b"], "1"],
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
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY t0."body" ASC NULLS FIRST, t0."id" ASC',
        [],
    ),
    "nulls_last": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY t0."score" DESC NULLS LAST, t0."id" ASC',
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
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY t0."score" ASC NULLS LAST, t0."id" ASC LIMIT $1 OFFSET $2',
        [2, 1],
    ),
    "relevance": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY ts_rank(to_tsvector(concat_ws(\' \', t0."title", t0."body")), to_tsquery($1)) DESC, t0."id" ASC',
        ["cat"],
    ),
    "relevance_one_field": (
        'SELECT t0."id" FROM "Doc" t0 WHERE 1=1 ORDER BY ts_rank(to_tsvector(concat_ws(\' \', t0."title")), to_tsquery($1)) ASC, t0."id" ASC',
        ["cat"],
    ),
}

GROUP_BY_GOLDEN: dict[str, tuple[str, list[Any]]] = {
    "group_scalar": (
        'SELECT t0."kind", COUNT(*) FROM "Doc" t0 WHERE 1=1 GROUP BY t0."kind" ORDER BY t0."kind" DESC',
        [],
    ),
    "group_scalar_nulls": (
        'SELECT t0."body", COUNT(*) FROM "Doc" t0 WHERE 1=1 GROUP BY t0."body" ORDER BY t0."body" ASC NULLS LAST',
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
    assert set(GOLDEN) == set(cases("postgresql"))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_filter_sql(name: str) -> None:
    sql, params = where_sql("postgresql", cases("postgresql")[name])
    assert (sql, params) == GOLDEN[name]


def test_every_order_case_has_golden_sql() -> None:
    assert set(ORDER_GOLDEN) == set(order_cases("postgresql"))


@pytest.mark.parametrize("name", sorted(ORDER_GOLDEN))
def test_order_sql(name: str) -> None:
    sql, params = find_sql("postgresql", order_cases("postgresql")[name])
    assert (sql, params) == ORDER_GOLDEN[name]


def test_every_group_by_order_case_has_golden_sql() -> None:
    assert set(GROUP_BY_GOLDEN) == set(group_by_order_cases("postgresql"))


@pytest.mark.parametrize("name", sorted(GROUP_BY_GOLDEN))
def test_group_by_order_sql(name: str) -> None:
    sql, params = group_by_sql("postgresql", group_by_order_cases("postgresql")[name])
    assert (sql, params) == GROUP_BY_GOLDEN[name]
