"""Every client test runs on each database, each transport and each interface.

`api` is a connected client for one combination: (sqlite | postgresql | mysql) x (embedded |
http) x (async | sync). Async clients are driven through a blocking portal so that one test body
exercises both interfaces; the tables are emptied before each test.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal

from prisma_dynamic import Prisma
from prisma_dynamic.client.actions import AsyncActions
from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema
from tests.databases import (
    create_server_database,
    drop_server_database,
    server_url,
    unique_database_name,
    with_database,
)

TEMPLATE = Path(__file__).with_name("schema.prisma.template")
DATABASES = ("sqlite", "postgresql", "mysql")
TRANSPORTS = ("embedded", "http")
INTERFACES = ("async", "sync")


class Database:
    def __init__(self, provider: str, url: str, schema_path: Path) -> None:
        self.provider = provider
        self.url = url
        self.schema_path = schema_path


@contextlib.contextmanager
def pushed_database(
    provider: str, schema_path: Path, sqlite_file: str = "test.db", prefix: str = "pd_test"
) -> Iterator[Database]:
    """A fresh database with the schema at `schema_path` pushed, dropped afterwards: on SQLite the
    file `sqlite_file` next to the schema, on a server a new database named after `prefix`."""
    admin = None
    if provider == "sqlite":
        url = f"file:{schema_path.parent / sqlite_file}"
    else:
        admin = server_url(provider)
        name = unique_database_name(prefix)
        create_server_database(provider, admin, name)
        url = with_database(admin, name)
    try:
        anyio.run(functools.partial(push, load_schema(schema_path), url))
        yield Database(provider, url, schema_path)
    finally:
        if admin is not None:
            drop_server_database(provider, admin, name)


@contextlib.contextmanager
def make_database(provider: str, template: Path, folder: Path) -> Iterator[Database]:
    """A fresh database for `template` (its `{provider}` filled in), pushed, dropped afterwards."""
    schema_path = folder / "schema.prisma"
    # SQLite has no native types: there a VarChar(5) column is an unbounded TEXT, as in Prisma.
    short = "" if provider == "sqlite" else "@db.VarChar(5)"
    schema_path.write_text(template.read_text().replace("{provider}", provider).replace("{short_string_type}", short))
    with pushed_database(provider, schema_path) as made:
        yield made


@pytest.fixture(scope="session", params=DATABASES)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    provider: str = request.param
    with make_database(provider, TEMPLATE, tmp_path_factory.mktemp(f"client-{provider}")) as made:
        yield made


@pytest.fixture(scope="session", params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


@pytest.fixture(scope="session", params=INTERFACES)
def interface(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


class PortalDelegate:
    """An async delegate whose methods run to completion on the portal's event loop."""

    def __init__(self, delegate: Any, portal: BlockingPortal) -> None:
        self._delegate = delegate
        self._portal = portal

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._delegate, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self._portal.call(functools.partial(method, *args, **kwargs))

        return call


class Api:
    """One client, presented with sync calls whatever its interface."""

    def __init__(self, client: Any, portal: BlockingPortal | None, database: Database, transport: str) -> None:
        self.client = client
        self.portal = portal
        self.provider = database.provider
        self.transport = transport
        self.interface = "async" if portal is not None else "sync"

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.client, name)
        if self.portal is None:
            return value
        if isinstance(value, AsyncActions):
            return PortalDelegate(value, self.portal)
        if callable(value):
            portal = self.portal
            return lambda *a, **k: portal.call(functools.partial(value, *a, **k))
        return value

    def run(self, function: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a coroutine function on the client's loop (async) or call it (sync)."""
        if self.portal is None:
            return function(*args, **kwargs)
        return self.portal.call(functools.partial(function, *args, **kwargs))

    def empty_tables(self) -> None:
        for delegate in ("membership", "profile", "post", "tag", "types", "user"):
            getattr(self, delegate).delete_many()


@contextlib.contextmanager
def connect_api(database: Database, transport: str, interface: str) -> Iterator[Api]:
    """A connected client on `database`, for one transport and interface."""
    options: dict[str, Any] = {"transport": transport, "datasource": {"url": database.url}}
    if interface == "sync":
        client = Prisma.from_schema(database.schema_path, interface="sync", **options)
        client.connect()
        try:
            yield Api(client, None, database, transport)
        finally:
            client.disconnect()
        return
    with start_blocking_portal() as portal:
        client = Prisma.from_schema(database.schema_path, **options)
        portal.call(client.connect)
        try:
            yield Api(client, portal, database, transport)
        finally:
            portal.call(client.disconnect)


@pytest.fixture(scope="session")
def connected(database: Database, transport: str, interface: str) -> Iterator[Api]:
    with connect_api(database, transport, interface) as api:
        yield api


@pytest.fixture
def api(connected: Api) -> Api:
    connected.empty_tables()
    return connected
