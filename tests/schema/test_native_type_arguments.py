"""`@db.X(...)` arguments: their number, their kind and their values, refused with Prisma's messages on
the attribute's span (no corpus schema has such a mistake; the messages are those of Prisma's own
tests where it has one, else of the psl connectors' code)."""

from __future__ import annotations

import pytest

from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema.load import build_schema


def schema(provider: str, field: str) -> str:
    # The field is on line 7, its attribute after `  x ` and the type.
    datasource = f'datasource db {{\n  provider = "{provider}"\n  url      = env("DB")\n}}\n\n'
    return datasource + f"model M {{\n  x {field}\n  id Int @id\n}}\n"


def errors(provider: str, field: str) -> list[str]:
    try:
        build_schema([("schema.prisma", schema(provider, field))])
    except SchemaError as error:
        return [d.message for d in error.diagnostics if d.severity == "error"]
    return []


CASES = [
    # number of arguments
    ("postgresql", "String @db.VarChar(2, 3, 4)", "Native type VarChar takes 1 optional arguments, but received 3."),
    ("sqlserver", "String @db.NVarChar(1, 2)", "Native type NVarChar takes 1 optional arguments, but received 2."),
    ("postgresql", "String @db.Uuid(1)", "Native type Uuid takes 0 arguments, but received 1."),
    ("mysql", "String @db.VarChar", "Native type VarChar takes 1 arguments, but received 0."),
    ("mysql", "String @db.Char", "Native type Char takes 1 arguments, but received 0."),
    ("mysql", "String @db.VarChar(1, 2)", "Native type VarChar takes 1 arguments, but received 2."),
    # kind of arguments
    ("postgresql", "String @db.VarChar(-1)", "Expected a nonnegative integer, but found (-1)."),
    ("postgresql", "String @db.VarChar(1.5)", "Expected a nonnegative integer, but found (1.5)."),
    ("postgresql", "String @db.VarChar(4294967296)", "Expected a nonnegative integer, but found (4294967296)."),
    ("mysql", "String @db.VarChar(-255)", "Expected a nonnegative integer, but found (-255)."),
    ("postgresql", "Decimal @db.Decimal(10)", "Expected two nonnegative integers, but found (10)."),
    ("postgresql", "Decimal @db.Decimal(10, -2)", "Expected two nonnegative integers, but found (10, -2)."),
    ("sqlserver", "String @db.NVarChar(Ma)", "Expected an integer or `Max`, but found (Ma)."),
    ("sqlserver", "String @db.VarChar(70000)", "Expected an integer or `Max`, but found (70000)."),
    ("cockroachdb", "String @db.String(-1)", "Expected a nonnegative integer, but found (-1)."),
    # values, PostgreSQL
    (
        "postgresql",
        "Decimal @db.Decimal(2, 4)",
        "The scale must not be larger than the precision for the Decimal(2,4) native type in Postgres.",
    ),
    (
        "postgresql",
        "Decimal @db.Decimal(1001, 2)",
        "Argument M is out of range for native type `Decimal(1001,2)` of Postgres: Precision must be positive with "
        "a maximum value of 1000.",
    ),
    (
        "postgresql",
        "Decimal @db.Decimal(0, 0)",
        "Argument M is out of range for native type `Decimal(0,0)` of Postgres: Precision must be positive with a "
        "maximum value of 1000.",
    ),
    (
        "postgresql",
        "String @db.Bit(0)",
        "Argument M is out of range for native type `Bit(0)` of Postgres: M must be a positive integer.",
    ),
    (
        "postgresql",
        "DateTime @db.Timestamptz(7)",
        "Argument M is out of range for native type `Timestamptz(7)` of Postgres: M can range from 0 to 6.",
    ),
    (
        "cockroachdb",
        "DateTime @db.Time(9)",
        "Argument M is out of range for native type `Time(9)` of CockroachDB: M can range from 0 to 6.",
    ),
    # values, MySQL
    (
        "mysql",
        "Decimal @db.Decimal(66, 2)",
        "Argument M is out of range for native type `Decimal(66,2)` of MySQL: Precision can range from 1 to 65.",
    ),
    (
        "mysql",
        "Decimal @db.Decimal(40, 31)",
        "Argument M is out of range for native type `Decimal(40,31)` of MySQL: Scale can range from 0 to 30.",
    ),
    (
        "mysql",
        "Decimal @db.Decimal(3, 4)",
        "The scale must not be larger than the precision for the Decimal(3,4) native type in MySQL.",
    ),
    (
        "mysql",
        "Bytes @db.Bit(65)",
        "Argument M is out of range for native type `Bit(65)` of MySQL: M can range from 1 to 64.",
    ),
    (
        "mysql",
        "Boolean @db.Bit(2)",
        "Argument M is out of range for native type `Bit(2)` of MySQL: only Bit(1) can be used as Boolean.",
    ),
    (
        "mysql",
        "String @db.Char(256)",
        "Argument M is out of range for native type `Char(256)` of MySQL: M can range from 0 to 255.",
    ),
    (
        "mysql",
        "String @db.VarChar(65536)",
        "Argument M is out of range for native type `VarChar(65536)` of MySQL: M can range from 0 to 65,535.",
    ),
    # values, SQL Server (Prisma's own test cases)
    (
        "sqlserver",
        "Decimal @db.Decimal(2,4)",
        "The scale must not be larger than the precision for the Decimal(2,4) native type in SQL Server.",
    ),
    (
        "sqlserver",
        "String @db.Char(8001)",
        "Argument M is out of range for native type `Char(8001)` of SQL Server: Length can range from 1 to 8000.",
    ),
    (
        "sqlserver",
        "String @db.NChar(4001)",
        "Argument M is out of range for native type `NChar(4001)` of SQL Server: Length can range from 1 to 4000.",
    ),
    (
        "sqlserver",
        "String @db.VarChar(8001)",
        "Argument M is out of range for native type `VarChar(8001)` of SQL Server: Length can range from 1 to 8000. "
        "For larger sizes, use the `Max` variant.",
    ),
    (
        "sqlserver",
        "String @db.NVarChar(4001)",
        "Argument M is out of range for native type `NVarChar(4001)` of SQL Server: Length can range from 1 to 4000. "
        "For larger sizes, use the `Max` variant.",
    ),
    (
        "sqlserver",
        "Bytes @db.VarBinary(8001)",
        "Argument M is out of range for native type `VarBinary(8001)` of SQL Server: Length can range from 1 to "
        "8000. For larger sizes, use the `Max` variant.",
    ),
    (
        "sqlserver",
        "Bytes @db.Binary(8001)",
        "Argument M is out of range for native type `Binary(8001)` of SQL Server: Length can range from 1 to 8000.",
    ),
    (
        "sqlserver",
        "Float @db.Float(54)",
        "Argument M is out of range for native type `Float(54)` of SQL Server: Bits can range from 1 to 53.",
    ),
    (
        "sqlserver",
        "Decimal @db.Decimal(39, 2)",
        "Argument M is out of range for native type `Decimal(39,2)` of SQL Server: Precision can range from 1 to 38.",
    ),
]


@pytest.mark.parametrize(("provider", "field", "message"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_a_bad_native_type_argument_is_refused_with_prismas_message(provider: str, field: str, message: str) -> None:
    with pytest.raises(SchemaError) as caught:
        build_schema([("schema.prisma", schema(provider, field))])
    [error] = caught.value.diagnostics
    assert error.message == message
    # On the `@db.X(...)` attribute, as Prisma.
    attribute = field[field.index("@") :]
    column = len("  x ") + field.index("@") + 1
    assert (error.span.line, error.span.column, error.span.end_line, error.span.end_column) == (
        7,
        column,
        7,
        column + len(attribute),
    )


@pytest.mark.parametrize(
    ("provider", "field"),
    [
        ("postgresql", "String @db.VarChar(0)"),
        ("postgresql", "String @db.VarChar(4294967295)"),
        ("postgresql", "String @db.VarChar"),
        ("postgresql", "Decimal @db.Decimal(1000, 1000)"),
        ("postgresql", "Decimal @db.Decimal"),
        ("postgresql", "DateTime @db.Timestamp(6)"),
        ("postgresql", "DateTime @db.Time(0)"),
        ("mysql", "Decimal @db.Decimal(65, 30)"),
        ("mysql", "Boolean @db.Bit(1)"),
        ("mysql", "Bytes @db.Bit(64)"),
        ("mysql", "String @db.Char(0)"),
        ("mysql", "String @db.VarChar(65535)"),
        ("mysql", "Boolean @db.UnsignedTinyInt"),
        ("sqlserver", "String @db.VarChar(Max)"),
        ("sqlserver", "String @db.NVarChar(max)"),
        ("sqlserver", "String @db.NVarChar(4000)"),
        ("sqlserver", "Bytes @db.VarBinary(8000)"),
        ("sqlserver", "Float @db.Float(53)"),
        ("sqlserver", "Decimal @db.Decimal(38, 38)"),
        ("cockroachdb", "String @db.String(100)"),
    ],
)
def test_native_type_arguments_within_the_databases_limits_are_accepted(provider: str, field: str) -> None:
    assert errors(provider, field) == []
