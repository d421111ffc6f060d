"""`db push` of every SQLite, PostgreSQL and MySQL schema of the corpus into a fresh database, then
`db pull` of that database: the pulled schema's DMMF equals the original's, once what
introspection cannot know is taken out (tests/migrate/pull_dmmf.py, docs/migrations.md).

One PostgreSQL database per schema, dropped after it; the schemas Prisma itself cannot create on
a plain server are listed with the reason and must keep failing for it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import asyncpg
import pytest

from prisma_dynamic.migrate import PushError, push
from prisma_dynamic.migrate.mysql import MysqlBackend
from prisma_dynamic.migrate.pull import datasource_block, pull
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.load import build_schema, load_schema
from tests.conftest import SCHEMAS
from tests.databases import server_url, unique_database_name, with_database
from tests.migrate.corpus_ddl import UNLISTED_EXTENSIONS
from tests.migrate.postgres_facts import scratch_database
from tests.migrate.pull_dmmf import comparable, enums_are_text, ignored_tables

# Schemas no database here can be made from, so there is nothing to pull (ddl/README.md: Prisma's
# own script fails on them the same way).
CANNOT_BE_PUSHED = {
    "formbricks__formbricks": "needs the pgvector extension, which the server does not have",
    "prisma__prisma-examples__4": "Unsupported(geography) needs PostGIS, which the server does not have",
    "features-postgres-views-multischema": "Unsupported(geometry) needs PostGIS, which the server does not have",
    "stack-auth__stack-auth": "dbgenerated defaults that reference other columns: PostgreSQL rejects them",
    "accepted-map-empty-string": '@map("") is an empty identifier, which PostgreSQL rejects',
}


def _cases(providers: tuple[str, ...]) -> list[Any]:
    results_file = SCHEMAS / "ddl" / "_results.json"
    if not results_file.is_file():
        return []
    results = json.loads(results_file.read_text(encoding="utf-8"))["results"]
    cases = []
    for result in sorted(results, key=lambda r: str(r["name"])):
        if result["provider"] not in providers:
            continue
        name, path = result["name"], SCHEMAS / result["schema"].rstrip("/")
        marks = []
        if name in CANNOT_BE_PUSHED:
            marks.append(pytest.mark.xfail(raises=PushError, strict=True, reason=CANNOT_BE_PUSHED[name]))
        cases.append(pytest.param(path, id=name, marks=marks))
    return cases


def _header(schema: ir.Schema) -> str:
    """A datasource for the provider and a generator turning on the schema's preview features."""
    features = schema.preview_features
    generator = 'generator client {\n  provider = "prisma-client-py"\n'
    if features:
        generator += f"  previewFeatures = {json.dumps(list(features))}\n"
    return datasource_block(schema.provider) + "\n" + generator + "}\n"


async def _round_trip(schema: ir.Schema, url: str) -> None:
    await push(schema, url)
    datasource = schema.datasource
    pulled = await pull(_header(schema), schema.provider, url, schemas=datasource.schemas if datasource else ())
    again = build_schema([("schema.prisma", pulled.schema)])
    skip = ignored_tables(schema)
    assert comparable(again, skip) == comparable(schema, skip)

    # Pulled again into the original schema: every name, doc and order of it is kept.
    repulled = await pull(_header(schema), schema.provider, url, schema, datasource.schemas if datasource else ())
    assert _names_and_docs(build_schema([("schema.prisma", repulled.schema)])) == _names_and_docs(schema)


def _doc(text: str | None) -> str | None:
    """A doc as `///` lines keep it: a `/** */` block's indentation does not survive them."""
    return "\n".join(line.strip() for line in text.splitlines()) if text is not None else None


def _names_and_docs(schema: ir.Schema) -> dict[str, Any]:
    return {
        "models": [
            (m.name, _doc(m.documentation), [(f.name, _doc(f.documentation)) for f in m.fields])
            for m in schema.models
            if not m.is_view
        ],
        "enums": [] if enums_are_text(schema) else [(e.name, [v.name for v in e.values]) for e in schema.enums],
    }


@pytest.mark.parametrize("path", _cases(("sqlite",)))
def test_sqlite_schema_survives_push_and_pull(path: Path, tmp_path: Path) -> None:
    schema = load_schema(path)
    anyio.run(_round_trip, schema, f"file:{tmp_path / 'pulled.db'}")


@pytest.mark.parametrize("path", _cases(("postgresql", "postgres")))
def test_postgresql_schema_survives_push_and_pull(path: Path) -> None:
    server = server_url("postgresql")
    schema = load_schema(path)
    name = path.name.removesuffix(".prisma")

    async def scenario() -> None:
        async with scratch_database(server) as url:
            extensions = UNLISTED_EXTENSIONS.get(name, ())
            if extensions:
                connection = await asyncpg.connect(url)
                try:
                    for extension in extensions:
                        await connection.execute(f'CREATE EXTENSION IF NOT EXISTS "{extension}"')
                finally:
                    await connection.close()
            await _round_trip(schema, url)

    anyio.run(scenario)


@pytest.mark.parametrize("path", _cases(("mysql",)))
def test_mysql_schema_survives_push_and_pull(path: Path) -> None:
    url = with_database(server_url("mysql"), unique_database_name())
    schema = load_schema(path)

    async def scenario() -> None:
        try:
            await _round_trip(schema, url)  # db push creates the database
        finally:
            await MysqlBackend().drop_database(url)

    anyio.run(scenario)


def test_the_corpus_has_schemas_for_every_database() -> None:
    assert len(_cases(("sqlite",))) >= 12
    assert len(_cases(("postgresql", "postgres"))) >= 30
    assert len(_cases(("mysql",))) >= 5
