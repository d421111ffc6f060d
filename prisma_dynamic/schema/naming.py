"""The constraint and index names Prisma derives when the schema gives none (`map:`), for db push
and for validation's name-clash rule alike.

`<Table>_<columns>_<suffix>`, cut to the database's identifier limit before the suffix so that
the suffix always survives, exactly as Prisma cuts them (by bytes, on a character boundary).
"""

from __future__ import annotations

from collections.abc import Sequence


def derived_name(parts: Sequence[str], suffix: str, limit: int) -> str:
    base = "_".join(parts)
    room = limit - len(suffix.encode())
    encoded = base.encode()
    if len(encoded) > room:
        base = encoded[:room].decode(errors="ignore")
    return base + suffix


def primary_key_name(table: str, limit: int) -> str:
    return derived_name([table], "_pkey", limit)


def unique_index_name(table: str, columns: Sequence[str], limit: int) -> str:
    return derived_name([table, *columns], "_key", limit)


def index_name(table: str, columns: Sequence[str], limit: int) -> str:
    return derived_name([table, *columns], "_idx", limit)


def foreign_key_name(table: str, columns: Sequence[str], limit: int) -> str:
    return derived_name([table, *columns], "_fkey", limit)
