"""Aliases every model shares, and the scalar-list updates still written by hand.

The scalar filters, field updates and `SortOrderInput` are rendered from the query schema
(`query_types.SharedInputs`); these aliases name Prisma's `SortOrder`, `QueryMode` and
`NullsOrder` enums the way Prisma Client Python did.
"""

from __future__ import annotations

from collections.abc import Iterable

from stubs_plugin.surface import Alias, Key, TypedDictType

SHARED_ALIASES = (
    Alias("SortOrder", "_Literal['asc', 'desc']"),
    Alias("SortMode", "_Literal['default', 'insensitive']"),
    Alias("NullsOrder", "_Literal['first', 'last']"),
)


def list_update_name(type_name: str) -> str:
    return f"{type_name}ListUpdate"


def list_update_types(list_types: Iterable[tuple[str, str]]) -> list[TypedDictType]:
    """`list_types`: (schema type name, Python type) of every scalar list field."""
    return [
        TypedDictType(
            list_update_name(type_name),
            (Key("set", f"list[{python}]"), Key("push", f"{python} | list[{python}]")),
        )
        for type_name, python in sorted(set(list_types))
    ]
