"""Killing the engine process (SIGKILL) at the worst moments: no write is applied twice, none is
lost, and the client goes on with a restarted engine.

The engine is the real one (`killing_core` wraps it to kill its own process once, at the moment a
test asks for), on a real SQLite file, a real PostgreSQL and a real MariaDB database, over the HTTP transport.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from prisma_dynamic import errors
from tests.client.conftest import Api, Database, connect_api, pushed_database

HERE = Path(__file__).resolve().parent

SCHEMA = """
datasource db {{
  provider = "{provider}"
  url      = env("CRASH_TEST_DATABASE_URL")
}}

model Item {{
  id   Int    @id @default(autoincrement())
  name String
}}
"""


class Crashing:
    """A connected client whose engine dies once when `arm(moment)` says so."""

    def __init__(self, api: Api, flag: Path) -> None:
        self.api = api
        self.flag = flag

    def arm(self, moment: str) -> int:
        """Arm the kill; return the pid of the engine that will die."""
        self.flag.write_text(moment)
        pid: int = self.api.client._transport.pid
        return pid

    def names(self) -> list[str]:
        return sorted(item.name for item in self.api.item.find_many())


@pytest.fixture(scope="module", params=["sqlite", "postgresql", "mysql"])
def crash_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    provider: str = request.param
    folder = tmp_path_factory.mktemp(f"crash-{provider}")
    schema_path = folder / "schema.prisma"
    schema_path.write_text(SCHEMA.format(provider=provider))
    with pushed_database(provider, schema_path, "crash.db") as made:
        yield made


@pytest.fixture(params=["async", "sync"])
def crashing(
    request: pytest.FixtureRequest, crash_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Crashing]:
    flag = tmp_path / "kill-flag"
    monkeypatch.setenv("PRISMA_DYNAMIC_ENGINE_CORE", "killing_core:build_core")
    monkeypatch.setenv("KILLING_CORE_FLAG", str(flag))
    monkeypatch.setenv("PYTHONPATH", f"{HERE}:{HERE.parent.parent}")
    with connect_api(crash_database, "http", request.param) as api:
        api.item.delete_many()
        yield Crashing(api, flag)


def test_create_killed_after_its_commit_is_not_applied_twice(crashing: Crashing) -> None:
    for attempt in range(3):
        dead = crashing.arm("after")
        with pytest.raises(errors.RequestOutcomeUnknownError, match="not sent again"):
            crashing.api.item.create(data={"name": f"once-{attempt}"})
        assert crashing.api.client._transport.pid != dead
    assert crashing.names() == ["once-0", "once-1", "once-2"]
    crashing.api.item.create(data={"name": "next"})  # the restarted engine goes on
    assert crashing.api.item.count() == 4


def test_large_create_many_killed_after_its_commit_is_not_applied_twice(crashing: Crashing) -> None:
    for attempt in range(2):
        dead = crashing.arm("after")
        with pytest.raises(errors.RequestOutcomeUnknownError):
            crashing.api.item.create_many(data=[{"name": f"row-{attempt}-{i}"} for i in range(10_000)])
        assert crashing.api.client._transport.pid != dead
    # every row once: 10,000 distinct names per attempt, and no more rows than that
    assert crashing.api.item.count() == 20_000
    for attempt in range(2):
        assert crashing.api.item.count(where={"name": {"startswith": f"row-{attempt}-"}}) == 10_000
    crashing.api.item.create(data={"name": "next"})  # the restarted engine goes on
    assert crashing.api.item.count() == 20_001


def test_write_killed_before_it_ran_is_reported_not_resent(crashing: Crashing) -> None:
    crashing.arm("before")
    with pytest.raises(errors.RequestOutcomeUnknownError):
        crashing.api.item.create(data={"name": "never"})
    assert crashing.names() == []


def test_batch_killed_after_its_commit_is_not_applied_twice(crashing: Crashing) -> None:
    if crashing.api.interface == "sync":
        crashing.arm("after")
        with pytest.raises(errors.RequestOutcomeUnknownError), crashing.api.client.batch_() as batch:
            batch.item.create(data={"name": "a"})
            batch.item.create(data={"name": "b"})
    else:

        async def run() -> None:
            async with crashing.api.client.batch_() as batch:
                batch.item.create(data={"name": "a"})
                batch.item.create(data={"name": "b"})

        crashing.arm("after")
        with pytest.raises(errors.RequestOutcomeUnknownError):
            crashing.api.run(run)
    assert crashing.names() == ["a", "b"]


def test_read_killed_before_it_ran_is_sent_again(crashing: Crashing) -> None:
    crashing.api.item.create(data={"name": "kept"})
    dead = crashing.arm("before")
    assert [item.name for item in crashing.api.item.find_many()] == ["kept"]
    assert crashing.api.client._transport.pid != dead
    dead = crashing.arm("after")
    assert crashing.api.item.count() == 1
    assert crashing.api.client._transport.pid != dead


def _transaction(crashing: Crashing, names: list[str]) -> None:
    api = crashing.api
    if api.interface == "sync":
        with api.client.tx() as tx:
            for name in names:
                tx.item.create(data={"name": name})
        return

    async def run() -> None:
        async with api.client.tx() as tx:
            for name in names:
                await tx.item.create(data={"name": name})

    api.run(run)


def test_engine_killed_inside_a_transaction_says_the_transaction_was_lost(crashing: Crashing) -> None:
    crashing.arm("after")  # the first create inside the transaction runs, then the engine dies
    with pytest.raises(errors.TransactionLostError, match="not committed"):
        _transaction(crashing, ["in-tx-1", "in-tx-2"])
    assert crashing.names() == []
    _transaction(crashing, ["again"])
    assert crashing.names() == ["again"]


def test_engine_killed_after_a_commit_keeps_the_transaction_once(crashing: Crashing) -> None:
    crashing.arm("commit")
    with pytest.raises(errors.RequestOutcomeUnknownError, match="committing"):
        _transaction(crashing, ["c1", "c2"])
    assert crashing.names() == ["c1", "c2"]
