"""Threads sharing one sync embedded client, as a threaded web server's do: each transaction holds a
row lock across its calls while other threads' statements wait for it inside the engine. The
engine's loop runs in the callers' threads (`transports/caller_loop.py`): this only finishes if
waiting calls do not hold up the caller that will release the lock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.client.one_connection import server_client

THREADS, ROUNDS = 6, 15
LOCKING_READ = {
    "postgresql": 'SELECT "name" FROM "Item" WHERE "id" = $1 FOR UPDATE',
    "mysql": "SELECT `name` FROM `Item` WHERE `id` = ? FOR UPDATE",
}


@pytest.fixture(params=["postgresql", "mysql"])
def shared_client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Any, str]]:
    provider = str(request.param)
    with server_client(provider, tmp_path, "connection_limit=4") as (db, _):
        yield db, provider


def test_threads_take_turns_on_a_locked_row(shared_client: tuple[Any, str]) -> None:
    db, provider = shared_client
    counter = db.item.create(data={"name": "0"})
    failures: list[BaseException] = []

    def work() -> None:
        for _ in range(ROUNDS):
            try:
                with db.tx(max_wait=30_000, timeout=30_000) as tx:
                    (row,) = tx.query_raw(LOCKING_READ[provider], counter.id)
                    tx.item.update(where={"id": counter.id}, data={"name": str(int(row["name"]) + 1)})
                db.item.count()  # a call outside, between transactions
            except BaseException as error:
                failures.append(error)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)  # a deadlock guard, not a timing
    assert not any(thread.is_alive() for thread in threads) and failures == []
    assert db.item.find_unique(where={"id": counter.id}).name == str(THREADS * ROUNDS)
