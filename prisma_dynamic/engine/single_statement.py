"""Writes that change data in one statement, run without a transaction or savepoint around it.

One INSERT, UPDATE or DELETE is atomic by itself on every database, so wrapping it in BEGIN and
COMMIT (or a savepoint) only costs round trips. A write qualifies when its data holds scalar
fields only (no nested relation write):

Which statements take RETURNING is the server's (`Connector.returning_statements`, asked with
the version the driver read when it connected): all three on PostgreSQL and SQLite, INSERT and
DELETE on MariaDB 10.5+, none on MySQL.

- `createOne`: `INSERT ... RETURNING <selected columns>` where the INSERT takes RETURNING;
  elsewhere (MySQL) the INSERT, then one read-back by the new key (LAST_INSERT_ID).
- `upsertOne`, as Prisma's "database upsert" (PostgreSQL, SQLite: `supports_native_upsert`):
  `INSERT ... ON CONFLICT (<field>) DO UPDATE SET ... RETURNING <selected columns>` when the
  `where` names one unique field and nothing else, `create` gives that field the same value, and
  `create` and `update` hold scalar fields only. Atomic, where a look-up then an INSERT or UPDATE
  lets two concurrent upserts both try to insert.
- `deleteMany` whose `where` filters on this model's scalar fields only (through AND/OR/NOT), with
  no `limit`: one `DELETE ... WHERE <where>`, its row count the answer, on every database; so is
  an `updateMany` of scalar data (`UPDATE ... WHERE <where>`) where an UPDATE counts the rows it
  matched (`update_counts_matched_rows`: not MySQL, which counts the rows it changed).
- `updateOne` / `deleteOne`, where the statement takes RETURNING: `UPDATE/DELETE ... WHERE <the
  unique criterion> RETURNING <selected columns>`, no preliminary SELECT of the key.
- Without RETURNING for it (MySQL; MariaDB's UPDATE, and its DELETE when the selection has
  relations), when the `where` names a unique criterion by scalar fields
  only (no relation filter, no AND/OR/NOT): the `UPDATE ... WHERE <where>` and one read-back by
  the same `where`, or one read by it and the `DELETE ... WHERE <where>`; two statements, neither
  deciding the other, so no transaction. An update qualifies only when it changes no field the
  `where` reads (nor an `@updatedAt` one), so the read-back names the record the UPDATE changed.
  What two statements cannot promise, one could: another writer may change the record between
  them, so the record returned is its state at the read (as a read of it just after would be).

A selection with relations or `_count`: a create or update RETURNING the columns they join by,
then the relations read from them (`returned.py`; a read needs no atomicity with the one statement
before it); a delete, which must read them before it deletes, takes the general path where the
database has RETURNING. Everything else is a program run by `Writer` inside `QueryEngine._atomic`.

The UPDATE and DELETE statements are made once per shape of the request's `where` and `data`
(`_bound`), as a read's plan is: their text and binds are the same for every request of that
shape, run with its values, and `@updatedAt` binds a slot filled with the instant of each run.
Made per request, the SQL building alone was 11-24 µs of an update (bench/README.md).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from prisma_dynamic.engine.catalog import Catalog, ModelInfo, as_list, scalars_only
from prisma_dynamic.engine.core import record_not_found
from prisma_dynamic.engine.drivers.base import DriverConnection
from prisma_dynamic.engine.returned import Returned, ReturnedRecords
from prisma_dynamic.engine.shape import ShapeKey, parametrize
from prisma_dynamic.engine.sql import Fragment, Statement
from prisma_dynamic.engine.values import untag
from prisma_dynamic.engine.writes import NOW, Writer, WriteTables, key_as_where
from prisma_dynamic.schema.connectors.base import RETURNING_ALL

# (model, a unique `where`, selection, connection) -> the record it names, or None
ReadOne = Callable[[ModelInfo, Any, dict[str, Any], DriverConnection], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Way:
    """How a write runs in one statement, as `SingleStatementWrites.way` found it, with what it
    worked out on the way (so `run` does not work it out again): `returning`, one statement
    RETURNING the record (`returned`: its plan, when already made; `target`: an upsert's
    conflict field); `count`, a deleteMany/updateMany answered by the row count; `read_back`, an
    INSERT and a read by the new key (MySQL); `by_where`, an update or delete and a read by its
    unique `where` (MySQL, MariaDB's update)."""

    kind: str
    returned: Returned | None = None
    target: str | None = None


_RETURNING, _COUNT, _READ_BACK, _BY_WHERE = Way("returning"), Way("count"), Way("read_back"), Way("by_where")


class SingleStatementWrites:
    def __init__(self, catalog: Catalog, tables: WriteTables, returned: ReturnedRecords) -> None:
        self.catalog = catalog
        self.tables = tables
        self.returned = returned
        # (kind, model, the shape of `where` and `data`, RETURNING columns) -> the statement (`_bound`)
        self._statements: dict[tuple[str, str, ShapeKey, tuple[str, ...]], Statement] = {}
        # The statements that take RETURNING on this server: set again by `QueryEngine.start`
        # once the driver has read the server's version (MariaDB: INSERT and DELETE).
        self.returning = catalog.connector.returning_statements(None)
        # model -> its unique criteria (the id first)
        self._criteria = {name: info.model.unique_criteria() for name, info in catalog.models.items()}

    @property
    def by_where(self) -> bool:
        """Without RETURNING on every statement (MySQL; MariaDB's UPDATE), an update or delete by a
        unique `where` is written by that `where` (`_by_where`); with it, a write RETURNING cannot
        answer takes the general path. Derived from `returning`, which `QueryEngine.start` sets."""
        return not self.returning >= RETURNING_ALL

    def way(self, info: ModelInfo, action: str, arguments: dict[str, Any], selection: dict[str, Any]) -> Way | None:
        """How the write runs in one statement, or None (the general path)."""
        data = arguments.get("data")
        if action == "createOne":
            if not scalars_only(info, data):
                return None
            return _RETURNING if "INSERT" in self.returning else _READ_BACK
        if action == "upsertOne":
            target = self._upsert_target(info, arguments)
            return None if target is None else Way("returning", target=target)
        if action in ("deleteMany", "updateMany"):
            if action == "updateMany":
                # The answer is the UPDATE's row count: it must count the rows matched.
                counted = self.catalog.connector.update_counts_matched_rows
                if not (counted and data and scalars_only(info, data)):
                    return None
            fits = arguments.get("limit") is None and _scalar_filter(info, arguments.get("where"))
            return _COUNT if fits else None
        if action == "updateOne" and "UPDATE" in self.returning:
            # An empty update changes nothing: the general path reads the record.
            return _RETURNING if data and scalars_only(info, data) else None
        if action == "deleteOne" and "DELETE" in self.returning:
            # A delete must read what it returns before it deletes: RETURNING does that in one.
            returned = self.returned.of(info, selection)
            if returned.scalars_only:
                return Way("returning", returned=returned)
        if self.by_where and action in ("updateOne", "deleteOne"):
            # Without RETURNING for it (MySQL; MariaDB's update): a record a unique `where` of
            # scalar fields names, written and read by that `where`; an update must leave what
            # the `where` reads unchanged.
            read = self._unique_where_fields(info, arguments.get("where"))
            if read is None:
                return None
            if action == "deleteOne":
                return _BY_WHERE
            changed = set(data or ()).union(info.updated_at)
            return _BY_WHERE if data and scalars_only(info, data) and not read & changed else None
        return None

    async def run(
        self,
        way: Way,
        info: ModelInfo,
        action: str,
        arguments: dict[str, Any],
        selection: dict[str, Any],
        conn: DriverConnection,
        read_one: ReadOne,
    ) -> Any:
        writer = Writer(self.catalog, self.tables, conn)
        if way is _COUNT:
            count, _ = await conn.execute(*self._bound(writer, _KINDS[action], info, arguments))
            return {"count": count}
        if way is _READ_BACK:
            key = await writer.create(info, arguments["data"])
            return await read_one(info, key_as_where(info, key), selection, conn)
        if way is _BY_WHERE:
            return await self._by_where(writer, info, action, arguments, selection, conn, read_one)
        returned = way.returned or self.returned.of(info, selection)
        columns = returned.columns
        if action == "createOne":
            _, row, _ = await writer.create_record(info, arguments["data"], columns=columns)
            assert row is not None  # scalar data: no nested write after the INSERT
            rows = [row]
        elif action == "upsertOne":
            assert way.target is not None
            create, update = arguments["create"], arguments.get("update") or {}
            rows = [await writer.upsert_returning(info, way.target, create, update, columns)]
        elif action == "updateOne":
            rows = await conn.fetch(*self._bound(writer, "update_returning", info, arguments, columns))
            if not rows:
                raise record_not_found("Record to update not found.", info.name)
        else:
            rows = await conn.fetch(*self._bound(writer, "delete_returning", info, arguments, columns))
            if not rows:
                raise record_not_found("Record to delete does not exist.", info.name)
        return (await self.returned.records(returned, rows, conn))[0]

    async def _by_where(
        self,
        writer: Writer,
        info: ModelInfo,
        action: str,
        arguments: dict[str, Any],
        selection: dict[str, Any],
        conn: DriverConnection,
        read_one: ReadOne,
    ) -> Any:
        where = arguments["where"]
        if action == "updateOne":
            await conn.execute(*self._bound(writer, "update_where", info, arguments))
            # (MySQL counts changed rows, not matched ones: the read-back says whether it exists.)
            record = await read_one(info, where, selection, conn)
            if record is None:
                raise record_not_found("Record to update not found.", info.name)
            return record
        record = await read_one(info, where, selection, conn)
        if record is None:
            raise record_not_found("Record to delete does not exist.", info.name)
        deleted, _ = await conn.execute(*self._bound(writer, "delete_where", info, arguments))
        if not deleted:
            raise record_not_found("Record to delete does not exist.", info.name)
        return record

    def _bound(
        self, writer: Writer, kind: str, info: ModelInfo, arguments: dict[str, Any], columns: Sequence[str] = ()
    ) -> tuple[str, list[Any]]:
        """The SQL and parameters of an UPDATE or DELETE of `kind` (`_KINDS`). Its statement is
        made once per shape of the request's `where` and `data`, as a read's plan is, and run
        with this request's values and, for `@updatedAt`, the instant read now. An update of a
        scalar list is made from its values each time (its SET binds them as they are)."""
        where, data = arguments.get("where"), arguments.get("data")
        updating = kind.startswith("update")
        if updating and info.lists and not info.lists.isdisjoint(data or ()):
            fragment = _FRAGMENTS[kind](writer, info, where, data, columns, None)
            return self.catalog.dialect.statement(fragment).bound(())
        shape, template, values = parametrize({"where": where, "data": data})
        key = (kind, info.name, shape, tuple(columns))
        statement = self._statements.get(key)
        if statement is None:
            fragment = _FRAGMENTS[kind](writer, info, template["where"], template["data"], columns, NOW)
            statement = self._statements[key] = self.catalog.dialect.statement(fragment)
        now = {"now": datetime.now(timezone.utc)} if updating and info.updated_at else None
        return statement.bound(values, now)

    def _upsert_target(self, info: ModelInfo, arguments: dict[str, Any]) -> str | None:
        """The unique field an upsert can conflict on in one statement, or None (the general path:
        look up, then update or create). Prisma's conditions for a database upsert: the `where`
        is one unique field, `create` gives it the same value, no nested writes."""
        if not self.catalog.connector.supports_native_upsert or "INSERT" not in self.returning:
            return None
        where, create, update = arguments.get("where"), arguments.get("create"), arguments.get("update") or {}
        if not isinstance(where, dict) or len(where) != 1 or not isinstance(create, dict):
            return None
        if not scalars_only(info, create) or not scalars_only(info, update):
            return None
        ((name, value),) = where.items()
        if (name,) not in self._criteria[info.name] or not _is_value(value) or name not in create:
            return None
        return name if untag(create[name]) == untag(value) else None

    def _unique_where_fields(self, info: ModelInfo, where: Any) -> frozenset[str] | None:
        """The fields a `where` reads when it names one record by equality on a unique criterion
        and filters on this model's scalar fields only; None for anything else (a relation filter,
        AND/OR/NOT: the general path), so a statement with it changes one record at most."""
        if not isinstance(where, dict):
            return None
        read: set[str] = set()
        equal: set[str] = set()  # fields the where gives one value (`{"email": "a"}`, compounds' parts)
        for key, value in where.items():
            if key in info.columns:
                read.add(key)
                if _is_value(value):
                    equal.add(key)
                continue
            compound = self.tables.filters.compound_unique(info, key)
            if compound is None or not isinstance(value, dict):
                return None
            read.update(compound)
            equal.update(name for name in compound if _is_value(value.get(name)))
        if not any(equal.issuperset(criterion) for criterion in self._criteria[info.name]):
            return None
        return frozenset(read)


def _scalar_filter(info: ModelInfo, where: Any) -> bool:
    """A `where` (or none) on this model's own columns only: no relation filter, no compound
    unique name, through AND/OR/NOT. A statement on the table alone can take it."""
    if where is None:
        return True
    if not isinstance(where, dict):
        return False
    for key, value in where.items():
        if key in ("AND", "OR", "NOT"):
            if not all(_scalar_filter(info, part) for part in as_list(value)):
                return False
        elif key not in info.columns:
            return False
    return True


def _is_value(value: Any) -> bool:
    """A value to compare with (`5`, a tagged DateTime), not a filter (`{"gt": 5}`) nor null."""
    return value is not None and (not isinstance(value, dict) or "$type" in value)


# The statements `_bound` makes, by kind: (writer, model, where, data, RETURNING columns, now) -> SQL.
_FRAGMENTS: dict[str, Callable[[Writer, ModelInfo, Any, Any, Sequence[str], Any], Fragment]] = {
    "update_where": lambda w, info, where, data, columns, now: w.update_where_sql(info, where, data, now),
    "update_returning": lambda w, info, where, data, columns, now: w.update_returning_sql(
        info, where, data, columns, now
    ),
    "delete_where": lambda w, info, where, data, columns, now: w.delete_where_sql(info, where),
    "delete_returning": lambda w, info, where, data, columns, now: w.delete_returning_sql(info, where, columns),
}
_KINDS = {"deleteMany": "delete_where", "updateMany": "update_where"}  # the row-count writes
