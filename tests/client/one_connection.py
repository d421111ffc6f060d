"""A sync embedded client on a fresh server database (`server_client`), and the one whose pool
holds one connection, waited for 1 s at most: what the pool tests of each server database start
from."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import anyio
import pytest

from prisma_dynamic import Prisma, errors
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
datasource db {{
  provider = "{provider}"
  url      = env("POOL_TEST_URL")
}}

model Item {{
  id   Int    @id @default(autoincrement())
  name String
}}
"""


@contextmanager
def server_client(provider: str, folder: Path, url_parameters: str) -> Iterator[tuple[Any, str]]:
    """-> the connected client (model `Item`), whose URL carries `url_parameters`
    (`connection_limit=4`), and the database's URL; the database is dropped after."""
    admin = server_url(provider)
    name = unique_database_name("pd_pool")
    create_server_database(provider, admin, name)
    url = with_database(admin, name)
    schema_path = folder / "schema.prisma"
    schema_path.write_text(SCHEMA.format(provider=provider))
    anyio.run(functools.partial(push, load_schema(schema_path), url))
    db: Any = Prisma.from_schema(
        schema_path, interface="sync", transport="embedded", datasource={"url": f"{url}?{url_parameters}"}
    )
    db.connect()
    try:
        yield db, url
    finally:
        db.disconnect()
        drop_server_database(provider, admin, name)


def one_connection_client(provider: str, folder: Path) -> AbstractContextManager[tuple[Any, str]]:
    return server_client(provider, folder, "connection_limit=1&pool_timeout=1")


def assert_a_held_pool_times_out_as_p2024(db: Any) -> None:
    """With the one connection held by a transaction, a query waits `pool_timeout` and fails with
    P2024; the connection comes back when the transaction ends."""
    tx = db.tx(timeout=60_000)
    tx.start()  # holds the one connection
    try:
        with pytest.raises(errors.PrismaError, match="Timed out fetching a new connection") as raised:
            db.item.count()
        assert getattr(raised.value, "code", None) == "P2024"
    finally:
        tx.rollback()
    assert db.item.count() == 0
