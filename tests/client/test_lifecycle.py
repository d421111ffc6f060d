"""The client's life: construction, discovery, registry, the real engine process dying and coming back,
and a database made by Prisma's own DDL used as it is."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from prisma_dynamic import Prisma, errors
from prisma_dynamic.models import registration as registry
from tests.conftest import SCHEMAS

SEED_SCHEMA = """\
datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model Post {
  id        Int     @id @default(autoincrement())
  title     String
  content   String?
  views     Int     @default(0)
  published Boolean @default(false)
  author    User?   @relation(fields: [author_id], references: [id])
  author_id Int?
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}
"""


@pytest.fixture
def prisma_made_database(tmp_path: Path, schemas_dir: Path) -> Path:
    """examples' schema in tmp_path, with dev.db created by Prisma's own DDL for it."""
    (tmp_path / "schema.prisma").write_text(SEED_SCHEMA)
    ddl = (schemas_dir / "ddl" / "seed-quickstart.sql").read_text()
    connection = sqlite3.connect(tmp_path / "dev.db")
    connection.executescript(ddl)
    connection.close()
    return tmp_path / "schema.prisma"


def test_database_made_by_prismas_ddl_works_unchanged(prisma_made_database: Path) -> None:
    db = Prisma.from_schema(prisma_made_database, interface="sync", transport="embedded")
    with db:
        user = db.user.create(data={"email": "a@b.c", "posts": {"create": {"title": "Hi"}}}, include={"posts": True})
        assert [p.title for p in user.posts] == ["Hi"]
        assert db.post.find_first(include={"author": True}).author.email == "a@b.c"


def test_relative_sqlite_url_is_relative_to_the_schema(prisma_made_database: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cwd = os.getcwd()
    os.chdir(elsewhere)
    try:
        db = Prisma.from_schema(prisma_made_database, interface="sync", transport="embedded")
        with db:
            db.user.create(data={"email": "x@y.z"})
    finally:
        os.chdir(cwd)
    assert not (elsewhere / "dev.db").exists()
    rows = sqlite3.connect(tmp_path / "dev.db").execute('SELECT email FROM "User"').fetchall()
    assert rows == [("x@y.z",)]


def test_killed_engine_is_restarted(prisma_made_database: Path) -> None:
    db = Prisma.from_schema(prisma_made_database, interface="sync", transport="http")
    with db:
        db.user.create(data={"email": "before@kill.com"})
        pid = db._transport.pid  # type: ignore[union-attr]
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        assert db.user.count() == 1  # the next query started a new engine
        assert db._transport.pid != pid  # type: ignore[union-attr]


def test_no_engine_left_after_disconnect_or_exit(prisma_made_database: Path) -> None:
    db = Prisma.from_schema(prisma_made_database, interface="sync", transport="http")
    db.connect()
    pid = db._transport.pid  # type: ignore[union-attr]
    db.disconnect()
    assert not _alive(pid)
    script = textwrap.dedent(
        f"""
        from prisma_dynamic import Prisma
        db = Prisma.from_schema({str(prisma_made_database)!r}, interface="sync", transport="http")
        db.connect()
        print(db._transport.pid, flush=True)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    child = int(done.stdout.strip())
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (exited, not yet reaped by its parent) is not running
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def test_query_before_connect_and_double_connect(prisma_made_database: Path) -> None:
    db = Prisma.from_schema(prisma_made_database, interface="sync", transport="embedded")
    with pytest.raises(errors.ClientNotConnectedError):
        db.user.count()
    db.connect()
    try:
        with pytest.raises(errors.AlreadyConnectedError):
            db.connect()
        assert db.is_connected()
    finally:
        db.disconnect()
    assert not db.is_connected()


def test_schema_discovery_and_interface_from_the_generator(tmp_path: Path, prisma_made_database: Path) -> None:
    prisma_dir = tmp_path / "project" / "prisma"
    prisma_dir.mkdir(parents=True)
    (prisma_dir / "schema.prisma").write_text(
        SEED_SCHEMA + '\ngenerator client {\n  provider  = "prisma-client-py"\n  interface = "sync"\n}\n'
    )
    cwd = os.getcwd()
    os.chdir(tmp_path / "project")
    try:
        db = Prisma()  # ./prisma/schema.prisma, sync because the generator says so
    finally:
        os.chdir(cwd)
    assert type(db).__name__ == "SyncPrisma"
    assert sorted(db.models) == ["Post", "User"] and hasattr(db, "user") and hasattr(db, "post")


def test_invalid_schema_raises_schema_error(tmp_path: Path) -> None:
    path = tmp_path / "schema.prisma"
    path.write_text('datasource db {\n  provider = "sqlite"\n  url = "file:x.db"\n}\nmodel A {\n  id Intt @id\n}\n')
    with pytest.raises(errors.SchemaError) as caught:
        Prisma.from_schema(path)
    assert "schema.prisma:6:" in str(caught.value) and "Intt" in str(caught.value)


def test_registry_and_model_prisma(prisma_made_database: Path) -> None:
    registry.unregister()
    db = Prisma.from_schema(prisma_made_database, interface="sync", transport="embedded", auto_register=True)
    try:
        assert registry.get_client() is db and db.is_registered()
        with pytest.raises(errors.ClientAlreadyRegisteredError):
            registry.register(db)
        with db:
            created = db.models.User.prisma().create(data={"email": "model@prisma.io"})
            assert isinstance(created, db.models.User)
            from prisma_dynamic.models import User

            assert User is db.models.User
    finally:
        registry.unregister()
    with pytest.raises(errors.ClientNotRegisteredError):
        registry.get_client()


def test_seed_schema_of_the_corpus_loads(schemas_dir: Path) -> None:
    db = Prisma.from_schema(SCHEMAS / "valid" / "seed-quickstart.prisma")
    assert sorted(db.models) == ["Post", "User"]


@pytest.mark.parametrize(
    ("module", "driver", "extra"),
    [("postgresql", "PostgresDriver", "prisma-dynamic[postgresql]"), ("mysql", "MysqlDriver", "prisma-dynamic[mysql]")],
)
def test_a_missing_driver_names_the_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, module: str, driver: str, extra: str
) -> None:
    import importlib

    from prisma_dynamic.engine.core import EngineUserError

    drivers = importlib.import_module(f"prisma_dynamic.engine.drivers.{module}")
    monkeypatch.setattr(drivers, "asyncpg" if module == "postgresql" else "asyncmy", None)
    with pytest.raises(EngineUserError) as caught:
        getattr(drivers, driver)(f"{module}://user@127.0.0.1/db", {})
    assert extra in caught.value.message


def test_instance_name_override(tmp_path: Path) -> None:
    path = tmp_path / "schema.prisma"
    path.write_text(SEED_SCHEMA.replace("model User {", '/// @Python(instance_name: "person")\nmodel User {'))
    db = Prisma.from_schema(path, interface="sync", transport="embedded")
    assert hasattr(db, "person") and not hasattr(db, "user") and hasattr(db, "post")


def test_a_forgotten_disconnect_exits_quietly(prisma_made_database: Path) -> None:
    script = textwrap.dedent(
        f"""
        import asyncio
        from prisma_dynamic import Prisma

        async def main():
            db = Prisma.from_schema({str(prisma_made_database)!r}, transport="http")
            await db.connect()
            print(await db.user.count(), flush=True)

        asyncio.run(main())
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "0"
    assert "Traceback" not in done.stderr and "Event loop is closed" not in done.stderr, done.stderr


@pytest.mark.parametrize("transport", ["embedded", "http"])
def test_log_queries_shows_the_sql(prisma_made_database: Path, transport: str) -> None:
    script = textwrap.dedent(
        f"""
        from prisma_dynamic import Prisma
        db = Prisma.from_schema(
            {str(prisma_made_database)!r}, interface="sync", transport={transport!r}, log_queries=True
        )
        with db:
            db.user.find_first(where={{"email": {{"contains": "needle"}}}})
        """
    )
    quiet = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert 'FROM "User"' in quiet.stderr and "needle" not in quiet.stderr, quiet.stderr  # parameters: opt-in
    assert re.search(r"FROM \"User\".* \(\d+\.\d\d ms\)", quiet.stderr), quiet.stderr  # with its duration
    env = {**os.environ, "PRISMA_DYNAMIC_LOG_PARAMS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True, env=env
    )
    assert 'FROM "User"' in done.stderr and "%needle%" in done.stderr, done.stderr


def test_metrics_and_testing_helpers(prisma_made_database: Path) -> None:
    from prisma_dynamic.metrics import Metrics
    from prisma_dynamic.testing import reset_client

    db = Prisma.from_schema(prisma_made_database, interface="sync", transport="embedded")
    with db:
        db.user.count()
        metrics = db.get_metrics()
        assert isinstance(metrics, Metrics)
        queries = next(c for c in metrics.counters if c.key == "prisma_client_queries_total")
        assert queries.value >= 1
        text = db.get_metrics(format="prometheus", global_labels={"app": "test"})
        assert isinstance(text, str) and 'prisma_client_queries_total{app="test"}' in text
    with reset_client(db):
        assert registry.get_client() is db
    with pytest.raises(errors.ClientNotRegisteredError):
        registry.get_client()
