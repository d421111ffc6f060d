"""Isolation levels of interactive transactions, on every database, transport and interface: the
level asked for is the one the database reports inside the transaction; levels the database lacks
are refused; serialization failures and deadlocks are P2034."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import pytest

from prisma_dynamic import errors
from prisma_dynamic.schema.connectors import connector_for
from tests.client.conftest import Api

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


def test_concurrent_read_modify_write_is_exact_with_serializable_and_retries(api: Api) -> None:
    """4 workers x 10 read-then-update increments, retried on P2034, end at exactly 40."""
    if api.interface == "async":
        pytest.skip("driven from threads through the sync interface")
    user = api.user.create(data={"email": "counter@example.com", "name": "0"})
    level = "Serializable"
    failures: list[BaseException] = []

    def increment() -> None:
        for _attempt in range(200):
            try:
                with api.client.tx(isolation_level=level, max_wait=20_000, timeout=20_000) as tx:
                    current = tx.user.find_unique(where={"id": user.id})
                    tx.user.update(where={"id": user.id}, data={"name": str(int(current.name) + 1)})
                return
            except errors.PrismaError as error:
                if not _p2034(error):
                    failures.append(error)
                    return
        failures.append(AssertionError("no success in 200 attempts"))

    def worker() -> None:
        for _ in range(10):
            increment()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    final = api.user.find_unique(where={"id": user.id})
    assert final is not None and final.name == "40"


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
