"""`Prisma`: the client. Reads the schema at run time, starts the engine, owns the delegates.

`Prisma` is the async client and `SyncPrisma` its sync twin; `Prisma(...)` and
`Prisma.from_schema(...)` return the sync one when asked (`interface="sync"`) or when the
schema's Prisma Client Python generator says `interface = "sync"`, as Prisma Client Python did.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from prisma_dynamic import tracing
from prisma_dynamic.client.actions import AsyncActions, SyncActions
from prisma_dynamic.client.batch import AsyncBatch, SyncBatch
from prisma_dynamic.client.drift import DRIFT_CODES, explain_drift
from prisma_dynamic.display import AggregateRows, RecordList, schema_html
from prisma_dynamic.errors import (
    AlreadyConnectedError,
    ClientNotConnectedError,
    DataError,
    TransactionNotStartedError,
)
from prisma_dynamic.metrics import Metrics, metrics_result
from prisma_dynamic.migrate.pull import schema_from_database
from prisma_dynamic.models import ModelRegistry, registry_for
from prisma_dynamic.models.registration import ModelClient, get_client, register
from prisma_dynamic.protocol import QueryBuilder
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.env import load_dotenv_files
from prisma_dynamic.schema.load import find_schema, load_schema
from prisma_dynamic.transports import (
    AsyncEmbeddedTransport,
    AsyncHTTPTransport,
    AsyncTransport,
    EngineConfig,
    SyncEmbeddedTransport,
    SyncHTTPTransport,
    SyncTransport,
)
from prisma_dynamic.transports.remote import (
    ENGINE_CA_ENV,
    ENGINE_TOKEN_ENV,
    ENGINE_URL_ENV,
    AsyncRemoteTransport,
    SyncRemoteTransport,
)

TRANSPORT_ENV = "PRISMA_DYNAMIC_TRANSPORT"
Interface = Literal["asyncio", "sync"]
TransportKind = Literal["http", "embedded"]

protocol_log = logging.getLogger("prisma_dynamic.protocol")


def _show_query_log() -> None:
    """`log_queries=True` in-process: the engine's statements on stderr, as Prisma prints them."""
    logger = logging.getLogger("prisma_dynamic.engine")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("prisma:query %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _seconds(value: int | float | timedelta | None, *, milliseconds: bool = False) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value / 1000 if milliseconds else float(value)


def introspected_schema_file(url: str) -> Path:
    """The schema `db pull` writes for the database at `url`, in a private temporary folder
    removed when the process ends (the engine reads the file, and `reload()` reads it again)."""
    result = schema_from_database(url)
    folder = Path(tempfile.mkdtemp(prefix="prisma-dynamic-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "schema.prisma"
    path.write_text(result.schema, encoding="utf-8")
    return path


def _raw_rows(rows: list[Any], model: type[Any] | None) -> list[Any]:
    """Raw rows in the containers that show as tables in Jupyter."""
    if model is None:
        return AggregateRows(rows)
    return RecordList(rows, getattr(model, "__prisma_model__", None))


# Prisma Client Python's words, which code written for it may filter warnings on.
_NESTED_TRANSACTION = "The current client is already in a transaction. This can lead to surprising behaviour."


class BaseClient(ModelClient):
    """What the async and sync clients share: the schema, the models, the delegates' names."""

    _interface: Interface = "asyncio"

    def __init__(
        self,
        *,
        schema: str | os.PathLike[str] | None = None,
        interface: Interface | None = None,
        datasource: dict[str, str] | None = None,
        transport: TransportKind | None = None,
        auto_register: bool = False,
        log_queries: bool = False,
        use_dotenv: bool = True,
        connect_timeout: int | float | timedelta = timedelta(seconds=10),
        http: dict[str, Any] | None = None,
        engine_url: str | None = None,
        engine_token: str | None = None,
        engine_ca: str | os.PathLike[str] | None = None,
        read_replicas: Sequence[str] | None = None,
    ) -> None:
        path = find_schema(schema)
        if use_dotenv:
            load_dotenv_files(path)
        self._schema_path = path.resolve()
        self._load_schema()
        self._datasource = dict(datasource) if datasource else None
        kind = transport or os.environ.get(TRANSPORT_ENV) or "http"
        if kind not in ("http", "embedded"):
            raise ValueError(f"transport must be 'http' or 'embedded', not {kind!r} (from {TRANSPORT_ENV}?)")
        self._transport_kind: TransportKind = kind  # type: ignore[assignment]
        self._log_queries = log_queries
        if log_queries and self._transport_kind == "embedded":
            _show_query_log()  # over HTTP the engine process writes its query log to our stderr
        self._connect_timeout = _seconds(connect_timeout) or 10.0
        self._http = http
        # A standalone engine shared with other processes (transports/remote.py), instead of our own.
        self._engine_url = engine_url or os.environ.get(ENGINE_URL_ENV) or None
        self._engine_token = engine_token or os.environ.get(ENGINE_TOKEN_ENV) or ""
        # The CA certificate(s) an https engine_url's certificate is checked against (else the system's).
        self._engine_ca = engine_ca or os.environ.get(ENGINE_CA_ENV) or None
        if self._engine_url is not None and not self._engine_token:
            raise ValueError(
                f"engine_url needs engine_token (or {ENGINE_TOKEN_ENV}): the engine refuses requests without it"
            )
        self._tx_id: str | None = None
        self._read_replicas = tuple(read_replicas or ())
        # "primary" or "replica" on the copies `primary()` and `replica()` return (read replicas).
        self._target: str | None = None
        if auto_register:
            register(self)

    def _load_schema(self) -> None:
        """Read the schema file and build what derives from it: models, query builder, delegates."""
        self._schema = load_schema(self._schema_path)
        self._registry: ModelRegistry = registry_for(self._schema)
        self._builder = QueryBuilder(self._schema, self._registry)
        for name in self.__dict__.get("_delegate_models", ()):
            self.__dict__.pop(name, None)  # delegates of the previous schema
        self._delegate_models = {m.instance_name: m.name for m in self._schema.models if not m.is_ignored}

    def _check_reload(self) -> None:
        if self.is_transaction():
            raise RuntimeError("reload() is called on the client itself, not on a transaction's client")

    @classmethod
    def _resolve_interface(cls, schema: str | os.PathLike[str] | None, interface: Interface | None) -> Interface:
        if interface is not None:
            return interface
        generator = load_schema(find_schema(schema)).client_generator
        return generator.interface if generator is not None else "asyncio"

    # -- schema-derived namespaces
    @property
    def schema(self) -> ir.Schema:
        return self._schema

    @property
    def models(self) -> Any:
        return self._registry.models

    @property
    def enums(self) -> Any:
        return self._registry.enums

    @property
    def partials(self) -> Any:
        return self._registry.partials

    def __getattr__(self, name: str) -> Any:
        models = self.__dict__.get("_delegate_models")
        if models is None or name not in models:
            raise AttributeError(f"{type(self).__name__!r} has no attribute {name!r}")
        delegate = self._make_delegate(models[name])
        self.__dict__[name] = delegate  # later look-ups skip __getattr__
        return delegate

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._delegate_models})

    def _engine_config(self) -> EngineConfig:
        url = self._datasource.get("url") if self._datasource else None
        return EngineConfig(
            self._schema_path, datasource_url=url, log_queries=self._log_queries, replica_urls=self._read_replicas
        )

    def primary(self) -> Any:
        """This client, sending every query to the primary database (with ``read_replicas``: reads
        outside transactions go to the replicas otherwise), as Prisma's ``$primary()``."""
        return self._copy_for_target("primary")

    def replica(self) -> Any:
        """This client, sending every query to a read replica, as Prisma's ``$replica()``."""
        return self._copy_for_target("replica")

    def _copy_for_target(self, target: str) -> Any:
        copy = object.__new__(type(self))
        copy.__dict__.update({k: v for k, v in self.__dict__.items() if k in _SHARED_STATE})
        copy._tx_id = self._tx_id
        copy._target = target
        return copy

    def _targeted(self, body: dict[str, Any]) -> dict[str, Any]:
        return body if self._target is None else {**body, "$target": self._target}

    def is_registered(self) -> bool:
        try:
            return get_client() is self
        except Exception:
            return False

    def is_transaction(self) -> bool:
        return self._tx_id is not None

    def _copy_for_transaction(self, tx_id: str) -> Any:
        copy = object.__new__(type(self))
        copy.__dict__.update({k: v for k, v in self.__dict__.items() if k in _SHARED_STATE})
        copy._tx_id = tx_id
        copy._target = None  # a transaction runs on the primary
        return copy

    def _repr_html_(self) -> str:
        """The schema as model cards in Jupyter, under a line saying where the client connects."""
        state = "connected" if self.is_connected() else "not connected"
        heading = f"{type(self).__name__} · {self._schema.provider} · {self._transport_kind} · {state}"
        return schema_html(self._schema, heading)

    def is_connected(self) -> bool:
        raise NotImplementedError

    def _explained(self, error: DataError, query: dict[str, Any]) -> DataError:
        """A missing table or column named as the schema change the database lacks."""
        model = query.get("modelName")
        return explain_drift(error, self._schema, self._schema_path, model if isinstance(model, str) else None)

    def _log_request(self, query: dict[str, Any]) -> None:
        if protocol_log.isEnabledFor(logging.DEBUG):
            protocol_log.debug("request: %s", json.dumps(query, default=str))


# What a transaction's copy of a client shares with the client it came from; delegates are not
# shared (they carry the transaction id).
_SHARED_STATE = frozenset(
    {
        "_schema_path",
        "_schema",
        "_registry",
        "_builder",
        "_datasource",
        "_transport_kind",
        "_log_queries",
        "_connect_timeout",
        "_http",
        "_engine_url",
        "_engine_token",
        "_engine_ca",
        "_read_replicas",
        "_delegate_models",
        "_transport",
    }
)


class _AsyncSender:
    __slots__ = ("_client",)

    def __init__(self, client: Prisma) -> None:
        self._client = client

    async def request(self, query: dict[str, Any], tx_id: str | None) -> Any:
        self._client._log_request(query)
        try:
            body = await self._client._require_transport().request("POST", "/", self._client._targeted(query), tx_id)
        except DataError as error:
            if error.code not in DRIFT_CODES:
                raise
            raise self._client._explained(error, query) from None
        return body["data"]

    async def request_batch(self, batch: dict[str, Any], tx_id: str | None) -> Any:
        self._client._log_request(batch)
        with tracing.span("prisma:client:operation", tracing.batch_attributes(batch)):
            try:
                body = await self._client._require_transport().request(
                    "POST", "/", self._client._targeted(batch), tx_id
                )
            except DataError as error:
                if error.code not in DRIFT_CODES:
                    raise
                raise self._client._explained(error, batch) from None
            return body["batchResult"]


class _SyncSender:
    __slots__ = ("_client",)

    def __init__(self, client: SyncPrisma) -> None:
        self._client = client

    def request(self, query: dict[str, Any], tx_id: str | None) -> Any:
        self._client._log_request(query)
        try:
            body = self._client._require_transport().request("POST", "/", self._client._targeted(query), tx_id)
        except DataError as error:
            if error.code not in DRIFT_CODES:
                raise
            raise self._client._explained(error, query) from None
        return body["data"]

    def request_batch(self, batch: dict[str, Any], tx_id: str | None) -> Any:
        self._client._log_request(batch)
        with tracing.span("prisma:client:operation", tracing.batch_attributes(batch)):
            try:
                body = self._client._require_transport().request("POST", "/", self._client._targeted(batch), tx_id)
            except DataError as error:
                if error.code not in DRIFT_CODES:
                    raise
                raise self._client._explained(error, batch) from None
            return body["batchResult"]


class Prisma(BaseClient):
    """The async client: `db = Prisma.from_schema("schema.prisma"); await db.connect()`."""

    _transport: AsyncTransport | None = None

    def __new__(cls, **options: Any) -> Any:
        if cls is Prisma and cls._resolve_interface(options.get("schema"), options.get("interface")) == "sync":
            return SyncPrisma(**options)
        return super().__new__(cls)

    @classmethod
    def from_schema(cls, path: str | os.PathLike[str] | None = None, **options: Any) -> Any:
        """A client for the schema at `path` (found like Prisma finds it when None)."""
        return cls(schema=path, **options)

    @classmethod
    def from_database(cls, url: str, **options: Any) -> Any:
        """A client for the database at `url` as it is: its tables read as `db pull` reads them."""
        return cls(schema=introspected_schema_file(url), datasource={"url": url}, use_dotenv=False, **options)

    def _make_delegate(self, model: str) -> AsyncActions[Any]:
        return AsyncActions(model, self._builder, _AsyncSender(self), tx_id=self._tx_id)

    def _require_transport(self) -> AsyncTransport:
        if self._transport is None:
            raise ClientNotConnectedError()
        return self._transport

    def is_connected(self) -> bool:
        return self._transport is not None and self._transport.is_connected

    async def connect(self, timeout: int | float | timedelta | None = None) -> None:
        if self.is_connected():
            raise AlreadyConnectedError()
        config = self._engine_config()
        transport: AsyncTransport
        if self._engine_url is not None:
            transport = AsyncRemoteTransport(
                self._engine_url, self._engine_token, self._schema_path, ca=self._engine_ca
            )
        elif self._transport_kind == "embedded":
            transport = AsyncEmbeddedTransport(config)
        else:
            transport = AsyncHTTPTransport(config, http_options=self._http)
        with tracing.span("prisma:client:connect"):
            await transport.connect(timeout=_seconds(timeout) or self._connect_timeout)
        self._transport = transport

    async def disconnect(self, timeout: int | float | timedelta | None = None) -> None:
        transport, self._transport = self._transport, None
        if transport is not None:
            await transport.close(timeout=_seconds(timeout))

    async def reload(self) -> None:
        """Read the schema file again after it changed: new models (`db.models`), delegates and
        query validation, and a connected client reconnects so that the engine runs the new schema
        too. Classes taken from `db.models` before stay those of the old schema; queries running
        meanwhile on other tasks fail, as they do on `disconnect()`."""
        self._check_reload()
        connected = self.is_connected()
        if connected:
            await self.disconnect()
        self._load_schema()
        if connected:
            await self.connect()

    async def __aenter__(self) -> Prisma:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.is_connected():
            await self.disconnect()

    # -- raw SQL
    async def query_raw(self, query: str, *args: Any, model: type[Any] | None = None) -> list[Any]:
        prepared = self._builder.query_raw(query, args, model)
        with tracing.operation_span(prepared.request):
            data = await _AsyncSender(self).request(prepared.request, self._tx_id)
            return _raw_rows(prepared.decode(data), model)

    async def query_first(self, query: str, *args: Any, model: type[Any] | None = None) -> Any:
        rows = await self.query_raw(query, *args, model=model)
        return rows[0] if rows else None

    async def execute_raw(self, query: str, *args: Any) -> int:
        prepared = self._builder.execute_raw(query, args)
        with tracing.operation_span(prepared.request):
            return prepared.decode(await _AsyncSender(self).request(prepared.request, self._tx_id))

    def batch_(self) -> AsyncBatch:
        """Queue writes and send them as one atomic batch: `async with db.batch_() as batch: ...`."""
        return AsyncBatch(self._builder, _AsyncSender(self), self._delegate_models, self._tx_id)

    # -- metrics and transactions
    async def get_metrics(
        self, format: Literal["json", "prometheus"] = "json", *, global_labels: dict[str, str] | None = None
    ) -> Metrics | str:
        """The engine's metrics: a `Metrics` model, or Prometheus text with `format="prometheus"`."""
        return metrics_result(await self._require_transport().request("GET", "/metrics"), format, global_labels)

    def tx(
        self,
        *,
        max_wait: int | timedelta = timedelta(milliseconds=2000),
        timeout: int | timedelta = timedelta(milliseconds=5000),
        isolation_level: str | None = None,
    ) -> AsyncTransactionManager:
        return AsyncTransactionManager(self, max_wait, timeout, isolation_level)


class SyncPrisma(BaseClient):
    """The sync client (`interface = "sync"`); also works inside a running event loop (Jupyter)."""

    _interface: Interface = "sync"
    _transport: SyncTransport | None = None

    @classmethod
    def from_schema(cls, path: str | os.PathLike[str] | None = None, **options: Any) -> SyncPrisma:
        return cls(schema=path, **options)

    @classmethod
    def from_database(cls, url: str, **options: Any) -> SyncPrisma:
        return cls(schema=introspected_schema_file(url), datasource={"url": url}, use_dotenv=False, **options)

    def _make_delegate(self, model: str) -> SyncActions[Any]:
        return SyncActions(model, self._builder, _SyncSender(self), tx_id=self._tx_id)

    def _require_transport(self) -> SyncTransport:
        if self._transport is None:
            raise ClientNotConnectedError()
        return self._transport

    def is_connected(self) -> bool:
        return self._transport is not None and self._transport.is_connected

    def connect(self, timeout: int | float | timedelta | None = None) -> None:
        if self.is_connected():
            raise AlreadyConnectedError()
        config = self._engine_config()
        transport: SyncTransport
        if self._engine_url is not None:
            transport = SyncRemoteTransport(self._engine_url, self._engine_token, self._schema_path, ca=self._engine_ca)
        elif self._transport_kind == "embedded":
            transport = SyncEmbeddedTransport(config)
        else:
            transport = SyncHTTPTransport(config, http_options=self._http)
        with tracing.span("prisma:client:connect"):
            transport.connect(timeout=_seconds(timeout) or self._connect_timeout)
        self._transport = transport

    def disconnect(self, timeout: int | float | timedelta | None = None) -> None:
        transport, self._transport = self._transport, None
        if transport is not None:
            transport.close(timeout=_seconds(timeout))

    def reload(self) -> None:
        """Read the schema file again after it changed (see `Prisma.reload`)."""
        self._check_reload()
        connected = self.is_connected()
        if connected:
            self.disconnect()
        self._load_schema()
        if connected:
            self.connect()

    def __enter__(self) -> SyncPrisma:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.is_connected():
            self.disconnect()

    def query_raw(self, query: str, *args: Any, model: type[Any] | None = None) -> list[Any]:
        prepared = self._builder.query_raw(query, args, model)
        with tracing.operation_span(prepared.request):
            return _raw_rows(prepared.decode(_SyncSender(self).request(prepared.request, self._tx_id)), model)

    def query_first(self, query: str, *args: Any, model: type[Any] | None = None) -> Any:
        rows = self.query_raw(query, *args, model=model)
        return rows[0] if rows else None

    def execute_raw(self, query: str, *args: Any) -> int:
        prepared = self._builder.execute_raw(query, args)
        with tracing.operation_span(prepared.request):
            return prepared.decode(_SyncSender(self).request(prepared.request, self._tx_id))

    def batch_(self) -> SyncBatch:
        """Queue writes and send them as one atomic batch: `with db.batch_() as batch: ...`."""
        return SyncBatch(self._builder, _SyncSender(self), self._delegate_models, self._tx_id)

    def get_metrics(
        self, format: Literal["json", "prometheus"] = "json", *, global_labels: dict[str, str] | None = None
    ) -> Metrics | str:
        """The engine's metrics: a `Metrics` model, or Prometheus text with `format="prometheus"`."""
        return metrics_result(self._require_transport().request("GET", "/metrics"), format, global_labels)

    def tx(
        self,
        *,
        max_wait: int | timedelta = timedelta(milliseconds=2000),
        timeout: int | timedelta = timedelta(milliseconds=5000),
        isolation_level: str | None = None,
    ) -> SyncTransactionManager:
        return SyncTransactionManager(self, max_wait, timeout, isolation_level)


def _transaction_body(
    max_wait: int | timedelta, timeout: int | timedelta, isolation_level: str | None
) -> dict[str, Any]:
    # Integers are milliseconds, as in Prisma Client Python.
    body: dict[str, Any] = {
        "max_wait": int((_seconds(max_wait, milliseconds=True) or 0) * 1000),
        "timeout": int((_seconds(timeout, milliseconds=True) or 0) * 1000),
    }
    if isolation_level is not None:
        body["isolation_level"] = isolation_level
    return body


class AsyncTransactionManager:
    """`async with db.tx() as tx:` commits on success and rolls back on an exception."""

    def __init__(
        self, client: Prisma, max_wait: int | timedelta, timeout: int | timedelta, isolation_level: str | None
    ) -> None:
        self._client = client
        self._body = _transaction_body(max_wait, timeout, isolation_level)
        self._tx_id: str | None = None

    async def start(self) -> Prisma:
        return await self._start()

    async def _start(self) -> Prisma:
        if self._client.is_transaction():
            import warnings

            # pointing at the caller of start() or of `async with`, one frame above this one
            warnings.warn(_NESTED_TRANSACTION, UserWarning, stacklevel=3)
        response = await self._client._require_transport().request("POST", "/transaction/start", self._body)
        self._tx_id = str(response["id"])
        copy: Prisma = self._client._copy_for_transaction(self._tx_id)
        return copy

    async def commit(self) -> None:
        if self._tx_id is None:
            raise TransactionNotStartedError()
        await self._client._require_transport().request("POST", f"/transaction/{self._tx_id}/commit")

    async def rollback(self) -> None:
        if self._tx_id is None:
            raise TransactionNotStartedError()
        await self._client._require_transport().request("POST", f"/transaction/{self._tx_id}/rollback")

    async def __aenter__(self) -> Prisma:
        return await self._start()

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc is None:
            await self.commit()
            return
        try:
            await self.rollback()
        except Exception:  # the original exception matters more
            logging.getLogger("prisma_dynamic.client").exception("rolling back the transaction failed")


class SyncTransactionManager:
    """`with db.tx() as tx:` commits on success and rolls back on an exception."""

    def __init__(
        self, client: SyncPrisma, max_wait: int | timedelta, timeout: int | timedelta, isolation_level: str | None
    ) -> None:
        self._client = client
        self._body = _transaction_body(max_wait, timeout, isolation_level)
        self._tx_id: str | None = None

    def start(self) -> SyncPrisma:
        return self._start()

    def _start(self) -> SyncPrisma:
        if self._client.is_transaction():
            import warnings

            # pointing at the caller of start() or of `with`, one frame above this one
            warnings.warn(_NESTED_TRANSACTION, UserWarning, stacklevel=3)
        response = self._client._require_transport().request("POST", "/transaction/start", self._body)
        self._tx_id = str(response["id"])
        copy: SyncPrisma = self._client._copy_for_transaction(self._tx_id)
        return copy

    def commit(self) -> None:
        if self._tx_id is None:
            raise TransactionNotStartedError()
        self._client._require_transport().request("POST", f"/transaction/{self._tx_id}/commit")

    def rollback(self) -> None:
        if self._tx_id is None:
            raise TransactionNotStartedError()
        self._client._require_transport().request("POST", f"/transaction/{self._tx_id}/rollback")

    def __enter__(self) -> SyncPrisma:
        return self._start()

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc is None:
            self.commit()
            return
        try:
            self.rollback()
        except Exception:
            logging.getLogger("prisma_dynamic.client").exception("rolling back the transaction failed")


__all__ = ["BaseClient", "Prisma", "SyncPrisma"]
