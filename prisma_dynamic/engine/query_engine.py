"""The engine proper: JSON-protocol requests in, results out (an `EngineCore`).

Reads are compiled into plans cached by query shape (`shape.py`); writes run as short programs
inside a savepoint so that a nested write is all or nothing; interactive transactions own a
connection until they end.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import os
import secrets
import sys
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime, timezone
from decimal import Decimal
from types import TracebackType
from typing import Any

import anyio

from prisma_dynamic.dialects import Dialect
from prisma_dynamic.engine import tracing
from prisma_dynamic.engine.aggregates import AggregateCompiler, AggregatePlan, shape_result
from prisma_dynamic.engine.catalog import Catalog, Key, ModelInfo
from prisma_dynamic.engine.core import READ_ACTIONS, EngineUserError, record_not_found
from prisma_dynamic.engine.drivers.base import ISOLATION_SQL, ConnectionSource, DriverConnection, LoggedConnection
from prisma_dynamic.engine.limits import check_request
from prisma_dynamic.engine.metrics import EngineMetrics, WatchedConnection
from prisma_dynamic.engine.nested_writes import NestedWriteTables
from prisma_dynamic.engine.reads import ReadCompiler, ReadPlan, ReadRunner, backwards_levels
from prisma_dynamic.engine.returned import ReturnedRecords
from prisma_dynamic.engine.shape import ShapeKey, parametrize
from prisma_dynamic.engine.single_statement import SingleStatementWrites
from prisma_dynamic.engine.values import untag
from prisma_dynamic.engine.writes import Writer, WriteTables, key_as_where
from prisma_dynamic.schema import ir

log = logging.getLogger("prisma_dynamic.engine")
LOG_PARAMS_ENV = "PRISMA_DYNAMIC_LOG_PARAMS"

# Exceptions a malformed request raises in the compiler (wrong JSON types where objects are
# expected, unknown keys, values no database can bind).
_MALFORMED = (TypeError, AttributeError, KeyError, IndexError, ValueError, OverflowError, RecursionError)

_READS = {"findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany"}


class _Transaction:
    __slots__ = ("conn", "lock", "release", "started", "timeout_ms")

    def __init__(self, conn: DriverConnection, release: Any, timeout_ms: int) -> None:
        self.conn = conn
        self.release = release  # closes the acquire() context
        self.started = time.monotonic()
        self.timeout_ms = timeout_ms
        # One statement at a time on the connection: concurrent requests of the transaction, and
        # its expiry, wait for the one running (a driver cannot interleave two on one connection).
        # asyncio's lock (the engine runs on asyncio): taken free, it does not yield to the event
        # loop, where anyio's passes through it once per acquire (each request of a transaction).
        self.lock = asyncio.Lock()

    def expired(self, operation: str) -> EngineUserError | None:
        """Prisma's error for `operation` ("A query", "A commit") once the timeout has passed, else
        None. Checked on every use as well as by the expiry task: that task only runs while the
        event loop does, and the sync embedded transport runs it only during its calls."""
        elapsed = int((time.monotonic() - self.started) * 1000)
        if elapsed <= self.timeout_ms:
            return None
        return EngineUserError(
            "P2028",
            f"Transaction already closed: {operation} cannot be executed on an expired transaction. The timeout "
            f"for this transaction was {self.timeout_ms} ms, however {elapsed} ms passed since the start of the "
            "transaction. Consider increasing the interactive transaction timeout or doing less work in the "
            "transaction.",
            {},
        )


class _Lease:
    """The connection a request runs on, as an async context manager: its interactive
    transaction's (one request at a time, under the transaction's lock) or one of the pool's (or
    a replica's), counted in the metrics while waited for and while busy. A class, not a
    generator: every request enters one."""

    __slots__ = ("_engine", "_pooled", "_source", "_transaction", "_tx_id")

    def __init__(self, engine: QueryEngine, tx_id: str | None, source: ConnectionSource) -> None:
        self._engine = engine
        self._tx_id = tx_id
        self._source = source
        self._transaction: _Transaction | None = None
        self._pooled: AbstractAsyncContextManager[DriverConnection] | None = None

    async def __aenter__(self) -> tuple[DriverConnection, bool]:
        engine, tx_id = self._engine, self._tx_id
        if tx_id is not None:
            transaction = engine._transactions.get(tx_id)
            if transaction is None:
                raise EngineUserError("P2028", f"Transaction already closed: transaction {tx_id} is not open.", {})
            await transaction.lock.acquire()
            if engine._transactions.get(tx_id) is not transaction:  # it ended while we waited
                transaction.lock.release()
                raise EngineUserError("P2028", f"Transaction already closed: transaction {tx_id} is not open.", {})
            expired = transaction.expired("A query")
            if expired is not None:
                transaction.lock.release()
                await engine._expire(tx_id)
                raise expired
            self._transaction = transaction
            return transaction.conn, True
        metrics = engine._metrics
        metrics.waiting_queries += 1
        started = time.perf_counter()
        pooled = self._source.acquire()
        try:
            conn = await pooled.__aenter__()
        except BaseException:
            metrics.waiting_queries -= 1
            raise
        self._pooled = pooled
        engine._acquired(started)
        return engine._logged(conn), False

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        engine, transaction = self._engine, self._transaction
        if transaction is not None:
            try:
                # A write conflict or deadlock has ended the transaction in the database (MySQL
                # rolls it back; later statements would run outside it): end it here too, so
                # the caller retries the whole transaction as P2034 asks.
                if (
                    isinstance(exc, EngineUserError)
                    and exc.error_code == "P2034"
                    and engine._transactions.pop(self._tx_id or "", None) is transaction
                ):
                    with anyio.CancelScope(shield=True), contextlib.suppress(EngineUserError):
                        await engine._close(transaction, commit=False)
            finally:
                transaction.lock.release()
            return None
        engine._metrics.busy_connections -= 1
        assert self._pooled is not None  # entered
        return await self._pooled.__aexit__(exc_type, exc, tb)


class QueryEngine:
    def __init__(
        self,
        schema: ir.Schema,
        dialect: Dialect,
        source: ConnectionSource,
        log_queries: bool = False,
        replicas: list[ConnectionSource] | None = None,
    ) -> None:
        self.schema = schema
        self.dialect = dialect
        self.source = source
        # Read replicas (Prisma's read-replicas extension): reads outside transactions go to them
        # in turn; a request saying `"$target": "primary"` or `"replica"` chooses (`db.primary()`).
        self.replicas = list(replicas or ())
        self._next_replica = 0
        self.connector = dialect.connector
        self.catalog = Catalog(schema, dialect)
        self.reads = ReadCompiler(self.catalog)
        self.runner = ReadRunner(dialect)
        self.aggregates = AggregateCompiler(self.catalog)
        self.write_tables = WriteTables(self.reads.filters, NestedWriteTables.build(self.connector))
        self.returned = ReturnedRecords(self.reads, self.runner)
        self.single_statement = SingleStatementWrites(self.catalog, self.write_tables, self.returned)
        self._read_plans: dict[tuple[str, str, ShapeKey, frozenset[str]], ReadPlan] = {}
        self._aggregate_plans: dict[tuple[str, str, ShapeKey, bool], AggregatePlan] = {}
        self._transactions: dict[str, _Transaction] = {}
        self._metrics = EngineMetrics()
        self.log_queries = log_queries
        # Parameters hold user data: the query log shows them only when asked.
        self.log_params = os.environ.get(LOG_PARAMS_ENV) == "1"

    # -- lifecycle
    async def start(self) -> None:
        await self.source.connect()
        self.single_statement.returning = self.connector.returning_statements(self.source.server_version)
        for replica in self.replicas:
            await replica.connect()

    async def stop(self) -> None:
        for tx_id in list(self._transactions):
            await self._end(tx_id, commit=False)
        await self.source.close()
        for replica in self.replicas:
            await replica.close()

    def _source_for(self, body: dict[str, Any], tx_id: str | None) -> ConnectionSource:
        """The primary, or a replica for a read outside a transaction (or when asked for one)."""
        target = body.get("$target")
        if not self.replicas or tx_id is not None or target == "primary":
            return self.source
        if target != "replica":
            queries = body["batch"] if "batch" in body and body.get("transaction") is None else [body]
            if not isinstance(queries, list) or not all(
                isinstance(q, dict) and q.get("action") in READ_ACTIONS for q in queries
            ):
                return self.source
        self._next_replica = (self._next_replica + 1) % len(self.replicas)
        return self.replicas[self._next_replica]

    def metrics(self) -> dict[str, Any]:
        return self._metrics.snapshot(self.source.open_connections())

    # -- transactions
    def _isolation_level(self, level: str | None) -> str | None:
        """The level, checked against what the database offers (its connector)."""
        if level is None:
            return None
        if level not in ISOLATION_SQL:
            raise EngineUserError(
                "P2028",
                f"Transaction API error: Invalid isolation level `{level}`; Prisma's levels are "
                f"{', '.join(ISOLATION_SQL)}.",
                {},
            )
        allowed = self.connector.isolation_levels
        if level not in allowed:
            raise EngineUserError(
                "P2028",
                f"Transaction API error: The isolation level `{level}` is not supported by "
                f"{self.connector.display_name}; "
                f"it supports {', '.join(allowed) or 'none'}.",
                {},
            )
        return level

    async def start_transaction(self, max_wait_ms: int, timeout_ms: int, isolation_level: str | None) -> str:
        level = self._isolation_level(isolation_level)
        context = self.source.acquire_for_transaction(timeout=max_wait_ms / 1000)
        too_late = EngineUserError(
            "P2028",
            f"Transaction API error: Unable to start a transaction in the given time ({max_wait_ms} ms).",
            {},
        )
        self._metrics.waiting_queries += 1
        started = time.perf_counter()
        # max_wait bounds getting a connection and the database's lock (SQLite's BEGIN IMMEDIATE).
        try:
            try:
                with anyio.fail_after(max_wait_ms / 1000):
                    conn = self._logged(await context.__aenter__())
                    try:
                        await conn.begin(level)
                    except BaseException:
                        # The driver hears why: a BEGIN cut off by the timeout may have left its
                        # connection mid-statement (PostgreSQL's pool closes such a connection).
                        await context.__aexit__(*sys.exc_info())
                        raise
            except BaseException:
                self._metrics.waiting_queries -= 1
                raise
        except TimeoutError:
            raise too_late from None
        except EngineUserError as error:
            if error.error_code == "P2024":  # the pool had no connection in time
                raise too_late from None
            raise
        self._acquired(started)
        tx_id = secrets.token_hex(12)
        transaction = _Transaction(conn, context, timeout_ms)
        self._transactions[tx_id] = transaction

        async def expire() -> None:
            await anyio.sleep(timeout_ms / 1000)
            await self._expire(tx_id)

        # The expiry runs as a background task of the engine's event loop.
        _spawn(expire)
        return tx_id

    async def _expire(self, tx_id: str) -> None:
        """Roll back an expired transaction, if it is still open."""
        transaction = self._transactions.get(tx_id)
        if transaction is not None:
            log.warning("transaction %s expired after %s ms; rolling back", tx_id, transaction.timeout_ms)
            with contextlib.suppress(EngineUserError):  # closed meanwhile
                await self._end(tx_id, commit=False)

    async def commit_transaction(self, tx_id: str) -> None:
        transaction = self._transactions.get(tx_id)
        expired = transaction.expired("A commit") if transaction is not None else None
        if expired is not None:
            await self._expire(tx_id)
            raise expired
        await self._end(tx_id, commit=True)

    async def rollback_transaction(self, tx_id: str) -> None:
        await self._end(tx_id, commit=False)

    async def _end(self, tx_id: str, commit: bool) -> None:
        transaction = self._transactions.pop(tx_id, None)
        if transaction is None:
            raise EngineUserError(
                "P2028",
                f"Transaction already closed: the transaction {tx_id} was committed, rolled back or has expired.",
                {},
            )
        async with transaction.lock:
            await self._close(transaction, commit)

    async def _close(self, transaction: _Transaction, commit: bool) -> None:
        try:
            await (transaction.conn.commit() if commit else transaction.conn.rollback())
        finally:
            self._metrics.busy_connections -= 1
            await transaction.release.__aexit__(None, None, None)

    def _connection(self, tx_id: str | None, source: ConnectionSource | None = None) -> _Lease:
        """-> (connection, whether it is inside an interactive transaction), as `async with`."""
        return _Lease(self, tx_id, source or self.source)

    def _acquired(self, started: float) -> None:
        """A connection came after waiting since `started`; it is busy until given back."""
        metrics = self._metrics
        metrics.waiting_queries -= 1
        metrics.wait_duration.observe((time.perf_counter() - started) * 1000)
        metrics.busy_connections += 1

    @asynccontextmanager
    async def _atomic(
        self, conn: DriverConnection, in_transaction: bool, isolation_level: str | None = None
    ) -> AsyncIterator[None]:
        """All or nothing: a transaction of its own, or a savepoint inside an open one."""
        if in_transaction:
            name = f"sp_{secrets.token_hex(4)}"
            await conn.execute(f"SAVEPOINT {name}", [])
            try:
                yield
            except BaseException:
                # The savepoint is gone when the database ended the whole transaction (a deadlock):
                # the original error says what happened, not the failed ROLLBACK TO.
                with anyio.CancelScope(shield=True), contextlib.suppress(EngineUserError):
                    await conn.execute(f"ROLLBACK TO SAVEPOINT {name}", [])
                raise
            await conn.execute(f"RELEASE SAVEPOINT {name}", [])
            return
        await conn.begin(isolation_level)
        try:
            yield
        except BaseException:
            with anyio.CancelScope(shield=True):
                await conn.rollback_quietly()
            raise
        await conn.commit()

    # -- requests
    async def execute(self, body: dict[str, Any], tx_id: str | None) -> dict[str, Any]:
        if tracing.recorded_spans() is None:  # nobody traces this request: no span to open
            return await self._execute(body, tx_id)
        with tracing.span("prisma:engine:query"):
            return await self._execute(body, tx_id)

    async def _execute(self, body: dict[str, Any], tx_id: str | None) -> dict[str, Any]:
        check_request(body)
        try:
            source = self._source_for(body, tx_id)
            if "batch" in body:
                return await self._batch(body, tx_id, source)
            async with self._connection(tx_id, source) as (conn, in_tx):
                return {"data": await self._query(body, conn, in_tx)}
        except _MALFORMED as error:
            # The client validates every query against the query schema; a request that still
            # trips the compiler is malformed (sent by hand, or by another client): the sender's
            # error, answered as such. Logged with its traceback in case it is ours.
            log.warning("malformed request: %s: %s", type(error).__name__, error, exc_info=True)
            raise EngineUserError(
                "P2009",
                f"Failed to validate the query: the request is malformed ({type(error).__name__}: {error}).",
                {"kind": "MalformedRequest"},
            ) from None

    async def _batch(self, body: dict[str, Any], tx_id: str | None, source: ConnectionSource) -> dict[str, Any]:
        queries = body.get("batch") or []
        async with self._connection(tx_id, source) as (conn, in_tx):
            options = body.get("transaction")
            if options is not None:
                level = options.get("isolationLevel") if isinstance(options, dict) else None
                level = None if in_tx else self._isolation_level(level)
                results = []
                async with self._atomic(conn, in_tx, level):
                    for query in queries:
                        results.append({"data": await self._query(query, conn, True)})
                return {"batchResult": results}
            outcome: list[dict[str, Any]] = []
            for query in queries:
                try:
                    outcome.append({"data": await self._query(query, conn, in_tx)})
                except EngineUserError as error:
                    outcome.append({"errors": [error.to_json()]})
            return {"batchResult": outcome}

    async def _query(self, query: dict[str, Any], conn: DriverConnection, in_tx: bool) -> dict[str, Any]:
        metrics = self._metrics
        metrics.client_queries += 1
        metrics.active_queries += 1
        started = time.perf_counter()
        try:
            return await self._run_query(query, conn, in_tx)
        finally:
            metrics.active_queries -= 1
            metrics.client_duration.observe((time.perf_counter() - started) * 1000)

    async def _run_query(self, query: dict[str, Any], conn: DriverConnection, in_tx: bool) -> dict[str, Any]:
        action = query.get("action")
        model = query.get("modelName")
        q = query.get("query") or {}
        arguments: dict[str, Any] = q.get("arguments") or {}
        selection: dict[str, Any] = q.get("selection") or {"$scalars": True}
        if not isinstance(action, str):
            raise EngineUserError("P2009", "The query has no `action`.", {"kind": "InvalidArgument"})
        if action in ("queryRaw", "executeRaw"):
            return {action: await self._raw(action, arguments, conn)}
        if not isinstance(model, str):
            raise EngineUserError("P2009", f"`{action}` needs a `modelName`.", {"kind": "InvalidArgument"})
        info = self.catalog.info(model)
        key = f"{action}{model}"
        if action in _READS:
            return {key: await self._find(info, action, arguments, selection, conn)}
        if action in ("aggregate", "groupBy"):
            return {key: await self._aggregate(info, action, arguments, selection, conn)}
        way = self.single_statement.way(info, action, arguments, selection)
        if way is not None:
            # Atomic by itself: no BEGIN/COMMIT or savepoint around it (single_statement.py).
            one = self.single_statement
            return {key: await one.run(way, info, action, arguments, selection, conn, self._read_one)}
        async with self._atomic(conn, in_tx):
            return {key: await self._write(info, action, arguments, selection, conn)}

    # -- reads
    async def _find(
        self, info: ModelInfo, action: str, arguments: dict[str, Any], selection: dict[str, Any], conn: DriverConnection
    ) -> Any:
        if action in ("findFirst", "findFirstOrThrow") and "take" not in arguments:
            arguments = {**arguments, "take": 1}
        if action.startswith("findUnique") and not arguments.get("where"):
            raise EngineUserError(
                "P2009",
                f"`{action}` needs a `where` naming a unique criterion of `{info.name}`.",
                {"kind": "MissingArgument", "argumentPath": "where"},
            )
        records = await self.read(info, arguments, selection, conn)
        if action == "findMany":
            return records
        if not records:
            if action.endswith("OrThrow"):
                raise record_not_found("Expected a record, found none.", info.name)
            return None
        return records[0]

    async def read(
        self, info: ModelInfo, arguments: dict[str, Any], selection: dict[str, Any], conn: DriverConnection
    ) -> list[dict[str, Any]]:
        shape, template, values = parametrize({"arguments": arguments, "selection": selection})
        backwards = backwards_levels(arguments, selection)
        cache_key = ("find", info.name, shape, backwards)
        plan = self._read_plans.get(cache_key)
        if plan is None:
            plan = self.reads.compile_find(info.name, template["arguments"], template["selection"], backwards)
            self._read_plans[cache_key] = plan
        return await self.runner.run(plan, values, conn)

    def _logged(self, conn: DriverConnection) -> DriverConnection:
        """The connection itself, or one that logs each statement (`log_queries`, or DEBUG on the
        `prisma_dynamic.engine` logger), counted and timed for the metrics."""
        # Watched whether or not the request is traced: a transaction's connection outlives the
        # request that opened it; a statement of an untraced request costs a context-variable read.
        conn = WatchedConnection(conn, self._metrics, self.connector.name)
        if self.log_queries:
            return LoggedConnection(conn, log, logging.INFO, self.log_params)
        if log.isEnabledFor(logging.DEBUG):
            return LoggedConnection(conn, log, logging.DEBUG, self.log_params)
        return conn

    async def _aggregate(
        self, info: ModelInfo, action: str, arguments: dict[str, Any], selection: dict[str, Any], conn: DriverConnection
    ) -> Any:
        shape, template, values = parametrize({"arguments": arguments, "selection": selection})
        take = arguments.get("take")
        backwards = isinstance(take, int) and take < 0
        cache_key = (action, info.name, shape, backwards)
        plan = self._aggregate_plans.get(cache_key)
        if plan is None:
            plan = self.aggregates.compile(
                info.name, template["arguments"], template["selection"], action == "groupBy", backwards
            )
            self._aggregate_plans[cache_key] = plan
        rows = await conn.fetch(*plan.statement.bound(values))
        return shape_result(plan, rows, self.dialect)

    # -- writes
    async def _write(
        self, info: ModelInfo, action: str, arguments: dict[str, Any], selection: dict[str, Any], conn: DriverConnection
    ) -> Any:
        writer = Writer(self.catalog, self.write_tables, conn)
        if action.endswith("AndReturn") and not self.catalog.connector.supports_returning:
            # Prisma offers the *AndReturn actions only where the database has RETURNING.
            raise EngineUserError(
                "P2009", f"`{action}` is not available on {self.schema.provider}.", {"kind": "UnknownAction"}
            )
        if action == "createOne":
            data = arguments.get("data") or {}
            if "INSERT" not in self.single_statement.returning:
                return await self._read_back(info, await writer.create(info, data), selection, conn)
            created = self.returned.of(info, selection)
            key, row, children = await writer.create_record(
                info, data, columns=created.columns, children=created.children
            )
            if row is not None:  # the record as its INSERT returned it: only its relations to read
                return (await self.returned.records(created, [row], conn, children))[0]
            return await self._read_back(info, key, selection, conn)
        if action == "createMany":
            count, _ = await self._create_many(writer, info, arguments)
            return {"count": count}
        if action == "createManyAndReturn":
            created = self.returned.of(info, selection)
            _, rows = await self._create_many(writer, info, arguments, created.columns)
            return await self.returned.records(created, rows, conn)
        if action == "updateOne":
            key = await writer.find_one_key(info, arguments.get("where"), "where", "Record to update not found.")
            key = await writer.update(info, key, arguments.get("data") or {})
            return await self._read_back(info, key, selection, conn)
        if action in ("updateMany", "updateManyAndReturn"):
            returned = self.returned.of(info, selection) if action == "updateManyAndReturn" else None
            count, rows = await writer.update_many(
                info,
                arguments.get("where"),
                arguments.get("data") or {},
                arguments.get("limit"),
                returning=returned.columns if returned is not None else (),
            )
            if returned is None:
                return {"count": count}
            return await self.returned.records(returned, rows, conn)
        if action == "upsertOne":
            found = await writer.find_keys(info, arguments.get("where"), "where", limit=1)
            if found:
                key = await writer.update(info, found[0], arguments.get("update") or {}, "update")
            else:
                key = await writer.create(info, arguments.get("create") or {}, "create")
            return await self._read_back(info, key, selection, conn)
        if action == "deleteOne":
            key = await writer.find_one_key(info, arguments.get("where"), "where", "Record to delete does not exist.")
            record = await self._read_back(info, key, selection, conn)
            await writer.delete_rows(info, [key])
            return record
        if action == "deleteMany":
            return {"count": await writer.delete_many(info, arguments.get("where"), arguments.get("limit"))}
        raise EngineUserError("P2009", f"Unknown action `{action}`.", {"kind": "UnknownAction"})

    async def _create_many(
        self, writer: Writer, info: ModelInfo, arguments: dict[str, Any], returning: Sequence[str] = ()
    ) -> tuple[int, list[tuple[Any, ...]]]:
        return await writer.create_many(
            info,
            arguments.get("data") or [],
            "data",
            skip_duplicates=bool(arguments.get("skipDuplicates")),
            returning=returning,
        )

    async def _read_back(self, info: ModelInfo, key: Key, selection: dict[str, Any], conn: DriverConnection) -> Any:
        return await self._read_one(info, key_as_where(info, key), selection, conn)

    async def _read_one(self, info: ModelInfo, where: Any, selection: dict[str, Any], conn: DriverConnection) -> Any:
        """The record a unique `where` names, or None."""
        records = await self.read(info, {"where": where}, selection, conn)
        return records[0] if records else None

    # -- raw
    async def _raw(self, action: str, arguments: dict[str, Any], conn: DriverConnection) -> Any:
        sql = arguments.get("query")
        if not isinstance(sql, str):
            raise EngineUserError("P2009", "A raw query needs its SQL text in `query`.", {"kind": "MissingArgument"})
        parameters = arguments.get("parameters") or "[]"
        params = json.loads(parameters) if isinstance(parameters, str) else parameters
        params = [_raw_param(p, self.dialect) for p in params]
        sql = self.dialect.raw_sql(sql, len(params))
        if action == "executeRaw":
            count, _ = await conn.execute(sql, params)
            return count
        columns, rows = await conn.raw_query(sql, params)
        types = [_raw_type(rows, i) for i in range(len(columns))]
        return {"columns": columns, "types": types, "rows": [[_raw_value(v) for v in row] for row in rows]}


def _raw_param(value: Any, dialect: Dialect) -> Any:
    if isinstance(value, dict) and "$type" in value:
        python_value = untag(value)
        return dialect.to_db(value["$type"], python_value) if value["$type"] != "Enum" else python_value
    if isinstance(value, bool):
        return dialect.bool_to_db(value)
    if isinstance(value, dict):  # an object is a Json value, as Prisma binds it
        return dialect.to_db("Json", value)
    return value


def _raw_type(rows: list[tuple[Any, ...]], index: int) -> str:
    for row in rows:
        value = row[index]
        if value is None:
            continue
        if isinstance(value, bool):
            return "bool"
        if isinstance(value, int):
            return "bigint" if abs(value) >= 2**31 else "int"
        if isinstance(value, float):
            return "double"
        if isinstance(value, bytes):
            return "bytes"
        if isinstance(value, Decimal):
            return "decimal"
        if isinstance(value, datetime):
            return "datetime"
        if isinstance(value, dict):
            return "json"
        return "string"
    return "null"


def _raw_value(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return _rfc3339(value)
    if isinstance(value, int) and abs(value) >= 2**53:
        return str(value)
    return value


def _rfc3339(value: datetime) -> str:
    """A raw result's DateTime as Prisma's engine writes it: UTC offset `+00:00`, fractional seconds
    only when there are some (`2022-12-25T12:01:34+00:00`, `...34.120+00:00`)."""
    moment = value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)
    micro = moment.microsecond
    return moment.isoformat(timespec="seconds" if not micro else "milliseconds" if micro % 1000 == 0 else "auto")


def _spawn(task: Any) -> None:
    """Run `task` in the background of the current event loop (asyncio under the engine)."""
    loop = asyncio.get_running_loop()
    handle = loop.create_task(task())
    _background.add(handle)
    handle.add_done_callback(_background.discard)


_background: set[Any] = set()
