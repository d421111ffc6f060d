"""The PostgreSQL pool gives a connection back without a reset round trip (asyncpg's default sends
`SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL` per release), and a
transaction that ends in an error still leaves its connection clean for the next query.

Seen from the server: `pg_stat_activity.query` is the last statement a backend ran.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import asyncpg
import pytest

from prisma_dynamic import Prisma
from tests.client.one_connection import assert_a_held_pool_times_out_as_p2024, one_connection_client


@pytest.fixture
def one_connection(tmp_path: Path) -> Iterator[tuple[Any, str]]:
    """A sync embedded client whose pool holds one connection (waited for 1 s at most), and the
    database's URL."""
    with one_connection_client("postgresql", tmp_path) as pair:
        yield pair


def _last_statements(url: str, database: str, active: bool = False) -> list[str]:
    """The last statement of every other backend connected to `database` (running now: `active`)."""

    async def read() -> list[str]:
        conn = await asyncpg.connect(url)
        try:
            rows = await conn.fetch(
                "SELECT query FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()"
                " AND (NOT $2 OR state = 'active')",
                database,
                active,
            )
            return [str(r["query"]) for r in rows]
        finally:
            await conn.close()

    return anyio.run(read)


def test_a_query_leaves_its_statement_last_not_a_reset(one_connection: tuple[Any, str]) -> None:
    db, url = one_connection
    database = url.rsplit("/", 1)[-1]
    item = db.item
    created = item.create(data={"name": "first"})
    found = item.find_unique(where={"id": created.id})
    assert found is not None and found.name == "first"
    last = _last_statements(url, database)
    assert len(last) == 1, last
    assert last[0].startswith("SELECT") and '"Item"' in last[0], last
    assert "RESET ALL" not in last[0] and "pg_advisory_unlock_all" not in last[0], last


def test_a_failed_transaction_leaves_the_connection_usable(one_connection: tuple[Any, str]) -> None:
    db, _ = one_connection
    item = db.item
    with pytest.raises(RuntimeError), db.tx() as tx:
        tx.item.create(data={"name": "rolled back"})
        raise RuntimeError("the caller gives up")
    # The one connection comes back outside any transaction: this write commits on its own.
    item.create(data={"name": "kept"})
    assert [i.name for i in item.find_many()] == ["kept"]
    assert db.query_raw("SELECT txid_current_if_assigned() IS NULL AS idle")[0]["idle"] is True


def test_a_query_that_gets_no_connection_in_pool_timeout_is_p2024(one_connection: tuple[Any, str]) -> None:
    db, _ = one_connection
    assert_a_held_pool_times_out_as_p2024(db)


def test_a_query_cancelled_midway_gives_its_connection_up(one_connection: tuple[Any, str], tmp_path: Path) -> None:
    _, url = one_connection

    async def main() -> None:
        db: Any = Prisma.from_schema(
            tmp_path / "schema.prisma", transport="embedded", datasource={"url": f"{url}?connection_limit=1"}
        )
        await db.connect()
        try:
            with anyio.move_on_after(0.5) as scope:
                await db.query_raw("SELECT pg_sleep(30)")
            assert scope.cancelled_caught
            # The one connection was closed (its statement cut off) and its slot freed: the next
            # query opens a new one, well before the sleep would have ended.
            with anyio.fail_after(10):
                assert await db.item.count() == 0
        finally:
            await db.disconnect()

    anyio.run(main)
    # asyncpg asked the server to cancel the statement; the server has no session left sleeping.
    database = url.rsplit("/", 1)[-1]
    for _ in range(100):
        if not any("pg_sleep" in q for q in _last_statements(url, database, active=True)):
            return
        time.sleep(0.1)
    raise AssertionError("the cancelled statement still runs on the server")


def _terminate_backends(url: str, database: str) -> int:
    """The server ends every other connection to `database` (as an idle timeout or a restart does)."""

    async def terminate() -> int:
        conn = await asyncpg.connect(url)
        try:
            ended = await conn.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = $1 AND pid <> pg_backend_pid()",
                database,
            )
            return int(ended)
        finally:
            await conn.close()

    return anyio.run(terminate)


def test_a_connection_the_server_closed_in_the_pool_is_replaced(one_connection: tuple[Any, str]) -> None:
    """The sync embedded client runs its engine's loop only during calls: the next call after a
    pause reads what came meanwhile, the pool drops the closed connection, and a new one serves it."""
    db, url = one_connection
    database = url.rsplit("/", 1)[-1]
    db.item.create(data={"name": "before"})
    assert _terminate_backends(url, database) == 1
    time.sleep(1.5)  # longer than the caller loop's idle pass (caller_loop._IDLE)
    assert [item.name for item in db.item.find_many()] == ["before"]
