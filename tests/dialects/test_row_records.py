"""The generated row reader (`engine/row_records.py`) on rows as the drivers give them."""

from __future__ import annotations

from typing import Any

from prisma_dynamic.dialects import dialect_for
from prisma_dynamic.engine.row_records import Column, records_reader


def test_values_are_converted_kept_or_left_null_as_each_column_says() -> None:
    boolean = dialect_for("mysql").value_reader("Boolean")  # TINYINT(1) 0/1, BIT(1) bytes
    calls: list[Any] = []

    def text(value: Any) -> str:
        calls.append(value)
        return str(value)

    read = records_reader(
        [
            Column("id", 0),
            Column("published", 1, boolean),
            Column("title", 2, text, as_is=frozenset({str})),
            Column("tags", 3, lambda value: [] if value is None else list(value), with_null=True),
        ]
    )
    rows = [
        (1, 1, "a", ("x",), "join key"),  # a trailing column (an include's key) is left out
        (2, 0, None, None, "join key"),
        (3, b"\x01", 7, None, "join key"),
        (4, None, "d", (), "join key"),
    ]
    assert read(rows) == [
        {"id": 1, "published": True, "title": "a", "tags": ["x"]},
        {"id": 2, "published": False, "title": None, "tags": []},
        {"id": 3, "published": True, "title": "7", "tags": []},
        {"id": 4, "published": None, "title": "d", "tags": []},
    ]
    assert calls == [7]  # str values and NULLs kept without a call
    assert read([]) == []


def test_names_are_literals_not_code() -> None:
    read = records_reader([Column("a'b\"c", 1), Column("r", 0)])
    assert read([("first", "second")]) == [{"a'b\"c": "second", "r": "first"}]
