"""One standalone engine process serving several client processes (`engine_url`/`engine_token`)."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from engine_testing import make_certificates

from prisma_dynamic import Prisma, errors
from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema

TOKEN = "shared-engine-token"
SCHEMA = """
datasource db {
  provider = "sqlite"
  url      = env("SHARED_ENGINE_TEST_URL")
}

model Item {
  id   Int    @id @default(autoincrement())
  name String
}
"""

CLIENT = textwrap.dedent(
    """
    import sys
    from prisma_dynamic import Prisma

    db = Prisma.from_schema(sys.argv[1], interface="sync")
    db.connect()
    for n in range(20):
        db.item.create(data={"name": f"{sys.argv[2]}-{n}"})
    with db.tx() as tx:
        tx.item.create(data={"name": f"{sys.argv[2]}-tx-1"})
        tx.item.create(data={"name": f"{sys.argv[2]}-tx-2"})
    db.disconnect()
    print("done")
    """
)


@contextlib.contextmanager
def standalone_engine(folder: Path, *options: str) -> Iterator[tuple[str, Path]]:
    """A standalone engine (`--listen 127.0.0.1:0 --ignore-stdin`, and `options`) on a fresh SQLite
    file: its URL and the schema."""
    schema_path = folder / "schema.prisma"
    schema_path.write_text(SCHEMA)
    url = f"file:{folder / 'shared.db'}"
    anyio.run(functools.partial(push, load_schema(schema_path), url))
    env = {**os.environ, "PRISMA_DYNAMIC_ENGINE_TOKEN": TOKEN, "PRISMA_DYNAMIC_DATASOURCE_URL": url}
    env.pop("PRISMA_DYNAMIC_ENGINE_CORE", None)
    command = [sys.executable, "-m", "prisma_dynamic.engine", "--schema", str(schema_path)]
    engine = subprocess.Popen(
        [*command, "--listen", "127.0.0.1:0", "--ignore-stdin", *options],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        env=env,
    )
    try:
        assert engine.stdout is not None
        ready = json.loads(engine.stdout.readline())
        yield ready["url"], schema_path
    finally:
        engine.terminate()
        engine.wait(10)


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    with standalone_engine(tmp_path) as engine:
        yield engine


def test_two_client_processes_share_one_engine(shared: tuple[str, Path]) -> None:
    engine_url, schema_path = shared
    env = {**os.environ, "PRISMA_DYNAMIC_ENGINE_URL": engine_url, "PRISMA_DYNAMIC_ENGINE_TOKEN": TOKEN}
    env.pop("SHARED_ENGINE_TEST_URL", None)  # the clients do not need the database URL: the engine has it
    clients = [
        subprocess.Popen(
            [sys.executable, "-c", CLIENT, str(schema_path), name], env=env, stdout=subprocess.PIPE, text=True
        )
        for name in ("a", "b")
    ]
    outputs = [client.communicate(timeout=120)[0] for client in clients]
    assert [client.returncode for client in clients] == [0, 0]
    assert all(output.strip() == "done" for output in outputs)
    db = Prisma.from_schema(schema_path, interface="sync", engine_url=engine_url, engine_token=TOKEN)
    db.connect()
    try:
        assert db.item.count() == 44
        assert db.item.count(where={"name": {"contains": "-tx-"}}) == 4
    finally:
        db.disconnect()


def test_a_client_with_another_schema_is_refused(shared: tuple[str, Path], tmp_path: Path) -> None:
    engine_url, _ = shared
    other = tmp_path / "other.prisma"
    other.write_text(SCHEMA.replace("name String", "name String\n  note String?"))
    db = Prisma.from_schema(other, interface="sync", engine_url=engine_url, engine_token=TOKEN)
    with pytest.raises(errors.EngineConnectionError, match="serves another schema"):
        db.connect()


@pytest.mark.anyio
async def test_a_wrong_token_is_refused(shared: tuple[str, Path]) -> None:
    engine_url, schema_path = shared
    db = Prisma.from_schema(schema_path, engine_url=engine_url, engine_token="wrong")
    with pytest.raises(errors.EngineConnectionError, match="refused the token"):
        await db.connect()


def test_an_engine_given_a_certificate_serves_https(tmp_path: Path) -> None:
    ca, cert, key = make_certificates(tmp_path)
    with standalone_engine(tmp_path, "--tls-cert", str(cert), "--tls-key", str(key)) as (engine_url, schema_path):
        assert engine_url.startswith("https://127.0.0.1:")
        db = Prisma.from_schema(schema_path, interface="sync", engine_url=engine_url, engine_token=TOKEN, engine_ca=ca)
        db.connect()
        try:
            db.item.create(data={"name": "over TLS"})
            with db.tx() as tx:
                tx.item.create(data={"name": "in a transaction over TLS"})
            assert db.item.count() == 2
        finally:
            db.disconnect()
        # the system's CAs do not know this one: the certificate is checked, not just accepted
        stranger = Prisma.from_schema(schema_path, interface="sync", engine_url=engine_url, engine_token=TOKEN)
        with pytest.raises(errors.EngineConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
            stranger.connect()
        # nor is the engine reachable in plain HTTP
        plain = Prisma.from_schema(
            schema_path, interface="sync", engine_url=engine_url.replace("https:", "http:"), engine_token=TOKEN
        )
        with pytest.raises(errors.EngineConnectionError):
            plain.connect()


def test_the_ca_can_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ca, cert, key = make_certificates(tmp_path)
    with standalone_engine(tmp_path, "--tls-cert", str(cert), "--tls-key", str(key)) as (engine_url, schema_path):
        monkeypatch.setenv("PRISMA_DYNAMIC_ENGINE_URL", engine_url)
        monkeypatch.setenv("PRISMA_DYNAMIC_ENGINE_TOKEN", TOKEN)
        monkeypatch.setenv("PRISMA_DYNAMIC_ENGINE_CA", str(ca))
        db = Prisma.from_schema(schema_path, interface="sync")
        db.connect()
        try:
            assert db.item.count() == 0
        finally:
            db.disconnect()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
