"""The filters and orders every dialect's golden test compiles: one request per operator of the query
schema, and one per kind of order (`order_cases`, `group_by_order_cases`).

`cases(provider)` gives (name, where) pairs for one database: the common scalar, relation and Json
operators everywhere, and what only some databases offer (full-text search, `mode`, scalar lists,
Json `array_contains` and comparisons) where the connector offers it. A Json `path` is a list of
keys on PostgreSQL and a `$.a.b` string elsewhere.
"""

from __future__ import annotations

from typing import Any

from prisma_dynamic.schema.connectors import connector_for


def _json(text: str) -> dict[str, str]:
    return {"$type": "Json", "value": text}


def _enum(name: str) -> dict[str, str]:
    return {"$type": "Enum", "value": name}


def _ref(field: str) -> dict[str, Any]:
    return {"$type": "FieldRef", "value": {"_ref": field, "_container": "Doc"}}


COMMON: dict[str, dict[str, Any]] = {
    "equals_value": {"title": "a"},
    "equals_null": {"body": None},
    "equals": {"title": {"equals": "a"}},
    "not_value": {"title": {"not": "a"}},
    "not_null": {"body": {"not": None}},
    "not_nested": {"views": {"not": {"gt": 5}}},
    "in": {"views": {"in": [1, 2]}},
    "in_empty": {"views": {"in": []}},
    "not_in": {"views": {"notIn": [1]}},
    "not_in_empty": {"views": {"notIn": []}},
    "lt": {"views": {"lt": 1}},
    "lte": {"views": {"lte": 1}},
    "gt": {"views": {"gt": 1}},
    "gte": {"views": {"gte": 1}},
    "range": {"views": {"gt": 1, "lte": 9}},
    "contains": {"title": {"contains": "a%b"}},
    "starts_with": {"title": {"startsWith": "a"}},
    "ends_with": {"title": {"endsWith": "a"}},
    "decimal_gt": {"price": {"gt": {"$type": "Decimal", "value": "1.5"}}},
    "bigint_lte": {"big": {"lte": {"$type": "BigInt", "value": "9007199254740993"}}},
    "datetime_gte": {"at": {"gte": {"$type": "DateTime", "value": "2024-01-02T03:04:05.000Z"}}},
    "bytes_equals": {"data": {"equals": {"$type": "Bytes", "value": "AAE="}}},
    "bytes_in": {"data": {"in": [{"$type": "Bytes", "value": "AAE="}]}},
    "enum_equals": {"kind": _enum("A")},
    "enum_in": {"kind": {"in": [_enum("A"), _enum("B")]}},
    "enum_not": {"kind": {"not": _enum("B")}},
    "field_ref_gt": {"views": {"gt": _ref("likes")}},
    "field_ref_equals": {"views": {"equals": _ref("likes")}},
    "field_ref_contains": {"title": {"contains": _ref("body")}},
    "and": {"AND": [{"views": 1}, {"likes": 2}]},
    "or": {"OR": [{"views": 1}, {"likes": 2}]},
    "or_empty": {"OR": []},
    "not": {"NOT": [{"views": 1}, {"likes": 2}]},
    "relation_is": {"author": {"is": {"name": "a"}}},
    "relation_is_null": {"author": {"is": None}},
    "relation_null_shorthand": {"author": None},
    "relation_is_not_null": {"author": {"isNot": None}},
    "relation_nested_shorthand": {"author": {"name": "a"}},
    "json_equals": {"meta": {"equals": _json('{"a":1}')}},
    "json_equals_shorthand": {"meta": _json('{"a":1}')},
    "json_not": {"meta": {"not": _json('{"a":1}')}},
    "json_db_null": {"meta": {"equals": _enum("DbNull")}},
    "json_json_null": {"meta": {"equals": _enum("JsonNull")}},
    "json_any_null": {"meta": {"equals": _enum("AnyNull")}},
    "json_not_json_null": {"meta": {"not": _enum("JsonNull")}},
    "json_not_db_null": {"meta": {"not": _enum("DbNull")}},
    "json_path_equals": {"meta": {"path": "PATH", "equals": _json("1")}},
    "json_path_json_null": {"meta": {"path": "PATH", "equals": _enum("JsonNull")}},
    "json_path_db_null": {"meta": {"path": "PATH", "equals": _enum("DbNull")}},
    "json_string_contains": {"meta": {"path": "PATH", "string_contains": "x"}},
    "json_string_starts_with": {"meta": {"path": "PATH", "string_starts_with": "x"}},
    "json_string_ends_with": {"meta": {"path": "PATH", "string_ends_with": "x"}},
    "json_string_contains_insensitive": {"meta": {"path": "PATH", "string_contains": "X", "mode": "insensitive"}},
    "json_string_contains_no_path": {"meta": {"string_contains": "x"}},
    "json_array_starts_with": {"meta": {"path": "PATH", "array_starts_with": _json('"x"')}},
    "json_array_ends_with": {"meta": {"path": "PATH", "array_ends_with": _json("3")}},
    "json_string_starts_with_field_ref": {"meta": {"path": "PATH", "string_starts_with": _ref("title")}},
    "json_array_starts_with_field_ref": {"meta": {"path": "PATH", "array_starts_with": _ref("meta")}},
}
JSON_ARRAY_CONTAINS: dict[str, dict[str, Any]] = {
    "json_array_contains": {"meta": {"path": "PATH", "array_contains": _json('["x"]')}},
}
JSON_COMPARISONS: dict[str, dict[str, Any]] = {
    "json_gt": {"meta": {"path": "PATH", "gt": _json("5")}},
    "json_lte_string": {"meta": {"path": "PATH", "lte": _json('"m"')}},
}
FULL_TEXT: dict[str, dict[str, Any]] = {
    "search": {"title": {"search": "cat & dog"}},
    "not_search": {"title": {"not": {"search": "cat"}}},
    "search_two_fields": {"title": {"search": "cat"}, "body": {"search": "cat", "contains": "a"}},
}
INSENSITIVE: dict[str, dict[str, Any]] = {
    "insensitive_equals": {"title": {"equals": "A", "mode": "insensitive"}},
    "insensitive_contains": {"title": {"contains": "A", "mode": "insensitive"}},
    "insensitive_in": {"title": {"in": ["A"], "mode": "insensitive"}},
    "insensitive_not_nested": {"title": {"mode": "insensitive", "not": {"startsWith": "A"}}},
}
SCALAR_LISTS: dict[str, dict[str, Any]] = {
    "list_has": {"tags": {"has": "a"}},
    "list_has_every": {"tags": {"hasEvery": ["a", "b"]}},
    "list_has_some": {"tags": {"hasSome": ["a", "b"]}},
    "list_is_empty": {"tags": {"isEmpty": True}},
    "list_is_not_empty": {"tags": {"isEmpty": False}},
    "list_equals": {"tags": {"equals": ["a"]}},
    "list_equals_shorthand": {"tags": ["a"]},
    "list_equals_null": {"tags": {"equals": None}},
    "list_enum_has": {"kinds": {"has": _enum("A")}},
    "list_field_ref_in": {"title": {"in": _ref("tags")}},
    "list_field_ref_not_in": {"title": {"notIn": _ref("tags")}},
    "list_field_ref_has": {"tags": {"has": _ref("title")}},
    "list_field_ref_has_every": {"tags": {"hasEvery": _ref("tags")}},
    "list_field_ref_equals": {"tags": {"equals": _ref("tags")}},
}
NATIVE_JSON: dict[str, dict[str, Any]] = {
    "json_native_json_column": {"doc": {"path": "PATH", "equals": _json("1")}},  # `@db.Json`: cast to jsonb
}


def cases(provider: str) -> dict[str, dict[str, Any]]:
    connector = connector_for(provider)
    assert connector is not None
    chosen = dict(COMMON)
    if connector.json_array_contains:
        chosen.update(JSON_ARRAY_CONTAINS)
    if connector.json_comparison_filters is not None:
        chosen.update(JSON_COMPARISONS)
    if connector.full_text_search is not None:
        chosen.update(FULL_TEXT)
    if connector.supports_insensitive_filters:
        chosen.update(INSENSITIVE)
    if connector.supports_scalar_lists:  # the schema has these fields on PostgreSQL only
        chosen.update(SCALAR_LISTS)
        chosen.update(NATIVE_JSON)
    path: Any = ["a", "b"] if connector.json_filter_path == "array" else "$.a.b"
    return {name: _with_path(where, path) for name, where in chosen.items()}


def _with_path(node: Any, path: Any) -> Any:
    if isinstance(node, dict):
        return {k: (path if k == "path" else _with_path(v, path)) for k, v in node.items()}
    return node


# ---- orders -------------------------------------------------------------------------------------

ORDERS: dict[str, dict[str, Any]] = {
    "scalar_asc": {"orderBy": [{"views": "asc"}]},
    "scalar_desc": {"orderBy": [{"title": "desc"}]},
    "scalar_sort_object": {"orderBy": [{"views": {"sort": "desc"}}]},
    "nulls_first": {"orderBy": [{"body": {"sort": "asc", "nulls": "first"}}]},
    "nulls_last": {"orderBy": [{"score": {"sort": "desc", "nulls": "last"}}]},
    "several": {"orderBy": [{"kind": "asc"}, {"at": "desc"}]},
    "relation_field": {"orderBy": [{"author": {"name": "asc"}}]},
    "relation_depth_2": {"orderBy": [{"author": {"profile": {"userId": "desc"}}}]},
    "relation_depth_3": {"orderBy": [{"author": {"profile": {"user": {"name": "asc"}}}}]},
    "relation_count_many_to_many": {"orderBy": [{"labels": {"_count": "desc"}}]},
    "relation_count_depth_2": {"orderBy": [{"author": {"docs": {"_count": "asc"}}}]},
    "with_paging": {"orderBy": [{"score": {"sort": "asc", "nulls": "last"}}], "take": 2, "skip": 1},
}
FULL_TEXT_ORDERS: dict[str, dict[str, Any]] = {
    "relevance": {"orderBy": [{"_relevance": {"fields": ["title", "body"], "search": "cat", "sort": "desc"}}]},
    "relevance_one_field": {"orderBy": [{"_relevance": {"fields": "title", "search": "cat", "sort": "asc"}}]},
}
_GROUPED = {"by": ["kind"]}
GROUP_BY_ORDERS: dict[str, dict[str, Any]] = {
    "group_scalar": {**_GROUPED, "orderBy": [{"kind": "desc"}]},
    "group_scalar_nulls": {"by": ["body"], "orderBy": [{"body": {"sort": "asc", "nulls": "last"}}]},
    "group_count": {**_GROUPED, "orderBy": [{"_count": {"views": "desc"}}]},
    "group_avg": {**_GROUPED, "orderBy": [{"_avg": {"views": "asc"}}]},
    "group_sum": {**_GROUPED, "orderBy": [{"_sum": {"price": "desc"}}]},
    "group_min": {**_GROUPED, "orderBy": [{"_min": {"at": "asc"}}]},
    "group_max": {**_GROUPED, "orderBy": [{"_max": {"title": "desc"}}]},
    "group_several": {**_GROUPED, "orderBy": [{"_count": {"id": "desc"}}, {"kind": "asc"}]},
}


def order_cases(provider: str) -> dict[str, dict[str, Any]]:
    """The findMany arguments whose SELECT each dialect's golden test holds."""
    connector = connector_for(provider)
    assert connector is not None
    chosen = dict(ORDERS)
    if connector.full_text_search is not None:
        chosen.update(FULL_TEXT_ORDERS)
    return chosen


def group_by_order_cases(provider: str) -> dict[str, dict[str, Any]]:
    """The groupBy arguments (grouped by `by`, counting the rows of each group) of the golden tests."""
    return dict(GROUP_BY_ORDERS)
