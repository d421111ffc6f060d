"""How the Python API spells the query schema's names: the one table both the protocol builder
(Python -> protocol) and the stub writer (query schema -> TypedDict keys) read.

The query schema and the wire protocol use Prisma's names (`startsWith`, `notIn`, `orderBy`).
Prisma Client Python spelled a few of them in snake_case (API.md, "Argument spelling"), and this
package keeps its spelling; every other name (field names, `equals`, `AND`, `string_contains`,
`_count` inside a selection, ...) is written as Prisma writes it. Field names never collide with
these spellings: the schema validator refuses fields named like them.

Two contexts differ: the keyword arguments of a delegate method (`find_many(order=...)`,
`group_by(count=..., avg=...)`) and the keys of an input object (`{"order_by": ...}` inside an
include's arguments, `{"_count": ...}` inside `having`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

__all__ = ["Context", "prisma_names", "prisma_spelling", "python_spelling"]

Context = Literal["field", "argument"]

# Prisma's name -> the Python spelling, for keys of input objects (and arguments, unless overridden).
_FIELD_SPELLINGS: Mapping[str, str] = {
    "startsWith": "startswith",
    "endsWith": "endswith",
    "notIn": "not_in",
    "isNot": "is_not",
    "hasEvery": "has_every",
    "hasSome": "has_some",
    "isEmpty": "is_empty",
    "isSet": "is_set",
    "createMany": "create_many",
    "connectOrCreate": "connect_or_create",
    "updateMany": "update_many",
    "deleteMany": "delete_many",
    "skipDuplicates": "skip_duplicates",
    "orderBy": "order_by",
}
# Delegate method arguments that are spelt differently again (API.md section 4 and 0b).
_ARGUMENT_SPELLINGS: Mapping[str, str] = {
    **_FIELD_SPELLINGS,
    "orderBy": "order",
    "_count": "count",
    "_avg": "avg",
    "_sum": "sum",
    "_min": "min",
    "_max": "max",
}
_TABLES: Mapping[Context, Mapping[str, str]] = {"field": _FIELD_SPELLINGS, "argument": _ARGUMENT_SPELLINGS}
_REVERSED: Mapping[Context, Mapping[str, str]] = {
    context: {python: prisma for prisma, python in table.items()} for context, table in _TABLES.items()
}


def python_spelling(prisma_name: str, context: Context = "field") -> str:
    """The Python spelling of a query schema name (itself unless the API respells it)."""
    return _TABLES[context].get(prisma_name, prisma_name)


def prisma_spelling(python_name: str, context: Context = "field") -> str:
    """The query schema's name for a Python spelling (itself unless the API respells it)."""
    return _REVERSED[context].get(python_name, python_name)


def prisma_names(context: Context = "field") -> Mapping[str, str]:
    """Every respelt name: Prisma's name -> Python spelling."""
    return _TABLES[context]
