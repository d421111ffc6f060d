"""A real, small EngineCore for transport tests: an in-memory key-value store with transactions.

Actions (``body["action"]``, arguments in ``body["query"]["arguments"]``):
``echo`` returns the request, ``set``/``get`` write/read a key (inside a transaction writes are staged
until commit), ``pid`` returns the serving process id, ``fail`` raises ``EngineUserError`` with the
given ``code``/``message``/``meta``, ``crash`` raises an unexpected exception, ``sleep`` waits.
The engine process loads it with ``PRISMA_DYNAMIC_ENGINE_CORE=echo_core:build_core``.
"""

from __future__ import annotations

import argparse
import os
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import anyio

from prisma_dynamic.engine.core import EngineUserError


@dataclass
class _Transaction:
    deadline: float
    isolation_level: str | None
    writes: dict[str, Any] = field(default_factory=dict)


def _closed(tx_id: str) -> EngineUserError:
    return EngineUserError(
        "P2028",
        f"Transaction already closed: transaction {tx_id} is unknown, committed, rolled back or expired",
    )


class EchoCore:
    def __init__(self, args: argparse.Namespace) -> None:
        self.schema: str = args.schema
        self.datasource_url: str | None = args.datasource_url
        self.store: dict[str, Any] = {}
        self.transactions: dict[str, _Transaction] = {}
        self.started = False
        self.queries = 0

    async def start(self) -> None:
        flag = os.environ.get("ECHO_CORE_FAIL_START")
        # A file rather than a plain flag, so a test can make only the *next* start fail.
        if flag and os.path.exists(flag):
            raise RuntimeError(f"echo core refuses to start: {flag} exists")
        self.started = True

    async def stop(self) -> None:
        self.transactions.clear()
        self.started = False

    def _transaction(self, tx_id: str) -> _Transaction:
        tx = self.transactions.get(tx_id)
        if tx is None:
            raise _closed(tx_id)
        if time.monotonic() > tx.deadline:
            del self.transactions[tx_id]
            raise _closed(tx_id)
        return tx

    async def _one(self, query: dict[str, Any], tx_id: str | None, staged: dict[str, Any] | None) -> Any:
        if not self.started:
            raise RuntimeError("execute() called before start()")
        self.queries += 1
        action = query.get("action")
        arguments = query.get("query", {}).get("arguments", {})
        writes = staged if staged is not None else self._transaction(tx_id).writes if tx_id else None
        if action == "echo":
            return {"modelName": query.get("modelName"), "arguments": arguments, "tx": tx_id}
        if action == "set":
            (writes if writes is not None else self.store)[arguments["key"]] = arguments["value"]
            return {"key": arguments["key"], "value": arguments["value"]}
        if action == "get":
            key = arguments["key"]
            if writes is not None and key in writes:
                return writes[key]
            return self.store.get(key)
        if action == "pid":
            return os.getpid()
        if action == "fail":
            raise EngineUserError(
                arguments["code"], arguments.get("message", "failed on purpose"), arguments.get("meta")
            )
        if action == "crash":
            raise RuntimeError(arguments.get("message", "echo core crashed on purpose"))
        if action == "sleep":
            await anyio.sleep(arguments["seconds"])
            return None
        raise EngineUserError("P2009", f"Unknown action {action!r}", {"kind": "UnknownArgument"})

    async def execute(self, body: dict[str, Any], tx_id: str | None) -> dict[str, Any]:
        if "batch" not in body:
            return {"data": await self._one(body, tx_id, None)}
        if body.get("transaction") is not None:
            # All or nothing: stage writes, apply them only if every query succeeded.
            staged: dict[str, Any] = {}
            results = [{"data": await self._one(query, tx_id, staged)} for query in body["batch"]]
            self.store.update(staged)
            return {"batchResult": results}
        results = []
        for query in body["batch"]:
            try:
                results.append({"data": await self._one(query, tx_id, None)})
            except EngineUserError as exc:
                results.append({"errors": [exc.to_json()]})
        return {"batchResult": results}

    async def start_transaction(self, max_wait_ms: int, timeout_ms: int, isolation_level: str | None) -> str:
        tx_id = uuid.uuid4().hex
        self.transactions[tx_id] = _Transaction(time.monotonic() + timeout_ms / 1000, isolation_level)
        return tx_id

    async def commit_transaction(self, tx_id: str) -> None:
        tx = self._transaction(tx_id)
        del self.transactions[tx_id]
        self.store.update(tx.writes)

    async def rollback_transaction(self, tx_id: str) -> None:
        self._transaction(tx_id)
        del self.transactions[tx_id]

    def metrics(self) -> dict[str, Any]:
        return {
            "counters": [
                {"key": "echo_queries_total", "labels": {}, "value": self.queries, "description": "queries run"}
            ],
            "gauges": [
                {
                    "key": "echo_open_transactions",
                    "labels": {},
                    "value": float(len(self.transactions)),
                    "description": "open interactive transactions",
                }
            ],
            "histograms": [],
        }


def build_core(args: argparse.Namespace) -> EchoCore:
    return EchoCore(args)


def broken_core(args: argparse.Namespace) -> EchoCore:
    raise ValueError("echo core factory is broken on purpose")


def slow_core(args: argparse.Namespace) -> EchoCore:
    time.sleep(60)  # never ready within a test's connect timeout
    return EchoCore(args)
