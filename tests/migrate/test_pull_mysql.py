"""`db pull` and `SyncPrisma.from_database` on MySQL/MariaDB tables made by hand: inline enums named
after their column, TINYINT(1) as Boolean, native types that are not the default, and a client
that queries them."""

from __future__ import annotations

from collections.abc import Iterator

import anyio
import pytest

from prisma_dynamic import SyncPrisma
from prisma_dynamic.migrate.mysql import MysqlBackend
from prisma_dynamic.migrate.pull import datasource_block, pull
from tests.databases import server_url, unique_database_name, with_database
from tests.migrate.pulled_text import model_block

TABLES = [
    """CREATE TABLE `Account` (
        `id` INTEGER NOT NULL AUTO_INCREMENT,
        `email` VARCHAR(100) NOT NULL,
        `plan` ENUM('free', 'pro') NOT NULL DEFAULT 'free',
        `active` BOOLEAN NOT NULL DEFAULT true,
        `visits` INTEGER UNSIGNED NOT NULL DEFAULT 0,
        `created` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        UNIQUE INDEX `Account_email_key`(`email`),
        PRIMARY KEY (`id`)
    ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci""",
    """CREATE TABLE `Note` (
        `id` INTEGER NOT NULL AUTO_INCREMENT,
        `body` TEXT NOT NULL,
        `accountId` INTEGER NOT NULL,
        INDEX `Note_accountId_idx`(`accountId`),
        PRIMARY KEY (`id`),
        CONSTRAINT `Note_accountId_fkey` FOREIGN KEY (`accountId`) REFERENCES `Account`(`id`)
            ON DELETE CASCADE ON UPDATE CASCADE
    ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci""",
    "INSERT INTO `Account` (`email`) VALUES ('ann@example.com')",
]


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    url = with_database(server_url("mysql"), unique_database_name())
    backend = MysqlBackend()

    async def fill() -> None:
        connection = await backend.connect(url)  # creates the database
        try:
            for statement in TABLES:
                await connection.execute(statement)
        finally:
            await connection.close()

    try:
        anyio.run(fill)
        yield url
    finally:
        anyio.run(backend.drop_database, url)


def test_pull_writes_what_prisma_would(database: str) -> None:
    result = anyio.run(pull, datasource_block("mysql"), "mysql", database)
    assert (result.models, result.enums) == (2, 1)
    assert "enum Account_plan {\n  free\n  pro\n}" in result.schema
    account = model_block(result.schema, "Account")
    assert " id Int @id @default(autoincrement())\n" in account
    assert " email String @unique @db.VarChar(100)\n" in account
    assert " plan Account_plan @default(free)\n" in account
    assert " active Boolean @default(true)\n" in account
    assert " visits Int @default(0) @db.UnsignedInt\n" in account
    assert " created DateTime @default(now())\n" in account
    note = model_block(result.schema, "Note")
    assert " body String @db.Text\n" in note
    assert " Account Account @relation(fields: [accountId], references: [id], onDelete: Cascade)\n" in note
    assert " @@index([accountId])\n" in note


def test_from_database_queries_the_tables(database: str) -> None:
    db = SyncPrisma.from_database(database)
    db.connect()
    try:
        ann = db.account.find_unique(where={"email": "ann@example.com"}, include={"Note": True})
        assert ann is not None
        assert (ann.plan, ann.active, ann.Note) == ("free", True, [])
        db.note.create(data={"body": "hi", "Account": {"connect": {"id": ann.id}}})
        assert db.note.count(where={"accountId": ann.id}) == 1
    finally:
        db.disconnect()
