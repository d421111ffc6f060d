"""Reads: find*, aggregate and groupBy compiled into plans, and plans run against a connection.

A `ReadPlan` is compiled once per query shape. It holds the SELECT of its own level and one
`IncludePlan` per included relation: relations are loaded level by level (one query per level,
`WHERE <key> IN <parent keys>`), as Prisma's engine does, then stitched together in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import Any

from prisma_dynamic.collection_pause import PAUSE_FROM, without_collection
from prisma_dynamic.dialects import Dialect
from prisma_dynamic.engine.catalog import Catalog, Join, ModelInfo, as_list, unknown_argument
from prisma_dynamic.engine.drivers.base import DriverConnection
from prisma_dynamic.engine.filters import Aliases, FilterCompiler
from prisma_dynamic.engine.orders import OrderSite, OrderTables, OrderTerm, compile_order
from prisma_dynamic.engine.row_records import Column, RowsReader, records_reader
from prisma_dynamic.engine.shape import Param
from prisma_dynamic.engine.sql import Bind, Fragment, Statement
from prisma_dynamic.engine.values import (
    IN_PROCESS_TYPES,
    TAGGED_TYPES,
    in_process,
    instant_reader,
    python_value,
    tag,
)


@dataclass(slots=True)
class Output:
    """How one level's rows become protocol objects."""

    # (field name, type name, is list) of the selected fields, which are each row's leading
    # columns in this order (`row_records` reads them by index).
    fields: list[tuple[str, str, bool]]
    key_indexes: dict[str, int]  # field name -> column index, for joining includes
    # Rows -> protocol objects, compiled once per plan by `ReadRunner.decode` rather than per row:
    # for tagged results, and for a client in this process (`values.in_process`).
    reader: RowsReader | None = None
    in_process_reader: RowsReader | None = None


@dataclass(slots=True)
class IncludePlan:
    field: str
    join: Join
    plan: ReadPlan
    outer_key: tuple[str, ...]  # parent fields whose values select the children


@dataclass(slots=True)
class CountPlan:
    field: str
    join: Join
    statement: Statement
    outer_key: tuple[str, ...]


@dataclass(slots=True)
class ReadPlan:
    info: ModelInfo
    statement: Statement
    output: Output
    includes: list[IncludePlan] = field(default_factory=list)
    counts: list[CountPlan] = field(default_factory=list)
    take: Any = None  # Param/int: applied in Python (per parent) for nested levels or with distinct
    skip: Any = None
    distinct: tuple[str, ...] = ()
    reverse: bool = False  # a negative take reads backwards; rows are flipped back afterwards
    in_python_paging: bool = False
    parent_key: tuple[int, ...] = ()  # a nested level: the columns of each row's parent's key

    @property
    def paged_per_parent(self) -> bool:
        """A nested level whose rows are paged (or made distinct) under each parent."""
        return self.take is not None or self.skip is not None or bool(self.distinct)


def _value(ref: Any, values: Sequence[Any]) -> Any:
    if isinstance(ref, Param):
        return values[ref.index]
    return ref


class ReadCompiler:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.dialect = catalog.dialect
        self.filters = FilterCompiler(catalog)
        self.orders = OrderTables.build(catalog.dialect.connector, catalog.schema.preview_features)

    # -- find*
    def compile_find(
        self, model: str, arguments: dict[str, Any], selection: dict[str, Any], backwards: frozenset[str] = frozenset()
    ) -> ReadPlan:
        """`backwards`: the levels ("" for the top, "posts." for an included relation...) whose
        `take` is negative, which read backwards from the end or from their cursor."""
        info = self.catalog.info(model)
        return self._level(info, arguments, selection, parent=None, path="", backwards_paths=backwards)

    def _level(
        self,
        info: ModelInfo,
        arguments: dict[str, Any],
        selection: dict[str, Any],
        parent: tuple[Join, ModelInfo] | None,
        path: str,
        backwards_paths: frozenset[str],
    ) -> ReadPlan:
        backwards = path in backwards_paths
        aliases = Aliases()
        alias = aliases.next()
        known = {"where", "orderBy", "cursor", "take", "skip", "distinct"}
        for key in arguments:
            if key not in known:
                raise unknown_argument(path or "arguments", key, info.name)

        selected = self._selected_scalars(info, selection)
        needed: list[str] = list(dict.fromkeys([*selected, *info.pk]))
        includes: list[tuple[str, Join, dict[str, Any]]] = []
        for name, value in selection.items():
            if name.startswith("$") or name == "_count" or value is False or value is None:
                continue
            f = info.model.get_field(name)
            if f is None:
                raise unknown_argument(f"{path}selection", name, info.name)
            if f.kind == "relation":
                join = self.catalog.join(info.name, name)
                if join.join_table is None:
                    needed.extend(k for k in join.outer_fields if k not in needed)
                includes.append((name, join, value if isinstance(value, dict) else {}))
        count_selection = selection.get("_count")

        # The selected fields first (`needed` starts with them), then the other needed fields,
        # then, on a nested level, the parent's key that groups the rows under their parents:
        # the foreign key's own columns where they are needed already, else added.
        select_parts = [info.column(alias, name) for name in needed]
        positions = {name: i for i, name in enumerate(needed)}
        parent_key: list[int] = []
        if parent is not None and parent[0].join_table is not None:
            # m:n: the parent's key comes from the join table column
            select_parts.append(f"{alias}_j.{parent[0].own_column}")
            parent_key.append(len(select_parts) - 1)
        elif parent is not None:
            for k in parent[0].inner_fields:
                if k not in positions:
                    select_parts.append(info.column(alias, k))
                parent_key.append(positions.get(k, len(select_parts) - 1))
        output = Output(
            fields=[(name, info.types[name], info.model.field(name).is_list) for name in needed[: len(selected)]],
            key_indexes=positions,
        )

        where = self.filters.where(info, arguments.get("where"), alias, aliases)
        from_clause: Fragment
        if parent is not None:
            join, parent_info = parent
            if join.join_table is not None:
                link = f"{alias}_j"
                on = " AND ".join(f"{link}.{join.other_column} = {info.column(alias, f)}" for f in join.inner_fields)
                from_clause = Fragment(f"{info.table} {alias} JOIN {join.join_table} {link} ON {on}")
                key_filter = self.dialect.in_list(
                    f"{link}.{join.own_column}",
                    Bind("slot", "keys", self._keys_convert(parent_info, join.outer_fields)),
                )
            else:
                from_clause = Fragment(f"{info.table} {alias}")
                key_filter = self._key_filter(info, alias, join.inner_fields, parent_info, join.outer_fields)
            where = key_filter + " AND " + where
        else:
            from_clause = Fragment(f"{info.table} {alias}")

        take, skip = arguments.get("take"), arguments.get("skip")
        distinct = tuple(as_list(arguments.get("distinct")))
        in_python = parent is not None or bool(distinct)
        order, cursor_filter = self.paging(info, arguments, alias, aliases, path, backwards)
        if cursor_filter is not None:
            where = where + " AND " + cursor_filter
        # Nested levels and distinct page in Python, where the rows are in the forward order.
        reverse = backwards and not in_python
        sql = "SELECT " + ", ".join(select_parts) + " FROM " + from_clause + " WHERE " + where
        if order:
            sql = sql + " ORDER BY " + self.order_sql(order, reverse)
        if not in_python and (take is not None or skip is not None):
            limit = self.limit_bind(take) if take is not None else None
            offset = self.plain_bind(skip) if skip is not None else None
            sql = sql + self.dialect.limit_offset(limit, offset)
        plan = ReadPlan(
            info,
            self.dialect.statement(sql),
            output,
            take=take,
            skip=skip,
            distinct=distinct,
            reverse=reverse,
            in_python_paging=in_python,
            parent_key=tuple(parent_key),
        )
        for name, join, sub in includes:
            target = self.catalog.info(join.target)
            sub_args = sub.get("arguments", {}) or {}
            sub_selection = sub.get("selection", {"$scalars": True})
            child = self._level(target, sub_args, sub_selection, (join, info), f"{path}{name}.", backwards_paths)
            plan.includes.append(IncludePlan(name, join, child, join.outer_fields))
        if isinstance(count_selection, dict):
            for name, value in (count_selection.get("selection") or {}).items():
                if value is False:
                    continue
                plan.counts.append(self._count_plan(info, name, value if isinstance(value, dict) else {}))
        return plan

    def _keys_convert(self, parent: ModelInfo, fields: tuple[str, ...]) -> Any:
        to_db, list_param = self.dialect.to_db, self.dialect.list_param
        type_name = parent.types[fields[0]]
        return lambda keys: list_param([to_db(type_name, k[0]) for k in keys])

    def _key_filter(
        self, info: ModelInfo, alias: str, inner: tuple[str, ...], parent: ModelInfo, outer: tuple[str, ...]
    ) -> Fragment:
        if len(inner) == 1:
            return self.dialect.in_list(
                info.column(alias, inner[0]), Bind("slot", "keys", self._keys_convert(parent, outer))
            )
        # Compound keys: match each column against the JSON list of key tuples, then check the
        # tuples in Python (rows of other combinations are dropped when stitching).
        parts = [
            self.dialect.in_list(info.column(alias, f), Bind("slot", "keys", self._nth_convert(parent, outer[i], i)))
            for i, f in enumerate(inner)
        ]
        return Fragment.join(" AND ", parts)

    def _nth_convert(self, parent: ModelInfo, field_name: str, position: int) -> Any:
        to_db, list_param = self.dialect.to_db, self.dialect.list_param
        type_name = parent.types[field_name]
        return lambda keys: list_param([to_db(type_name, k[position]) for k in keys])

    def _count_plan(self, info: ModelInfo, relation: str, args: dict[str, Any]) -> CountPlan:
        f = info.model.get_field(relation)
        if f is None or f.kind != "relation" or not f.is_list:
            raise unknown_argument("_count", relation, info.name)
        join = self.catalog.join(info.name, relation)
        target = self.catalog.info(join.target)
        aliases = Aliases()
        alias = aliases.next()
        where = self.filters.where(target, (args.get("arguments") or {}).get("where"), alias, aliases)
        if join.join_table is not None:
            link = f"{alias}_j"
            on = " AND ".join(f"{link}.{join.other_column} = {target.column(alias, k)}" for k in join.inner_fields)
            key = f"{link}.{join.own_column}"
            sql = (
                f"SELECT {key}, COUNT(*) FROM {target.table} {alias} JOIN {join.join_table} {link} ON {on} WHERE "
                + self.dialect.in_list(key, Bind("slot", "keys", self._keys_convert(info, join.outer_fields)))
                + " AND "
                + where
                + f" GROUP BY {key}"
            )
        else:
            keys = ", ".join(target.column(alias, k) for k in join.inner_fields)
            sql = (
                f"SELECT {keys}, COUNT(*) FROM {target.table} {alias} WHERE "
                + self._key_filter(target, alias, join.inner_fields, info, join.outer_fields)
                + " AND "
                + where
                + f" GROUP BY {keys}"
            )
        return CountPlan(relation, join, self.dialect.statement(sql), join.outer_fields)

    def _selected_scalars(self, info: ModelInfo, selection: dict[str, Any]) -> list[str]:
        if selection.get("$scalars"):
            # `omit`: every scalar but those set to False, which are not even read.
            return [f.name for f in info.scalars if selection.get(f.name) is not False]
        names = []
        for name, value in selection.items():
            if value is True and name in info.columns:
                names.append(name)
            elif value is True and not name.startswith("$") and info.model.get_field(name) is None:
                raise unknown_argument("selection", name, info.name)
        return names

    # -- ordering
    def order_terms(self, info: ModelInfo, order_by: Any, alias: str, aliases: Aliases, path: str) -> list[OrderTerm]:
        """A find's (or aggregate's) `orderBy`, through the `OrderByWithRelationInput` table."""
        site = OrderSite(self, info, alias, aliases, f"{path}orderBy")
        return compile_order(site, self.orders.with_relation, order_by)

    def order_sql(self, order: list[OrderTerm], reverse: bool) -> Fragment:
        parts = []
        for term in order:
            direction, nulls = term.direction, term.nulls
            if reverse:
                direction = "DESC" if direction == "ASC" else "ASC"
                nulls = {"first": "last", "last": "first"}.get(nulls or "")
            if nulls is None:
                parts.append(Fragment(f"{term.sql} {direction}", term.binds))
            elif self.dialect.supports_nulls_ordering:
                parts.append(Fragment(f"{term.sql} {direction} NULLS {nulls.upper()}", term.binds))
            else:
                both = f"{term.sql} IS NULL {'DESC' if nulls == 'first' else 'ASC'}, {term.sql} {direction}"
                parts.append(Fragment(both, term.binds * 2))
        return Fragment.join(", ", parts)

    def cursor_condition(
        self,
        info: ModelInfo,
        cursor: Any,
        order: list[OrderTerm],
        aliases: Aliases,
        terms_at: Callable[[str], list[OrderTerm]],
    ) -> Fragment:
        """Rows at or after the cursor record in the order: a lexicographic comparison with the
        cursor row's values of the same order terms (relation fields and counts included), each
        read by a subquery on the cursor row (`terms_at` builds the terms for another alias);
        no row at all when the cursor record is gone."""

        def cursor_value(index: int) -> Fragment:
            inner = aliases.next()
            term = terms_at(inner)[index]
            return (
                "(SELECT "
                + Fragment(f"{term.sql} FROM {info.table} {inner} WHERE ")
                + self.filters.where(info, cursor, inner, aliases, "cursor")
                + ")"
            )

        def same(index: int) -> Fragment:
            term, value = order[index], cursor_value(index)
            if not term.nullable:
                return term.sql + " = " + value
            return "(" + term.sql + " = " + value + f" OR ({term.sql} IS NULL AND " + value + " IS NULL))"

        def after(index: int) -> Fragment:
            """Strictly after the cursor's value in this term's order, NULLs where they sort."""
            term, value = order[index], cursor_value(index)
            strictly = term.sql + (" > " if term.direction == "ASC" else " < ") + value
            if not term.nullable:
                return strictly
            if self._nulls_last(term):  # a NULL comes after every value, and nothing after a NULL
                return "(" + value + " IS NOT NULL AND (" + strictly + f" OR {term.sql} IS NULL))"
            return f"({term.sql} IS NOT NULL AND (" + value + " IS NULL OR " + strictly + "))"

        alternatives: list[Fragment] = []
        for i in range(len(order)):
            alternatives.append(Fragment.join(" AND ", [*(same(j) for j in range(i)), after(i)]).wrap())
        alternatives.append(Fragment.join(" AND ", [same(i) for i in range(len(order))]).wrap())
        return Fragment.join(" OR ", alternatives).wrap()

    def _nulls_last(self, term: OrderTerm) -> bool:
        """Where the term's NULLs sort: as asked, else the database's default for the direction."""
        if term.nulls is not None:
            return term.nulls == "last"
        return self.dialect.nulls_sort_high == (term.direction == "ASC")

    def paging(
        self, info: ModelInfo, arguments: dict[str, Any], alias: str, aliases: Aliases, path: str, backwards: bool
    ) -> tuple[list[OrderTerm], Fragment | None]:
        """The order of a read (find or aggregate) and the condition its cursor adds.

        When a read pages (order, take, skip or cursor), ties are broken by the primary key, as
        Prisma does, so pages are stable. A cursor keeps the rows at or after the cursor record
        in that order, or at or *before* it when `take` is negative (`backwards`)."""
        cursor = arguments.get("cursor")
        pages = any(arguments.get(k) is not None for k in ("take", "skip", "cursor"))

        def terms_at(row_alias: str) -> list[OrderTerm]:
            terms = self.order_terms(info, arguments.get("orderBy"), row_alias, aliases, path)
            if terms or pages:
                ordered = {term.field for term in terms}
                terms.extend(OrderTerm(info.column(row_alias, k), "ASC", None, k) for k in info.pk if k not in ordered)
            return terms

        order = terms_at(alias)
        if cursor is None:
            return order, None
        cursor_order = [_flipped(t) for t in order] if backwards else order
        return order, self.cursor_condition(info, cursor, cursor_order, aliases, terms_at)

    def limit_bind(self, take: Any) -> Fragment:
        return (
            Fragment.bind(Bind("param", take.index, lambda v: abs(int(v))))
            if isinstance(take, Param)
            else Fragment(str(abs(int(take))))
        )

    def plain_bind(self, value: Any) -> Fragment:
        return Fragment.bind(Bind("param", value.index, int)) if isinstance(value, Param) else Fragment(str(int(value)))


def backwards_levels(arguments: dict[str, Any], selection: dict[str, Any], path: str = "") -> frozenset[str]:
    """The levels of a find whose `take` is negative: the sign decides the SQL (which way the
    cursor looks), so it is part of the plan's cache key while the number is a parameter."""
    found: set[str] = set()
    take = arguments.get("take")
    if isinstance(take, int) and take < 0:
        found.add(path)
    for name, value in selection.items():
        if isinstance(value, dict) and not name.startswith("$") and name != "_count":
            found |= backwards_levels(value.get("arguments") or {}, value.get("selection") or {}, f"{path}{name}.")
    return frozenset(found)


def _flipped(term: OrderTerm) -> OrderTerm:
    """The term read backwards: the other direction, and NULLs placed at the other end."""
    nulls = {"first": "last", "last": "first"}.get(term.nulls or "")
    return OrderTerm(
        term.sql, "DESC" if term.direction == "ASC" else "ASC", nulls, term.field, term.nullable, term.binds
    )


# ---- running plans -----------------------------------------------------------------------------


class ReadRunner:
    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect

    async def run(self, plan: ReadPlan, values: Sequence[Any], conn: DriverConnection) -> list[dict[str, Any]]:
        rows = await conn.fetch(*plan.statement.bound(values))
        if plan.in_python_paging:
            rows = self._page(plan, rows, values)
        if plan.reverse:
            rows.reverse()
        return await self.materialize(plan, rows, values, conn)

    def _page(self, plan: ReadPlan, rows: list[tuple[Any, ...]], values: Sequence[Any]) -> list[tuple[Any, ...]]:
        if plan.distinct:
            seen: set[tuple[Any, ...]] = set()
            indexes = [plan.output.key_indexes[name] for name in plan.distinct]
            unique_rows = []
            for row in rows:
                marker = tuple(row[i] for i in indexes)
                if marker not in seen:
                    seen.add(marker)
                    unique_rows.append(row)
            rows = unique_rows
        skip = int(_value(plan.skip, values) or 0)
        take = _value(plan.take, values)
        if take is not None and int(take) < 0:
            # A negative take counts from the end: the last |take| rows before the skipped ones.
            end = len(rows) - skip
            return rows[max(end + int(take), 0) : max(end, 0)]
        return rows[skip : skip + int(take) if take is not None else None]

    def decode(self, output: Output, rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
        """One level's rows as protocol objects (no relations)."""
        if in_process.get():
            reader = output.in_process_reader
            if reader is None:
                reader = output.in_process_reader = self._reader(output, python_value)
        else:
            reader = output.reader
            if reader is None:
                reader = output.reader = self._reader(output, tag)
        return reader(rows) if len(rows) < PAUSE_FROM else without_collection(reader, rows)

    def _reader(self, output: Output, form: Callable[[str, Any], Any]) -> RowsReader:
        """Rows -> records for `output`'s fields, each row's leading columns, compiled once
        (`row_records`): only the values that need converting converted, NULLs left alone except
        for lists (a NULL scalar list reads as `[]`). A Boolean, String or Float value that came
        from the driver as that Python type (asyncpg's bool, str and float) is kept as it is
        (`from_db` would return it unchanged)."""
        return records_reader(
            [
                Column(name, index, convert, is_list, None if is_list else _CONVERTED_AS_IS.get(type_name))
                for index, (name, type_name, is_list) in enumerate(output.fields)
                for convert in [self._converter(type_name, is_list, form)]
            ]
        )

    def _converter(self, type_name: str, is_list: bool, form: Callable[[str, Any], Any]) -> Callable[[Any], Any] | None:
        """Driver value -> protocol value for one column, or None when it is the value itself.
        `form`: `tag`, or `python_value` for the types a client in this process takes as they are."""
        from_db = self.dialect.from_db
        if form is not tag and type_name not in IN_PROCESS_TYPES:
            form = tag
        if is_list:
            return lambda raw: _list_from_db(raw, type_name, from_db, form)
        if type_name in _AS_READ:
            return None
        if type_name == "DateTime" and form is python_value:
            return instant_reader(self.dialect.datetime_from_db)
        if type_name in TAGGED_TYPES:
            return lambda raw: form(type_name, from_db(type_name, raw))
        return self.dialect.value_reader(type_name)

    async def materialize(
        self,
        plan: ReadPlan,
        rows: list[tuple[Any, ...]],
        values: Sequence[Any],
        conn: DriverConnection,
        known: Mapping[str, list[tuple[Any, ...]]] | None = None,
    ) -> list[dict[str, Any]]:
        """A level's rows as records, with their included relations and `_count`s read from them
        (rows of the plan's SELECT, or of a write's RETURNING of the same columns: `returned.py`).
        `known`: for one row, the rows of some to-many includes, all its related records as that
        include's plan reads them (a new record's children, from their INSERT's RETURNING)."""
        records = self.decode(plan.output, rows)
        if not rows:
            return records
        for include in plan.includes:
            children = known.get(include.field) if known else None
            if children is None:
                await self._include(plan, include, rows, records, values, conn)
            else:
                (record,) = records
                record[include.field] = await self.materialize(include.plan, children, values, conn)
        for count in plan.counts:
            await self._count(plan, count, rows, records, conn)
        return records

    async def _include(
        self,
        plan: ReadPlan,
        include: IncludePlan,
        rows: list[tuple[Any, ...]],
        records: list[dict[str, Any]],
        values: Sequence[Any],
        conn: DriverConnection,
    ) -> None:
        key_indexes = [plan.output.key_indexes[k] for k in include.outer_key]
        # One key per row: a value for a one-column key, a tuple for more (itemgetter's own
        # forms), for the parents' rows and the children's, whose last columns are the key.
        parent_key = itemgetter(*key_indexes)
        distinct_keys = dict.fromkeys(map(parent_key, rows))
        # The bound keys are tuples; a key with a NULL part selects no children.
        if len(key_indexes) == 1:
            keys = [(key,) for key in distinct_keys if key is not None]
        else:
            keys = [key for key in distinct_keys if None not in key]
        child = include.plan
        groups: dict[Any, list[tuple[Any, ...]]] = {}
        if keys:
            child_rows = await conn.fetch(*child.statement.bound(values, {"keys": keys}))
            child_key = itemgetter(*child.parent_key)
            for key, row in zip(map(child_key, child_rows), child_rows, strict=True):
                if key in groups:
                    groups[key].append(row)
                else:
                    groups[key] = [row]
        # Each parent's children (paged per parent), then all of them materialized at once, so
        # that the relations below this one are loaded with one query per level too.
        none: list[tuple[Any, ...]] = []
        chunks = [groups.get(key, none) for key in map(parent_key, rows)]
        if child.paged_per_parent:
            chunks = [self._page(child, chunk, values) if chunk else chunk for chunk in chunks]
        level = list(chain.from_iterable(chunks))
        materialized = await self.materialize(child, level, values, conn) if level else []
        start = 0
        for record, chunk in zip(records, chunks, strict=True):
            part = materialized[start : start + len(chunk)]
            start += len(chunk)
            if include.join.is_list:
                record[include.field] = part
            else:
                record[include.field] = part[0] if part else None

    async def _count(
        self,
        plan: ReadPlan,
        count: CountPlan,
        rows: list[tuple[Any, ...]],
        records: list[dict[str, Any]],
        conn: DriverConnection,
    ) -> None:
        key_indexes = [plan.output.key_indexes[k] for k in count.outer_key]
        parent_keys = list(map(itemgetter(*key_indexes), rows))  # a value, or a tuple for several columns
        width = len(key_indexes)
        keys = list(dict.fromkeys(parent_keys if width > 1 else [(key,) for key in parent_keys]))
        found = await conn.fetch(*count.statement.bound((), {"keys": keys}))
        found_key = itemgetter(*range(width))
        counts = {found_key(r): int(r[width]) for r in found}
        for key, record in zip(parent_keys, records, strict=True):
            record.setdefault("_count", {})[count.field] = counts.get(key, 0)


# Types whose driver value is already the protocol value: an enum's name, and an Int (a Python int
# on every driver, which `from_db` and `tag` both leave as it is). NULL is NULL for every type.
_AS_READ = frozenset({"Enum", "Int"})
# Types whose `from_db` returns a value of these Python types unchanged.
_CONVERTED_AS_IS = {"Boolean": frozenset({bool}), "String": frozenset({str}), "Float": frozenset({float})}


def _list_from_db(raw: Any, type_name: str, from_db: Any, form: Callable[[str, Any], Any]) -> Any:
    if raw is None:
        return []
    items = list(raw)
    if type_name == "Enum":
        return items
    return [form(type_name, from_db(type_name, v)) for v in items]


__all__ = ["ReadCompiler", "ReadPlan", "ReadRunner", "backwards_levels"]
