"""Our `db push` into one fresh PostgreSQL database and Prisma's DDL into another give the same
catalog, for every PostgreSQL schema of the corpus whose script applies on a plain server:
columns with types and defaults, every constraint and index as the server prints it, enums,
sequences. A database made by Prisma's DDL is then already in sync."""

from __future__ import annotations

from pathlib import Path

import anyio
import asyncpg
import pytest

from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema
from tests.databases import server_url
from tests.migrate.corpus_ddl import UNLISTED_EXTENSIONS, applied
from tests.migrate.postgres_facts import catalog_facts, scratch_database

CASES = [pytest.param(*case, id=case[0]) for case in applied(("postgresql", "postgres"))]


async def _prepare(url: str, name: str, script: Path | None) -> None:
    connection = await asyncpg.connect(url)
    try:
        for extension in UNLISTED_EXTENSIONS.get(name, ()):
            await connection.execute(f'CREATE EXTENSION IF NOT EXISTS "{extension}"')
        if script is not None:
            await connection.execute(script.read_text(encoding="utf-8"))
    finally:
        await connection.close()


@pytest.mark.parametrize(("name", "schema_path", "script"), CASES)
def test_push_matches_prismas_ddl(schemas_dir: Path, name: str, schema_path: Path, script: Path) -> None:
    server = server_url("postgresql")
    schema = load_schema(schema_path)

    async def scenario() -> None:
        async with scratch_database(server) as prisma_url, scratch_database(server) as ours_url:
            await _prepare(prisma_url, name, script)
            await _prepare(ours_url, name, None)
            result = await push(schema, ours_url)
            assert result.changed
            ours, prismas = await catalog_facts(ours_url), await catalog_facts(prisma_url)
            for key in prismas:
                assert ours[key] == prismas[key], key

            again = await push(schema, prisma_url)
            assert again.summary() == []

    anyio.run(scenario)


def test_the_corpus_has_postgresql_scripts(schemas_dir: Path) -> None:
    names = [c.id for c in CASES]
    assert names[0] == "seed-quickstart-postgresql"
    assert len(names) >= 30
