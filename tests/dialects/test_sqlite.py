"""Golden SQL for SQLite: the condition (and parameters) the engine writes for every filter
operator this database offers (`cases.py`). A change here is a change of the SQL we send: review it
(`regenerate.py` rewrites this file)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dialects.cases import cases
from tests.dialects.compile import where_sql

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


def test_every_case_has_golden_sql() -> None:
    assert set(GOLDEN) == set(cases("sqlite"))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_filter_sql(name: str) -> None:
    sql, params = where_sql("sqlite", cases("sqlite")[name])
    assert (sql, params) == GOLDEN[name]
