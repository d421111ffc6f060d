"""The DateTime text of Prisma's JSON protocol, shared by the client and the engine.

UTC with milliseconds and a `Z` (`2024-01-02T03:04:05.678Z`); a value without a time zone is UTC.
"""

from __future__ import annotations

from datetime import datetime, timezone


def format_datetime(value: datetime) -> str:
    if value.tzinfo is not None and value.utcoffset():
        value = value.astimezone(timezone.utc)
    # isoformat is several times faster than strftime; this is on the path of every DateTime read.
    return value.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def protocol_instant(value: datetime) -> datetime:
    """`parse_datetime(format_datetime(value))` without the text in between: UTC, to the millisecond."""
    value = value.astimezone(timezone.utc) if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def parse_datetime(text: str) -> datetime:
    """ISO 8601 text -> an aware UTC datetime. Raises ValueError for anything else."""
    parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)
