# ruff: noqa: E501  (each statement stays on one line, to be read and diffed whole)
"""Golden SQL for MySQL and MariaDB: the condition (and parameters) the engine writes for every filter
operator this database offers (`cases.py`). A change here is a change of the SQL we send: review it
(`regenerate.py` rewrites this file)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.dialects.cases import cases
from tests.dialects.compile import find_sql, where_sql

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


def test_every_case_has_golden_sql() -> None:
    assert set(GOLDEN) == set(cases("mysql"))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_filter_sql(name: str) -> None:
    sql, params = where_sql("mysql", cases("mysql")[name])
    assert (sql, params) == GOLDEN[name]


def test_relevance_order() -> None:
    sql, params = find_sql(
        "mysql", {"orderBy": [{"_relevance": {"fields": ["title", "body"], "search": "cat", "sort": "desc"}}]}
    )
    assert (
        sql
        == "SELECT t0.`id` FROM `Doc` t0 WHERE 1=1 ORDER BY MATCH (t0.`title`, t0.`body`) AGAINST (%s IN BOOLEAN MODE) DESC, t0.`id` ASC"
    )
    assert params == ["cat"]
