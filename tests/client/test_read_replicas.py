"""Read replicas (Prisma's read-replicas extension): reads outside transactions go to the replicas,
writes, raw queries and transactions to the primary; `db.primary()` / `db.replica()` choose.

Against a real streaming replica: the test makes a primary with the PostgreSQL server's own
binaries (`initdb`, `pg_ctl`), copies it with `pg_basebackup -R` and starts the copy as a hot
standby. Skipped with a message where the binaries are missing (never under CI=true).
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from prisma_dynamic import Prisma, errors
from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema

SCHEMA = """
datasource db {
  provider = "postgresql"
  url      = env("REPLICA_TEST_URL")
}

model Item {
  id   Int    @id @default(autoincrement())
  name String
}
"""


def _binaries() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if all(os.path.exists(os.path.join(candidate, b)) for b in ("initdb", "pg_ctl", "pg_basebackup")):
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Cluster:
    """A primary and its streaming replica, run as the postgres user when we are root."""

    def __init__(self, binaries: Path) -> None:
        self.bin = binaries
        self.dir = Path(tempfile.mkdtemp(prefix="pd-replica-"))
        self.dir.chmod(0o755)
        self.primary_port = _free_port()
        self.replica_port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")

    def run(self, *command: str) -> None:
        argv = [str(self.bin / command[0]), *command[1:]]
        if os.geteuid() == 0:
            argv = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in argv)]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def start(self, data: str, port: int) -> None:
        options = f"-p {port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self.run(
            "pg_ctl", "-D", str(self.dir / data), "-o", options, "-l", str(self.dir / f"{data}.log"), "-w", "start"
        )

    def stop(self, data: str) -> None:
        if (self.dir / data / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.dir / data), "-m", "immediate", "-w", "stop")

    def url(self, port: int, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{port}/{database}"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    binaries = _binaries()
    if binaries is None:
        message = "PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup) are not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    cluster = Cluster(binaries)
    try:
        cluster.run("initdb", "-D", str(cluster.dir / "primary"), "-A", "trust", "-U", "postgres")
        with open(cluster.dir / "primary" / "pg_hba.conf", "a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        cluster.start("primary", cluster.primary_port)
        backup = ["-h", "127.0.0.1", "-p", str(cluster.primary_port), "-U", "postgres", "-R", "-X", "stream"]
        cluster.run("pg_basebackup", *backup, "-D", str(cluster.dir / "replica"))
        cluster.start("replica", cluster.replica_port)
        yield cluster
    finally:
        cluster.stop("replica")
        cluster.stop("primary")
        shutil.rmtree(cluster.dir, ignore_errors=True)


def _wait_replicated(url: str, expected: int) -> None:
    """Until the replica has `expected` items (bounded: replication is asynchronous)."""
    import asyncpg

    async def count() -> int:
        connection = await asyncpg.connect(url)
        try:
            return int(await connection.fetchval('SELECT COUNT(*) FROM "Item"'))
        finally:
            await connection.close()

    for _ in range(400):
        if anyio.run(count) == expected:
            return
        time.sleep(0.025)
    raise AssertionError(f"the replica never reached {expected} items")


@pytest.mark.parametrize("transport", ["embedded", "http"])
def test_reads_go_to_the_replica_and_writes_to_the_primary(cluster: Cluster, transport: str, tmp_path: Path) -> None:
    schema_path = tmp_path / "schema.prisma"
    schema_path.write_text(SCHEMA)
    primary_url = cluster.url(cluster.primary_port)
    replica_url = cluster.url(cluster.replica_port)
    anyio.run(functools.partial(push, load_schema(schema_path), primary_url))
    db = Prisma.from_schema(
        schema_path,
        interface="sync",
        transport=transport,
        datasource={"url": primary_url},
        read_replicas=[replica_url],
    )
    db.connect()
    try:
        for n in range(3):
            db.item.create(data={"name": f"item-{n}"})  # a replica would refuse: read-only
        with db.tx() as tx:
            tx.item.create(data={"name": "in-tx"})
            assert tx.item.count() == 4  # the transaction reads its own writes: on the primary
        assert db.primary().item.count() == 4
        _wait_replicated(replica_url, 4)
        assert db.item.count() == 4
        assert db.replica().item.count() == 4
        assert db.query_raw("SELECT pg_is_in_recovery() AS standby") == [{"standby": False}]
        with pytest.raises(errors.PrismaError, match="read-only"):
            db.replica().item.create(data={"name": "refused"})

        cluster.stop("primary")  # now only the replica can answer
        assert sorted(item.name for item in db.item.find_many()) == ["in-tx", "item-0", "item-1", "item-2"]
        with pytest.raises(errors.PrismaError):
            db.item.create(data={"name": "nowhere to write"})
        with pytest.raises(errors.PrismaError):
            db.primary().item.count()
    finally:
        db.disconnect()
