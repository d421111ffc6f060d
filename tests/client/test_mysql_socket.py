"""MySQL/MariaDB over its Unix socket (`?socket=/path/to/mysqld.sock`, Prisma's URL parameter): the
engine and `db push` both connect through the socket, not the URL's host and port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import anyio
import pymysql
import pytest

from prisma_dynamic import Prisma
from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema
from tests.client.item_schema import ITEM_SCHEMA
from tests.databases import (
    create_server_database,
    drop_server_database,
    server_url,
    unique_database_name,
)


@pytest.fixture
def socket_url() -> Iterator[str]:
    admin = server_url("mysql")
    with pymysql.connect(host="127.0.0.1", port=3306, user="root") as conn, conn.cursor() as cursor:
        cursor.execute("SELECT @@socket")
        (path,) = cursor.fetchone()
    if not path or not Path(path).exists():
        pytest.fail(f"the server names no Unix socket that exists here (@@socket = {path!r})")
    name = unique_database_name()
    create_server_database("mysql", admin, name)
    # Port 1 answers nothing: a connection that used the host and port would fail (P1001).
    yield f"mysql://root@127.0.0.1:1/{name}?socket={quote(path, safe='')}"
    drop_server_database("mysql", admin, name)


def test_engine_and_push_connect_through_the_socket(socket_url: str, tmp_path: Path) -> None:
    schema = tmp_path / "schema.prisma"
    schema.write_text(ITEM_SCHEMA.format(provider="mysql", url=socket_url))
    anyio.run(lambda: push(load_schema(schema), socket_url))
    with Prisma.from_schema(schema, interface="sync", transport="embedded") as client:
        client.item.create(data={"name": "through the socket"})
        assert [item.name for item in client.item.find_many()] == ["through the socket"]
        # A TCP client's host reads `localhost:<its port>`; one on the socket's, `localhost`.
        rows = client.query_raw("SELECT HOST FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()")
        assert rows == [{"HOST": "localhost"}]
