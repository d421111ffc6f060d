"""`db pull` and `Prisma.from_database` on PostgreSQL tables made by hand (not by `db push`):
native enums, native types that are not the default, database defaults, a join table that is a
Prisma implicit many-to-many, a self relation, and a client that queries them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import anyio
import asyncpg
import pytest

from prisma_dynamic import Prisma, SyncPrisma
from prisma_dynamic.migrate.pull import datasource_block, pull
from tests.databases import (
    create_server_database,
    drop_server_database,
    server_url,
    unique_database_name,
    with_database,
)

TABLES = """
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN', 'super-admin');
CREATE TABLE "User" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" VARCHAR(255) NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'USER',
    "tags" TEXT[] DEFAULT ARRAY['a', 'b']::TEXT[],
    "score" DECIMAL(10,2) NOT NULL DEFAULT 0.5,
    "seen" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "managerId" UUID,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "user_email_unique" ON "User"("email");
CREATE TABLE "Tag" ("id" SERIAL NOT NULL, "name" TEXT NOT NULL, CONSTRAINT "Tag_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL DEFAULT 'untitled',
    "authorId" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Post_authorId_slug_key" ON "Post"("authorId", "slug");
CREATE TABLE "_PostToTag" (
    "A" INTEGER NOT NULL, "B" INTEGER NOT NULL, CONSTRAINT "_PostToTag_AB_pkey" PRIMARY KEY ("A","B")
);
CREATE INDEX "_PostToTag_B_index" ON "_PostToTag"("B");
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id")
    ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "User" ADD CONSTRAINT "manager" FOREIGN KEY ("managerId") REFERENCES "User"("id")
    ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "_PostToTag" ADD CONSTRAINT "_PostToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "Post"("id")
    ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "_PostToTag" ADD CONSTRAINT "_PostToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "Tag"("id")
    ON DELETE CASCADE ON UPDATE CASCADE;
INSERT INTO "User" ("email") VALUES ('ann@example.com');
"""


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """One database with the tables for this module's tests, dropped after them."""
    server = server_url("postgresql")
    name = unique_database_name()
    create_server_database("postgresql", server, name)
    url = with_database(server, name)

    async def fill() -> None:
        connection = await asyncpg.connect(url)
        try:
            await connection.execute(TABLES)
        finally:
            await connection.close()

    try:
        anyio.run(fill)
        yield url
    finally:
        drop_server_database("postgresql", server, name)


def _model(schema: str, name: str) -> str:
    match = re.search(rf"^model {name} {{\n(.*?)^}}", schema, re.MULTILINE | re.DOTALL)
    assert match is not None, schema
    return re.sub(" +", " ", match.group(1))


def test_pull_writes_what_prisma_would(database: str) -> None:
    result = anyio.run(pull, datasource_block("postgresql"), "postgresql", database)
    schema = result.schema
    assert (result.models, result.enums) == (3, 1)
    assert result.warnings == ()
    assert 'enum Role {\n  USER\n  ADMIN\n  super_admin @map("super-admin")\n}' in schema

    user = _model(schema, "User")
    assert ' id String @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid\n' in user
    assert ' email String @unique(map: "user_email_unique") @db.VarChar(255)\n' in user
    assert " role Role @default(USER)\n" in user
    assert ' tags String[] @default(["a", "b"])\n' in user
    assert " score Decimal @default(0.5) @db.Decimal(10, 2)\n" in user
    assert " seen DateTime? @default(now()) @db.Timestamptz(6)\n" in user
    # The self relation: named `UserToUser`, the back side prefixed `other_`.
    assert ' User User? @relation("UserToUser", fields: [managerId], references: [id], map: "manager")\n' in user
    assert ' other_User User[] @relation("UserToUser")\n' in user
    assert " Post Post[]\n" in user

    post = _model(schema, "Post")
    assert " id Int @id @default(autoincrement())\n" in post
    assert ' title String @default("untitled")\n' in post
    assert " User User @relation(fields: [authorId], references: [id], onDelete: Cascade)\n" in post
    assert " Tag Tag[]\n" in post  # the join table is an implicit many-to-many again
    assert " @@unique([authorId, slug])\n" in post
    assert "_PostToTag" not in schema
    assert " Post Post[]\n" in _model(schema, "Tag")


def test_from_database_gives_a_client_for_the_tables_as_they_are(database: str) -> None:
    async def scenario() -> None:
        db = Prisma.from_database(database)
        await db.connect()
        try:
            ann = await db.user.find_unique(where={"email": "ann@example.com"})
            assert ann is not None
            assert ann.role == "USER"
            assert ann.tags == ["a", "b"]
            post = await db.post.create(
                data={"slug": "hello", "User": {"connect": {"id": ann.id}}, "Tag": {"create": [{"name": "news"}]}},
                include={"Tag": True},
            )
            assert post.title == "untitled"
            assert [t.name for t in post.Tag or []] == ["news"]
        finally:
            await db.disconnect()

    anyio.run(scenario)


def test_from_database_has_a_sync_twin(database: str) -> None:
    db = SyncPrisma.from_database(database)
    db.connect()
    try:
        assert db.tag.count() >= 0
        assert db.user.find_first(where={"email": "ann@example.com"}) is not None
    finally:
        db.disconnect()


def test_from_database_with_an_unknown_kind_of_url_says_which_are_accepted() -> None:
    accepted = r"must start with one of postgresql:, postgres:, mysql:, file: \(this one starts with .redis.\)"
    with pytest.raises(ValueError, match=accepted):
        Prisma.from_database("redis://localhost/0")
