"""Writes that change data in one statement, run without a transaction or savepoint around it.

One INSERT, UPDATE or DELETE is atomic by itself on every database, so wrapping it in BEGIN and
COMMIT (or a savepoint) only costs round trips. A write qualifies when its data holds scalar
fields only (no nested relation write):

- `createOne`: `INSERT ... RETURNING <selected columns>` where the database has RETURNING;
  elsewhere (MySQL) the INSERT, then one read-back by the new key (LAST_INSERT_ID).
- `updateOne` / `deleteOne`, where the database has RETURNING: `UPDATE/DELETE ... WHERE <the
  unique criterion> RETURNING <selected columns>`, no preliminary SELECT of the key. Elsewhere,
  when the `where` is the primary key alone: the UPDATE and one read-back, or one read and the
  DELETE (two statements, neither deciding the other, so no transaction).

A selection with relations or `_count` cannot be answered by RETURNING: a create or update then
returns the key and the record is read back after the change (a read needs no atomicity with the
one statement before it); a delete, which must read before it deletes, takes the general path.
Everything else is a program run by `Writer` inside `QueryEngine._atomic`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from prisma_dynamic.engine.catalog import Catalog, ModelInfo, scalars_only
from prisma_dynamic.engine.core import record_not_found
from prisma_dynamic.engine.drivers.base import DriverConnection
from prisma_dynamic.engine.reads import Output, ReadCompiler, ReadRunner
from prisma_dynamic.engine.shape import parametrize
from prisma_dynamic.engine.values import untag
from prisma_dynamic.engine.writes import Key, Writer, WriteTables

ReadBack = Callable[[ModelInfo, Key, dict[str, Any], DriverConnection], Awaitable[Any]]


class SingleStatementWrites:
    def __init__(self, catalog: Catalog, tables: WriteTables, reads: ReadCompiler, runner: ReadRunner) -> None:
        self.catalog = catalog
        self.tables = tables
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
            # Without RETURNING (MySQL), a record named by its primary key alone: the UPDATE and
            # one read-back, or one read and the DELETE, with nothing decided between them.
            by_key = _key_of(info, arguments.get("where")) is not None
            if action == "updateOne":
                return by_key and bool(data) and scalars_only(info, data) and not set(data or ()) & set(info.pk)
            return action == "deleteOne" and by_key
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
        writer = Writer(self.catalog, self.tables, conn)
        if not self.returning and action != "createOne":
            return await self._by_key(writer, info, action, arguments, selection, conn, read_back)
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

    async def _by_key(
        self,
        writer: Writer,
        info: ModelInfo,
        action: str,
        arguments: dict[str, Any],
        selection: dict[str, Any],
        conn: DriverConnection,
        read_back: ReadBack,
    ) -> Any:
        key = _key_of(info, arguments.get("where"))
        assert key is not None  # `fits` checked it
        if action == "updateOne":
            await writer.update(info, key, arguments["data"])
            # (MySQL counts changed rows, not matched ones: the read-back says whether it exists.)
            record = await read_back(info, key, selection, conn)
            if record is None:
                raise record_not_found("Record to update not found.", info.name)
            return record
        record = await read_back(info, key, selection, conn)
        if record is None or not await writer.delete_row(info, key):
            raise record_not_found("Record to delete does not exist.", info.name)
        return record

    def _returned(self, info: ModelInfo, selection: dict[str, Any]) -> tuple[list[str], Output] | None:
        # A selection is structural (it chooses columns): parametrized under its own key, so its
        # `true`s stay `true` instead of becoming values.
        shape, template, _ = parametrize({"selection": selection})
        cache_key = (info.name, shape)
        if cache_key not in self._outputs:
            plan = self.reads.compile_find(info.name, {}, template["selection"])
            if plan.includes or plan.counts:
                self._outputs[cache_key] = None
            else:
                indexes = plan.output.key_indexes
                self._outputs[cache_key] = (sorted(indexes, key=indexes.__getitem__), plan.output)
        return self._outputs[cache_key]


def _key_of(info: ModelInfo, where: Any) -> Key | None:
    """The primary key a `where` names when it names nothing else (`{"id": 5}`), or None."""
    if len(info.pk) != 1 or not isinstance(where, dict) or set(where) != set(info.pk):
        return None
    value = where[info.pk[0]]
    if isinstance(value, dict) and "$type" not in value:  # a filter (`{"equals": 5}`...)
        return None
    return {info.pk[0]: untag(value)}
