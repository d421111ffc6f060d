"""Isolation levels of interactive transactions, on every database, transport and interface: the
level asked for is the one the database reports inside the transaction; levels the database lacks
are refused; serialization failures and deadlocks are P2034."""

from __future__ import annotations

import contextlib
import random
import threading
from collections.abc import AsyncIterator
from typing import Any

import anyio
import pytest

from prisma_dynamic import Prisma, errors
from prisma_dynamic.schema.connectors import connector_for
from tests.client.conftest import Api, Database

LEVEL_NAMES = {
    "ReadUncommitted": "read uncommitted",
    "ReadCommitted": "read committed",
    "RepeatableRead": "repeatable read",
    "Serializable": "serializable",
}


def _levels(api: Api) -> tuple[str, ...]:
    connector = connector_for(api.provider)
    assert connector is not None
    return connector.isolation_levels


def _reported_level(api: Api, tx: Any, expected: str) -> str:
    """The isolation level of `tx`'s transaction, as the database reports it."""
    if api.provider == "postgresql":
        rows = api.run(tx.query_raw, "SELECT current_setting('transaction_isolation') AS level")
        return str(rows[0]["level"])
    if api.provider == "mysql":
        # MariaDB reports the level of a running transaction only in INNODB_TRX, which InnoDB
        # refreshes from a cache once it has not been read for 0.1 s: read until it shows this
        # transaction (started by its first read), under a bound.
        api.run(tx.user.count)
        level = ""
        for _ in range(40):
            rows = api.run(
                tx.query_raw,
                "SELECT trx_isolation_level AS level FROM information_schema.innodb_trx "
                "WHERE trx_mysql_thread_id = CONNECTION_ID()",
            )
            level = str(rows[0]["level"]).lower() if rows else ""
            if level == expected:
                break
            threading.Event().wait(0.15)
        return level
    rows = api.run(tx.query_raw, "PRAGMA read_uncommitted")
    return "read uncommitted" if rows[0]["read_uncommitted"] else "serializable"


def test_the_database_reports_the_level_asked_for(api: Api) -> None:
    for level in _levels(api):
        manager = api.client.tx(isolation_level=level)
        tx = api.run(manager.start)
        try:
            assert _reported_level(api, tx, LEVEL_NAMES[level]) == LEVEL_NAMES[level], level
        finally:
            api.run(manager.rollback)


def test_unknown_level_is_refused(api: Api) -> None:
    with pytest.raises(errors.TransactionError, match="Invalid isolation level `NoSuchLevel`"):
        api.run(api.client.tx(isolation_level="NoSuchLevel").start)


def test_level_the_database_lacks_is_refused(api: Api) -> None:
    lacking = "Snapshot" if api.provider != "sqlite" else "ReadCommitted"
    assert lacking not in _levels(api)
    with pytest.raises(errors.TransactionError, match=f"`{lacking}` is not supported by"):
        api.run(api.client.tx(isolation_level=lacking).start)
    api.user.create(data={"email": "after@example.com"})  # nothing was left open
    assert api.user.count() == 1


def _p2034(error: BaseException) -> bool:
    return isinstance(error, errors.DataError) and error.code == "P2034"


def test_serialization_failure_is_p2034(api: Api) -> None:
    if api.provider == "sqlite":
        pytest.skip("SQLite serializes writers with its lock: test_sqlite_locking covers P2034 there")
    user = api.user.create(data={"email": "contended@example.com", "name": "start"})
    first = api.client.tx(isolation_level="Serializable")
    second = api.client.tx(isolation_level="Serializable")
    tx1 = api.run(first.start)
    tx2 = api.run(second.start)
    try:
        # both read the row (PostgreSQL: both snapshots; MariaDB: both take a shared lock)
        assert api.run(tx1.user.find_unique, where={"id": user.id}) is not None
        assert api.run(tx2.user.find_unique, where={"id": user.id}) is not None
        if api.provider == "postgresql":
            api.run(tx2.user.update, where={"id": user.id}, data={"name": "second"})
            api.run(second.commit)
            with pytest.raises(errors.DataError) as caught:
                api.run(tx1.user.update, where={"id": user.id}, data={"name": "first"})
            assert _p2034(caught.value), caught.value
        else:
            # tx1's update waits for tx2's shared lock; tx2's update then closes a deadlock cycle
            outcome: dict[str, BaseException | None] = {}

            def update_first() -> None:
                try:
                    api.run(tx1.user.update, where={"id": user.id}, data={"name": "first"})
                    outcome["first"] = None
                except BaseException as error:
                    outcome["first"] = error

            waiter = threading.Thread(target=update_first)
            waiter.start()
            _wait_for_lock_wait(api)
            try:
                api.run(tx2.user.update, where={"id": user.id}, data={"name": "second"})
                outcome["second"] = None
            except BaseException as error:
                outcome["second"] = error
            waiter.join(60)
            failed = [error for error in outcome.values() if error is not None]
            assert len(failed) == 1 and _p2034(failed[0]), outcome
    finally:
        for manager in (first, second):
            with contextlib.suppress(errors.TransactionError):  # already committed, or ended by its failure
                api.run(manager.rollback)


def _wait_for_lock_wait(api: Api) -> None:
    """Until some transaction of this database waits for a row lock (bounded)."""
    for _ in range(100):
        rows = api.query_raw("SELECT COUNT(*) AS n FROM information_schema.innodb_lock_waits")
        if int(rows[0]["n"]) > 0:
            return
        threading.Event().wait(0.15)  # InnoDB refreshes this table once unread for 0.1 s
    raise AssertionError("the first update never waited for the lock")


TASKS, INCREMENTS = 50, 20
POOL = 2  # connections: 50 tasks contend for a few, as an application's requests do
# The server databases; SQLite's writers are covered by test_sqlite_locking (one writer at a time).
servers = pytest.mark.parametrize("database", ["postgresql", "mysql"], indirect=True)


@contextlib.asynccontextmanager
async def _counter(database: Database, transport: str) -> AsyncIterator[tuple[Any, str]]:
    """A connected async client with a pool of `POOL` connections, and a fresh post to count in."""
    # 48 tasks wait for a connection at any time, maybe longer than Prisma's 10 s on a loaded machine
    url = f"{database.url}{'&' if '?' in database.url else '?'}connection_limit={POOL}&pool_timeout=300"
    db = Prisma.from_schema(database.schema_path, transport=transport, datasource={"url": url})
    await db.connect()
    try:
        post = await db.post.create(data={"title": "counter"})
        yield db, post.id
    finally:
        await db.disconnect()


@servers
def test_concurrent_read_modify_write_transactions_are_exact(database: Database, transport: str) -> None:
    """50 tasks x 20 read-then-update increments in Serializable transactions, each retried on
    P2034 (the level demands it), end at exactly 1000."""

    async def main() -> None:
        async with _counter(database, transport) as (db, post_id):
            retries = 0

            async def increment() -> None:
                nonlocal retries
                for attempt in range(500):
                    try:
                        async with db.tx(isolation_level="Serializable", max_wait=120_000, timeout=60_000) as tx:
                            post = await tx.post.find_unique(where={"id": post_id})
                            await tx.post.update(where={"id": post_id}, data={"views": post.views + 1})
                        return
                    except errors.PrismaError as error:
                        if not _p2034(error):
                            raise
                        retries += 1
                        await anyio.sleep(random.uniform(0, 0.002 * min(attempt + 1, 10)))  # back off a little
                raise AssertionError("no success in 500 attempts")

            async def task() -> None:
                for _ in range(INCREMENTS):
                    await increment()

            async with anyio.create_task_group() as group:
                for _ in range(TASKS):
                    group.start_soon(task)
            counted = await db.post.find_unique(where={"id": post_id})
            assert counted is not None and counted.views == TASKS * INCREMENTS, (counted, retries)

    anyio.run(main)


@servers
def test_concurrent_atomic_increments_are_exact(database: Database, transport: str) -> None:
    """50 tasks x 20 `{"increment": 1}` updates, outside transactions, end at exactly 1000."""

    async def main() -> None:
        async with _counter(database, transport) as (db, post_id):

            async def task() -> None:
                for _ in range(INCREMENTS):
                    await db.post.update(where={"id": post_id}, data={"views": {"increment": 1}})

            async with anyio.create_task_group() as group:
                for _ in range(TASKS):
                    group.start_soon(task)
            counted = await db.post.find_unique(where={"id": post_id})
            assert counted is not None and counted.views == TASKS * INCREMENTS

    anyio.run(main)


def test_transaction_that_gets_no_connection_in_max_wait_is_p2028(api: Api) -> None:
    if api.provider == "sqlite":
        pytest.skip("SQLite has no pool: test_sqlite_locking covers waiting for its lock")
    base = api.client._datasource["url"]
    url = f"{base}{'&' if '?' in base else '?'}connection_limit=1"
    other = type(api.client).from_schema(api.client._schema_path, transport=api.transport, datasource={"url": url})
    api.run(other.connect)
    try:
        first = other.tx(timeout=60_000)
        api.run(first.start)
        try:
            with pytest.raises(errors.TransactionError, match="Unable to start a transaction in the given time"):
                api.run(other.tx(max_wait=100).start)
        finally:
            api.run(first.rollback)
    finally:
        api.run(other.disconnect)
