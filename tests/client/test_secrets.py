"""The datasource URL and its password never appear on the engine process's command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from prisma_dynamic import Prisma, errors
from tests.client.conftest import Database
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
  url      = env("SECRET_TEST_DATABASE_URL")
}

model Item {
  id Int @id @default(autoincrement())
}
"""

PASSWORD = "pw-9f3b1c-never-on-the-command-line"


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc/<pid>/cmdline")
def test_password_is_not_on_the_engine_command_line(tmp_path: Path) -> None:
    admin = server_url("postgresql")
    name = unique_database_name()
    create_server_database("postgresql", admin, name)
    try:
        # the test server trusts local connections, so any password is accepted
        url = with_database(admin, name).replace("postgres@", f"postgres:{PASSWORD}@", 1)
        assert PASSWORD in url
        schema_path = tmp_path / "schema.prisma"
        schema_path.write_text(SCHEMA)
        database = Database("postgresql", url, schema_path)
        client = Prisma.from_schema(database.schema_path, interface="sync", transport="http", datasource={"url": url})
        client.connect()
        try:
            pid = client._transport.pid
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode()
            assert "prisma_dynamic.engine" in cmdline
            assert PASSWORD not in cmdline and name not in cmdline
            assert client.query_raw("SELECT current_database() AS db") == [{"db": name}]
        finally:
            client.disconnect()
    finally:
        drop_server_database("postgresql", admin, name)


@pytest.mark.parametrize("transport", ["http", "embedded"])
def test_start_failure_is_one_line_without_the_password(tmp_path: Path, transport: str) -> None:
    schema_path = tmp_path / "schema.prisma"
    schema_path.write_text(SCHEMA)
    url = f"postgresql://postgres:{PASSWORD}@127.0.0.1:1/nowhere"  # nothing listens on port 1
    client = Prisma.from_schema(schema_path, interface="sync", transport=transport, datasource={"url": url})
    with pytest.raises(errors.EngineConnectionError) as caught:
        client.connect()
    text = str(caught.value)
    assert "Can't reach database server at `127.0.0.1:1`" in text
    assert "\n" not in text  # one line, no engine traceback
    assert PASSWORD not in text
