"""Each validation rule on a small schema written for it (none of these is in the corpus)."""

from __future__ import annotations

import textwrap

import pytest

from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema.diagnostics import Diagnostic
from prisma_dynamic.schema.load import build_schema

PG = 'datasource db {\n  provider = "postgresql"\n  url = env("DB")\n}\n'  # four lines: models start on line 5


def datasource(provider: str, extra: str = "") -> str:
    return f'datasource db {{\n  provider = "{provider}"\n  url = env("DB")\n{extra}}}\n'


def diagnostics(text: str) -> tuple[Diagnostic, ...]:
    try:
        schema = build_schema([("rules.prisma", textwrap.dedent(text))])
    except SchemaError as error:
        return error.diagnostics
    return tuple(d for d in schema.warnings if isinstance(d, Diagnostic))


def errors(text: str) -> list[tuple[int, str]]:
    return [(d.span.line, d.message) for d in diagnostics(text) if d.severity == "error"]


def warnings(text: str) -> list[tuple[int, str]]:
    return [(d.span.line, d.message) for d in diagnostics(text) if d.severity == "warning"]


def only_error(text: str) -> tuple[int, str]:
    found = errors(text)
    assert len(found) == 1, found
    return found[0]


# (id, schema, line of the single error, words of its message)
SINGLE_ERRORS = [
    (
        "reserved model name",
        PG + "model Prisma {\n  id Int @id\n}\n",
        5,
        "The model name `Prisma` is invalid. It is a reserved name.",
    ),
    (
        "reserved enum name",
        PG + "enum class {\n  A\n}\nmodel M {\n  id Int @id\n  c class\n}\n",
        5,
        "The enum name `class` is invalid.",
    ),
    (
        "optional compound unique is no criteria",
        PG + "model Pair {\n  a Int?\n  b Int\n  @@unique([a, b])\n}\n",
        5,
        "not considered as they contain fields that are not required:\n- a, b",
    ),
    (
        "enum list on mysql",
        datasource("mysql") + "enum E {\n  A\n}\nmodel M {\n  id Int @id\n  e E[]\n}\n",
        10,
        'Field "e" in model "M" can\'t be a list.',
    ),
    (
        "Json on sqlserver",
        datasource("sqlserver") + "model M {\n  id Int @id\n  data Json\n}\n",
        7,
        "can't be of type Json. The current connector does not support the Json type.",
    ),
    (
        "Decimal on mongodb",
        datasource("mongodb")
        + 'model M {\n  id String @id @default(auto()) @map("_id") @db.ObjectId\n  price Decimal\n}\n',
        7,
        "can't be of type Decimal.",
    ),
    (
        "native type of another database",
        datasource("mysql") + "model M {\n  id Int @id\n  s String @db.Citext\n}\n",
        7,
        "Native type Citext is not supported for mysql connector.",
    ),
    (
        "native type on the wrong scalar",
        PG + "model M {\n  id Int @id\n  at String @db.Timestamptz(3)\n}\n",
        7,
        "Native type Timestamptz is not compatible with declared field type String, expected field type DateTime.",
    ),
    (
        "native type with too many arguments",
        PG + "model M {\n  id Int @id\n  s String @db.VarChar(10, 2)\n}\n",
        7,
        "Native type VarChar takes 1 optional arguments, but received 2.",  # Prisma's own test case
    ),
    (
        "native type prefix is not the datasource",
        PG + "model M {\n  id Int @id\n  s String @pg.Text\n}\n",
        7,
        "The prefix pg is invalid. It must be equal to the name of an existing datasource e.g. db.",
    ),
    (
        "enum list default with an unknown value",
        PG + "enum Color {\n  RED\n}\nmodel M {\n  id Int @id\n  c Color[] @default([RED, BLUE])\n}\n",
        10,
        "The defined default value `BLUE` is not a valid value of the enum specified for the field.",
    ),
    (
        "autoincrement on a non-id column of sqlite",
        datasource("sqlite") + "model M {\n  id Int @id\n  n Int @default(autoincrement())\n}\n",
        7,
        "used on a non-id field even though the datasource does not support this.",
    ),
    (
        "autoincrement on a non-indexed column of mysql",
        datasource("mysql") + "model M {\n  id Int @id\n  n Int @default(autoincrement())\n}\n",
        7,
        "used on a non-indexed field even though the datasource does not support this.",
    ),
    (
        "auto() outside mongodb",
        PG + "model M {\n  id String @id @default(auto())\n}\n",
        6,
        "The `auto()` default value is used with a datasource that does not support it.",
    ),
    (
        "function of the wrong type",
        PG + "model M {\n  id Int @id @default(uuid())\n}\n",
        6,
        "The function `uuid()` cannot be used on fields of type `Int`.",
    ),
    (
        "list default that is not a list",
        PG + "model M {\n  id Int @id\n  n Int[] @default(1)\n}\n",
        7,
        "The default value of a list field must be a list.",
    ),
    (
        "Boolean default of another type",
        PG + "model M {\n  id Int @id\n  on Boolean @default(1)\n}\n",
        7,
        'Error parsing attribute "@default": Expected a Boolean value, but found `1`.',
    ),
    (
        "composite type on mysql",
        datasource("mysql") + "type Point {\n  x Float\n}\nmodel M {\n  id Int @id\n  p Point\n}\n",
        5,
        "Composite types are not supported on MySQL.",
    ),
    (
        "composite types that contain each other",
        datasource("mongodb")
        + "type A {\n  b B\n}\ntype B {\n  a A\n}\n"
        + 'model M {\n  id String @id @default(auto()) @map("_id") @db.ObjectId\n  a A?\n}\n',
        6,
        "The types cause an endless cycle in the path `A` → `B` → `A`.",
    ),
    (
        "fulltext on sqlite",
        datasource("sqlite") + "model M {\n  id Int @id\n  t String\n  @@fulltext([t])\n}\n",
        8,
        "Defining fulltext indexes is not supported with the current connector.",
    ),
    (
        "view with a compound id",
        PG
        + 'generator c {\n  provider = "p"\n  previewFeatures = ["views"]\n}\n'
        + "view V {\n  a Int\n  b Int\n  @@id([a, b])\n}\n",
        12,
        "Views cannot have primary keys.",
    ),
    (
        "model without @@schema once schemas are listed",
        datasource("postgresql", '  schemas = ["one"]\n')
        + 'model M {\n  id Int @id\n}\nenum E {\n  A\n  @@schema("one")\n}\n',
        6,
        "This model is missing an `@@schema` attribute.",
    ),
    (
        "schemas on sqlite",
        datasource("sqlite", '  schemas = ["one"]\n') + 'model M {\n  id Int @id\n  @@schema("one")\n}\n',
        1,
        "The `schemas` property is not supported on the current connector.",
    ),
    (
        "foreign keys asked of mongodb",
        datasource("mongodb", '  relationMode = "foreignKeys"\n')
        + 'model M {\n  id String @id @default(auto()) @map("_id") @db.ObjectId\n}\n',
        1,
        'Invalid relation mode setting: "foreignKeys". Supported values: "prisma"',
    ),
    (
        "extensions without their preview feature",
        datasource("postgresql", "  extensions = [pgcrypto]\n") + "model M {\n  id Int @id\n}\n",
        4,
        "The `extensions` property is only available with the `postgresqlExtensions` preview feature.",
    ),
    (
        "references an unknown field",
        PG + "model U {\n  id Int @id\n  ps P[]\n}\n"
        "model P {\n  id Int @id\n  u U @relation(fields: [uId], references: [uid])\n  uId Int\n}\n",
        11,
        "The following fields do not exist in the related model: uid",
    ),
    (
        "references a non-unique pair",
        PG + "model U {\n  a Int\n  b Int\n  ps P[]\n  @@id([a])\n}\n"
        "model P {\n  id Int @id\n  u U @relation(fields: [ua, ub], references: [a, b])\n  ua Int\n  ub Int\n}\n",
        13,
        "Consider adding an `@@unique([a, b])` attribute to the model `U`.",
    ),
    (
        "required relation over an optional foreign key",
        PG + "model U {\n  id Int @id\n  ps P[]\n}\n"
        "model P {\n  id Int @id\n  u U @relation(fields: [uId], references: [id])\n  uId Int?\n}\n",
        11,
        "At least one of those fields is optional. Hence the relation field must be optional as well.",
    ),
    (
        "Restrict on sqlserver",
        datasource("sqlserver") + "model U {\n  id Int @id\n  ps P[]\n}\n"
        "model P {\n  id Int @id\n  u U @relation(fields: [uId], references: [id], onUpdate: Restrict)\n  uId Int\n}\n",
        11,
        "Invalid referential action: `Restrict`. Allowed values: (`Cascade`, `NoAction`, `SetNull`, `SetDefault`)",
    ),
    (
        "1:1 whose foreign key is not unique (compound)",
        PG + "model U {\n  a Int\n  b Int\n  p P?\n  @@id([a, b])\n}\n"
        "model P {\n  id Int @id\n  u U @relation(fields: [ua, ub], references: [a, b])\n  ua Int\n  ub Int\n}\n",
        13,
        "Either add an `@@unique([ua, ub])` attribute to the model `P`, or change the relation to one-to-many.",
    ),
    (
        "1:1 whose back side is required",
        PG + "model U {\n  id Int @id\n  p P\n}\n"
        "model P {\n  id Int @id\n  u U @relation(fields: [uId], references: [id])\n  uId Int @unique\n}\n",
        7,
        "The relation field `p` on Model `U` is required.",
    ),
    (
        "1:n without fields",
        PG + "model U {\n  id Int @id\n  ps P[]\n}\n"
        "model P {\n  id Int @id\n  u U @relation(references: [id])\n  uId Int\n}\n",
        11,
        "must specify the `fields` argument in the @relation attribute.",
    ),
    (
        "m:n with a model without id",
        PG + "model U {\n  email String @unique\n  tags T[]\n}\nmodel T {\n  id Int @id\n  us U[]\n}\n",
        11,
        "references `U` which does not have an `@id` field.",
    ),
    (
        "self relation over three fields",
        PG + 'model N {\n  id Int @id\n  a N? @relation("x", fields: [aId], references: [id])\n  aId Int? @unique\n'
        '  b N? @relation("x")\n  c N? @relation("x")\n}\n',
        7,
        "Wrongly named self relation detected. The fields `a`, `b` and `c` in model `N` have the same relation name.",
    ),
    (
        "@@schema without schemas in the datasource",
        PG + 'model A {\n  id Int @id\n  @@map("t")\n  @@schema("s")\n}\nmodel t {\n  id Int @id @map("i")\n}\n',
        8,
        "This schema is not defined in the datasource.",
    ),
    (
        "unknown provider",
        datasource("oracel") + "model M {\n  id Int @id\n}\n",
        2,
        'Datasource provider not known: "oracel".',
    ),
    (
        "url missing for prisma-client-py",
        'datasource db {\n  provider = "sqlite"\n}\ngenerator c {\n  provider = "prisma-client-py"\n}\n'
        "model M {\n  id Int @id\n}\n",
        1,
        'Argument "url" is missing in data source block "db".',
    ),
    (
        "field attribute on a composite type field",
        datasource("mongodb")
        + "type T {\n  a Int @unique\n}\n"
        + 'model M {\n  id String @id @default(auto()) @map("_id") @db.ObjectId\n  t T\n}\n',
        6,
        'Attribute not known: "@unique".',
    ),
]


@pytest.mark.parametrize(("schema", "line", "words"), [c[1:] for c in SINGLE_ERRORS], ids=[c[0] for c in SINGLE_ERRORS])
def test_rule(schema: str, line: int, words: str) -> None:
    found_line, message = only_error(schema)
    assert words in message
    assert found_line == line


def test_a_rich_schema_written_for_this_test_is_valid() -> None:
    text = (
        PG
        + 'generator c {\n  provider = "prisma-client-py"\n  previewFeatures = ["views", "relationJoins"]\n}\n'
        + """
enum Role {
  USER
  ADMIN
}

model User {
  id        String    @id @default(uuid()) @db.Uuid
  email     String    @unique @db.VarChar(320)
  roles     Role[]    @default([USER])
  profile   Profile?
  posts     Post[]    @relation("Written")
  edited    Post[]    @relation("Edited")
  tags      Tag[]
  manager   User?     @relation("Team", fields: [managerId], references: [id], onDelete: SetNull)
  managerId String?   @db.Uuid
  team      User[]    @relation("Team")
  balance   Decimal   @default(0.00) @db.Decimal(12, 2)
  createdAt DateTime  @default(now()) @db.Timestamptz(3)
  updatedAt DateTime  @updatedAt
}

model Profile {
  id     Int    @id @default(autoincrement())
  user   User   @relation(fields: [userId], references: [id], onDelete: Cascade)
  userId String @unique @db.Uuid
}

model Post {
  id       BigInt @id @default(autoincrement())
  author   User   @relation("Written", fields: [authorId], references: [id])
  authorId String @db.Uuid
  editor   User?  @relation("Edited", fields: [editorId], references: [id])
  editorId String? @db.Uuid

  @@index([authorId])
}

model Tag {
  name  String @id
  users User[]
}

model Membership {
  org  Int
  user Int
  @@id([org, user])
}

view Active {
  email String @unique
}
"""
    )
    assert errors(text) == []
    assert warnings(text) == []


def test_every_independent_mistake_is_reported_at_once() -> None:
    text = (
        datasource("mysql")
        + """
enum Kind {
  A
}

model User {
  id    String  @id @default(autoincrement())
  kinds Kind[]
  name  Strng
  posts Post[]
  @@uniqueIndex([name])
}

model Post {
  id       Int    @id
  author   User   @relation(fields: [authorId], references: [id], onDelete: Explode)
  authorId Int
  body     String @db.NVarChar(10)
}

model Log {
  line String
}
"""
    )
    found = errors(text)
    lines = [line for line, _ in found]
    assert lines == sorted(lines), "reported in reading order"
    assert {line: message.split(":")[0] for line, message in found} == {
        11: 'Error parsing attribute "@default"',
        12: 'Field "kinds" in model "User" can\'t be a list. The current connector does not support lists of '
        "primitive types.",
        13: 'Type "Strng" is neither a built-in type, nor refers to another model, composite type, or enum.',
        15: "Attribute not known",
        20: 'Error parsing attribute "@relation"',
        22: "Native type NVarChar is not supported for mysql connector.",
        25: 'Error validating model "Log"',
    }
    # The relation itself is sound apart from its action and the type of authorId.
    assert sum(1 for line, _ in found if line == 20) == 2


def test_hints_name_what_was_probably_meant() -> None:
    found = {
        d.message: d.hint
        for d in diagnostics(PG + "model M {\n  id Int @id @defualt(1)\n  s Strin\n  @@indx([s])\n}\n")
    }
    assert found['Attribute not known: "@defualt".'] == "did you mean `@default`?"
    assert found['Attribute not known: "@indx".'] == "did you mean `@@index`?"
    assert (
        found['Type "Strin" is neither a built-in type, nor refers to another model, composite type, or enum.']
        == "did you mean `String`?"
    )


def test_unknown_types_do_not_cascade_into_relation_or_type_errors() -> None:
    # The unknown type, the unknown field in `fields:` and the arity mismatch are each reported
    # once; the rules that would judge those fields again stay silent.
    found = errors(
        PG
        + "model U {\n  id Int @id\n  ps P[]\n}\n"
        + "model P {\n  id Nope @id @default(autoincrement()) @db.Uuid\n"
        + "  u U @relation(fields: [a, b], references: [id])\n  a Int\n}\n"
    )
    assert [line for line, _ in found] == [10, 11, 11]
    assert "fields do not exist in this model: b" in found[1][1] + found[2][1]


def test_warnings_are_kept_apart_from_errors() -> None:
    text = (
        datasource("mysql", '  relationMode = "prisma"\n')
        + 'generator c {\n  provider = "p"\n  previewFeatures = ["tracing"]\n}\n'
        + "model U {\n  id Int @id\n  ps P[]\n}\n"
        + "model P {\n  id Int @id\n  u U @relation(fields: [uId], references: [id], onDelete: SetNull)\n  uId Int\n}\n"
    )
    assert errors(text) == []
    found = warnings(text)
    assert [line for line, _ in found] == [8, 16, 16]
    assert 'Preview feature "tracing" is deprecated.' in found[0][1]
    assert {m.split(" ")[0] for _, m in found[1:]} == {"The", "With"}


def test_a_constraint_name_used_twice_is_reported_on_both_uses() -> None:
    found = errors(
        PG + 'model A {\n  id Int @id\n  x Int @unique(map: "same")\n  y Int\n  @@index([y], map: "same")\n}\n'
    )
    assert [line for line, _ in found] == [7, 9]
    assert found[0][1].startswith(
        'Error parsing attribute "@unique": The given constraint name `same` has to be unique'
    )
    assert found[1][1].startswith('Error parsing attribute "@@index": The given constraint name `same`')


def test_two_models_on_one_table() -> None:
    found = errors(PG + 'model A {\n  id Int @id\n  @@map("t")\n}\nmodel t {\n  id Int @id\n}\n')
    assert (
        9,
        'The model "t" cannot be defined because a model or view with the database name "t" already exists: "A"',
    ) in found
    # Both tables would also name their primary key t_pkey.
    assert sorted(line for line, message in found if "`t_pkey`" in message) == [6, 10]


# Prisma (parser-database, `@map` on a scalar field) reports a clash on the field that has the
# `@map`: once if an earlier field is mapped to the same column, once if a scalar field of that
# name keeps it as its column. The span is the field's declaration.
@pytest.mark.parametrize(
    ("fields", "lines", "names"),
    [
        # the brief's case: a field mapped onto the column of `title`
        ('  title String\n  heading String @map("title")\n', [8], ["heading"]),
        ('  heading String @map("title")\n  title String\n', [7], ["heading"]),
        # two fields mapped to one column: reported on the second
        ('  a String @map("title")\n  b String @map("title")\n', [8], ["b"]),
        # both at once, and the field named `title` that keeps its column
        ('  title String\n  a String @map("title")\n  b String @map("title")\n', [8, 9, 9], ["a", "b", "b"]),
        # a field may map to its own name
        ('  title String @map("title")\n', [], []),
        # a relation field has no column: no clash
        (
            '  author Item? @relation("own", fields: [authorId], references: [id])\n'
            '  authorId Int? @map("author")\n  items Item[] @relation("own")\n',
            [],
            [],
        ),
        # the field named `title` is stored elsewhere: no clash
        ('  title String @map("heading")\n  caption String @map("title")\n', [], []),
    ],
)
def test_two_fields_on_one_column(fields: str, lines: list[int], names: list[str]) -> None:
    text = PG + f"model Item {{\n  id Int @id\n{fields}}}\n"
    found = [d for d in diagnostics(text) if d.severity == "error"]
    assert [d.message for d in found] == [f'Field "{name}" is already defined on model "Item".' for name in names]
    assert [(d.span.line, d.span.column) for d in found] == [(line, 3) for line in lines]


def test_two_fields_on_one_column_of_a_view() -> None:
    text = (
        PG
        + 'generator c {\n  provider = "p"\n  previewFeatures = ["views"]\n}\n'
        + 'view Info {\n  id Int @unique\n  a String\n  b String @map("a")\n}\n'
    )
    assert errors(text) == [(12, 'Field "b" is already defined on view "Info".')]
