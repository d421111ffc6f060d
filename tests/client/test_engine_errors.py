"""Driver errors never leak: each database's constraint and connection errors become Prisma's
codes in the engine, and the client's exception classes. The requests go to the engine directly,
so that the client's own validation cannot stop them first."""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from prisma_dynamic import errors
from prisma_dynamic.engine.core import EngineUserError
from prisma_dynamic.engine.runtime import build_engine
from tests.client.conftest import Api, Database


def query(model: str, action: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return {"modelName": model, "action": action, "query": {"arguments": arguments, "selection": {"$scalars": True}}}


def engine_error(database: Database, *requests: dict[str, Any]) -> EngineUserError:
    """Run the requests in order on a fresh engine; return the error the last one raises."""

    async def run() -> EngineUserError:
        engine = build_engine(database.schema_path, database.url)
        await engine.start()
        try:
            for request in requests[:-1]:
                await engine.execute(request, None)
            with pytest.raises(EngineUserError) as caught:
                await engine.execute(requests[-1], None)
            return caught.value
        finally:
            await engine.stop()

    return anyio.run(run)


def test_unique_violation_is_p2002(api: Api, database: Database) -> None:
    create = query("Tag", "createOne", {"data": {"name": "dup"}})
    error = engine_error(database, create, create)
    assert error.error_code == "P2002" and error.meta["target"] == ["name"]


def test_foreign_key_violation_is_p2003(api: Api, database: Database) -> None:
    error = engine_error(database, query("Profile", "createOne", {"data": {"bio": "x", "userId": 424242}}))
    assert error.error_code == "P2003"


def test_null_in_a_required_column_is_p2011(api: Api, database: Database) -> None:
    error = engine_error(database, query("Tag", "createOne", {"data": {"name": None}}))
    assert error.error_code in ("P2011", "P2012")


def test_a_create_many_row_missing_a_required_field_is_p2012_naming_the_row(api: Api, database: Database) -> None:
    """Rows all giving the same fields, and rows giving different ones: the first row that
    leaves out a required field with no default is named."""
    same = query("Post", "createMany", {"data": [{"views": 1}, {"views": 2}]})
    error = engine_error(database, same)
    assert (error.error_code, error.meta) == ("P2012", {"path": "data.0.title"})
    mixed = query("Post", "createMany", {"data": [{"title": "a"}, {"title": "b", "views": 1}, {"views": 2}]})
    error = engine_error(database, mixed)
    assert (error.error_code, error.meta) == ("P2012", {"path": "data.2.title"})
    unknown = query("Post", "createMany", {"data": [{"title": "a", "nope": 1}, {"title": "b", "nope": 2}]})
    error = engine_error(database, unknown)
    assert error.error_code == "P2009" and "data.0" in error.message and "nope" in error.message
    assert api.post.count() == 0


def test_value_too_long_is_p2000(api: Api, database: Database) -> None:
    if database.provider == "sqlite":
        # SQLite does not enforce lengths, and Prisma allows no VarChar(n) on it.
        created = api.types.create(data={"short": "far too long for five"})
        assert created.short == "far too long for five"
        return
    error = engine_error(database, query("Types", "createOne", {"data": {"short": "far too long for five"}}))
    assert error.error_code == "P2000"
    with pytest.raises(errors.DataError) as caught:
        api.types.create(data={"short": "far too long for five"})
    assert caught.value.code == "P2000"


def test_unreachable_server_is_p1001_and_engine_connection_error(database: Database, tmp_path: Any) -> None:
    if database.provider == "sqlite":
        url = f"file:{tmp_path / 'missing-folder' / 'db.sqlite'}"
    else:
        scheme = "postgresql" if database.provider == "postgresql" else "mysql"
        url = f"{scheme}://user@127.0.0.1:1/db?connect_timeout=2"

    async def start() -> EngineUserError:
        engine = build_engine(database.schema_path, url)
        with pytest.raises(EngineUserError) as caught:
            await engine.start()
        return caught.value

    error = anyio.run(start)
    assert error.error_code in ("P1001", "P1003")
    from prisma_dynamic import Prisma

    client = Prisma.from_schema(database.schema_path, interface="sync", transport="embedded", datasource={"url": url})
    with pytest.raises(errors.EngineConnectionError) as caught:
        client.connect(timeout=10)
    assert "P1001" in str(caught.value) or "reach" in str(caught.value) or "does not exist" in str(caught.value)
