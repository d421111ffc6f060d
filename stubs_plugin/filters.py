"""Types shared by every model: scalar filters, list filters, atomic updates, sort orders.

One filter per value type (and per enum), never one per field or model: this is most of what keeps
the stubs small. Prisma distinguishes nullable filters (`equals: None` is only valid on optional
fields), so each type has a plain and a `Nullable` variant.
"""

from __future__ import annotations

from collections.abc import Iterable

from stubs_plugin.scalars import ATOMIC_TYPES, FIELD_REF, ORDERED_TYPES, WITHOUT_MIN_MAX
from stubs_plugin.surface import Alias, Capabilities, Key, TypedDictType

SHARED_ALIASES = (
    Alias("SortOrder", "_Literal['asc', 'desc']"),
    Alias("SortMode", "_Literal['default', 'insensitive']"),
    Alias("NullsOrder", "_Literal['first', 'last']"),
)


def filter_name(type_name: str, *, nullable: bool) -> str:
    return f"{type_name}{'Nullable' if nullable else ''}Filter"


def with_aggregates_filter_name(type_name: str) -> str:
    return f"{type_name}WithAggregatesFilter"


def list_filter_name(type_name: str) -> str:
    return f"{type_name}ListFilter"


def list_update_name(type_name: str) -> str:
    return f"{type_name}ListUpdate"


def atomic_input_name(type_name: str) -> str:
    return f"Atomic{type_name}Input"


def _comparison_keys(type_name: str, python: str, caps: Capabilities, *, nullable: bool) -> list[Key]:
    own = filter_name(type_name, nullable=nullable)
    maybe_none = " | None" if nullable else ""
    if type_name == "Boolean":
        return [Key("equals", f"{python}{maybe_none}"), Key("not", f"{python} | {own}{maybe_none}")]
    if type_name == "Json":
        keys = [Key("equals", f"{python}{maybe_none}"), Key("not", f"{python}{maybe_none}")]
        if caps.json_path:
            path = "list[str]" if caps.json_path == "array" else "str"
            keys += [
                Key("path", path),
                Key("mode", "SortMode"),
                Key("string_contains", f"str | {FIELD_REF}"),
                Key("string_starts_with", f"str | {FIELD_REF}"),
                Key("string_ends_with", f"str | {FIELD_REF}"),
                Key("array_starts_with", "_Any"),
                Key("array_ends_with", "_Any"),
            ]
            if caps.json_array_contains:
                keys.append(Key("array_contains", "_Any"))
            if caps.json_comparisons:
                keys += [Key(op, python) for op in ("lt", "lte", "gt", "gte")]
        return keys
    ref = f" | {FIELD_REF}"
    keys = [
        Key("equals", f"{python}{ref}{maybe_none}"),
        Key("in", f"list[{python}]"),
        Key("not_in", f"list[{python}]"),
        Key("not", f"{python}{ref} | {own}{maybe_none}"),
    ]
    if type_name in ORDERED_TYPES:
        keys += [Key(op, python + ref) for op in ("lt", "lte", "gt", "gte")]
    if type_name == "String":
        keys += [Key(op, "str" + ref) for op in ("contains", "startswith", "endswith")]
        if caps.insensitive_mode:
            keys.append(Key("mode", "SortMode"))
        if caps.full_text_search:
            keys.append(Key("search", "str"))
    return keys


def _aggregate_keys(type_name: str) -> list[Key]:
    """What `having` may ask of a field's aggregates, beside plain comparisons."""
    own = filter_name(type_name, nullable=True)
    keys = [Key("_count", filter_name("Int", nullable=False))]
    if type_name in ATOMIC_TYPES:
        average = "Decimal" if type_name == "Decimal" else "Float"
        keys += [Key("_avg", filter_name(average, nullable=True)), Key("_sum", own)]
    if type_name not in WITHOUT_MIN_MAX:
        keys += [Key("_min", own), Key("_max", own)]
    return keys


def shared_types(
    caps: Capabilities, used_types: Iterable[tuple[str, str]], list_types: Iterable[tuple[str, str]]
) -> tuple[list[TypedDictType], list[Alias]]:
    """`used_types` are (schema type name, Python type) pairs of every non-list scalar and enum field,
    `list_types` the same for scalar lists. Types that no field uses are left out."""
    typed_dicts: list[TypedDictType] = []
    seen: set[str] = set()
    for type_name, python in sorted(set(used_types)):
        seen.add(type_name)
        for nullable in (False, True):
            keys = _comparison_keys(type_name, python, caps, nullable=nullable)
            typed_dicts.append(TypedDictType(filter_name(type_name, nullable=nullable), tuple(keys)))
        aggregate_keys = _comparison_keys(type_name, python, caps, nullable=True) + _aggregate_keys(type_name)
        typed_dicts.append(TypedDictType(with_aggregates_filter_name(type_name), tuple(aggregate_keys)))
        if type_name in ATOMIC_TYPES:
            ops = ("set", "increment", "decrement", "multiply", "divide")
            typed_dicts.append(TypedDictType(atomic_input_name(type_name), tuple(Key(op, python) for op in ops)))
    # `_count` and `_avg` filters of `having` refer to Int and Float filters even without such fields.
    for type_name, python in (("Int", "int"), ("Float", "float")):
        if type_name not in seen:
            for nullable in (False, True):
                keys = _comparison_keys(type_name, python, caps, nullable=nullable)
                typed_dicts.append(TypedDictType(filter_name(type_name, nullable=nullable), tuple(keys)))
    for type_name, python in sorted(set(list_types)):
        typed_dicts.append(
            TypedDictType(
                list_filter_name(type_name),
                (
                    Key("equals", f"list[{python}]"),
                    Key("has", python),
                    Key("has_every", f"list[{python}]"),
                    Key("has_some", f"list[{python}]"),
                    Key("is_empty", "bool"),
                ),
            )
        )
        update_keys = (Key("set", f"list[{python}]"), Key("push", f"{python} | list[{python}]"))
        typed_dicts.append(TypedDictType(list_update_name(type_name), update_keys))
    typed_dicts += [
        TypedDictType("SortOrderInput", (Key("sort", "SortOrder", required=True), Key("nulls", "NullsOrder"))),
        TypedDictType("OrderByRelationAggregateInput", (Key("_count", "SortOrder", required=True),)),
    ]
    return typed_dicts, list(SHARED_ALIASES)
