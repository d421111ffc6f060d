"""`migrate diff` between every kind of source, on each database, and the shadow database taken
from the datasource's `shadowDatabaseUrl`."""

from __future__ import annotations

import os
from pathlib import Path

import anyio
import pytest

from prisma_dynamic.migrate.compare import DiffResult, Source, migrate_diff
from prisma_dynamic.migrate.project import Project
from prisma_dynamic.migrate.script import render_script
from prisma_dynamic.migrate.summary import summarize
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.load import load_schema
from tests.migrate.migrating import KINDS, databases, datasource, dev, fetch

MODELS = """
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}
"""


def diff(
    source_from: Source, source_to: Source, shadow: str | None = None, kind: ir.Schema | None = None
) -> DiffResult:
    async def run() -> DiffResult:
        return await migrate_diff(source_from, source_to, shadow_url=shadow, provider_schema=kind)

    return anyio.run(run)


@pytest.mark.parametrize("kind", KINDS)
def test_diff_from_each_source_to_each_other(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with databases(kind, tmp_path) as made:
        url, shadow = made.new(), made.new()
        schema_file = tmp_path / "schema.prisma"
        schema_file.write_text(
            datasource(kind).replace("}\n", '  shadowDatabaseUrl = env("SHADOW_URL")\n}\n', 1) + MODELS,
            encoding="utf-8",
        )
        monkeypatch.setenv("DATABASE_URL", url)
        monkeypatch.setenv("SHADOW_URL", shadow)
        project = Project.of(load_schema(schema_file), schema_file)
        assert project.shadow_url == (shadow if kind != "sqlite" else "file:" + str(Path(shadow[5:]).resolve()))

        created = dev(project, "init")  # replayed on the configured shadow database
        assert created.created is not None
        schema, migrations = Source("schema", str(schema_file)), Source("migrations", str(project.folder.path))
        live, empty = Source("url", url), Source("empty")

        everything = diff(empty, schema)
        assert summarize(everything.diff) == ["[+] Added tables", "  - User", "  - Post"]
        assert render_script(everything.statements) == created.created.text()
        for source_from, source_to in [(migrations, schema), (live, schema), (schema, live), (migrations, live)]:
            result = diff(source_from, source_to, shadow if source_from is migrations else None)
            assert result.diff.is_empty, (source_from.kind, source_to.kind, summarize(result.diff))
        dropping = diff(live, empty, kind=project.schema)  # two sides that name no database kind
        assert {t.name for t in dropping.diff.dropped_tables} == {"User", "Post"}
        assert any("drop the `User` table" in w for w in dropping.warnings)
        # The shadow database is emptied and reused, never dropped; the main database is untouched.
        assert fetch(project, "SELECT COUNT(*) FROM _prisma_migrations") == [(1,)]
        assert os.environ["SHADOW_URL"] == shadow
