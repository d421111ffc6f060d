"""Our `db push` makes the same SQLite catalog as Prisma's own DDL, for every SQLite schema of
the corpus: tables, columns (type, nullability, default), keys, indexes, foreign keys with their
actions, and each CREATE statement as SQLite keeps it (names of constraints, AUTOINCREMENT)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import anyio
import pytest

from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema
from tests.migrate.corpus_ddl import applied
from tests.migrate.sqlite_facts import catalog_facts, master_sql

CASES = [pytest.param(*case, id=case[0]) for case in applied(("sqlite",))]


@pytest.mark.parametrize(("name", "schema_path", "script"), CASES)
def test_push_matches_prismas_ddl(
    schemas_dir: Path, tmp_path: Path, name: str, schema_path: Path, script: Path
) -> None:
    prisma_db = tmp_path / "prisma.db"
    ours_db = tmp_path / "ours.db"
    db = sqlite3.connect(prisma_db)
    db.executescript(script.read_text(encoding="utf-8"))
    db.close()

    schema = load_schema(schema_path)
    result = anyio.run(lambda: push(schema, f"file:{ours_db}"))
    assert result.changed

    ours, prismas = catalog_facts(ours_db), catalog_facts(prisma_db)
    assert sorted(ours) == sorted(prismas)
    for table in prismas:
        assert ours[table] == prismas[table], table
    assert master_sql(ours_db) - master_sql(prisma_db) == set()
    assert master_sql(prisma_db) - master_sql(ours_db) == set()


@pytest.mark.parametrize(("name", "schema_path", "script"), CASES)
def test_a_database_made_by_prismas_ddl_is_in_sync(
    schemas_dir: Path, tmp_path: Path, name: str, schema_path: Path, script: Path
) -> None:
    prisma_db = tmp_path / "prisma.db"
    db = sqlite3.connect(prisma_db)
    db.executescript(script.read_text(encoding="utf-8"))
    db.close()
    before = master_sql(prisma_db)

    result = anyio.run(lambda: push(load_schema(schema_path), f"file:{prisma_db}"))

    assert result.summary() == []
    assert not result.changed
    assert master_sql(prisma_db) == before


def test_the_corpus_has_sqlite_scripts(schemas_dir: Path) -> None:
    names = [c.id for c in CASES]
    assert names[0] == "seed-quickstart"
    assert len(names) >= 15
