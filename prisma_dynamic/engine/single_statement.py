"""Writes that change data in one statement, run without a transaction or savepoint around it.

One INSERT, UPDATE or DELETE is atomic by itself on every database, so wrapping it in BEGIN and
COMMIT (or a savepoint) only costs round trips. A write qualifies when its data holds scalar
fields only (no nested relation write):

- `createOne`: `INSERT ... RETURNING <selected columns>` where the database has RETURNING;
  elsewhere (MySQL) the INSERT, then one read-back by the new key (LAST_INSERT_ID).
- `updateOne` / `deleteOne`, where the database has RETURNING: `UPDATE/DELETE ... WHERE <the
  unique criterion> RETURNING <selected columns>`, no preliminary SELECT of the key.

A selection with relations or `_count` cannot be answered by RETURNING: a create or update then
returns the key and the record is read back after the change (a read needs no atomicity with the
one statement before it); a delete, which must read before it deletes, takes the general path.
Everything else is a program run by `Writer` inside `QueryEngine._atomic`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from prisma_dynamic.engine.catalog import Catalog, ModelInfo
from prisma_dynamic.engine.core import record_not_found
from prisma_dynamic.engine.drivers.base import DriverConnection
from prisma_dynamic.engine.reads import Output, ReadCompiler, ReadRunner
from prisma_dynamic.engine.shape import parametrize
from prisma_dynamic.engine.writes import Key, Writer, scalars_only

ReadBack = Callable[[ModelInfo, Key, dict[str, Any], DriverConnection], Awaitable[Any]]


class SingleStatementWrites:
    def __init__(self, catalog: Catalog, reads: ReadCompiler, runner: ReadRunner) -> None:
        self.catalog = catalog
        self.reads = reads
        self.runner = runner
        self.returning = catalog.connector.supports_returning
        # (model, selection shape) -> the columns RETURNING gives and how they decode, or None
        # when the selection has relations; compiled once per shape, like a read plan.
        self._outputs: dict[tuple[str, str], tuple[list[str], Output] | None] = {}

    def fits(self, info: ModelInfo, action: str, arguments: dict[str, Any], selection: dict[str, Any]) -> bool:
        data = arguments.get("data")
        if action == "createOne":
            return scalars_only(info, data)
        if not self.returning:
            return False
        if action == "updateOne":
            # An empty update changes nothing: the general path reads the record.
            return bool(data) and scalars_only(info, data)
        # A delete must read what it returns before it deletes: only RETURNING does that in one.
        return action == "deleteOne" and self._returned(info, selection) is not None

    async def run(
        self,
        info: ModelInfo,
        action: str,
        arguments: dict[str, Any],
        selection: dict[str, Any],
        conn: DriverConnection,
        read_back: ReadBack,
    ) -> Any:
        writer = Writer(self.catalog, conn)
        returned = self._returned(info, selection)
        columns, output = returned if returned is not None else (list(info.pk), None)
        if action == "createOne":
            data = arguments["data"]
            if not self.returning:
                return await read_back(info, await writer.create(info, data), selection, conn)
            row = await writer.create_returning(info, data, columns)
            rows = [row]
        elif action == "updateOne":
            rows = await writer.update_returning(info, arguments.get("where"), arguments["data"], columns)
            if not rows:
                raise record_not_found("Record to update not found.", info.name)
        else:
            rows = await writer.delete_returning(info, arguments.get("where"), columns)
            if not rows:
                raise record_not_found("Record to delete does not exist.", info.name)
        if output is None:
            return await read_back(info, writer.key_from_row(info, rows[0]), selection, conn)
        return self.runner.decode(output, rows)[0]

    def _returned(self, info: ModelInfo, selection: dict[str, Any]) -> tuple[list[str], Output] | None:
        shape, template, _ = parametrize(selection)
        cache_key = (info.name, shape)
        if cache_key not in self._outputs:
            plan = self.reads.compile_find(info.name, {}, template)
            if plan.includes or plan.counts:
                self._outputs[cache_key] = None
            else:
                indexes = plan.output.key_indexes
                self._outputs[cache_key] = (sorted(indexes, key=indexes.__getitem__), plan.output)
        return self._outputs[cache_key]
