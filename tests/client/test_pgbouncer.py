"""PostgreSQL through a real PgBouncer in transaction mode (`pgbouncer=true`, as Prisma's): reads,
writes, raw queries and transactions from many threads, over few server connections.

PgBouncer is the Debian package's binary, started by the test; skipped with a message where it is
missing (never under CI=true).
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import anyio
import pytest

from prisma_dynamic import Prisma
from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema
from tests.databases import (
    create_server_database,
    drop_server_database,
    server_url,
    unique_database_name,
    with_database,
)

SCHEMA = """
datasource db {
  provider = "postgresql"
  url      = env("PGBOUNCER_TEST_URL")
}

model Item {
  id   Int    @id @default(autoincrement())
  name String
}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def bouncer() -> Iterator[tuple[str, Path]]:
    binary = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if os.path.exists("/usr/sbin/pgbouncer") else None)
    if binary is None:
        message = "PgBouncer is not installed (Debian: apt-get install pgbouncer)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    admin = server_url("postgresql")
    server = urlsplit(admin)
    name = unique_database_name()
    create_server_database("postgresql", admin, name)
    # PgBouncer refuses to run as root: as root it runs as the postgres user, which must read its
    # files (pytest's own temporary folders are private to us)
    folder = Path(tempfile.mkdtemp(prefix="pd-pgbouncer-"))
    folder.chmod(0o755)
    port = _free_port()
    (folder / "users.txt").write_text('"postgres" ""\n')
    (folder / "pgbouncer.ini").write_text(
        f"[databases]\n* = host={server.hostname} port={server.port or 5432}\n"
        f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {folder / 'users.txt'}\npool_mode = transaction\n"
        "default_pool_size = 2\nmax_client_conn = 200\n"
        "ignore_startup_parameters = extra_float_digits\n"
    )
    for file in folder.iterdir():
        file.chmod(0o644)
    command = [binary, str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(200):  # until it listens (bounded)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    stderr = process.stderr.read().decode() if process.stderr else ""
                    pytest.fail(f"PgBouncer did not start: {stderr}")
                time.sleep(0.05)
        schema_path = folder / "schema.prisma"
        schema_path.write_text(SCHEMA)
        anyio.run(functools.partial(push, load_schema(schema_path), with_database(admin, name)))
        user = server.username or "postgres"
        yield f"postgresql://{user}@127.0.0.1:{port}/{name}", schema_path
    finally:
        process.terminate()
        process.wait(10)
        drop_server_database("postgresql", admin, name)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("transport", ["embedded", "http"])
def test_queries_through_pgbouncer_in_transaction_mode(bouncer: tuple[str, Path], transport: str) -> None:
    url, schema_path = bouncer
    db = Prisma.from_schema(
        schema_path, interface="sync", transport=transport, datasource={"url": f"{url}?pgbouncer=true"}
    )
    db.connect()
    failures: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for n in range(10):
                db.item.create(data={"name": f"{transport}-{worker}-{n}"})
                db.item.find_many(where={"name": {"startswith": f"{transport}-{worker}"}}, take=3)
                rows = db.query_raw('SELECT COUNT(*)::int AS n FROM "Item" WHERE name LIKE $1', f"{transport}-%")
                assert rows[0]["n"] >= 1
            with db.tx() as tx:
                tx.item.create(data={"name": f"{transport}-{worker}-tx"})
                assert tx.item.count(where={"name": f"{transport}-{worker}-tx"}) == 1
        except BaseException as error:
            failures.append(error)

    try:
        threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert failures == []
        assert db.item.count(where={"name": {"startswith": f"{transport}-"}}) == 66
        assert db.execute_raw('DELETE FROM "Item" WHERE name LIKE $1', f"{transport}-%") == 66
    finally:
        db.disconnect()
