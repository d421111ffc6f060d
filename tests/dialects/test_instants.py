"""The DateTime reader of the embedded transport (`engine.values.instant_reader`) gives what the
general path gives, `python_value("DateTime", dialect.from_db("DateTime", raw))`, for every form a
driver hands a DateTime over in: its shortcuts for whole-millisecond datetimes change no value."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from prisma_dynamic.dialects import dialect_for
from prisma_dynamic.engine.values import instant_reader, python_value

UTC = timezone.utc
PLUS_TWO = timezone(timedelta(hours=2))

RAW: list[Any] = [
    datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC),  # SQLite's driver: stored milliseconds
    datetime(2024, 1, 2, 3, 4, 5, 678000),  # PostgreSQL timestamp(3), MySQL DATETIME(3): no zone
    datetime(2024, 1, 2, 3, 4, 5, 678901),  # timestamp(6): cut to the millisecond
    datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
    datetime(2024, 1, 2, 5, 4, 5, 678000, tzinfo=PLUS_TWO),  # timestamptz in another zone
    datetime(1969, 12, 31, 23, 59, 59, 999000),  # before the epoch
    datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=UTC),
]
SQLITE_RAW: list[Any] = [1704164645678, "1704164645678", "2024-01-02 03:04:05", -1000]


@pytest.mark.parametrize("provider", ["sqlite", "postgresql", "mysql"])
def test_instant_reader_agrees_with_the_general_path(provider: str) -> None:
    dialect = dialect_for(provider)
    read = instant_reader(dialect.datetime_from_db)
    for raw in RAW + (SQLITE_RAW if provider == "sqlite" else []):
        expected = python_value("DateTime", dialect.from_db("DateTime", raw))
        got = read(raw)
        assert got == expected and got.tzinfo is UTC and got.microsecond % 1000 == 0, raw
