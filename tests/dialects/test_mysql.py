# ruff: noqa: E501  (each statement stays on one line, to be read and diffed whole)
"""Golden SQL for MySQL and MariaDB: the condition (and parameters) the engine writes for every filter
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
        "t0.`title` = %s",
        ["a"],
    ),
    "equals_null": (
        "t0.`body` IS NULL",
        [],
    ),
    "equals": (
        "t0.`title` = %s",
        ["a"],
    ),
    "not_value": (
        "NOT (t0.`title` = %s)",
        ["a"],
    ),
    "not_null": (
        "t0.`body` IS NOT NULL",
        [],
    ),
    "not_nested": (
        "NOT (t0.`views` > %s)",
        [5],
    ),
    "in": (
        "t0.`views` IN (%s, %s)",
        [1, 2],
    ),
    "in_empty": (
        "1=0",
        [],
    ),
    "not_in": (
        "NOT (t0.`views` IN (%s))",
        [1],
    ),
    "not_in_empty": (
        "1=1",
        [],
    ),
    "lt": (
        "t0.`views` < %s",
        [1],
    ),
    "lte": (
        "t0.`views` <= %s",
        [1],
    ),
    "gt": (
        "t0.`views` > %s",
        [1],
    ),
    "gte": (
        "t0.`views` >= %s",
        [1],
    ),
    "range": (
        "(t0.`views` > %s AND t0.`views` <= %s)",
        [1, 9],
    ),
    "contains": (
        "t0.`title` LIKE %s ESCAPE '\\\\'",
        ["%a\\%b%"],
    ),
    "starts_with": (
        "t0.`title` LIKE %s ESCAPE '\\\\'",
        ["a%"],
    ),
    "ends_with": (
        "t0.`title` LIKE %s ESCAPE '\\\\'",
        ["%a"],
    ),
    "decimal_gt": (
        "t0.`price` > %s",
        [Decimal("1.5")],
    ),
    "bigint_lte": (
        "t0.`big` <= %s",
        [9007199254740993],
    ),
    "datetime_gte": (
        "t0.`at` >= %s",
        [datetime.datetime(2024, 1, 2, 3, 4, 5)],
    ),
    "bytes_equals": (
        "t0.`data` = %s",
        [b"\x00\x01"],
    ),
    "bytes_in": (
        "t0.`data` IN (%s)",
        [b"\x00\x01"],
    ),
    "enum_equals": (
        "t0.`kind` = %s",
        ["A"],
    ),
    "enum_in": (
        "t0.`kind` IN (%s, %s)",
        ["A", "B"],
    ),
    "enum_not": (
        "NOT (t0.`kind` = %s)",
        ["B"],
    ),
    "field_ref_gt": (
        "t0.`views` > t0.`likes`",
        [],
    ),
    "field_ref_equals": (
        "t0.`views` = t0.`likes`",
        [],
    ),
    "field_ref_contains": (
        "t0.`title` LIKE CONCAT(%s, t0.`body`, %s) ESCAPE '\\\\'",
        ["%", "%"],
    ),
    "and": (
        "(t0.`views` = %s AND t0.`likes` = %s)",
        [1, 2],
    ),
    "or": (
        "(t0.`views` = %s OR t0.`likes` = %s)",
        [1, 2],
    ),
    "or_empty": (
        "1=0",
        [],
    ),
    "not": (
        "(NOT (t0.`views` = %s) AND NOT (t0.`likes` = %s))",
        [1, 2],
    ),
    "relation_is": (
        "EXISTS (SELECT 1 FROM `User` t1 WHERE t1.`id` = t0.`authorId` AND t1.`name` = %s)",
        ["a"],
    ),
    "relation_is_null": (
        "NOT EXISTS (SELECT 1 FROM `User` t1 WHERE t1.`id` = t0.`authorId` AND 1=1)",
        [],
    ),
    "relation_null_shorthand": (
        "NOT EXISTS (SELECT 1 FROM `User` t1 WHERE t1.`id` = t0.`authorId` AND 1=1)",
        [],
    ),
    "relation_is_not_null": (
        "EXISTS (SELECT 1 FROM `User` t1 WHERE t1.`id` = t0.`authorId` AND 1=1)",
        [],
    ),
    "relation_nested_shorthand": (
        "EXISTS (SELECT 1 FROM `User` t1 WHERE t1.`id` = t0.`authorId` AND t1.`name` = %s)",
        ["a"],
    ),
    "json_equals": (
        "(JSON_CONTAINS(t0.`meta`, %s) AND JSON_CONTAINS(%s, t0.`meta`))",
        ['{"a":1}', '{"a":1}'],
    ),
    "json_equals_shorthand": (
        "(JSON_CONTAINS(t0.`meta`, %s) AND JSON_CONTAINS(%s, t0.`meta`))",
        ['{"a":1}', '{"a":1}'],
    ),
    "json_not": (
        "NOT ((JSON_CONTAINS(t0.`meta`, %s) AND JSON_CONTAINS(%s, t0.`meta`)))",
        ['{"a":1}', '{"a":1}'],
    ),
    "json_db_null": (
        "t0.`meta` IS NULL",
        [],
    ),
    "json_json_null": (
        "JSON_TYPE(t0.`meta`) = 'NULL'",
        [],
    ),
    "json_any_null": (
        "(t0.`meta` IS NULL OR JSON_TYPE(t0.`meta`) = 'NULL')",
        [],
    ),
    "json_not_json_null": (
        "NOT (JSON_TYPE(t0.`meta`) = 'NULL')",
        [],
    ),
    "json_not_db_null": (
        "t0.`meta` IS NOT NULL",
        [],
    ),
    "json_path_equals": (
        "(JSON_CONTAINS(JSON_EXTRACT(t0.`meta`, %s), %s) AND JSON_CONTAINS(%s, JSON_EXTRACT(t0.`meta`, %s)))",
        ["$.a.b", "1", "1", "$.a.b"],
    ),
    "json_path_json_null": (
        "JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) = 'NULL'",
        ["$.a.b"],
    ),
    "json_path_db_null": (
        "JSON_EXTRACT(t0.`meta`, %s) IS NULL",
        ["$.a.b"],
    ),
    "json_string_contains": (
        "(JSON_UNQUOTE(JSON_EXTRACT(t0.`meta`, %s)) LIKE %s ESCAPE '\\\\' AND JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) = 'STRING')",
        ["$.a.b", "%x%", "$.a.b"],
    ),
    "json_string_starts_with": (
        "(JSON_UNQUOTE(JSON_EXTRACT(t0.`meta`, %s)) LIKE %s ESCAPE '\\\\' AND JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) = 'STRING')",
        ["$.a.b", "x%", "$.a.b"],
    ),
    "json_string_ends_with": (
        "(JSON_UNQUOTE(JSON_EXTRACT(t0.`meta`, %s)) LIKE %s ESCAPE '\\\\' AND JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) = 'STRING')",
        ["$.a.b", "%x", "$.a.b"],
    ),
    "json_string_contains_insensitive": (
        "(LOWER(JSON_UNQUOTE(JSON_EXTRACT(t0.`meta`, %s))) LIKE %s ESCAPE '\\\\' AND JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) = 'STRING')",
        ["$.a.b", "%x%", "$.a.b"],
    ),
    "json_string_contains_no_path": (
        "(JSON_UNQUOTE(t0.`meta`) LIKE %s ESCAPE '\\\\' AND JSON_TYPE(t0.`meta`) = 'STRING')",
        ["%x%"],
    ),
    "json_array_starts_with": (
        "((JSON_CONTAINS(JSON_EXTRACT(JSON_EXTRACT(t0.`meta`, %s), '$[0]'), %s) AND JSON_CONTAINS(%s, JSON_EXTRACT(JSON_EXTRACT(t0.`meta`, %s), '$[0]'))) AND JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) = 'ARRAY')",
        ["$.a.b", '"x"', '"x"', "$.a.b", "$.a.b"],
    ),
    "json_array_ends_with": (
        "((JSON_CONTAINS(JSON_EXTRACT(JSON_EXTRACT(t0.`meta`, %s), CONCAT('$[', JSON_LENGTH(JSON_EXTRACT(t0.`meta`, %s)) - 1, ']')), %s) AND JSON_CONTAINS(%s, JSON_EXTRACT(JSON_EXTRACT(t0.`meta`, %s), CONCAT('$[', JSON_LENGTH(JSON_EXTRACT(t0.`meta`, %s)) - 1, ']')))) AND JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) = 'ARRAY')",
        ["$.a.b", "$.a.b", "3", "3", "$.a.b", "$.a.b", "$.a.b"],
    ),
    "json_string_starts_with_field_ref": (
        "(JSON_UNQUOTE(JSON_EXTRACT(t0.`meta`, %s)) LIKE CONCAT(t0.`title`, %s) ESCAPE '\\\\' AND JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) = 'STRING')",
        ["$.a.b", "%", "$.a.b"],
    ),
    "json_array_starts_with_field_ref": (
        "((JSON_CONTAINS(JSON_EXTRACT(JSON_EXTRACT(t0.`meta`, %s), '$[0]'), t0.`meta`) AND JSON_CONTAINS(t0.`meta`, JSON_EXTRACT(JSON_EXTRACT(t0.`meta`, %s), '$[0]'))) AND JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) = 'ARRAY')",
        ["$.a.b", "$.a.b", "$.a.b"],
    ),
    "json_array_contains": (
        "(JSON_CONTAINS(JSON_EXTRACT(t0.`meta`, %s), %s) AND JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) = 'ARRAY')",
        ["$.a.b", '["x"]', "$.a.b"],
    ),
    "json_gt": (
        "((JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) IN ('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL') AND JSON_TYPE(%s) IN ('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL') AND JSON_UNQUOTE(JSON_EXTRACT(t0.`meta`, %s)) + 0 > JSON_UNQUOTE(%s) + 0) OR (JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) = 'STRING' AND JSON_TYPE(%s) = 'STRING' AND JSON_UNQUOTE(JSON_EXTRACT(t0.`meta`, %s)) > JSON_UNQUOTE(%s)))",
        ["$.a.b", "5", "$.a.b", "5", "$.a.b", "5", "$.a.b", "5"],
    ),
    "json_lte_string": (
        "((JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) IN ('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL') AND JSON_TYPE(%s) IN ('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL') AND JSON_UNQUOTE(JSON_EXTRACT(t0.`meta`, %s)) + 0 <= JSON_UNQUOTE(%s) + 0) OR (JSON_TYPE(JSON_EXTRACT(t0.`meta`, %s)) = 'STRING' AND JSON_TYPE(%s) = 'STRING' AND JSON_UNQUOTE(JSON_EXTRACT(t0.`meta`, %s)) <= JSON_UNQUOTE(%s)))",
        ["$.a.b", '"m"', "$.a.b", '"m"', "$.a.b", '"m"', "$.a.b", '"m"'],
    ),
    "search": (
        "MATCH (t0.`title`) AGAINST (%s IN BOOLEAN MODE)",
        ["cat & dog"],
    ),
    "not_search": (
        "NOT (MATCH (t0.`title`) AGAINST (%s IN BOOLEAN MODE))",
        ["cat"],
    ),
    "search_two_fields": (
        "((%s = %s AND MATCH (t0.`title`, t0.`body`) AGAINST (%s IN BOOLEAN MODE)) AND t0.`body` LIKE %s ESCAPE '\\\\')",
        ["cat", "cat", "cat", "%a%"],
    ),
}

ORDER_GOLDEN: dict[str, tuple[str, list[Any]]] = {
    "scalar_asc": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY t0.`views` ASC, t0.`id` ASC",
        [],
    ),
    "scalar_desc": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY t0.`title` DESC, t0.`id` ASC",
        [],
    ),
    "scalar_sort_object": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY t0.`views` DESC, t0.`id` ASC",
        [],
    ),
    "nulls_first": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY t0.`body` IS NULL DESC, t0.`body` ASC, t0.`id` ASC",
        [],
    ),
    "nulls_last": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY t0.`score` IS NULL ASC, t0.`score` DESC, t0.`id` ASC",
        [],
    ),
    "several": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY t0.`kind` ASC, t0.`at` DESC, t0.`id` ASC",
        [],
    ),
    "relation_field": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY (SELECT t1.`name` FROM `User` t1 WHERE t1.`id` = t0.`authorId`) ASC, t0.`id` ASC",
        [],
    ),
    "relation_depth_2": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY (SELECT (SELECT t2.`userId` FROM `Profile` t2 WHERE t2.`userId` = t1.`id`) FROM `User` t1 WHERE t1.`id` = t0.`authorId`) DESC, t0.`id` ASC",
        [],
    ),
    "relation_depth_3": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY (SELECT (SELECT (SELECT t3.`name` FROM `User` t3 WHERE t3.`id` = t2.`userId`) FROM `Profile` t2 WHERE t2.`userId` = t1.`id`) FROM `User` t1 WHERE t1.`id` = t0.`authorId`) ASC, t0.`id` ASC",
        [],
    ),
    "relation_count_many_to_many": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY (SELECT COUNT(*) FROM `Label` t1 JOIN `_DocToLabel` t1_j ON t1_j.`B` = t1.`id` WHERE t1_j.`A` = t0.`id`) DESC, t0.`id` ASC",
        [],
    ),
    "relation_count_depth_2": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY (SELECT (SELECT COUNT(*) FROM `Doc` t2 WHERE t2.`authorId` = t1.`id`) FROM `User` t1 WHERE t1.`id` = t0.`authorId`) ASC, t0.`id` ASC",
        [],
    ),
    "with_paging": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY t0.`score` IS NULL ASC, t0.`score` ASC, t0.`id` ASC LIMIT %s OFFSET %s",
        [2, 1],
    ),
    "relevance": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY MATCH (t0.`title`, t0.`body`) AGAINST (%s IN BOOLEAN MODE) DESC, t0.`id` ASC",
        ["cat"],
    ),
    "relevance_one_field": (
        "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY MATCH (t0.`title`) AGAINST (%s IN BOOLEAN MODE) ASC, t0.`id` ASC",
        ["cat"],
    ),
}

GROUP_BY_GOLDEN: dict[str, tuple[str, list[Any]]] = {
    "group_scalar": (
        "SELECT t0.`kind`, COUNT(*) FROM `Doc` t0 WHERE 1=1 GROUP BY t0.`kind` ORDER BY t0.`kind` DESC",
        [],
    ),
    "group_scalar_nulls": (
        "SELECT t0.`body`, COUNT(*) FROM `Doc` t0 WHERE 1=1 GROUP BY t0.`body` ORDER BY t0.`body` IS NULL ASC, t0.`body` ASC",
        [],
    ),
    "group_count": (
        "SELECT t0.`kind`, COUNT(*) FROM `Doc` t0 WHERE 1=1 GROUP BY t0.`kind` ORDER BY COUNT(t0.`views`) DESC",
        [],
    ),
    "group_avg": (
        "SELECT t0.`kind`, COUNT(*) FROM `Doc` t0 WHERE 1=1 GROUP BY t0.`kind` ORDER BY AVG(t0.`views`) ASC",
        [],
    ),
    "group_sum": (
        "SELECT t0.`kind`, COUNT(*) FROM `Doc` t0 WHERE 1=1 GROUP BY t0.`kind` ORDER BY SUM(t0.`price`) DESC",
        [],
    ),
    "group_min": (
        "SELECT t0.`kind`, COUNT(*) FROM `Doc` t0 WHERE 1=1 GROUP BY t0.`kind` ORDER BY MIN(t0.`at`) ASC",
        [],
    ),
    "group_max": (
        "SELECT t0.`kind`, COUNT(*) FROM `Doc` t0 WHERE 1=1 GROUP BY t0.`kind` ORDER BY MAX(t0.`title`) DESC",
        [],
    ),
    "group_several": (
        "SELECT t0.`kind`, COUNT(*) FROM `Doc` t0 WHERE 1=1 GROUP BY t0.`kind` ORDER BY COUNT(t0.`id`) DESC, t0.`kind` ASC",
        [],
    ),
}


def test_every_filter_case_has_golden_sql() -> None:
    assert set(GOLDEN) == set(cases("mysql"))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_filter_sql(name: str) -> None:
    sql, params = where_sql("mysql", cases("mysql")[name])
    assert (sql, params) == GOLDEN[name]


def test_every_order_case_has_golden_sql() -> None:
    assert set(ORDER_GOLDEN) == set(order_cases("mysql"))


@pytest.mark.parametrize("name", sorted(ORDER_GOLDEN))
def test_order_sql(name: str) -> None:
    sql, params = find_sql("mysql", order_cases("mysql")[name])
    assert (sql, params) == ORDER_GOLDEN[name]


def test_every_group_by_order_case_has_golden_sql() -> None:
    assert set(GROUP_BY_GOLDEN) == set(group_by_order_cases("mysql"))


@pytest.mark.parametrize("name", sorted(GROUP_BY_GOLDEN))
def test_group_by_order_sql(name: str) -> None:
    sql, params = group_by_sql("mysql", group_by_order_cases("mysql")[name])
    assert (sql, params) == GROUP_BY_GOLDEN[name]
