"""The MySQL pool's checkout (engine/drivers/mysql.py): a query that gets no connection within
`pool_timeout` is P2024, and a connection comes back usable after a transaction, failed or not,
with its statements (which share one cursor) answering in turn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from prisma_dynamic import errors
from tests.client.one_connection import assert_a_held_pool_times_out_as_p2024, one_connection_client


@pytest.fixture
def one_connection(tmp_path: Path) -> Iterator[Any]:
    """A sync embedded client on MariaDB whose pool holds one connection (waited for 1 s at most)."""
    with one_connection_client("mysql", tmp_path) as (db, _):
        yield db


def test_mysql_query_that_gets_no_connection_in_pool_timeout_is_p2024(one_connection: Any) -> None:
    db = one_connection
    assert_a_held_pool_times_out_as_p2024(db)


def test_mysql_failed_transaction_leaves_the_connection_usable(one_connection: Any) -> None:
    db = one_connection
    with pytest.raises(RuntimeError), db.tx() as tx:
        tx.item.create(data={"name": "rolled back"})
        raise RuntimeError("the caller gives up")
    # The one connection is back outside any transaction: this write commits on its own.
    db.item.create(data={"name": "kept"})
    assert [i.name for i in db.item.find_many()] == ["kept"]
    assert db.query_raw("SELECT @@in_transaction AS open")[0]["open"] == 0


def test_mysql_statements_of_one_transaction_answer_in_turn(one_connection: Any) -> None:
    db = one_connection
    with db.tx() as tx:
        made = [tx.item.create(data={"name": f"n{i}"}) for i in range(5)]
        assert [m.name for m in made] == [f"n{i}" for i in range(5)]
        assert tx.item.count() == 5
        assert tx.query_raw("SELECT COUNT(*) AS n FROM Item")[0]["n"] == 5
        with pytest.raises(errors.PrismaError):
            tx.query_raw("SELECT * FROM NoSuchTable")
        assert tx.item.count() == 5  # the shared cursor answers after a failed statement
    assert sorted(i.name for i in db.item.find_many()) == [f"n{i}" for i in range(5)]
