"""A database created by Prisma's own DDL works with our client unchanged, on SQLite and PostgreSQL
(Prisma's wasm engine has no MySQL connector, so there is no Prisma DDL for MySQL to apply)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from prisma_dynamic import Prisma
from tests.databases import (
    create_server_database,
    drop_server_database,
    server_url,
    unique_database_name,
    with_database,
)


def _sqlite(tmp_path: Path, schemas_dir: Path) -> tuple[Path, str]:
    schema = (schemas_dir / "valid" / "seed-quickstart.prisma").read_text()
    connection = sqlite3.connect(tmp_path / "prisma.db")
    connection.executescript((schemas_dir / "ddl" / "seed-quickstart.sql").read_text())
    connection.close()
    (tmp_path / "schema.prisma").write_text(schema)
    return tmp_path / "schema.prisma", f"file:{tmp_path / 'prisma.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def prisma_made(request: pytest.FixtureRequest, tmp_path: Path, schemas_dir: Path) -> Iterator[tuple[Path, str]]:
    if request.param == "sqlite":
        yield _sqlite(tmp_path, schemas_dir)
        return
    import asyncpg

    admin = server_url("postgresql")
    name = unique_database_name("pd_prisma_ddl")
    url = with_database(admin, name)
    script = (schemas_dir / "ddl" / "seed-quickstart-postgresql.sql").read_text()

    async def seed() -> None:
        connection = await asyncpg.connect(url)
        try:
            await connection.execute(script)
        finally:
            await connection.close()

    create_server_database("postgresql", admin, name)
    try:
        anyio.run(seed)
        (tmp_path / "schema.prisma").write_text(
            (schemas_dir / "valid" / "seed-quickstart-postgresql.prisma").read_text()
        )
        yield tmp_path / "schema.prisma", url
    finally:
        drop_server_database("postgresql", admin, name)


@pytest.mark.parametrize("transport", ["embedded", "http"])
def test_prisma_made_database_works_unchanged(prisma_made: tuple[Path, str], transport: str) -> None:
    schema, url = prisma_made
    db = Prisma.from_schema(schema, interface="sync", transport=transport, datasource={"url": url})
    with db:
        user = db.user.create(
            data={
                "email": "robert@craigie.dev",
                "name": "Robert",
                "posts": {"create": [{"title": "Hi"}, {"title": "Yo"}]},
            },
            include={"posts": True},
        )
        assert sorted(p.title for p in user.posts) == ["Hi", "Yo"]
        assert db.post.update(where={"id": user.posts[0].id}, data={"views": {"increment": 2}}).views == 2
        found = db.post.find_many(where={"author": {"is": {"email": "robert@craigie.dev"}}}, order={"id": "asc"})
        assert [p.author_id for p in found] == [user.id, user.id]
        assert db.user.delete(where={"id": user.id}) is not None
        assert db.post.find_first(where={"author_id": None}) is not None  # ON DELETE SET NULL, from Prisma's DDL
