"""Interactive transactions and batches, on every database, transport and interface."""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from prisma_dynamic import errors
from tests.client.conftest import Api


class Boom(Exception):
    pass


def in_transaction(api: Api, body: Any, **options: Any) -> None:
    """Run `body(tx)` inside `api.tx()`, with the context manager of the client's interface."""
    if api.interface == "sync":
        with api.client.tx(**options) as tx:
            body(tx)
        return

    async def run() -> None:
        async with api.client.tx(**options) as tx:
            body_result = body(tx)
            if body_result is not None:
                await body_result

    api.run(run)


def test_commit(api: Api) -> None:
    if api.interface == "sync":
        in_transaction(api, lambda tx: tx.user.create(data={"email": "tx@example.com"}))
    else:

        async def body(tx: Any) -> None:
            await tx.user.create(data={"email": "tx@example.com"})

        in_transaction(api, body)
    assert api.user.count() == 1


def test_rollback_on_exception(api: Api) -> None:
    if api.interface == "sync":

        def body(tx: Any) -> None:
            tx.user.create(data={"email": "rolled@example.com"})
            assert tx.user.count() == 1  # visible inside the transaction
            raise Boom

    else:

        async def body(tx: Any) -> None:  # type: ignore[misc]
            await tx.user.create(data={"email": "rolled@example.com"})
            assert await tx.user.count() == 1
            raise Boom

    with pytest.raises(Boom):
        in_transaction(api, body)
    assert api.user.count() == 0


def test_expired_transaction(api: Api) -> None:
    manager = api.client.tx(timeout=50)
    tx = api.run(manager.start)
    import time

    time.sleep(0.4)
    with pytest.raises(errors.TransactionExpiredError):
        api.run(tx.user.create, data={"email": "late@example.com"})
    assert api.user.count() == 0


def test_an_expired_transaction_commits_nothing(api: Api) -> None:
    """Past its timeout a transaction is rolled back, whether its expiry ran in the background or
    not (the sync embedded client runs the engine's loop only during its calls: the engine checks
    the deadline when the transaction is used, with Prisma's words)."""
    manager = api.client.tx(timeout=50)
    tx = api.run(manager.start)
    api.run(tx.user.create, data={"email": "early@example.com"})
    import time

    time.sleep(0.4)
    with pytest.raises(errors.TransactionExpiredError, match="expired"):
        api.run(manager.commit)
    assert api.user.count() == 0


def test_commit_before_start_is_refused(api: Api) -> None:
    manager = api.client.tx()
    with pytest.raises(errors.TransactionNotStartedError):
        api.run(manager.commit)


def test_create_many_is_all_or_nothing(api: Api) -> None:
    """Rows with different columns are inserted by separate statements: a failure in the last one
    takes back the rows the first ones inserted."""
    api.user.create(data={"email": "taken@example.com"})
    rows = [{"email": "a@example.com"}, {"email": "b@example.com", "name": "B"}, {"email": "taken@example.com"}]
    with pytest.raises(errors.UniqueViolationError):
        api.user.create_many(data=rows)
    assert [user.email for user in api.user.find_many()] == ["taken@example.com"]


def test_batch_is_atomic(api: Api) -> None:
    api.tag.create(data={"name": "taken"})
    if api.interface == "sync":
        with api.client.batch_() as batch:
            batch.tag.create(data={"name": "one"})
            batch.tag.create(data={"name": "two"})
        batch = api.client.batch_()
        batch.tag.create(data={"name": "three"})
        batch.tag.create(data={"name": "taken"})
        with pytest.raises(errors.UniqueViolationError):
            batch.commit()
    else:

        async def good() -> None:
            async with api.client.batch_() as batch:
                batch.tag.create(data={"name": "one"})
                batch.tag.create(data={"name": "two"})

        async def bad() -> None:
            batch = api.client.batch_()
            batch.tag.create(data={"name": "three"})
            batch.tag.create(data={"name": "taken"})
            await batch.commit()

        api.run(good)
        with pytest.raises(errors.UniqueViolationError):
            api.run(bad)
    assert sorted(t.name for t in api.tag.find_many()) == ["one", "taken", "two"]


def test_concurrent_transactions_that_write_all_commit(api: Api) -> None:
    """Each waits for the other's lock where the database has one lock (SQLite's BEGIN IMMEDIATE):
    none fails with a write conflict, and every row is there."""
    if api.interface != "async":
        pytest.skip("concurrency of one client: the async interface")

    async def write_in_transactions() -> None:
        async def one(index: int) -> None:
            async with api.client.tx() as tx:
                for k in range(5):
                    await tx.tag.create(data={"name": f"t{index}.{k}"})

        async with anyio.create_task_group() as group:
            for index in range(4):
                group.start_soon(one, index)

    api.run(write_in_transactions)
    assert api.tag.count() == 20
