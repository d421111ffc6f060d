"""`db push` on a live PostgreSQL database: no-op when in sync, alterations that keep the rows,
refusals that say what would be lost, enums, schemas, views, --force-reset."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import anyio
import asyncpg
import pytest

from prisma_dynamic.migrate import DataLossError, PushError, PushResult, UnexecutableChangeError, push
from prisma_dynamic.schema.load import build_schema
from tests.databases import (
    drop_server_database,
    server_url,
    unique_database_name,
    with_database,
)
from tests.migrate.postgres_facts import catalog_facts, scratch_database

DATASOURCE = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
MODELS = """
enum Role {
  USER
  ADMIN
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique @db.VarChar(320)
  name  String?
  role  Role    @default(USER)
  tags  String[] @default([])
  posts Post[]
}

model Post {
  id       String   @id @default(uuid()) @db.Uuid
  title    String
  at       DateTime @default(now()) @db.Timestamptz(6)
  author   User     @relation(fields: [authorId], references: [id], onDelete: Cascade)
  authorId Int

  @@index([title(sort: Desc)])
}
"""


async def push_text(url: str, text: str, **options: bool) -> PushResult:
    return await push(build_schema([("schema.prisma", text)]), url, **options)


async def fetch(url: str, sql: str) -> list[tuple[object, ...]]:
    connection = await asyncpg.connect(url)
    try:
        return [tuple(r.values()) for r in await connection.fetch(sql)]
    finally:
        await connection.close()


def in_scratch_database(scenario: Callable[[str], Awaitable[None]]) -> None:
    server = server_url("postgresql")

    async def run() -> None:
        async with scratch_database(server) as url:
            await scenario(url)

    anyio.run(run)


async def seeded(url: str) -> None:
    await push_text(url, DATASOURCE + MODELS)
    await fetch(url, """INSERT INTO "User" (email, name) VALUES ('a@x', 'Ann'), ('b@x', NULL)""")
    await fetch(url, """INSERT INTO "Post" (id, title, "authorId") VALUES (gen_random_uuid(), 'one', 1)""")


def test_pushing_twice_is_a_no_op() -> None:
    async def scenario(url: str) -> None:
        await seeded(url)
        before = await catalog_facts(url)
        again = await push_text(url, DATASOURCE + MODELS)
        assert not again.changed
        assert await catalog_facts(url) == before

    in_scratch_database(scenario)


def test_altered_database_equals_a_fresh_push_and_keeps_rows() -> None:
    changed = MODELS.replace("  name  String?\n", "  name  String?\n  bio   String? @db.Text\n").replace(
        "  @@index([title(sort: Desc)])\n", "  @@index([title(sort: Desc)])\n  @@index([authorId], type: Hash)\n"
    )

    async def scenario(url: str) -> None:
        await seeded(url)
        result = await push_text(url, DATASOURCE + changed)
        assert "Altered table `User`: added column `bio`" in result.summary()
        assert await fetch(url, 'SELECT email FROM "User" ORDER BY id') == [("a@x",), ("b@x",)]
        async with scratch_database(server_url("postgresql")) as fresh:
            await push_text(fresh, DATASOURCE + changed)
            ours, expected = await catalog_facts(url), await catalog_facts(fresh)
            assert ours == expected
        assert not (await push_text(url, DATASOURCE + changed)).changed

    in_scratch_database(scenario)


def test_optional_to_required_with_nulls_is_refused() -> None:
    async def scenario(url: str) -> None:
        await seeded(url)
        required = DATASOURCE + MODELS.replace("name  String?", "name  String")
        with pytest.raises(UnexecutableChangeError, match=r"column `name` on the `User` table required.*1 NULL value"):
            await push_text(url, required, accept_data_loss=True)
        assert await fetch(url, 'SELECT count(*) FROM "User" WHERE name IS NULL') == [(1,)]

        with_default = DATASOURCE + MODELS.replace("name  String?", 'name  String @default("anon")')
        with pytest.raises(DataLossError, match="1 NULL value will be replaced"):
            await push_text(url, with_default)
        await push_text(url, with_default, accept_data_loss=True)
        assert await fetch(url, 'SELECT name FROM "User" ORDER BY id') == [("Ann",), ("anon",)]

    in_scratch_database(scenario)


def test_dropping_a_table_with_rows_needs_accept_data_loss() -> None:
    without_posts = MODELS.replace("  posts Post[]\n", "")
    without_posts = without_posts[: without_posts.index("model Post")]

    async def scenario(url: str) -> None:
        await seeded(url)
        with pytest.raises(DataLossError, match=r"drop the `Post` table, which is not empty \(1 row\)"):
            await push_text(url, DATASOURCE + without_posts)
        await push_text(url, DATASOURCE + without_posts, accept_data_loss=True)
        assert await fetch(url, "SELECT to_regclass('\"Post\"') IS NULL") == [(True,)]

    in_scratch_database(scenario)


def test_enum_values_are_appended_and_removals_refused() -> None:
    async def scenario(url: str) -> None:
        await seeded(url)
        await push_text(url, DATASOURCE + MODELS.replace("  ADMIN\n", "  ADMIN\n  GUEST\n"))
        labels = await fetch(url, 'SELECT enum_range(NULL::"Role")::text')
        assert labels == [("{USER,ADMIN,GUEST}",)]
        removed = DATASOURCE + MODELS.replace("  ADMIN\n", "")
        with pytest.raises(DataLossError, match=r"values \[ADMIN, GUEST\] of the enum `Role` will be removed"):
            await push_text(url, removed)
        with pytest.raises(PushError, match="loses or reorders values"):
            await push_text(url, removed, accept_data_loss=True)

    in_scratch_database(scenario)


MULTI_SCHEMA = """
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
  schemas  = ["public", "auth"]
}

generator client {
  provider        = "prisma-client-py"
  previewFeatures = ["views", "multiSchema"]
}

model User {
  id    String @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  roles Role[] @default([USER])
  tags  Tag[]
  @@map("users")
  @@schema("auth")
}

model Tag {
  id    Int    @id @default(autoincrement())
  users User[]
  @@schema("public")
}

model OldTable {
  id Int @id
  @@ignore
  @@schema("public")
}

enum Role {
  USER  @map("user")
  ADMIN @map("admin")
  @@map("role_enum")
  @@schema("public")
}

view UserInfo {
  id String @unique @db.Uuid
  @@schema("auth")
}
"""


def test_schemas_views_and_ignored_models_as_prisma_makes_them() -> None:
    async def scenario(url: str) -> None:
        await push_text(url, MULTI_SCHEMA)
        facts = await catalog_facts(url)
        assert facts["tables"] == [
            ("auth", "users"),
            ("public", "OldTable"),
            ("public", "Tag"),
            ("public", "_TagToUser"),
        ]
        assert ("public", "role_enum", ("user", "admin")) in facts["enums"]
        assert ("auth", "users", "roles", "role_enum[]", False, "ARRAY['user'::role_enum]") in facts["columns"]
        assert (
            "public",
            "_TagToUser",
            "_TagToUser_B_fkey",
            'FOREIGN KEY ("B") REFERENCES auth.users(id) ON UPDATE CASCADE ON DELETE CASCADE',
        ) in facts["constraints"]
        assert not (await push_text(url, MULTI_SCHEMA)).changed

    in_scratch_database(scenario)


def test_force_reset_recreates_an_empty_database() -> None:
    async def scenario(url: str) -> None:
        await seeded(url)
        await fetch(url, "CREATE TABLE stray (x int)")
        result = await push_text(url, DATASOURCE + MODELS, force_reset=True)
        assert result.reset
        assert await fetch(url, 'SELECT count(*) FROM "User"') == [(0,)]
        assert await fetch(url, "SELECT to_regclass('stray') IS NULL") == [(True,)]

    in_scratch_database(scenario)


def test_a_missing_database_is_created_as_prisma_does() -> None:
    server = server_url("postgresql")
    name = unique_database_name()
    url = with_database(server, name)

    async def scenario() -> None:
        result = await push_text(url, DATASOURCE + MODELS)
        assert result.changed
        assert await fetch(url, 'SELECT count(*) FROM "User"') == [(0,)]

    try:
        anyio.run(scenario)
    finally:
        drop_server_database("postgresql", server, name)


BYTES_DEFAULTS = """
model Blobs {
  id    Int     @id
  empty Bytes   @default("")
  word  Bytes   @default("Zm9v")
  list  Bytes[] @default(["foo"])
}
"""


def test_bytes_defaults_accept_base64_without_padding() -> None:
    async def scenario(url: str) -> None:
        await push_text(url, DATASOURCE + BYTES_DEFAULTS)
        await fetch(url, 'INSERT INTO "Blobs" (id) VALUES (1)')
        # "foo" lacks base64's padding; Prisma reads it as "foo=" (two bytes), so do we
        assert await fetch(url, 'SELECT empty, word, list FROM "Blobs"') == [(b"", b"foo", [b"~\x8a"])]
        assert not (await push_text(url, DATASOURCE + BYTES_DEFAULTS)).changed

    in_scratch_database(scenario)
