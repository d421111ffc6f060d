"""Rows into records with one generated comprehension per output shape.

A read's rows become dicts keyed by the selected fields, with some values converted. Made
generically (`dict(zip(names, row))`, then a loop per converted column) that costs ~0.5 µs a row
for five columns, more than the database driver spends reading the row; a comprehension written
for the shape, `[{'id': r[0], 'title': r[1], ...} for r in rows]`, builds each dict in one
bytecode instruction and converts values inline: ~0.2 µs (1000 rows of `bench.orm`'s Post on
MariaDB, Boolean included: 715 -> 319 µs). The source is made from the field names as string
literals (`repr`) and column indexes only; the converters are bound as names of its namespace.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Column", "RowsReader", "records_reader"]

RowsReader = Callable[[Sequence[Sequence[Any]]], list[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Column:
    """How one selected field's value comes out of its column (the row's `index`th value).

    `convert`: the driver's value -> the record's, or None to keep it. It is called on NULL only
    when `with_null` (a NULL scalar list reads as `[]`); otherwise NULL stays None. `as_is`: the
    Python types `convert` would return unchanged (asyncpg's bool for a Boolean), kept without
    the call."""

    name: str
    index: int
    convert: Callable[[Any], Any] | None = None
    with_null: bool = False
    as_is: frozenset[type] | None = None


def records_reader(columns: Sequence[Column]) -> RowsReader:
    """`rows -> records` for rows whose leading values are `columns` (later values, such as
    the keys an include joins on, are left out)."""
    namespace: dict[str, Any] = {}
    entries = []
    for n, column in enumerate(columns):
        value = f"r[{column.index}]"
        if column.convert is not None:
            namespace[f"c{n}"] = column.convert
            if column.with_null:
                value = f"c{n}({value})"
            elif column.as_is is not None:
                namespace[f"a{n}"] = column.as_is | {type(None)}
                value = f"(v if (v := {value}).__class__ in a{n} else c{n}(v))"
            else:
                value = f"(None if (v := {value}) is None else c{n}(v))"
        entries.append(f"{column.name!r}: {value}")
    reader: RowsReader = eval(f"lambda rows: [{{{', '.join(entries)}}} for r in rows]", namespace)
    return reader
