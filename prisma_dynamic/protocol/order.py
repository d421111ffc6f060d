"""`order=` (and `order_by` inside include arguments): a list of one-key sort objects."""

from __future__ import annotations

from typing import Any

from prisma_dynamic.protocol.problems import describe, fail, join, unknown_key
from prisma_dynamic.protocol.tables import FieldInfo, ModelTable, Tables

__all__ = ["build_order", "sort_value"]

_DIRECTIONS = ("asc", "desc")


def _direction(value: Any, path: str) -> str:
    if value not in _DIRECTIONS:
        fail(path, f"expected 'asc' or 'desc', got {value!r}")
    return str(value)


def sort_value(value: Any, path: str, field: FieldInfo) -> Any:
    """`'asc' | 'desc'`, or `{'sort', 'nulls'}` on an optional field (Prisma's SortOrderInput)."""
    if isinstance(value, dict):
        if field.is_required:
            # Prisma's SortOrderInput ({sort, nulls}) exists only for optional fields: a required
            # field has no nulls to place.
            fail(
                path,
                f"expected 'asc' or 'desc': `nulls` is only accepted on optional fields; {field.name!r} is required",
            )
        out: dict[str, Any] = {}
        for key, item in value.items():
            at = join(path, key)
            if key == "sort":
                out["sort"] = _direction(item, at)
            elif key == "nulls":
                if item not in ("first", "last"):
                    fail(at, f"expected 'first' or 'last', got {item!r}")
                out["nulls"] = item
            else:
                unknown_key(at, key, "sort option", ("sort", "nulls"))
        if "sort" not in out:
            fail(join(path, "sort"), "expected 'asc' or 'desc' under 'sort'")
        return out
    return _direction(value, path)


def _one(tables: Tables, table: ModelTable, order: Any, path: str) -> dict[str, Any]:
    if not isinstance(order, dict):
        fail(path, f"expected {{field: 'asc' | 'desc'}}, got {describe(order)}")
    if len(order) != 1:
        fail(path, f"expected exactly one field per sort object, got {len(order)}; pass a list to sort by several")
    ((key, value),) = order.items()
    at = join(path, key)
    if key == "_relevance":
        if not tables.full_text_search:
            database = tables.connector.display_name
            fail(
                at,
                f"'_relevance' (full-text search) is not available on {database}: "
                "it needs PostgreSQL with the preview feature 'fullTextSearchPostgres', or MySQL",
            )
        return {key: _relevance(table, value, at)}
    field = table.fields.get(key)
    if field is None or not _sortable(field):
        unknown_key(at, key, f"field of {table.name} to sort by", [n for n, f in table.fields.items() if _sortable(f)])
    if not field.is_relation:
        return {key: sort_value(value, at, field)}
    if field.is_list:
        if not isinstance(value, dict) or set(value) != {"_count"}:
            fail(at, f"a list relation sorts by its count: {{{key!r}: {{'_count': 'asc' | 'desc'}}}}")
        return {key: {"_count": _direction(value["_count"], join(at, "_count"))}}
    return {key: _one(tables, tables[field.type], value, at)}


def _sortable(field: FieldInfo) -> bool:
    """Relations sort by their fields or count; composites, scalar lists and Json have no order."""
    return field.is_relation or (field.kind != "composite" and not field.is_list and field.type != "Json")


def _relevance(table: ModelTable, value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not {"fields", "search", "sort"} <= set(value):
        fail(path, "expected {'fields': [...], 'search': str, 'sort': 'asc' | 'desc'}")
    fields = value["fields"]
    names = [fields] if isinstance(fields, str) else list(fields)
    searchable = [n for n, f in table.fields.items() if f.kind == "scalar" and f.type == "String" and not f.is_list]
    for name in names:
        if name not in searchable:
            unknown_key(join(path, "fields"), name, f"String field of {table.name} to rank", searchable)
    if not isinstance(value["search"], str):
        fail(join(path, "search"), f"expected a string, got {describe(value['search'])}")
    return {"fields": names, "search": value["search"], "sort": _direction(value["sort"], join(path, "sort"))}


def build_order(tables: Tables, table: ModelTable, order: Any, path: str) -> list[dict[str, Any]]:
    if isinstance(order, (list, tuple)):
        return [_one(tables, table, item, join(path, i)) for i, item in enumerate(order)]
    return [_one(tables, table, order, path)]
