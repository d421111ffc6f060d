"""`db push` on MySQL/MariaDB held to Prisma's MySQL conventions.

Prisma's wasm engine has no MySQL connector, so the expected catalog below is written out by
hand from Prisma's documented conventions (schema reference: native type mappings for MySQL;
indexes and relations: constraint names) and from the DDL of Prisma's MySQL migrations:
String -> VARCHAR(191), Int -> INTEGER, Float -> DOUBLE, Decimal -> DECIMAL(65,30), Boolean ->
TINYINT(1), DateTime -> DATETIME(3) with CURRENT_TIMESTAMP(3) for now(), Json -> JSON, Bytes ->
LONGBLOB, enums as ENUM columns, `_AToB(A, B)` join tables with a `_AToB_AB_unique` unique index
(Prisma 6 moved PostgreSQL alone to a primary key: see the "Schema change for implicit m-n
relations on PostgreSQL" section of Prisma's upgrading-to-prisma-6 guide), constraint names cut
to MySQL's 64 characters, tables in utf8mb4_unicode_ci.

It is spelled as MariaDB reports it in information_schema; `as_mysql8` restates it in MySQL 8's
spelling (no integer display widths, bare literal defaults, DEFAULT_GENERATED, a real JSON type).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import pytest

from prisma_dynamic.migrate import DataLossError, PushResult, UnexecutableChangeError, push
from prisma_dynamic.migrate.mysql import canonical_default, canonical_type, reported_default
from prisma_dynamic.schema.load import build_schema
from tests.databases import server_url
from tests.migrate.mysql_facts import catalog_facts, fetch, is_mariadb, scratch_database

DATASOURCE = 'datasource db {\n  provider = "mysql"\n  url      = env("DATABASE_URL")\n}\n'

EVERYTHING = """
enum Role {
  USER
  ADMIN @map("admin")
}

enum Mood {
  HAPPY
  SAD
}

model User {
  id          Int       @id @default(autoincrement())
  email       String    @unique
  name        String?   @map("full_name")
  role        Role      @default(USER)
  mood        Mood?
  big         BigInt    @default(42)
  score       Float     @default(1.5)
  balance     Decimal   @default(0)
  active      Boolean   @default(true)
  createdAt   DateTime  @default(now())
  updatedAt   DateTime  @updatedAt
  settings    Json?
  avatar      Bytes?
  nickname    String    @default("it's")
  profile     Profile?
  posts       Post[]    @relation("authored")
  liked       Post[]    @relation("likes")
  followers   User[]    @relation("follows")
  following   User[]    @relation("follows")
  manager     User?     @relation("manages", fields: [managerId], references: [id])
  managerId   Int?
  reports     User[]    @relation("manages")
  successor   User?     @relation("succession", fields: [successorId], references: [id])
  successorId Int?      @unique
  predecessor User?     @relation("succession")
  children    ExtraordinarilyLongModelNameForTestingIdentifierLimits[]

  @@map("users")
}

model Profile {
  id     Int    @id @default(autoincrement())
  bio    String @db.Text
  user   User   @relation(fields: [userId], references: [id], onDelete: Cascade)
  userId Int    @unique
}

model Post {
  id       String    @id @default(uuid()) @db.Char(36)
  title    String    @db.VarChar(200)
  body     String    @db.MediumText
  summary  String?   @db.LongText
  teaser   String?   @db.TinyText
  tiny     Int       @default(1) @db.TinyInt
  small    Int       @db.SmallInt
  medium   Int?      @db.MediumInt
  counter  Int       @default(0) @db.UnsignedInt
  ubig     BigInt?   @db.UnsignedBigInt
  year     Int?      @db.Year
  price    Decimal   @default(9.99) @db.Decimal(10, 2)
  ratio    Float?    @db.Float
  exact    Float?    @db.Double
  day      DateTime? @db.Date
  clock    DateTime? @db.Time(3)
  stamp    DateTime  @default(now()) @db.Timestamp(6)
  plain    DateTime  @default("2024-01-01T00:00:00Z") @db.DateTime(0)
  flag     Boolean?  @db.Bit(1)
  small1   Boolean   @default(false) @db.TinyInt
  hash     Bytes?    @db.Binary(16)
  blob     Bytes?    @db.Blob
  varbin   Bytes?    @db.VarBinary(255)
  meta     Json?     @db.Json
  author   User      @relation("authored", fields: [authorId], references: [id])
  authorId Int
  likedBy  User[]    @relation("likes")
  tags     Tag[]

  @@unique([authorId, title])
  @@index([title(length: 10, sort: Desc)])
  @@index([stamp, authorId])
  @@fulltext([body, summary])
}

model Tag {
  id         Int             @id @default(autoincrement())
  name       String          @unique(length: 20) @db.VarChar(255)
  posts      Post[]
  categories TagOnCategory[]
}

model Category {
  slug String          @id @db.VarChar(64)
  tags TagOnCategory[]
}

model TagOnCategory {
  tag          Tag      @relation(fields: [tagId], references: [id], onDelete: Cascade, onUpdate: NoAction)
  tagId        Int
  category     Category @relation(fields: [categorySlug], references: [slug], map: "tc_category")
  categorySlug String   @map("category_slug") @db.VarChar(64)
  assignedAt   DateTime @default(now())

  @@id([tagId, categorySlug])
  @@index([categorySlug], map: "tc_category_idx")
  @@map("tag_categories")
}

model Edition {
  isbn    String   @db.VarChar(20)
  number  Int
  notes   String?
  reprint Reprint?

  @@id([isbn, number])
}

model Reprint {
  id      Int     @id @default(autoincrement())
  isbn    String  @db.VarChar(20)
  number  Int
  edition Edition @relation(fields: [isbn, number], references: [isbn, number])

  @@unique([isbn, number])
}

model ExtraordinarilyLongModelNameForTestingIdentifierLimits {
  id                        Int  @id
  parentReferenceIdentifier Int
  parent                    User @relation(fields: [parentReferenceIdentifier], references: [id])

  @@index([parentReferenceIdentifier, id])
}
"""

LONG = "ExtraordinarilyLongModelNameForTestingIdentifierLimits"

# (table, column, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA), as MariaDB reports them.
EXPECTED_COLUMNS = [
    ("Category", "slug", "varchar(64)", "NO", None, ""),
    ("Edition", "isbn", "varchar(20)", "NO", None, ""),
    ("Edition", "notes", "varchar(191)", "YES", "NULL", ""),
    ("Edition", "number", "int(11)", "NO", None, ""),
    (LONG, "id", "int(11)", "NO", None, ""),
    (LONG, "parentReferenceIdentifier", "int(11)", "NO", None, ""),
    ("Post", "authorId", "int(11)", "NO", None, ""),
    ("Post", "blob", "blob", "YES", "NULL", ""),
    ("Post", "body", "mediumtext", "NO", None, ""),
    ("Post", "clock", "time(3)", "YES", "NULL", ""),
    ("Post", "counter", "int(10) unsigned", "NO", "0", ""),
    ("Post", "day", "date", "YES", "NULL", ""),
    ("Post", "exact", "double", "YES", "NULL", ""),
    ("Post", "flag", "bit(1)", "YES", "NULL", ""),
    ("Post", "hash", "binary(16)", "YES", "NULL", ""),
    ("Post", "id", "char(36)", "NO", None, ""),  # uuid() is computed by the client, not the database
    ("Post", "medium", "mediumint(9)", "YES", "NULL", ""),
    ("Post", "meta", "longtext", "YES", "NULL", ""),
    ("Post", "plain", "datetime", "NO", "'2024-01-01 00:00:00'", ""),
    ("Post", "price", "decimal(10,2)", "NO", "9.99", ""),
    ("Post", "ratio", "float", "YES", "NULL", ""),
    ("Post", "small", "smallint(6)", "NO", None, ""),
    ("Post", "small1", "tinyint(4)", "NO", "0", ""),
    ("Post", "stamp", "timestamp(6)", "NO", "current_timestamp(6)", ""),
    ("Post", "summary", "longtext", "YES", "NULL", ""),
    ("Post", "teaser", "tinytext", "YES", "NULL", ""),
    ("Post", "tiny", "tinyint(4)", "NO", "1", ""),
    ("Post", "title", "varchar(200)", "NO", None, ""),
    ("Post", "ubig", "bigint(20) unsigned", "YES", "NULL", ""),
    ("Post", "varbin", "varbinary(255)", "YES", "NULL", ""),
    ("Post", "year", "year(4)", "YES", "NULL", ""),
    ("Profile", "bio", "text", "NO", None, ""),
    ("Profile", "id", "int(11)", "NO", None, "auto_increment"),
    ("Profile", "userId", "int(11)", "NO", None, ""),
    ("Reprint", "id", "int(11)", "NO", None, "auto_increment"),
    ("Reprint", "isbn", "varchar(20)", "NO", None, ""),
    ("Reprint", "number", "int(11)", "NO", None, ""),
    ("Tag", "id", "int(11)", "NO", None, "auto_increment"),
    ("Tag", "name", "varchar(255)", "NO", None, ""),
    ("_PostToTag", "A", "char(36)", "NO", None, ""),
    ("_PostToTag", "B", "int(11)", "NO", None, ""),
    ("_follows", "A", "int(11)", "NO", None, ""),
    ("_follows", "B", "int(11)", "NO", None, ""),
    ("_likes", "A", "char(36)", "NO", None, ""),
    ("_likes", "B", "int(11)", "NO", None, ""),
    ("tag_categories", "assignedAt", "datetime(3)", "NO", "current_timestamp(3)", ""),
    ("tag_categories", "category_slug", "varchar(64)", "NO", None, ""),
    ("tag_categories", "tagId", "int(11)", "NO", None, ""),
    ("users", "active", "tinyint(1)", "NO", "1", ""),
    ("users", "avatar", "longblob", "YES", "NULL", ""),
    ("users", "balance", "decimal(65,30)", "NO", "0.000000000000000000000000000000", ""),
    ("users", "big", "bigint(20)", "NO", "42", ""),
    ("users", "createdAt", "datetime(3)", "NO", "current_timestamp(3)", ""),
    ("users", "email", "varchar(191)", "NO", None, ""),
    ("users", "full_name", "varchar(191)", "YES", "NULL", ""),
    ("users", "id", "int(11)", "NO", None, "auto_increment"),
    ("users", "managerId", "int(11)", "YES", "NULL", ""),
    ("users", "mood", "enum('HAPPY','SAD')", "YES", "NULL", ""),
    ("users", "nickname", "varchar(191)", "NO", "'it''s'", ""),
    ("users", "role", "enum('USER','admin')", "NO", "'USER'", ""),
    ("users", "score", "double", "NO", "1.5", ""),
    ("users", "settings", "longtext", "YES", "NULL", ""),
    ("users", "successorId", "int(11)", "YES", "NULL", ""),
    ("users", "updatedAt", "datetime(3)", "NO", None, ""),
]


def _ascending(*columns: str) -> tuple[tuple[str, None, str], ...]:
    return tuple((c, None, "A") for c in columns)


# (table, name, unique, INDEX_TYPE, ((column, SUB_PART, COLLATION), ...))
EXPECTED_INDEXES = [
    ("Category", "PRIMARY", True, "BTREE", _ascending("slug")),
    ("Edition", "PRIMARY", True, "BTREE", _ascending("isbn", "number")),
    # <table>_<columns> cut to 60 bytes so that `_idx` still fits MySQL's 64.
    (LONG, f"{LONG}_paren_idx", False, "BTREE", _ascending("parentReferenceIdentifier", "id")),
    (LONG, "PRIMARY", True, "BTREE", _ascending("id")),
    ("Post", "PRIMARY", True, "BTREE", _ascending("id")),
    ("Post", "Post_authorId_title_key", True, "BTREE", _ascending("authorId", "title")),
    ("Post", "Post_body_summary_idx", False, "FULLTEXT", (("body", None, None), ("summary", None, None))),
    ("Post", "Post_stamp_authorId_idx", False, "BTREE", _ascending("stamp", "authorId")),
    ("Post", "Post_title_idx", False, "BTREE", (("title", 10, "D"),)),
    ("Profile", "PRIMARY", True, "BTREE", _ascending("id")),
    ("Profile", "Profile_userId_key", True, "BTREE", _ascending("userId")),
    ("Reprint", "PRIMARY", True, "BTREE", _ascending("id")),
    ("Reprint", "Reprint_isbn_number_key", True, "BTREE", _ascending("isbn", "number")),
    ("Tag", "PRIMARY", True, "BTREE", _ascending("id")),
    ("Tag", "Tag_name_key", True, "BTREE", (("name", 20, "A"),)),
    ("_PostToTag", "_PostToTag_AB_unique", True, "BTREE", _ascending("A", "B")),
    ("_PostToTag", "_PostToTag_B_index", False, "BTREE", _ascending("B")),
    ("_follows", "_follows_AB_unique", True, "BTREE", _ascending("A", "B")),
    ("_follows", "_follows_B_index", False, "BTREE", _ascending("B")),
    ("_likes", "_likes_AB_unique", True, "BTREE", _ascending("A", "B")),
    ("_likes", "_likes_B_index", False, "BTREE", _ascending("B")),
    ("tag_categories", "PRIMARY", True, "BTREE", _ascending("tagId", "category_slug")),
    ("tag_categories", "tc_category_idx", False, "BTREE", _ascending("category_slug")),
    ("users", "PRIMARY", True, "BTREE", _ascending("id")),
    ("users", "users_email_key", True, "BTREE", _ascending("email")),
    # No index of the schema covers managerId: the server adds one, named after the foreign key.
    ("users", "users_managerId_fkey", False, "BTREE", _ascending("managerId")),
    ("users", "users_successorId_key", True, "BTREE", _ascending("successorId")),
]

# (table, name, columns, referenced table, referenced columns, ON DELETE, ON UPDATE); Prisma's
# defaults: Restrict (required) or SetNull (optional) on delete, Cascade on update.
EXPECTED_FOREIGN_KEYS = [
    (LONG, f"{LONG}_pare_fkey", ("parentReferenceIdentifier",), "users", ("id",), "RESTRICT", "CASCADE"),
    ("Post", "Post_authorId_fkey", ("authorId",), "users", ("id",), "RESTRICT", "CASCADE"),
    ("Profile", "Profile_userId_fkey", ("userId",), "users", ("id",), "CASCADE", "CASCADE"),
    ("Reprint", "Reprint_isbn_number_fkey", ("isbn", "number"), "Edition", ("isbn", "number"), "RESTRICT", "CASCADE"),
    ("_PostToTag", "_PostToTag_A_fkey", ("A",), "Post", ("id",), "CASCADE", "CASCADE"),
    ("_PostToTag", "_PostToTag_B_fkey", ("B",), "Tag", ("id",), "CASCADE", "CASCADE"),
    ("_follows", "_follows_A_fkey", ("A",), "users", ("id",), "CASCADE", "CASCADE"),
    ("_follows", "_follows_B_fkey", ("B",), "users", ("id",), "CASCADE", "CASCADE"),
    ("_likes", "_likes_A_fkey", ("A",), "Post", ("id",), "CASCADE", "CASCADE"),
    ("_likes", "_likes_B_fkey", ("B",), "users", ("id",), "CASCADE", "CASCADE"),
    ("tag_categories", "tag_categories_tagId_fkey", ("tagId",), "Tag", ("id",), "CASCADE", "NO ACTION"),
    ("tag_categories", "tc_category", ("category_slug",), "Category", ("slug",), "RESTRICT", "CASCADE"),
    ("users", "users_managerId_fkey", ("managerId",), "users", ("id",), "SET NULL", "CASCADE"),
    ("users", "users_successorId_fkey", ("successorId",), "users", ("id",), "SET NULL", "CASCADE"),
]

# MariaDB's JSON is LONGTEXT with a check named after the column.
EXPECTED_CHECKS = [("Post", "meta", "json_valid(`meta`)"), ("users", "settings", "json_valid(`settings`)")]

EXPECTED_TABLES = sorted(
    (table, "utf8mb4_unicode_ci")
    for table in (
        "Category",
        "Edition",
        LONG,
        "Post",
        "Profile",
        "Reprint",
        "Tag",
        "_PostToTag",
        "_follows",
        "_likes",
        "tag_categories",
        "users",
    )
)


def expected_facts() -> dict[str, Any]:
    return {
        "tables": EXPECTED_TABLES,
        "columns": EXPECTED_COLUMNS,
        "indexes": EXPECTED_INDEXES,
        "foreign_keys": EXPECTED_FOREIGN_KEYS,
        "checks": EXPECTED_CHECKS,
    }


def as_mysql8(facts: dict[str, Any]) -> dict[str, Any]:
    """The MariaDB facts as MySQL 8 reports the same catalog."""
    json_columns = {(table, column) for table, column, _ in facts["checks"]}

    def column(row: tuple[Any, ...]) -> tuple[Any, ...]:
        table, name, type_, nullable, default, extra = row
        if (table, name) in json_columns:
            type_ = "json"
        elif type_ != "tinyint(1)":
            type_ = type_.replace("year(4)", "year")
            for integer in ("tinyint", "smallint", "mediumint", "bigint", "int"):
                if type_.startswith(integer + "("):
                    type_ = integer + type_[type_.index(")") + 1 :]
        if default == "NULL":
            default = None
        elif default is not None and default.startswith("'"):
            default = default[1:-1].replace("''", "'")
        elif default is not None and default.startswith("current_timestamp"):
            default, extra = default.upper().replace("()", ""), "DEFAULT_GENERATED"
        return (table, name, type_, nullable, default, extra)

    return {**facts, "columns": sorted(column(row) for row in facts["columns"]), "checks": []}


def in_scratch_database(scenario: Callable[[str], Any]) -> None:
    server = server_url("mysql")
    with scratch_database(server) as url:
        anyio.run(scenario, url)


async def push_text(url: str, text: str, **options: bool) -> PushResult:
    return await push(build_schema([("schema.prisma", text)]), url, **options)


def test_a_fresh_push_makes_prismas_catalog_and_a_second_push_changes_nothing() -> None:
    async def scenario(url: str) -> None:
        first = await push_text(url, DATASOURCE + EVERYTHING)
        assert "Created table `_PostToTag`" in first.summary()
        facts = catalog_facts(url)
        expected = expected_facts() if is_mariadb(url) else as_mysql8(expected_facts())
        for part in ("tables", "columns", "indexes", "foreign_keys", "checks"):
            assert facts[part] == expected[part], part
        again = await push_text(url, DATASOURCE + EVERYTHING)
        assert not again.changed, again.statements
        assert catalog_facts(url) == facts

    in_scratch_database(scenario)


SMALL = """
enum Role {
  USER
  ADMIN
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  role  Role    @default(USER)
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int

  @@index([title])
}
"""


async def seeded(url: str) -> None:
    await push_text(url, DATASOURCE + SMALL)
    fetch(url, "INSERT INTO `User` (email, name) VALUES ('a@x', 'Ann'), ('b@x', NULL)")
    fetch(url, "INSERT INTO `Post` (title, authorId) VALUES ('one', 1)")


def test_altering_keeps_the_rows_and_ends_where_a_fresh_push_does() -> None:
    changed = (
        SMALL.replace("  name  String?\n", "  name  String?\n  bio   String? @db.Text\n  rank  Int @default(3)\n")
        .replace("  posts Post[]\n", "  posts Post[]\n  tags  Tag[]\n")
        .replace("  @@index([title])\n", "  @@index([title])\n  @@index([authorId, title(sort: Desc)])\n")
        + "\nmodel Tag {\n  id    Int    @id @default(autoincrement())\n  users User[]\n}\n"
    )

    async def scenario(url: str) -> None:
        await seeded(url)
        result = await push_text(url, DATASOURCE + changed)
        assert "Created table `Tag`" in result.summary()
        assert "Altered table `User`: added column `bio`, added column `rank`" in result.summary()
        assert fetch(url, "SELECT email, `rank` FROM `User` ORDER BY id") == [("a@x", 3), ("b@x", 3)]
        with scratch_database(server_url("mysql")) as fresh:
            await push_text(fresh, DATASOURCE + changed)
            assert catalog_facts(url) == catalog_facts(fresh)
        assert not (await push_text(url, DATASOURCE + changed)).changed

    in_scratch_database(scenario)


def test_dropping_a_column_or_a_table_with_data_is_refused_then_accepted() -> None:
    without_name = SMALL.replace("  name  String?\n", "")
    without_posts = without_name.replace("  posts Post[]\n", "")
    without_posts = without_posts[: without_posts.index("model Post")]

    async def scenario(url: str) -> None:
        await seeded(url)
        with pytest.raises(DataLossError) as refused:
            await push_text(url, DATASOURCE + without_posts)
        message = str(refused.value)
        assert "drop the column `name` on the `User` table, which still contains 1 non-null value" in message
        assert "drop the `Post` table, which is not empty (1 row)" in message
        assert fetch(url, "SELECT COUNT(*) FROM `Post`") == [(1,)]
        await push_text(url, DATASOURCE + without_posts, accept_data_loss=True)
        tables = fetch(url, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")
        assert tables == [("User",)]
        assert not (await push_text(url, DATASOURCE + without_posts)).changed

    in_scratch_database(scenario)


def test_optional_to_required_with_nulls_is_refused_and_a_default_fills_them() -> None:
    async def scenario(url: str) -> None:
        await seeded(url)
        required = DATASOURCE + SMALL.replace("name  String?", "name  String")
        with pytest.raises(UnexecutableChangeError, match=r"column `name` on the `User` table required.*1 NULL value"):
            await push_text(url, required, accept_data_loss=True)
        assert fetch(url, "SELECT COUNT(*) FROM `User` WHERE name IS NULL") == [(1,)]

        with_default = DATASOURCE + SMALL.replace("name  String?", 'name  String @default("anon")')
        with pytest.raises(DataLossError, match="1 NULL value will be replaced by the default 'anon'"):
            await push_text(url, with_default)
        await push_text(url, with_default, accept_data_loss=True)
        assert fetch(url, "SELECT name FROM `User` ORDER BY id") == [("Ann",), ("anon",)]
        assert not (await push_text(url, with_default)).changed

    in_scratch_database(scenario)


def test_enum_values_and_foreign_key_indexes_change_in_place() -> None:
    # The foreign key on authorId relies on `Post_authorId_title_idx`: dropping the index needs
    # the foreign key dropped and re-added around it.
    with_index = SMALL.replace("  @@index([title])\n", "  @@index([authorId, title])\n")
    changed = SMALL.replace("  ADMIN\n", "  ADMIN\n  GUEST\n").replace("  @@index([title])\n", "")

    async def scenario(url: str) -> None:
        await push_text(url, DATASOURCE + with_index)
        fetch(url, "INSERT INTO `User` (email, role) VALUES ('a@x', 'ADMIN')")
        fetch(url, "INSERT INTO `Post` (title, authorId) VALUES ('one', 1)")
        await push_text(url, DATASOURCE + changed)  # a new enum value loses nothing: no flag needed
        facts = catalog_facts(url)
        assert ("User", "role", "enum('USER','ADMIN','GUEST')") in [row[:3] for row in facts["columns"]]
        assert ("Post", "Post_authorId_fkey", ("authorId",), "User", ("id",), "RESTRICT", "CASCADE") in facts[
            "foreign_keys"
        ]
        assert [i[1] for i in facts["indexes"] if i[0] == "Post"] == ["PRIMARY", "Post_authorId_fkey"]
        assert fetch(url, "SELECT role FROM `User`") == [("ADMIN",)]
        assert not (await push_text(url, DATASOURCE + changed)).changed

    in_scratch_database(scenario)


def test_relation_mode_prisma_makes_no_foreign_keys() -> None:
    emulated = DATASOURCE.replace("}\n", '  relationMode = "prisma"\n}\n') + SMALL

    async def scenario(url: str) -> None:
        await push_text(url, emulated)
        facts = catalog_facts(url)
        assert facts["foreign_keys"] == []
        assert [i[1] for i in facts["indexes"] if i[0] == "Post"] == ["PRIMARY", "Post_title_idx"]
        assert not (await push_text(url, emulated)).changed

    in_scratch_database(scenario)


def test_force_reset_drops_everything_first() -> None:
    async def scenario(url: str) -> None:
        await seeded(url)
        fetch(url, "CREATE TABLE stray (x INT)")
        fetch(url, "CREATE VIEW stray_view AS SELECT x FROM stray")
        result = await push_text(url, DATASOURCE + SMALL, force_reset=True)
        assert result.reset
        assert fetch(url, "SELECT COUNT(*) FROM `User`") == [(0,)]
        names = fetch(url, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")
        assert sorted(names) == [("Post",), ("User",)]

    in_scratch_database(scenario)


def test_the_cli_pushes_to_mysql_and_reports_in_sync(tmp_path: Path) -> None:
    server = server_url("mysql")
    (tmp_path / "schema.prisma").write_text(DATASOURCE + SMALL, encoding="utf-8")
    with scratch_database(server) as url:
        environ = {**os.environ, "DATABASE_URL": url}

        def cli() -> subprocess.CompletedProcess[str]:
            command = [sys.executable, "-m", "prisma_dynamic", "db", "push", "--schema", "schema.prisma"]
            return subprocess.run(command, cwd=tmp_path, env=environ, capture_output=True, text=True, check=False)

        first = cli()
        assert first.returncode == 0, first.stderr
        assert "Created table `User`" in first.stdout
        assert ("Post", "Post_authorId_fkey") in [f[:2] for f in catalog_facts(url)["foreign_keys"]]
        second = cli()
        assert second.returncode == 0, second.stderr
        assert second.stdout.strip() == "The database is already in sync with the Prisma schema."


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "schema.prisma").write_text(DATASOURCE + SMALL, encoding="utf-8")
    environ = {**os.environ, "DATABASE_URL": "mysql://root@127.0.0.1:1/nowhere"}
    command = [sys.executable, "-m", "prisma_dynamic", "db", "push", "--schema", "schema.prisma"]
    result = subprocess.run(command, cwd=tmp_path, env=environ, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Could not connect to the MySQL database at 127.0.0.1:1/nowhere" in result.stderr
    assert "Traceback" not in result.stderr


# MySQL 8 and MariaDB report the same catalog in different spellings; both must compare equal to
# the target as our dialect writes it (the server here is one of the two, so the other's
# spellings are checked as the values information_schema gives).
@pytest.mark.parametrize(
    ("written", "mariadb", "mysql8"),
    [
        ("INTEGER", "int(11)", "int"),
        ("INTEGER UNSIGNED", "int(10) unsigned", "int unsigned"),
        ("BOOLEAN", "tinyint(1)", "tinyint(1)"),
        ("TINYINT", "tinyint(4)", "tinyint"),
        ("YEAR", "year(4)", "year"),
        ("DECIMAL(65,30)", "decimal(65,30)", "decimal(65,30)"),
        ("ENUM('A', 'it''s')", "enum('A','it''s')", "enum('A','it''s')"),
        ("DATETIME(3)", "datetime(3)", "datetime(3)"),
    ],
)
def test_column_types_compare_whoever_spells_them(written: str, mariadb: str, mysql8: str) -> None:
    assert canonical_type(written) == canonical_type(mariadb) == canonical_type(mysql8)


@pytest.mark.parametrize(
    ("written", "column_type", "mariadb", "mysql8"),
    [
        ("'it''s a\\\\b'", "varchar(191)", ("'it''s a\\\\b'", ""), ("it's a\\b", "")),
        (
            "CURRENT_TIMESTAMP(3)",
            "datetime(3)",
            ("current_timestamp(3)", ""),
            ("CURRENT_TIMESTAMP(3)", "DEFAULT_GENERATED"),
        ),
        ("CURRENT_TIMESTAMP", "timestamp", ("current_timestamp()", ""), ("CURRENT_TIMESTAMP", "DEFAULT_GENERATED")),
        ("0", "decimal(65,30)", ("0.000000000000000000000000000000", ""), ("0.000000000000000000000000000000", "")),
        ("true", "tinyint(1)", ("1", ""), ("1", "")),
        ("(uuid())", "varchar(36)", ("uuid()", ""), ("uuid()", "DEFAULT_GENERATED")),
        ("'NULL'", "varchar(191)", ("'NULL'", ""), ("NULL", "")),
    ],
)
def test_defaults_compare_whoever_reports_them(
    written: str, column_type: str, mariadb: tuple[str, str], mysql8: tuple[str, str]
) -> None:
    ours = canonical_default(written)
    assert reported_default(mariadb[0], mariadb[1], column_type, mariadb=True) == ours
    assert reported_default(mysql8[0], mysql8[1], column_type, mariadb=False) == ours


def test_no_default_reads_as_none_on_both() -> None:
    assert reported_default("NULL", "", "varchar(191)", mariadb=True) is None
    assert reported_default(None, "", "varchar(191)", mariadb=False) is None
