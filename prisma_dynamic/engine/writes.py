"""Writes: create, update, upsert, delete and their nested relation writes.

A write is a short program run inside one transaction: related records the new row points to
are resolved or created first (their keys become the foreign key), the row is written, then
records that point back at it are created or connected, and implicit m:n links are inserted.
The caller reads the result back through the read path, or where the database has RETURNING takes
the written rows from it and reads only their relations (`returned.py`): either way a write returns
what a find returns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import partial
from itertools import chain
from operator import itemgetter
from typing import Any

from prisma_dynamic.engine.catalog import Catalog, Key, ModelInfo, as_list, scalars_only, unknown_argument
from prisma_dynamic.engine.core import EngineUserError, record_not_found
from prisma_dynamic.engine.defaults import generate_default
from prisma_dynamic.engine.drivers.base import DriverConnection
from prisma_dynamic.engine.filters import Aliases, FilterCompiler
from prisma_dynamic.engine.nested_writes import NestedWriteTables, Relation, after_row, before_row, made_by_one_insert
from prisma_dynamic.engine.shape import Param
from prisma_dynamic.engine.sql import MARK, Bind, Fragment
from prisma_dynamic.engine.values import JSON_LEAVES, protocol_value, untag
from prisma_dynamic.schema import ir

_ATOMIC = {"increment": "+", "decrement": "-", "multiply": "*", "divide": "/"}
# `_fills`: a required field with no default, which a new row must give.
_REQUIRED: Any = object()
# `_scalar_sets`: the `@updatedAt` instant as the `now` slot of a statement made once for many runs.
NOW: Any = object()
# createMany's rows as a run: the fields, a list of values per field, how many rows.
_Run = tuple[list[str], list[list[Any]], int]


def key_as_where(info: ModelInfo, key: Key) -> dict[str, Any]:
    """A primary key as the request's `where` that names its record (values in protocol form)."""
    return {k: protocol_value(info.types[k], v) for k, v in key.items()}


@dataclass(frozen=True)
class WriteTables:
    """What compiling a write needs that depends only on the database, built once per engine (a
    :class:`Writer` lives for one write): the filter compiler reads share, the nested-write tables."""

    filters: FilterCompiler
    nested: NestedWriteTables


class Writer:
    def __init__(self, catalog: Catalog, tables: WriteTables, conn: DriverConnection) -> None:
        self.catalog = catalog
        self.dialect = catalog.dialect
        self.conn = conn
        self.filters = tables.filters
        self.nested = tables.nested

    # -- helpers
    async def fetch(self, fragment: Fragment) -> list[tuple[Any, ...]]:
        return await self.conn.fetch(*self.dialect.statement(fragment).bound(()))

    async def execute(self, fragment: Fragment) -> tuple[int, Any]:
        return await self.conn.execute(*self.dialect.statement(fragment).bound(()))

    def _where(self, info: ModelInfo, where: Any, path: str) -> Fragment:
        # A program of several statements runs on concrete values (no shape cache): the template
        # is the request itself. One-statement writes make theirs once per shape (single_statement.py).
        aliases = Aliases()
        return self.filters.where(info, where, aliases.next(), aliases, path)

    async def find_keys(self, info: ModelInfo, where: Any, path: str, limit: int | None = None) -> list[Key]:
        columns = ", ".join(info.column("t0", k) for k in info.pk)
        sql = Fragment(f"SELECT {columns} FROM {info.table} t0 WHERE ") + self._where(info, where, path)
        if limit is not None:
            sql = sql + f" LIMIT {int(limit)}"
        rows = await self.fetch(sql)
        return [self.key_from_row(info, row) for row in rows]

    def key_from_row(self, info: ModelInfo, row: Sequence[Any]) -> Key:
        return {k: self.dialect.from_db(info.types[k], row[i]) for i, k in enumerate(info.pk)}

    async def find_one_key(self, info: ModelInfo, where: Any, path: str, cause: str) -> Key:
        keys = await self.find_keys(info, where, path, limit=1)
        if not keys:
            raise record_not_found(cause, info.name)
        return keys[0]

    async def read_columns(self, info: ModelInfo, key: Key, fields: Sequence[str]) -> dict[str, Any]:
        columns = ", ".join(info.column("t0", f) for f in fields)
        rows = await self.fetch(Fragment(f"SELECT {columns} FROM {info.table} t0 WHERE ") + self._key_where(info, key))
        if not rows:
            raise record_not_found(f"No '{info.name}' record was found.", info.name)
        return {f: self.dialect.from_db(info.types[f], rows[0][i]) for i, f in enumerate(fields)}

    def _key_where(self, info: ModelInfo, key: Key, alias: str = "t0") -> Fragment:
        return self.filters.where(info, key_as_where(info, key), alias, Aliases())

    # -- one-statement writes (RETURNING): see `single_statement.py` for when they apply
    def update_returning_sql(
        self, info: ModelInfo, where: Any, data: dict[str, Any], columns: Sequence[str], now: Any = None
    ) -> Fragment:
        """An update of scalar fields of the record `where` names, as one `UPDATE ... RETURNING`
        (`now`: see `_scalar_sets`)."""
        sets = self._scalar_sets(info, data, "data", now=now)
        return (
            Fragment(f"UPDATE {info.table} AS t0 SET ")
            + Fragment.join(", ", sets)
            + " WHERE "
            + self._where(info, where, "where")
            + f" RETURNING {self._returned(info, columns)}"
        )

    async def upsert_returning(
        self, info: ModelInfo, target: str, create: dict[str, Any], update: dict[str, Any], columns: Sequence[str]
    ) -> tuple[Any, ...]:
        """An upsert of scalar fields by the unique field `target`, as one `INSERT ... ON CONFLICT
        (<target>) DO UPDATE SET ... RETURNING <columns>`: atomic, so two at once cannot both
        insert. An empty `update` sets the target to itself, so the row is still returned."""
        row = {name: self._scalar_value(info, info.model.field(name), value) for name, value in create.items()}
        self._complete(info, row, "create")
        names = [n for n in row if n in info.columns]
        values = [Fragment.bind(Bind("const", self._to_db_value(info, n, row[n]))) for n in names]
        sets = self._scalar_sets(info, update, "update", alias="t0") or [
            Fragment(f"{info.columns[target]} = {info.column('t0', target)}")
        ]
        statement = (
            Fragment(f"INSERT INTO {info.table} AS t0 ({', '.join(info.columns[n] for n in names)}) VALUES (")
            + Fragment.join(", ", values)
            + f") ON CONFLICT ({info.columns[target]}) DO UPDATE SET "
            + Fragment.join(", ", sets)
            + f" RETURNING {self._returned(info, columns)}"
        )
        return (await self.fetch(statement))[0]

    def delete_returning_sql(self, info: ModelInfo, where: Any, columns: Sequence[str]) -> Fragment:
        """A delete of the record `where` names, as one `DELETE ... RETURNING` of what it held
        (the table is its own alias: MariaDB's single-table DELETE takes none)."""
        condition = self._where_on_table(info, where)
        return Fragment(f"DELETE FROM {info.table} WHERE ") + condition + f" RETURNING {self._returned(info, columns)}"

    # -- one-statement writes without RETURNING (MySQL): the record `where` names, in the statement
    # itself (the table is its own alias: MariaDB's single-table DELETE takes none)
    def update_where_sql(self, info: ModelInfo, where: Any, data: dict[str, Any], now: Any = None) -> Fragment:
        """An update of scalar fields of the records `where` keeps (one, or updateMany's), as one
        `UPDATE`, whose row count is the answer (`Connector.update_counts_matched_rows` says of
        which rows); `now`: see `_scalar_sets`."""
        sets = self._scalar_sets(info, data, "data", now=now)
        condition = self._where_on_table(info, where)
        return Fragment(f"UPDATE {info.table} SET ") + Fragment.join(", ", sets) + " WHERE " + condition

    def delete_where_sql(self, info: ModelInfo, where: Any) -> Fragment:
        """A delete of the records `where` keeps (one, or deleteMany's), as one `DELETE`; its row
        count is the answer."""
        return Fragment(f"DELETE FROM {info.table} WHERE ") + self._where_on_table(info, where)

    def _where_on_table(self, info: ModelInfo, where: Any) -> Fragment:
        """`where` on the table under its own name (MariaDB's single-table UPDATE/DELETE take no alias)."""
        return self.filters.where(info, where, info.table, Aliases(), "where")

    @staticmethod
    def _returned(info: ModelInfo, columns: Sequence[str]) -> str:
        # Unqualified: SQLite's RETURNING takes no table alias.
        key = ("RETURNING", tuple(columns))
        text = info.sql.get(key)
        if text is None:
            text = info.sql[key] = ", ".join(info.columns[c] for c in columns)
        return text

    # -- create
    async def create(self, info: ModelInfo, data: Any, path: str = "data", preset: Key | None = None) -> Key:
        key, _, _ = await self.create_record(info, data, path, preset)
        return key

    async def create_record(
        self,
        info: ModelInfo,
        data: Any,
        path: str = "data",
        preset: Key | None = None,
        columns: Sequence[str] = (),
        children: Mapping[str, Sequence[str]] | None = None,
    ) -> tuple[Key, tuple[Any, ...] | None, dict[str, list[tuple[Any, ...]]]]:
        """A create with its nested writes. -> (the new key, the row's `columns` as its INSERT
        returned them or None, the rows of `children`). `columns` and `children` only where the
        server has `INSERT ... RETURNING`; the row is returned only when no nested write after
        the INSERT can change it (`_leaves_row`), so that it is the record as the write leaves
        it. `children`: relation field -> fields, for the to-many relations whose records the
        caller would read next (a plain `include`): where this create's only write on one makes
        children by one INSERT (`made_by_one_insert`), and no other of its writes reaches that
        model, the rows of those fields come back from that INSERT: all the new record's."""
        if not isinstance(data, dict):
            raise EngineUserError("P2009", f"`{path}` must be an object.", {"kind": "InvalidArgumentType"})
        model = info.model
        row: dict[str, Any] = dict(preset or {})
        after: list[tuple[ir.Field, Any]] = []
        for name, value in data.items():
            f = model.get_field(name)
            if f is None:
                raise unknown_argument(path, name, info.name)
            if f.kind == "relation":
                if self.catalog.schema.holds_foreign_key(info.name, name):
                    relation = Relation.of(self, info, f, f"{path}.{name}")
                    row.update(await before_row(self.nested.create, relation, None, value))
                else:
                    after.append((f, value))
            elif name in info.columns:
                row[name] = self._scalar_value(info, f, value)
            else:
                raise unknown_argument(path, name, info.name)
        self._complete(info, row, path)
        leaves_row = bool(columns) and self._leaves_row(info, after)
        key, returned = await self._insert(info, row, columns if leaves_row else ())
        found: dict[str, list[tuple[Any, ...]]] = {}
        for f, value in after:
            relation = Relation.of(self, info, f, f"{path}.{f.name}")
            wanted = (children or {}).get(f.name) if leaves_row else None
            if wanted and made_by_one_insert(relation, value) and self._reached_once(info, data, relation.target.name):
                relation = replace(relation, returning=wanted, returned=[])
            await after_row(self.nested.create, relation, key, value)
            if relation.returned is not None:
                found[f.name] = relation.returned
        return key, returned, found

    def _reached_once(self, info: ModelInfo, data: dict[str, Any], target: str) -> bool:
        """Whether one relation field of a create's `data` alone writes records of `target`."""
        model = info.model
        relations = [name for name in data if model.field(name).kind == "relation"]
        return [self.catalog.join(info.name, name).target for name in relations].count(target) == 1

    def _leaves_row(self, info: ModelInfo, after: list[tuple[ir.Field, Any]]) -> bool:
        """Whether the nested writes run after a new row leave that row alone: each creates or
        connects records of another model (which point at the row, or are linked to it in a join
        table) with no nested writes of their own. A write on the same model (a self-relation), or
        deeper down, could reach the new row itself."""
        for f, value in after:
            target = self.catalog.info(self.catalog.join(info.name, f.name).target)
            if target is info or not isinstance(value, dict):
                return False
            for operation, argument in value.items():
                if operation == "create":
                    created = as_list(argument)
                elif operation == "connectOrCreate":
                    created = [item.get("create") if isinstance(item, dict) else None for item in as_list(argument)]
                elif operation not in ("connect", "createMany"):  # createMany's data is scalars only
                    return False
                else:
                    continue
                if not all(scalars_only(target, item) for item in created):
                    return False
        return True

    def _complete(self, info: ModelInfo, row: dict[str, Any], path: str, now: datetime | None = None) -> None:
        """Fill in what a new row leaves out: `@updatedAt`, defaults computed here (cuid, uuid,
        now...), and refuse a required field with no default. What to fill depends only on which
        fields the row gives, so it is worked out once per set of them (`_fills`). `now`: one
        instant for every row of a createMany, as Prisma reads the clock once per request."""
        fills = _filled(info, frozenset(row), path)
        if not fills:
            return
        if now is None:
            now = datetime.now(timezone.utc)
        for name, function in fills:
            row[name] = now if function is None else generate_default(function, now)

    async def create_many(
        self,
        info: ModelInfo,
        items: Sequence[Any],
        path: str,
        *,
        skip_duplicates: bool = False,
        returning: Sequence[str] = (),
        preset: Key | None = None,
    ) -> tuple[int, list[tuple[Any, ...]]]:
        """createMany: the rows (scalars only, as Prisma's `<M>CreateManyInput`) inserted by
        multi-row INSERTs, one per run of rows giving the same columns and as few as the
        database's bind parameter limit allows; with `skip_duplicates` each is one
        `INSERT ... ON CONFLICT DO NOTHING` / `INSERT IGNORE`. -> (rows inserted, the `returning`
        fields of each, by `INSERT ... RETURNING`)."""
        if skip_duplicates and not self.catalog.connector.supports_skip_duplicates:
            # Prisma's query schema has no `skipDuplicates` on these databases.
            at = path.removesuffix("data")  # "" at the top, "data.posts.createMany." when nested
            provider = self.catalog.schema.provider
            raise EngineUserError(
                "P2009",
                f"Unknown argument `{at}skipDuplicates`: createMany cannot skip duplicates on {provider}.",
                {"kind": "UnknownArgument", "argumentPath": f"{at}skipDuplicates"},
            )
        now = datetime.now(timezone.utc)
        whole = self._columns(info, items, path, preset, now)
        runs = [whole] if whole is not None else self._runs(info, items, path, preset, now)
        count = 0
        returned: list[tuple[Any, ...]] = []
        limit = self.catalog.connector.max_bind_parameters or 32_766
        for names, columns, size in runs:
            per_statement = max(1, limit // max(1, len(names)))
            for start in range(0, size, per_statement):
                chunk = [column[start : start + per_statement] for column in columns]
                inserted, new_rows = await self._insert_columns(
                    info, names, chunk, min(per_statement, size - start), skip_duplicates, returning
                )
                count += inserted
                returned.extend(new_rows)
        return count, returned

    def _columns(
        self, info: ModelInfo, items: Sequence[Any], path: str, preset: Key | None, now: datetime
    ) -> _Run | None:
        """createMany's rows as one run of columns, checked and filled a column at a time, when
        every row is an object giving the same fields (the usual createMany): the key list
        checked once, a column's values taken as they are when all are plain JSON values
        (`_scalar_value` otherwise), the fields this side fills worked out once (`_fills`) and
        made per row only where each row needs its own (a cuid). None otherwise: `_runs` goes
        row by row and names the row of an error."""
        if not items or set(map(type, items)) != {dict}:
            return None
        keys = items[0].keys()
        if not all(map(keys.__eq__, map(dict.keys, items))):
            return None
        for name in keys:
            if name not in info.columns:
                raise unknown_argument(f"{path}.0", name, info.name)
        size = len(items)
        # As `_runs` makes a row: the preset (a nested createMany's foreign key) under the data.
        columns: dict[str, list[Any]] = {name: [value] * size for name, value in (preset or {}).items()}
        lists, field = info.lists, info.model.field
        for name in keys:
            column = list(map(itemgetter(name), items))
            if name in lists or not set(map(type, column)) <= JSON_LEAVES:
                f = field(name)
                column = [self._scalar_value(info, f, value) for value in column]
            columns[name] = column
        for name, function in _filled(info, frozenset(columns), f"{path}.0"):
            columns[name] = [now] * size if function is None else [generate_default(function, now) for _ in items]
        names = [name for name in columns if name in info.columns]
        return names, [columns[name] for name in names], size

    def _runs(self, info: ModelInfo, items: Sequence[Any], path: str, preset: Key | None, now: datetime) -> list[_Run]:
        """createMany's rows made one by one (rows giving different fields, or not objects), cut
        into runs of consecutive rows giving the same fields (in any order: values are taken by
        name), each run as columns."""
        rows: list[dict[str, Any]] = []
        known: set[tuple[str, ...]] = set()  # the key lists checked already: rows mostly share one
        field, lists = info.model.field, info.lists
        for index, data in enumerate(items):
            if not isinstance(data, dict):
                raise EngineUserError("P2009", f"`{path}.{index}` must be an object.", {"kind": "InvalidArgumentType"})
            keys = tuple(data)
            if keys not in known:
                for name in keys:
                    if name not in info.columns:
                        raise unknown_argument(f"{path}.{index}", name, info.name)
                known.add(keys)
            row: dict[str, Any] = dict(preset) if preset else {}
            for name, value in data.items():
                # A plain JSON value of a scalar field is its own Python value (`_scalar_value`).
                plain = type(value) in JSON_LEAVES and name not in lists
                row[name] = value if plain else self._scalar_value(info, field(name), value)
            self._complete(info, row, f"{path}.{index}", now)
            rows.append(row)
        runs: list[_Run] = []
        start = 0
        while start < len(rows):
            given = rows[start].keys()
            end = start + 1
            while end < len(rows) and rows[end].keys() == given:
                end += 1
            names = [n for n in given if n in info.columns]
            runs.append((names, [list(map(itemgetter(n), rows[start:end])) for n in names], end - start))
            start = end
        return runs

    async def _insert_columns(
        self,
        info: ModelInfo,
        names: list[str],
        columns: list[list[Any]],
        size: int,
        skip_duplicates: bool,
        returning: Sequence[str],
    ) -> tuple[int, list[tuple[Any, ...]]]:
        """`size` rows, given as a list of values per field of `names`, in one INSERT."""
        if not names:
            # Rows of defaults only: one INSERT each (no portable multi-row form without columns).
            each = [(await self._insert(info, {}, returning))[1] for _ in range(size)]
            return len(each), [returned for returned in each if returned is not None]
        # Converted column by column (a writer per column, none where values are written as they
        # are), then row by row as the placeholders take them.
        by_column = [
            column if (write := info.writers[name]) is None else list(map(write, column))
            for name, column in zip(names, columns, strict=True)
        ]
        values = list(chain.from_iterable(zip(*by_column, strict=True)))
        placeholder = self.dialect.placeholder
        width = len(names)
        if placeholder(1) == placeholder(2):  # `?`, `%s`: every row's group is the same text
            listed = ", ".join(["(" + ", ".join([placeholder(1)] * width) + ")"] * size)
        else:  # `$1`, `$2`, ...: numbered through the statement
            listed = ", ".join(
                "(" + ", ".join([placeholder(first + i + 1) for i in range(width)]) + ")"
                for first in range(0, width * size, width)
            )
        listed_columns = ", ".join(info.columns[n] for n in names)
        sql = (
            self.dialect.insert_ignoring_duplicates(info.table, listed_columns, listed)
            if skip_duplicates
            else f"INSERT INTO {info.table} ({listed_columns}) VALUES {listed}"
        )
        if returning:
            found = await self.conn.fetch(f"{sql} RETURNING {self._returned(info, returning)}", values)
            return len(found), found
        inserted, _ = await self.conn.execute(sql, values)
        return inserted, []

    def _scalar_value(self, info: ModelInfo, f: ir.Field, value: Any) -> Any:
        if f.is_list:
            items = value.get("set") if isinstance(value, dict) and "set" in value else value
            return [untag(v) for v in as_list(items)]
        if isinstance(value, dict) and "$type" not in value:
            if "set" in value:
                return untag(value["set"])
            raise EngineUserError(
                "P2009", f"Unexpected operation on `{f.name}` in a create.", {"kind": "InvalidArgumentValue"}
            )
        return untag(value)

    def _insert_sql(self, info: ModelInfo, row: dict[str, Any]) -> tuple[str, list[Any]]:
        names = tuple([n for n in row if n in info.columns])
        values = [self._to_db_value(info, n, row[n]) for n in names]
        key = ("INSERT", names)
        sql = info.sql.get(key)
        if sql is None:
            sql = info.sql[key] = self._insert_text(info, names)
        return sql, values

    def _insert_text(self, info: ModelInfo, names: Sequence[str]) -> str:
        if not names:
            return self.dialect.insert_default_values(info.table)
        columns = ", ".join(info.columns[n] for n in names)
        placeholders = ", ".join(self.dialect.placeholder(i + 1) for i in range(len(names)))
        return f"INSERT INTO {info.table} ({columns}) VALUES ({placeholders})"

    async def _insert(
        self, info: ModelInfo, row: dict[str, Any], columns: Sequence[str] = ()
    ) -> tuple[Key, tuple[Any, ...] | None]:
        """-> (the new row's key, its `columns` by `INSERT ... RETURNING` when asked for)."""
        base, values = self._insert_sql(info, row)
        if columns:  # they hold the primary key (a read plan's columns always do)
            rows = await self.conn.fetch(f"{base} RETURNING {self._returned(info, columns)}", values)
            at = {name: i for i, name in enumerate(columns)}
            return {k: self.dialect.from_db(info.types[k], rows[0][at[k]]) for k in info.pk}, rows[0]
        missing_key = [k for k in info.pk if k not in row]
        if self.dialect.connector.supports_returning:
            returning = ", ".join(info.columns[k] for k in info.pk)
            rows = await self.conn.fetch(f"{base} RETURNING {returning}", values)
            return self.key_from_row(info, rows[0]), None
        _, last_id = await self.conn.execute(base, values)
        key = {k: row[k] for k in info.pk if k in row}
        if missing_key:
            if len(missing_key) != 1:
                raise EngineUserError("P2011", f"Cannot determine the key of the new '{info.name}' record.", {})
            key[missing_key[0]] = last_id
        return key, None

    def _to_db_value(self, info: ModelInfo, name: str, value: Any) -> Any:
        write = info.writers[name]
        return value if write is None else write(value)

    async def values_of(self, info: ModelInfo, key: Key, fields: Sequence[str]) -> dict[str, Any]:
        if all(f in key for f in fields):
            return {f: key[f] for f in fields}
        return await self.read_columns(info, key, fields)

    async def update_rows(self, info: ModelInfo, keys: list[Key], assignments: dict[str, Any]) -> None:
        """The same column values for the records `keys`, in one UPDATE."""
        if assignments and keys:
            sets = [self._plain_assignment(info, name, value) for name, value in assignments.items()]
            update = Fragment(f"UPDATE {info.table} SET ") + Fragment.join(", ", sets) + " WHERE "
            await self.execute(update + self._keys_where(info, keys))

    async def _update_by_key(self, info: ModelInfo, key: Key, sets: list[Fragment]) -> None:
        where = self._key_where(info, key, info.table)
        await self.execute(Fragment(f"UPDATE {info.table} SET ") + Fragment.join(", ", sets) + " WHERE " + where)

    # -- update
    async def update(self, info: ModelInfo, key: Key, data: Any, path: str = "data") -> Key:
        if not isinstance(data, dict):
            raise EngineUserError("P2009", f"`{path}` must be an object.", {"kind": "InvalidArgumentType"})
        relations: list[tuple[ir.Field, Any]] = []
        for name, value in data.items():
            f = info.model.get_field(name)
            if f is None:
                raise unknown_argument(path, name, info.name)
            if f.kind == "relation":
                relations.append((f, value))
        # Relations whose foreign key this row holds change this row's columns: do them first.
        new_key = dict(key)
        fk_values: dict[str, Any] = {}
        for f, value in relations:
            if self.catalog.schema.holds_foreign_key(info.name, f.name):
                relation = Relation.of(self, info, f, f"{path}.{f.name}")
                fk_values.update(await before_row(self.nested.update, relation, key, value))
        sets = self._scalar_sets(info, data, path, fk_values)
        if sets:
            new_key.update(await self._changed_key(info, key, data, path))
            await self._update_by_key(info, key, sets)
        for f, value in relations:
            if not self.catalog.schema.holds_foreign_key(info.name, f.name):
                relation = Relation.of(self, info, f, f"{path}.{f.name}")
                await after_row(self.nested.update, relation, new_key, value)
        return new_key

    async def _changed_key(self, info: ModelInfo, key: Key, data: dict[str, Any], path: str) -> Key:
        """The new values of primary key fields an update changes, known before it runs: a set
        value as given, an atomic operation (`{"increment": 1}`) computed by the database with the
        very expression the UPDATE will use."""
        changed: Key = {}
        computed: list[tuple[str, Fragment]] = []
        for name in info.pk:
            if name not in data:
                continue
            raw = data[name]
            if not _is_operation(raw):
                changed[name] = untag(raw)
            elif set(raw) == {"set"}:
                changed[name] = untag(raw["set"])
            else:
                computed.append((name, self._new_value(info, info.model.field(name), raw, f"{path}.{name}")))
        if computed:
            sql = (
                Fragment("SELECT ")
                + Fragment.join(", ", [expression for _, expression in computed])
                + f" FROM {info.table} WHERE "
                + self._key_where(info, key, info.table)
            )
            rows = await self.fetch(sql)
            if rows:
                changed.update(
                    {name: self.dialect.from_db(info.types[name], rows[0][i]) for i, (name, _) in enumerate(computed)}
                )
        return changed

    def _scalar_sets(
        self,
        info: ModelInfo,
        data: dict[str, Any],
        path: str,
        extra: dict[str, Any] | None = None,
        alias: str | None = None,
        now: Any = None,
    ) -> list[Fragment]:
        """The SET clauses of an update: its scalar fields, `extra` column values (foreign keys a
        relation write decided), and `@updatedAt` fields when anything changes. `alias`: the name
        the current row's columns are read by in the new values (`t0.views + 1`), where a bare
        column would be ambiguous (PostgreSQL's `ON CONFLICT DO UPDATE`). `now`: the instant
        `@updatedAt` fields get, read here when None; `NOW`, in a statement made once for many
        executions (`single_statement.py`), binds the `now` slot each execution fills."""
        sets: list[Fragment] = []
        for name, value in data.items():
            f = info.model.get_field(name)
            if f is None or f.kind == "relation":
                continue
            if name not in info.columns:
                raise unknown_argument(path, name, info.name)
            sets.append(self._assignment(info, f, value, f"{path}.{name}", alias))
        for column, column_value in (extra or {}).items():
            sets.append(self._plain_assignment(info, column, column_value))
        if sets and info.updated_at:
            if now is None:
                now = datetime.now(timezone.utc)
            sets.extend(self._plain_assignment(info, name, now) for name in info.updated_at if name not in data)
        return sets

    def _plain_assignment(self, info: ModelInfo, name: str, value: Any) -> Fragment:
        if value is None:
            return Fragment(f"{info.columns[name]} = NULL")
        type_name = info.types[name]
        if value is NOW:
            to_db = self.dialect.to_db
            convert = partial(_instant_to_db, to_db, type_name)
            return Fragment(f"{info.columns[name]} = {MARK}", [Bind("slot", "now", convert)])
        # A request's value (a `Param` in a statement made once for many) is in the protocol's form.
        given = value if isinstance(value, Param) else protocol_value(type_name, value)
        bound = self.filters.value_bind(given, type_name)
        return Fragment(f"{info.columns[name]} = {bound.text}", bound.binds)

    def _assignment(self, info: ModelInfo, f: ir.Field, value: Any, path: str, alias: str | None = None) -> Fragment:
        if f.is_list:
            return self._list_assignment(info, f, value, path, alias)
        if _is_operation(value):
            if set(value) == {"set"}:
                return self._plain_assignment(info, f.name, untag(value["set"]))
            return Fragment(f"{info.columns[f.name]} = ") + self._new_value(info, f, value, path, alias)
        return self._plain_assignment(info, f.name, untag(value))

    def _new_value(self, info: ModelInfo, f: ir.Field, value: Any, path: str, alias: str | None = None) -> Fragment:
        """The expression of an atomic update (`{"increment": n}`...): the column's new value."""
        column = info.column(alias, f.name) if alias else info.columns[f.name]
        type_name = info.types[f.name]
        if _is_operation(value):
            if len(value) != 1:
                raise EngineUserError(
                    "P2009",
                    f"`{path}` takes exactly one operation.",
                    {"kind": "InvalidArgumentValue", "argumentPath": path},
                )
            ((op, operand),) = value.items()
            if op in _ATOMIC:
                if operand is None:
                    raise EngineUserError("P2009", f"`{path}.{op}` needs a number.", {"kind": "InvalidArgumentValue"})
                bind = self.filters.value_bind(operand, type_name)
                if op == "divide" and type_name in ("Int", "BigInt"):
                    return self.dialect.integer_divide(column, bind)
                return Fragment(f"{column} {_ATOMIC[op]} ") + bind
            raise unknown_argument(path, op, info.name)
        raise EngineUserError("P2009", f"`{path}` takes one operation.", {"kind": "InvalidArgumentValue"})

    def _list_assignment(
        self, info: ModelInfo, f: ir.Field, value: Any, path: str, alias: str | None = None
    ) -> Fragment:
        column = info.columns[f.name]
        type_name = info.types[f.name]
        to_list = self.dialect.list_to_db
        if isinstance(value, dict) and "push" in value:
            pushed = [untag(v) for v in as_list(value["push"])]
            current = info.column(alias, f.name) if alias else column
            return (
                Fragment(f"{column} = array_cat({current}, ")
                + Fragment.bind(Bind("const", to_list(type_name, pushed)))
                + ")"
            )
        items = value["set"] if isinstance(value, dict) and "set" in value else value
        converted = to_list(type_name, [untag(v) for v in as_list(items)]) if items is not None else None
        return Fragment(f"{column} = ") + Fragment.bind(Bind("const", converted))

    # -- delete
    async def delete_rows(self, info: ModelInfo, keys: list[Key]) -> int:
        """-> how many of the records `keys` were deleted, by one DELETE."""
        deleted, _ = await self.execute(Fragment(f"DELETE FROM {info.table} WHERE ") + self._keys_where(info, keys))
        return deleted

    async def delete_many(self, info: ModelInfo, where: Any, limit: Any = None, *, where_path: str = "where") -> int:
        # The records are found first (the filter may follow relations, which DELETE cannot on
        # every database), then deleted by key in one statement.
        keys = await self.find_keys(info, where, where_path, limit=int(limit) if limit is not None else None)
        if keys:
            await self.delete_rows(info, keys)
        return len(keys)

    async def update_many(
        self,
        info: ModelInfo,
        where: Any,
        data: Any,
        limit: Any = None,
        returning: Sequence[str] = (),
        *,
        where_path: str = "where",
        data_path: str = "data",
    ) -> tuple[int, list[tuple[Any, ...]]]:
        """updateMany: the records `where` matches found, then updated by key in one statement.
        -> (records updated, the `returning` fields of each after the update)."""
        keys = await self.find_keys(info, where, where_path, limit=int(limit) if limit is not None else None)
        if not keys:
            return 0, []
        if not isinstance(data, dict) or any(
            (f := info.model.get_field(name)) is not None and f.kind == "relation" for name in data
        ):
            keys = [await self.update(info, key, data, data_path) for key in keys]  # relation writes are per record
            sets = []
        else:
            sets = self._scalar_sets(info, data, data_path)
        if sets:
            update = Fragment(f"UPDATE {info.table} SET ") + Fragment.join(", ", sets) + " WHERE "
            update = update + self._keys_where(info, keys)
            if not returning:
                await self.execute(update)
                return len(keys), []
            # RETURNING gives each record as the update left it, a changed primary key included.
            return len(keys), await self.fetch(update + f" RETURNING {self._returned(info, returning)}")
        if not returning:
            return len(keys), []
        select = Fragment(f"SELECT {self._returned(info, returning)} FROM {info.table} WHERE ")
        return len(keys), await self.fetch(select + self._keys_where(info, keys))

    def _keys_where(self, info: ModelInfo, keys: list[Key]) -> Fragment:
        if len(keys) == 1:
            return self._key_where(info, keys[0], info.table)
        if len(info.pk) == 1:
            name = info.pk[0]
            values = [self.dialect.to_db(info.types[name], key[name]) for key in keys]
            return self.dialect.in_list(
                f"{info.table}.{info.columns[name]}", Bind("const", self.dialect.list_param(values))
            )
        return Fragment.join(" OR ", [self._key_where(info, key, info.table).wrap() for key in keys])


def _is_operation(value: Any) -> bool:
    """`{"set": v}`, `{"increment": n}`...: an update operation rather than a (tagged) value."""
    return isinstance(value, dict) and "$type" not in value


def _filled(info: ModelInfo, given: frozenset[str], path: str) -> tuple[tuple[str, Any], ...]:
    """What a new row giving `given` (at `path`) leaves for this side to fill, worked out once
    per set of fields (`_fills`): each field with its default function, or None for
    `@updatedAt` (now). A required field with no default is refused here."""
    fills = info.fills.get(given)
    if fills is None:
        fills = info.fills[given] = _fills(info, given)
    for name, function in fills:
        if function is _REQUIRED:
            raise EngineUserError(
                "P2012",
                f"Missing a required value at `{path}.{name}`: `{info.name}.{name}` has no default.",
                {"path": f"{path}.{name}"},
            )
    return fills


def _fills(info: ModelInfo, given: frozenset[str]) -> tuple[tuple[str, Any], ...]:
    """The fields a new row giving `given` leaves out and this side fills, in field order, each
    with what fills it: None for `@updatedAt` (now), a default function computed here (cuid,
    uuid, now...), or `_REQUIRED` for a required field with no default (an error). Lists with no
    default and fields the database fills (autoincrement, dbgenerated, ...) are left out."""
    fills: list[tuple[str, Any]] = []
    for f in info.scalars:
        if f.name in given:
            continue
        if f.is_updated_at:
            fills.append((f.name, None))
        elif f.default is not None and f.default.function is not None and f.default.function.computed_by_client:
            fills.append((f.name, f.default.function))
        elif f.is_list and f.default is None:
            continue
        elif f.is_required and f.default is None:
            fills.append((f.name, _REQUIRED))
    return tuple(fills)


def _instant_to_db(to_db: Callable[[str, Any], Any], type_name: str, instant: datetime) -> Any:
    """The `now` slot's value for a `@updatedAt` column, as an update made per request converts
    it (through the protocol's form: milliseconds)."""
    return to_db(type_name, untag(protocol_value(type_name, instant)))
