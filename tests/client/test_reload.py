"""`db.reload()` after the schema file changed, and the error that names a schema change the
database does not have yet (a missing column or table)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from prisma_dynamic import Prisma, errors
from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema
from tests.client.conftest import pushed_database

MODELS = """
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
%s}
"""
COLOR = "  color String?\n"
TAG = "\nmodel Tag {\n  id Int @id\n}\n"


def _datasource(provider: str) -> str:
    return f'datasource db {{\n  provider = "{provider}"\n  url      = env("RELOAD_TEST_URL")\n}}\n'


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A schema file (User without `color`) pushed to a fresh database."""
    provider = request.param
    schema = tmp_path / "schema.prisma"
    schema.write_text(_datasource(provider) + MODELS % "")
    with pushed_database(provider, schema, "reload.db", "pd_reload") as made:
        monkeypatch.setenv("RELOAD_TEST_URL", made.url)
        yield schema


def _push(schema: Path) -> None:
    anyio.run(lambda: push(load_schema(schema), os.environ["RELOAD_TEST_URL"]))


@pytest.mark.parametrize("transport", ["embedded", "http"])
def test_reload_after_a_schema_change_that_adds_a_field(database: Path, transport: str) -> None:
    with Prisma.from_schema(database, interface="sync", transport=transport) as db:
        db.user.create(data={"email": "a@b.c"})
        assert "color" not in db.models.User.model_fields

        database.write_text(database.read_text().replace("email String @unique\n", "email String @unique\n" + COLOR))
        # Not reloaded yet: the client still speaks the old schema, and a query naming the new
        # field is refused before it reaches the database.
        with pytest.raises(Exception, match="color"):
            db.user.create(data={"email": "x@y.z", "color": "red"})

        db.reload()
        assert db.is_connected() and "color" in db.models.User.model_fields
        # The database does not have the column yet: the error says which schema change it lacks.
        with pytest.raises(errors.DataError) as caught:
            db.user.find_many()
        message = str(caught.value)
        assert caught.value.code == "P2022"
        assert "`User.color`" in message and "db push" in message and "database is behind the schema" in message

        _push(database)
        created = db.user.create(data={"email": "c@d.e", "color": "red"})
        assert created.color == "red"
        assert [(u.email, u.color) for u in db.user.find_many(order={"id": "asc"})] == [
            ("a@b.c", None),
            ("c@d.e", "red"),
        ]


def test_a_missing_table_names_the_model(database: Path) -> None:
    database.write_text(database.read_text() + TAG)
    db = Prisma.from_schema(database, interface="sync", transport="embedded")
    with db, pytest.raises(errors.TableNotFoundError) as caught:
        db.tag.find_many()
    assert "the model `Tag` (table `Tag`)" in str(caught.value)


def test_the_async_client_reloads_too(database: Path) -> None:
    async def run() -> None:
        db = Prisma.from_schema(database, transport="embedded")
        await db.connect()
        try:
            database.write_text(
                database.read_text().replace("email String @unique\n", "email String @unique\n" + COLOR)
            )
            await push(load_schema(database), os.environ["RELOAD_TEST_URL"])
            await db.reload()
            created = await db.user.create(data={"email": "a@b.c", "color": "blue"})
            assert created.color == "blue"
            async with db.tx() as tx:
                with pytest.raises(RuntimeError, match="transaction"):
                    await tx.reload()
        finally:
            await db.disconnect()

    anyio.run(run)
