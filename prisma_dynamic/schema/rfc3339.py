"""RFC 3339 date-times as Prisma reads and prints them in `@default("...")` of a DateTime field.

Prisma parses such a default with Rust's `chrono` (`DateTime::<FixedOffset>::parse_from_rfc3339`),
refuses it with chrono's own wording when that fails, and prints it back in the DMMF with
`to_rfc3339()`: `"1970-01-01T00:00:00Z"` becomes `"1970-01-01T00:00:00+00:00"`, the offset kept as
written, fractional seconds shortened to 0, 3, 6 or 9 digits. This module reproduces both the
grammar (including what chrono tolerates: `t` or a space for `T`, `z`, any number of fractional
digits, a leap second `:60`, U+2212 as the minus sign) and the messages.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

# chrono's ParseError texts, by kind.
OUT_OF_RANGE = "input is out of range"
INVALID = "input contains invalid characters"
TOO_SHORT = "premature end of input"
TOO_LONG = "trailing input"

_MAX_OFFSET = (23 * 60 + 59) * 60  # RFC 3339 offsets end at ±23:59


class Rfc3339Error(ValueError):
    """Why a text is no RFC 3339 date-time, in chrono's words."""


@dataclass(frozen=True, slots=True)
class DateTime:
    """A date-time with its fixed offset, as written (a leap second keeps its `60`)."""

    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    nanosecond: int
    offset_seconds: int

    def canonical(self) -> str:
        """chrono's `to_rfc3339()`: what Prisma's DMMF shows for the default."""
        text = f"{self.year:04d}-{self.month:02d}-{self.day:02d}T{self.hour:02d}:{self.minute:02d}:{self.second:02d}"
        nano = self.nanosecond
        if nano:
            if nano % 1_000_000 == 0:
                text += f".{nano // 1_000_000:03d}"
            elif nano % 1_000 == 0:
                text += f".{nano // 1_000:06d}"
            else:
                text += f".{nano:09d}"
        sign = "-" if self.offset_seconds < 0 else "+"
        hours, minutes = divmod(abs(self.offset_seconds) // 60, 60)
        return f"{text}{sign}{hours:02d}:{minutes:02d}"


def parse(text: str) -> DateTime:
    """The date-time `text` denotes; `Rfc3339Error` with chrono's reason when it denotes none."""
    reader = _Reader(text)
    year = reader.number(4)
    reader.char("-")
    month = reader.number(2)
    _check(1 <= month <= 12)
    reader.char("-")
    day = reader.number(2)
    _check(1 <= day <= 31)
    reader.one_of("tT ")
    hour = reader.number(2)
    _check(hour <= 23)
    reader.char(":")
    minute = reader.number(2)
    _check(minute <= 59)
    reader.char(":")
    second = reader.number(2)
    _check(second <= 60)
    nanosecond = reader.fraction() if reader.rest.startswith(".") else 0
    offset = reader.offset()
    _check(-_MAX_OFFSET <= offset <= _MAX_OFFSET)
    if reader.rest:
        raise Rfc3339Error(TOO_LONG)
    # Python's calendar starts at year 1; the proleptic year 0 is a leap year, as 2000.
    _check(day <= calendar.monthrange(year or 2000, month)[1])
    return DateTime(year, month, day, hour, minute, second, nanosecond, offset)


def _check(condition: bool) -> None:
    if not condition:
        raise Rfc3339Error(OUT_OF_RANGE)


class _Reader:
    """chrono's scanners: each consumes from the front of `rest` or raises its error."""

    def __init__(self, text: str) -> None:
        self.rest = text

    def number(self, digits: int) -> int:
        if len(self.rest.encode()) < digits:
            raise Rfc3339Error(TOO_SHORT)
        head = self.rest[:digits]
        if not (head.isascii() and head.isdigit()):
            raise Rfc3339Error(INVALID)
        self.rest = self.rest[digits:]
        return int(head)

    def char(self, expected: str) -> None:
        if not self.rest:
            raise Rfc3339Error(TOO_SHORT)
        if self.rest[0] != expected:
            raise Rfc3339Error(INVALID)
        self.rest = self.rest[1:]

    def one_of(self, accepted: str) -> None:
        if not self.rest:
            raise Rfc3339Error(TOO_SHORT)
        if self.rest[0] not in accepted:
            raise Rfc3339Error(INVALID)
        self.rest = self.rest[1:]

    def fraction(self) -> int:
        """`.` and at least one digit; digits past the ninth are read and dropped."""
        self.rest = self.rest[1:]
        if not self.rest:
            raise Rfc3339Error(TOO_SHORT)
        count = 0
        while count < len(self.rest) and self.rest[count].isascii() and self.rest[count].isdigit():
            count += 1
        if count == 0:
            raise Rfc3339Error(INVALID)
        digits, self.rest = self.rest[:count], self.rest[count:]
        return int(digits[:9].ljust(9, "0"))

    def offset(self) -> int:
        if not self.rest:
            raise Rfc3339Error(TOO_SHORT)
        sign = self.rest[0]
        if sign in "Zz":
            self.rest = self.rest[1:]
            return 0
        if sign not in "+-\u2212":
            raise Rfc3339Error(INVALID)
        self.rest = self.rest[1:]
        hours = self._offset_digits(minutes=False)
        self.char(":")
        minutes = self._offset_digits(minutes=True)
        seconds = hours * 3600 + minutes * 60
        return seconds if sign == "+" else -seconds

    def _offset_digits(self, *, minutes: bool) -> int:
        if len(self.rest.encode()) < 2:
            raise Rfc3339Error(TOO_SHORT)
        head = self.rest[:2]
        if not (head.isascii() and head.isdigit() and len(head) == 2):
            raise Rfc3339Error(INVALID)
        if minutes and head[0] >= "6":
            raise Rfc3339Error(OUT_OF_RANGE)
        self.rest = self.rest[2:]
        return int(head)
