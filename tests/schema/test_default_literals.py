"""Literal defaults Prisma parses further than their syntax: `@default("...")` on DateTime fields
(RFC 3339, chrono's grammar; shown in the DMMF as Prisma shows it) and numbers on Int/BigInt fields
(Rust's i64), refused with Prisma's messages. No corpus schema has such a default."""

from __future__ import annotations

import pytest

from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema import rfc3339
from prisma_dynamic.schema.dmmf import to_dmmf
from prisma_dynamic.schema.load import build_schema

HEAD = 'datasource db {\n  provider = "postgresql"\n  url      = env("DB")\n}\n\n'


def schema_with(field_line: str) -> str:
    # The field is on line 8.
    return HEAD + f"model Item {{\n  id Int @id\n{field_line}\n}}\n"


def dmmf_default(field_line: str) -> object:
    [model] = to_dmmf(build_schema([("schema.prisma", schema_with(field_line))]))["models"]
    return model["fields"][1]["default"]


@pytest.mark.parametrize(
    ("written", "prisma"),
    [
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00+00:00"),
        ("1970-01-01T00:00:00z", "1970-01-01T00:00:00+00:00"),
        ("2024-05-06 07:08:09-00:00", "2024-05-06T07:08:09+00:00"),
        ("2024-05-06t07:08:09+05:30", "2024-05-06T07:08:09+05:30"),
        ("2024-05-06T07:08:09.5-08:00", "2024-05-06T07:08:09.500-08:00"),
        ("2024-05-06T07:08:09.000120Z", "2024-05-06T07:08:09.000120+00:00"),
        ("2024-05-06T07:08:09.0000001Z", "2024-05-06T07:08:09.000000100+00:00"),
        ("2024-05-06T07:08:09.0Z", "2024-05-06T07:08:09+00:00"),
        ("2024-05-06T07:08:09.1234567891234Z", "2024-05-06T07:08:09.123456789+00:00"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00+00:00"),
        ("2016-12-31T23:59:60Z", "2016-12-31T23:59:60+00:00"),
    ],
)
def test_a_datetime_default_is_shown_as_prisma_shows_it(written: str, prisma: str) -> None:
    assert dmmf_default(f'  at DateTime @default("{written}")') == prisma


def test_each_item_of_a_datetime_list_default_is_shown_as_prisma_shows_it() -> None:
    line = '  at DateTime[] @default(["2000-01-01T00:00:00Z", "2000-01-01T00:00:00.25+01:00"])'
    assert dmmf_default(line) == ["2000-01-01T00:00:00+00:00", "2000-01-01T00:00:00.250+01:00"]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("Hugo", "input contains invalid characters"),  # Prisma's own test case
        ("", "premature end of input"),
        ("2024-05-06", "premature end of input"),
        ("2024-05-06T07:08:09", "premature end of input"),
        ("2024-05-06T07:08:09.", "premature end of input"),
        ("2024-05-06T07:08:09.Z", "input contains invalid characters"),
        ("2024-05-06T07:08:09+01", "premature end of input"),
        ("2024-05-06T07:08:09+0100", "input contains invalid characters"),
        ("2024-05-06T07:08:09Z ", "trailing input"),
        ("2024-05-06T07:08:09ZZ", "trailing input"),
        ("2024/05/06T07:08:09Z", "input contains invalid characters"),
        ("24-05-06T07:08:09Z", "input contains invalid characters"),
        ("2024-13-06T07:08:09Z", "input is out of range"),
        ("2024-00-06T07:08:09Z", "input is out of range"),
        ("2023-02-29T00:00:00Z", "input is out of range"),
        ("2024-04-31T00:00:00Z", "input is out of range"),
        ("2024-05-06T24:00:00Z", "input is out of range"),
        ("2024-05-06T07:60:00Z", "input is out of range"),
        ("2024-05-06T07:08:61Z", "input is out of range"),
        ("2024-05-06T07:08:09+24:00", "input is out of range"),
        ("2024-05-06T07:08:09+01:60", "input is out of range"),
    ],
)
def test_an_invalid_datetime_default_is_refused_with_prismas_message(written: str, reason: str) -> None:
    line = f'  at DateTime @default("{written}")'
    with pytest.raises(SchemaError) as caught:
        build_schema([("schema.prisma", schema_with(line))])
    [error] = caught.value.diagnostics
    assert error.message == (
        f'Error parsing attribute "@default": Parse error: "{written}" is not a valid rfc3339 datetime string. '
        f"({reason})"
    )
    # Prisma points at the string, quotes included.
    column = line.index('"') + 1
    assert (error.span.line, error.span.column) == (8, column)
    assert (error.span.end_line, error.span.end_column) == (8, column + len(written) + 2)


def test_each_bad_item_of_a_list_default_is_reported() -> None:
    line = '  at DateTime[] @default(["2000-01-01T00:00:00Z", "soon", "later"])'
    with pytest.raises(SchemaError) as caught:
        build_schema([("schema.prisma", schema_with(line))])
    assert [d.message.split('"')[3] for d in caught.value.diagnostics] == ["soon", "later"]


def test_the_parser_keeps_the_offset_and_the_leap_second() -> None:
    parsed = rfc3339.parse("2016-12-31T23:59:60.5\u221201:30")  # chrono also takes U+2212 as the minus sign
    assert parsed == rfc3339.DateTime(2016, 12, 31, 23, 59, 60, 500_000_000, -5400)
    assert parsed.canonical() == "2016-12-31T23:59:60.500-01:30"


@pytest.mark.parametrize(
    ("field_type", "written", "reason"),
    [
        ("Int", "1.5", "invalid digit found in string"),
        ("BigInt", "-0.25", "invalid digit found in string"),
        ("BigInt", "9223372036854775808", "number too large to fit in target type"),
        ("Int", "-9223372036854775809", "number too small to fit in target type"),
    ],
)
def test_an_integer_default_that_is_no_i64_is_refused_with_prismas_message(
    field_type: str, written: str, reason: str
) -> None:
    line = f"  n {field_type} @default({written})"
    with pytest.raises(SchemaError) as caught:
        build_schema([("schema.prisma", schema_with(line))])
    [error] = caught.value.diagnostics
    assert error.message == (
        f'Error parsing attribute "@default": Parse error: "{written}" is not a valid integer. ({reason})'
    )
    column = line.index("(") + 2
    assert (error.span.line, error.span.column, error.span.end_column) == (8, column, column + len(written))


def test_the_extreme_i64_defaults_are_accepted() -> None:
    assert dmmf_default("  n BigInt @default(9223372036854775807)") == "9223372036854775807"
    assert dmmf_default("  n BigInt @default(-9223372036854775808)") == "-9223372036854775808"
