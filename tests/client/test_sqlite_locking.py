"""SQLite under concurrency, on real files: a failed COMMIT leaves no transaction behind, queries
outside an interactive transaction go on while it is open, two engines share one file without
"database is locked" reaching the user, and waiting on a lock never blocks the event loop."""

from __future__ import annotations

import functools
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from prisma_dynamic import Prisma, errors
from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema

SCHEMA = """
datasource db {
  provider = "sqlite"
  url      = "file:locking.db"
}

model Item {
  id   Int    @id @default(autoincrement())
  name String
}
"""


@pytest.fixture
def database(tmp_path: Path) -> tuple[Path, Path]:
    schema_path = tmp_path / "schema.prisma"
    schema_path.write_text(SCHEMA)
    file = tmp_path / "locking.db"
    anyio.run(functools.partial(push, load_schema(schema_path), f"file:{file}"))
    return schema_path, file


def _client(database: tuple[Path, Path], transport: str, socket_timeout: float | None = None) -> Any:
    schema_path, file = database
    url = f"file:{file}" + (f"?socket_timeout={socket_timeout}" if socket_timeout is not None else "")
    return Prisma.from_schema(schema_path, interface="sync", transport=transport, datasource={"url": url})


@pytest.fixture(params=["embedded", "http"])
def db(request: pytest.FixtureRequest, database: tuple[Path, Path]) -> Iterator[Any]:
    client = _client(database, request.param, socket_timeout=0.5)
    client.connect()
    try:
        yield client
    finally:
        client.disconnect()


def _p2034(error: BaseException) -> bool:
    return isinstance(error, errors.DataError) and error.code == "P2034"


def test_commit_failing_on_a_lock_leaves_no_transaction_open(db: Any, database: tuple[Path, Path]) -> None:
    manager = db.tx(timeout=60_000)
    tx = manager.start()
    tx.item.create(data={"name": "uncommitted"})
    reader = sqlite3.connect(database[1], isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT * FROM Item").fetchall()  # holds a shared lock: COMMIT cannot write
        with pytest.raises(errors.DataError) as caught:
            manager.commit()
        assert _p2034(caught.value), caught.value
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert db.item.count() == 0  # rolled back, not left pending on the engine's connection
    db.item.create(data={"name": "later"})
    with db.tx() as again:
        again.item.create(data={"name": "in a new transaction"})
    assert sorted(item.name for item in db.item.find_many()) == ["in a new transaction", "later"]


def test_queries_outside_an_open_transaction_do_not_wait_for_it(db: Any) -> None:
    db.item.create(data={"name": "committed"})
    with db.tx(timeout=60_000) as tx:
        tx.item.create(data={"name": "pending"})
        # the same client, outside the transaction: answered now, without the pending row
        assert [item.name for item in db.item.find_many()] == ["committed"]
        assert db.item.count() == 1
        assert tx.item.count() == 2
    assert db.item.count() == 2


def test_write_outside_an_open_write_transaction_fails_with_p2034_not_a_deadlock(db: Any) -> None:
    with db.tx(timeout=60_000) as tx:
        tx.item.create(data={"name": "pending"})
        with pytest.raises(errors.DataError) as caught:
            db.item.create(data={"name": "outside"})  # waits socket_timeout for the write lock
        assert _p2034(caught.value), caught.value
    assert [item.name for item in db.item.find_many()] == ["pending"]


def test_two_engines_on_one_file_run_read_then_write_transactions(database: tuple[Path, Path]) -> None:
    clients = [_client(database, "http"), _client(database, "embedded")]
    for client in clients:
        client.connect()
    failures: list[BaseException] = []

    def work(client: Any, worker: int) -> None:
        for round_ in range(15):
            try:
                with client.tx(max_wait=10_000, timeout=10_000) as tx:
                    seen = tx.item.count()
                    tx.item.create(data={"name": f"{worker}-{round_}-{seen}"})
                client.item.count()  # a read outside, between transactions
            except BaseException as error:
                failures.append(error)

    try:
        threads = [threading.Thread(target=work, args=(clients[i % 2], i)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert failures == []
        names = [item.name for item in clients[0].item.find_many()]
        assert len(names) == 60
        # serializable: every transaction saw all the rows committed before it, so the counts
        # seen are exactly 0..59, each once
        assert sorted(int(name.rsplit("-", 1)[1]) for name in names) == list(range(60))
    finally:
        for client in clients:
            client.disconnect()


WORKERS, SECONDS = 10, 10.0


def test_many_writers_and_readers_see_no_locked_errors(database: tuple[Path, Path]) -> None:
    """10 writers and 10 readers for 10 s, split over two engines on one file (HTTP and embedded):
    no error at all, and every row written is there once."""
    clients = [_client(database, "http"), _client(database, "embedded")]
    for client in clients:
        client.connect()
    failures: list[BaseException] = []
    written = [0] * WORKERS
    reads = [0] * WORKERS
    deadline = time.monotonic() + SECONDS

    def writer(client: Any, worker: int) -> None:
        while time.monotonic() < deadline:
            try:
                client.item.create(data={"name": f"w{worker}-{written[worker]}"})
                written[worker] += 1
            except BaseException as error:
                failures.append(error)
                return

    def reader(client: Any, worker: int) -> None:
        while time.monotonic() < deadline:
            try:
                client.item.find_many(take=5, order={"id": "desc"})
                client.item.count()
                reads[worker] += 1
            except BaseException as error:
                failures.append(error)
                return

    try:
        threads = [threading.Thread(target=writer, args=(clients[i % 2], i)) for i in range(WORKERS)]
        threads += [threading.Thread(target=reader, args=(clients[i % 2], i)) for i in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(SECONDS + 120)
        assert failures == []
        assert all(written) and all(reads), (written, reads)  # every worker got through
        names = [item.name for item in clients[0].item.find_many()]
        assert sorted(names) == sorted(f"w{w}-{n}" for w in range(WORKERS) for n in range(written[w]))
    finally:
        for client in clients:
            client.disconnect()


def test_waiting_on_a_lock_does_not_block_the_event_loop(database: tuple[Path, Path]) -> None:
    schema_path, file = database

    async def main() -> None:
        db = Prisma.from_schema(schema_path, transport="embedded", datasource={"url": f"file:{file}"})
        await db.connect()
        holder = sqlite3.connect(file, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process's write lock
        try:
            ticks = 0
            done = anyio.Event()

            async def write() -> None:
                await db.item.create(data={"name": "waited"})
                done.set()

            async def tick() -> None:
                nonlocal ticks
                # the loop runs while the write waits: after some ticks, let the write through
                while ticks < 20:
                    await anyio.sleep(0.005)
                    ticks += 1
                assert not done.is_set()
                holder.execute("ROLLBACK")

            async with anyio.create_task_group() as group:
                group.start_soon(write)
                group.start_soon(tick)
            assert ticks == 20 and done.is_set()
            assert await db.item.count() == 1
        finally:
            holder.close()
            await db.disconnect()

    anyio.run(main)


def test_transaction_that_cannot_get_the_lock_in_max_wait_is_p2028(db: Any, database: tuple[Path, Path]) -> None:
    holder = sqlite3.connect(database[1], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with pytest.raises(errors.TransactionError, match="Unable to start a transaction in the given time"):
            db.tx(max_wait=100).start()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with db.tx() as tx:  # nothing was left behind
        tx.item.create(data={"name": "after"})
    assert db.item.count() == 1
