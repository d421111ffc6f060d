"""Nested writes, by the query schema's names, each run by one handler.

A relation field in the data of a create or an update (`{"author": {"connect": {...}}}`,
`{"posts": {"create": [...], "deleteMany": {...}}}`) holds an object of operations: the fields of
`<R>CreateNested{One,Many}Without<F>Input` in a create (`create`, `connectOrCreate`, `createMany`,
`connect`), of `<R>Update{One,OneRequired,Many}Without<F>NestedInput` in an update (those, and
`set`, `disconnect`, `delete`, `update`, `updateMany`, `upsert`, `deleteMany`). Each operation has
a handler for either side of the relation:

- `inlined`: the record holds the foreign key (a to-one relation with `fields:`). The handler runs
  before the record's row is written and answers the foreign key values the row gets;
- `related`: the related records hold it, or an implicit m:n join table links them. The handler
  runs after the row is written, with its key.

Which operations a database offers is its connector's: `NestedWriteTables` is built from it, so
an operation the database lacks has no handler and is refused by name before anything is written.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from prisma_dynamic.dialects import Dialect
from prisma_dynamic.engine.catalog import Catalog, Join, Key, ModelInfo, as_list, scalars_only, unknown_argument
from prisma_dynamic.engine.core import EngineUserError, record_not_found
from prisma_dynamic.engine.drivers.base import DriverConnection
from prisma_dynamic.engine.sql import Bind, Fragment
from prisma_dynamic.engine.values import protocol_value
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.connectors import Connector


class NestedWriter(Protocol):
    """What the handlers use of the writer running the write (`writes.Writer`): its connection,
    and its steps on the related records. Declared here, not imported: writes.py imports this
    module, so it does not import it back."""

    catalog: Catalog
    dialect: Dialect
    conn: DriverConnection

    async def execute(self, fragment: Fragment) -> tuple[int, Any]: ...
    async def find_keys(self, info: ModelInfo, where: Any, path: str, limit: int | None = None) -> list[Key]: ...
    async def find_one_key(self, info: ModelInfo, where: Any, path: str, cause: str) -> Key: ...
    async def read_columns(self, info: ModelInfo, key: Key, fields: Sequence[str]) -> dict[str, Any]: ...
    async def values_of(self, info: ModelInfo, key: Key, fields: Sequence[str]) -> dict[str, Any]: ...
    async def create(self, info: ModelInfo, data: Any, path: str = "data", preset: Key | None = None) -> Key: ...
    async def create_many(
        self,
        info: ModelInfo,
        items: Sequence[Any],
        path: str,
        *,
        skip_duplicates: bool = False,
        returning: Sequence[str] = (),
        preset: Key | None = None,
    ) -> tuple[int, list[tuple[Any, ...]]]: ...
    async def update(self, info: ModelInfo, key: Key, data: Any, path: str = "data") -> Key: ...
    async def update_many(
        self, info: ModelInfo, where: Any, data: Any, *, where_path: str, data_path: str
    ) -> tuple[int, list[tuple[Any, ...]]]: ...
    async def delete_many(self, info: ModelInfo, where: Any, *, where_path: str) -> int: ...
    async def update_rows(self, info: ModelInfo, keys: list[Key], assignments: dict[str, Any]) -> None: ...
    async def delete_rows(self, info: ModelInfo, keys: list[Key]) -> int: ...


@dataclass(frozen=True, slots=True)
class Relation:
    """What the handlers of one relation field's operations share."""

    writer: NestedWriter
    info: ModelInfo  # the model of the record written
    field: ir.Field  # its relation field
    join: Join
    target: ModelInfo  # the related model
    path: str  # the argument path of the relation field: "data.posts"
    # A new record's children made by one INSERT (`made_by_one_insert`) come back by its
    # RETURNING of these fields, into `returned`: a create's `include` of them reads nothing more.
    returning: Sequence[str] = ()
    returned: list[tuple[Any, ...]] | None = None

    @classmethod
    def of(cls, writer: NestedWriter, info: ModelInfo, field: ir.Field, path: str) -> Relation:
        join = writer.catalog.join(info.name, field.name)
        return cls(writer, info, field, join, writer.catalog.info(join.target), path)


# (relation, the record's key or None in a create, the operation's value) -> the foreign key values
InlinedHandler = Callable[[Relation, Key | None, Any], Awaitable[dict[str, Any]]]
# (relation, the record's key, the operation's value)
RelatedHandler = Callable[[Relation, Key, Any], Awaitable[None]]


# ---- the record holds the foreign key -----------------------------------------------------------


async def _connect_parent(rel: Relation, key: Key | None, where: Any) -> dict[str, Any]:
    cause = f"No '{rel.target.name}' record was found for a nested connect on '{rel.info.name}.{rel.field.name}'."
    parent = await rel.writer.find_one_key(rel.target, where, f"{rel.path}.connect", cause)
    return await _referenced(rel, parent)


async def _create_parent(rel: Relation, key: Key | None, data: Any) -> dict[str, Any]:
    return await _referenced(rel, await rel.writer.create(rel.target, data, f"{rel.path}.create"))


async def _connect_or_create_parent(rel: Relation, key: Key | None, arg: Any) -> dict[str, Any]:
    path = f"{rel.path}.connectOrCreate"
    found = await rel.writer.find_keys(rel.target, arg.get("where"), f"{path}.where", limit=1)
    parent = found[0] if found else await rel.writer.create(rel.target, arg.get("create"), f"{path}.create")
    return await _referenced(rel, parent)


async def _referenced(rel: Relation, parent: Key) -> dict[str, Any]:
    """The foreign key values that point at the record `parent`."""
    referenced = await rel.writer.values_of(rel.target, parent, rel.join.inner_fields)
    return dict(zip(rel.join.outer_fields, (referenced[r] for r in rel.join.inner_fields), strict=True))


async def _disconnect_parent(rel: Relation, key: Key | None, arg: Any) -> dict[str, Any]:
    """`true`, or a where filter: disconnected only when the record pointed at matches it."""
    if arg is not True and not isinstance(arg, dict):
        return {}
    if isinstance(arg, dict) and arg and await _current_parent(rel, key, arg) is None:
        return {}
    if any(rel.info.model.field(name).is_required for name in rel.join.outer_fields):
        raise required_relation_violation(rel)
    return dict.fromkeys(rel.join.outer_fields)


async def _delete_parent(rel: Relation, key: Key | None, arg: Any) -> dict[str, Any]:
    """`true`, or a where filter the record pointed at must match."""
    if arg:
        parent = await _current_parent(rel, key, arg if isinstance(arg, dict) else None)
        if parent is None:
            raise record_not_found(f"No '{rel.target.name}' record to delete.", rel.target.name)
        await rel.writer.delete_rows(rel.target, [parent])
    return {}


async def _update_parent(rel: Relation, key: Key | None, arg: Any) -> dict[str, Any]:
    """`{where?, data}` (the record pointed at must match `where`) or the data itself."""
    wrapped = isinstance(arg, dict) and "data" in arg
    parent = await _current_parent(rel, key, arg.get("where") if wrapped else None)
    if parent is None:
        raise record_not_found(f"No '{rel.target.name}' record to update.", rel.target.name)
    await rel.writer.update(rel.target, parent, arg["data"] if wrapped else arg, f"{rel.path}.update")
    return {}


async def _upsert_parent(rel: Relation, key: Key | None, arg: Any) -> dict[str, Any]:
    parent = await _current_parent(rel, key, arg.get("where"))
    if parent is None:
        return await _create_parent(replace(rel, path=f"{rel.path}.upsert"), key, arg.get("create"))
    await rel.writer.update(rel.target, parent, arg.get("update"), f"{rel.path}.upsert")
    return {}


async def _current_parent(rel: Relation, key: Key | None, where: Any = None) -> Key | None:
    """The key of the record the foreign key points at now, if it matches `where`; None when it
    points nowhere (or at a record `where` does not keep)."""
    assert key is not None, "only an update has a current related record"
    current = await rel.writer.read_columns(rel.info, key, rel.join.outer_fields)
    if any(value is None for value in current.values()):
        return None
    pointed_at = {
        inner: protocol_value(rel.target.types[inner], current[outer])
        for outer, inner in zip(rel.join.outer_fields, rel.join.inner_fields, strict=True)
    }
    found = await rel.writer.find_keys(rel.target, {"AND": [pointed_at, where or {}]}, rel.path, limit=1)
    return found[0] if found else None


# ---- the related records hold the foreign key (or a join table links them) ----------------------


def made_by_one_insert(rel: Relation, value: Any) -> bool:
    """Whether a relation's nested writes in a create only make children by one multi-row
    INSERT: a `create` of several children without relation writes of their own, or a
    `createMany` that skips no duplicates. Those are then all of the new record's related
    records, and that INSERT's RETURNING gives them."""
    if not isinstance(value, dict) or len(value) != 1 or rel.join.join_table is not None:
        return False
    ((operation, arg),) = value.items()
    if operation == "create":
        return _in_one_insert(rel, arg)
    return operation == "createMany" and isinstance(arg, dict) and not arg.get("skipDuplicates")


def _in_one_insert(rel: Relation, arg: Any) -> bool:
    """Whether a nested `create` of children is inserted as createMany is: several children
    without relation writes of their own, holding the foreign key themselves."""
    items = as_list(arg)
    return rel.join.join_table is None and len(items) > 1 and all(scalars_only(rel.target, i) for i in items)


async def _create_children(rel: Relation, key: Key, arg: Any) -> None:
    if _in_one_insert(rel, arg):
        await _insert_children(rel, key, as_list(arg), f"{rel.path}.create")
        return
    for item in as_list(arg):
        await _create_child(rel, key, item, f"{rel.path}.create")


async def _create_many_children(rel: Relation, key: Key, arg: Any) -> None:
    if rel.join.join_table is not None:  # a many-insert returns no keys to link by: Prisma offers none
        raise unknown_argument(rel.path, "createMany", rel.info.name)
    skip = bool(arg.get("skipDuplicates"))
    await _insert_children(rel, key, as_list(arg.get("data")), f"{rel.path}.createMany.data", skip)


async def _insert_children(rel: Relation, key: Key, items: list[Any], path: str, skip: bool = False) -> None:
    """Children of the record `key` in multi-row INSERTs, as createMany inserts rows; their
    `rel.returning` fields into `rel.returned` where asked."""
    preset = await _preset(rel, key)
    _, rows = await rel.writer.create_many(
        rel.target, items, path, skip_duplicates=skip, returning=rel.returning, preset=preset
    )
    if rel.returned is not None:
        rel.returned.extend(rows)


async def _connect_children(rel: Relation, key: Key, arg: Any) -> None:
    await _connect_all(rel, key, as_list(arg), f"{rel.path}.connect")


async def _each_found(rel: Relation, wheres: list[Any], within: Any, path: str) -> list[Key] | None:
    """The records several unique `wheres` name, by one SELECT (kept to those `within` keeps,
    e.g. this record's children), when each found its own: each names one record at most, so as
    many found as asked means that. None otherwise (one missing, or two naming the same record):
    the caller then goes record by record, which refuses a missing one as Prisma does."""
    if len(wheres) < 2:
        return None
    named = {"OR": wheres} if within is None else {"AND": [within, {"OR": wheres}]}
    found = await rel.writer.find_keys(rel.target, named, path)
    return found if len(found) == len(wheres) else None


async def _connect_all(rel: Relation, key: Key, wheres: list[Any], path: str) -> None:
    """Connect the records the unique `wheres` name: one look-up and one statement for all."""
    found = await _each_found(rel, wheres, None, path)
    if found is not None:
        await _link_all(rel, key, found)
        return
    for where in wheres:
        await _connect_child(rel, key, where, path)


async def _connect_or_create_children(rel: Relation, key: Key, arg: Any) -> None:
    path = f"{rel.path}.connectOrCreate"
    items = as_list(arg)
    wheres = [item.get("where") if isinstance(item, dict) else None for item in items]
    if all(isinstance(where, dict) for where in wheres):
        existing = await _each_found(rel, wheres, None, f"{path}.where")
        if existing is not None:  # every record is there: one look-up and one statement for all
            await _link_all(rel, key, existing)
            return
    for item in items:
        found = await rel.writer.find_keys(rel.target, item.get("where"), f"{path}.where", limit=1)
        if found:
            await _link(rel, key, found[0])
        else:
            await _create_child(rel, key, item.get("create"), f"{path}.create")


def _replacing(handler: RelatedHandler) -> RelatedHandler:
    """In an update, a to-one relation's new record replaces the one linked now."""

    async def replaced(rel: Relation, key: Key, arg: Any) -> None:
        if not rel.join.is_list:
            await _disconnect_children(rel, key, None)
        await handler(rel, key, arg)

    return replaced


async def _set_children(rel: Relation, key: Key, arg: Any) -> None:
    # The children that stay are not disconnected (nor refused when the relation is required).
    kept = as_list(arg)
    await _disconnect_children(rel, key, {"NOT": {"OR": kept}} if kept else None)
    await _connect_all(rel, key, kept, f"{rel.path}.set")


async def _disconnect_related(rel: Relation, key: Key, arg: Any) -> None:
    if rel.join.is_list:
        for where in as_list(arg):
            await _disconnect_children(rel, key, where)
    elif arg:
        await _disconnect_children(rel, key, arg if isinstance(arg, dict) else None)


async def _delete_children(rel: Relation, key: Key, arg: Any) -> None:
    if not rel.join.is_list and not arg:
        return
    wheres = as_list(arg) if rel.join.is_list else [arg if isinstance(arg, dict) else {}]
    found = await _each_found(rel, wheres, _of_record(rel, key, None), rel.path)
    if found is not None:  # one look-up and one DELETE for all
        await rel.writer.delete_rows(rel.target, found)
        return
    for where in wheres:
        child = await rel.writer.find_one_key(
            rel.target, _of_record(rel, key, where), rel.path, f"No '{rel.target.name}' record to delete."
        )
        await rel.writer.delete_rows(rel.target, [child])


async def _delete_many_children(rel: Relation, key: Key, arg: Any) -> None:
    for where in as_list(arg):  # each filter's children deleted in one statement
        await rel.writer.delete_many(rel.target, _of_record(rel, key, where), where_path=rel.path)


async def _update_children(rel: Relation, key: Key, arg: Any) -> None:
    # A to-many relation takes `{where, data}` items; a to-one one `{where?, data}` or the data itself.
    for item in as_list(arg) if rel.join.is_list else [arg]:
        wrapped = rel.join.is_list or "data" in item
        where, data = (item.get("where"), item.get("data")) if wrapped else (None, item)
        child = await rel.writer.find_one_key(
            rel.target, _of_record(rel, key, where), rel.path, f"No '{rel.target.name}' record to update."
        )
        await rel.writer.update(rel.target, child, data, f"{rel.path}.update")


async def _update_many_children(rel: Relation, key: Key, arg: Any) -> None:
    for item in as_list(arg):  # each filter's children updated in one statement
        where = _of_record(rel, key, item.get("where"))
        await rel.writer.update_many(
            rel.target, where, item.get("data"), where_path=rel.path, data_path=f"{rel.path}.updateMany"
        )


async def _upsert_children(rel: Relation, key: Key, arg: Any) -> None:
    for item in as_list(arg) if rel.join.is_list else [arg]:
        found = await rel.writer.find_keys(rel.target, _of_record(rel, key, item.get("where")), rel.path, limit=1)
        if found:
            await rel.writer.update(rel.target, found[0], item.get("update"), f"{rel.path}.upsert.update")
        else:
            await _create_child(rel, key, item.get("create"), f"{rel.path}.upsert.create")


async def _create_child(rel: Relation, key: Key, data: Any, path: str) -> Key:
    if rel.join.join_table is not None:
        child = await rel.writer.create(rel.target, data, path)
        await _link(rel, key, child)
        return child
    return await rel.writer.create(rel.target, data, path, preset=await _preset(rel, key))


async def _preset(rel: Relation, key: Key) -> Key:
    """The foreign key values a child of the record `key` gets (the record's referenced fields)."""
    own = await rel.writer.values_of(rel.info, key, rel.join.outer_fields)
    return {inner: own[outer] for outer, inner in zip(rel.join.outer_fields, rel.join.inner_fields, strict=True)}


async def _connect_child(rel: Relation, key: Key, where: Any, path: str) -> None:
    cause = f"Expected a '{rel.target.name}' record to connect on '{rel.info.name}', found none."
    await _link(rel, key, await rel.writer.find_one_key(rel.target, where, path, cause))


async def _link(rel: Relation, key: Key, child: Key) -> None:
    await _link_all(rel, key, [child])


async def _link_all(rel: Relation, key: Key, children: list[Key]) -> None:
    """Point the records `children` at the record `key`: their foreign key set by one UPDATE, or
    their rows in the m:n join table by multi-row INSERTs (as few as the bind parameter limit
    allows), a link already there left as it is."""
    writer, join = rel.writer, rel.join
    if join.join_table is None:
        await writer.update_rows(rel.target, children, await _preset(rel, key))
        return
    dialect = writer.dialect
    own_value = dialect.to_db(rel.info.types[rel.info.pk[0]], key[rel.info.pk[0]])
    other_pk = rel.target.pk[0]
    per_statement = max(1, (writer.catalog.connector.max_bind_parameters or 32_766) // 2)
    for start in range(0, len(children), per_statement):
        chunk = children[start : start + per_statement]
        values: list[Any] = []
        for child in chunk:
            values.extend((own_value, dialect.to_db(rel.target.types[other_pk], child[other_pk])))
        pairs = [f"({dialect.placeholder(2 * i + 1)}, {dialect.placeholder(2 * i + 2)})" for i in range(len(chunk))]
        columns = f"{join.own_column}, {join.other_column}"
        sql = dialect.insert_ignoring_duplicates(join.join_table, columns, ", ".join(pairs))
        await writer.conn.execute(sql, values)


def _of_record(rel: Relation, key: Key, where: Any) -> dict[str, Any]:
    """The related records of the record `key` that `where` keeps (all when None)."""
    opposite = rel.writer.catalog.schema.opposite_field(rel.info.name, rel.field.name)
    assert opposite is not None
    own = {k: protocol_value(rel.info.types[k], v) for k, v in key.items()}
    return {"AND": [{opposite.name: {"some" if opposite.is_list else "is": own}}, where or {}]}


async def _disconnect_children(rel: Relation, key: Key, where: Any) -> None:
    writer, join, target = rel.writer, rel.join, rel.target
    children = await writer.find_keys(target, _of_record(rel, key, where), "disconnect")
    if children and join.join_table is None and any(target.model.field(f).is_required for f in join.inner_fields):
        # The children's foreign key is required: they cannot be left without this record.
        raise required_relation_violation(rel)
    if not children:
        return
    if join.join_table is None:
        await writer.update_rows(target, children, dict.fromkeys(join.inner_fields))
        return
    assert join.other_column is not None  # a join table has both columns
    dialect = writer.dialect
    own_value = dialect.to_db(rel.info.types[rel.info.pk[0]], key[rel.info.pk[0]])
    others = [dialect.to_db(target.types[target.pk[0]], child[target.pk[0]]) for child in children]
    await writer.execute(
        Fragment(f"DELETE FROM {join.join_table} WHERE {join.own_column} = ")
        + Fragment.bind(Bind("const", own_value))
        + " AND "
        + dialect.in_list(join.other_column, Bind("const", dialect.list_param(others)))
    )


def required_relation_violation(rel: Relation) -> EngineUserError:
    """Prisma's P2014, with its wording; the two models are named in alphabetical order."""
    relation = rel.writer.catalog.schema.relation_of(rel.info.name, rel.field.name)
    model_a, model_b = sorted((rel.info.name, rel.join.target))
    return EngineUserError(
        "P2014",
        f"The change you are trying to make would violate the required relation '{relation.name}' "
        f"between the `{model_a}` and `{model_b}` models.",
        {"relation_name": relation.name, "model_a_name": model_a, "model_b_name": model_b},
    )


# ---- the tables of one database -----------------------------------------------------------------

CREATE_INLINED: Mapping[str, InlinedHandler] = {
    "create": _create_parent,
    "connectOrCreate": _connect_or_create_parent,
    "connect": _connect_parent,
}
CREATE_RELATED: Mapping[str, RelatedHandler] = {
    "create": _create_children,
    "connectOrCreate": _connect_or_create_children,
    "connect": _connect_children,
}
CREATE_MANY: Mapping[str, RelatedHandler] = {"createMany": _create_many_children}  # to-many relations only
UPDATE_INLINED: Mapping[str, InlinedHandler] = {
    **CREATE_INLINED,
    "upsert": _upsert_parent,
    "disconnect": _disconnect_parent,
    "delete": _delete_parent,
    "update": _update_parent,
}
UPDATE_RELATED: Mapping[str, RelatedHandler] = {
    "create": _replacing(_create_children),
    "connectOrCreate": _replacing(_connect_or_create_children),
    "upsert": _upsert_children,
    "set": _set_children,
    "disconnect": _disconnect_related,
    "delete": _delete_children,
    "connect": _replacing(_connect_children),
    "update": _update_children,
    "updateMany": _update_many_children,
    "deleteMany": _delete_many_children,
}


@dataclass(frozen=True)
class NestedWriteTable:
    """The operations of one nested input type, by the side of the relation that holds the key."""

    inlined: Mapping[str, InlinedHandler]
    related: Mapping[str, RelatedHandler]

    @property
    def operations(self) -> frozenset[str]:
        return frozenset({*self.inlined, *self.related})


@dataclass(frozen=True)
class NestedWriteTables:
    """The nested write inputs' tables for one database."""

    create: NestedWriteTable  # <R>CreateNested{One,Many}Without<F>Input
    update: NestedWriteTable  # <R>Update{One,OneRequired,Many}Without<F>NestedInput

    @classmethod
    def build(cls, connector: Connector) -> NestedWriteTables:
        many = CREATE_MANY if connector.supports_create_many else {}
        return cls(
            create=NestedWriteTable(CREATE_INLINED, {**CREATE_RELATED, **many}),
            update=NestedWriteTable(UPDATE_INLINED, {**UPDATE_RELATED, **many}),
        )


async def before_row(table: NestedWriteTable, rel: Relation, key: Key | None, value: Any) -> dict[str, Any]:
    """The operations on a relation whose foreign key the record holds -> the values it gets."""
    values: dict[str, Any] = {}
    for op, arg in _operations(rel, value):
        handler = table.inlined.get(op)
        if handler is None:
            raise unknown_argument(rel.path, op, rel.info.name)
        values.update(await handler(rel, key, arg))
    return values


async def after_row(table: NestedWriteTable, rel: Relation, key: Key, value: Any) -> None:
    """The operations on a relation whose related records hold the foreign key."""
    for op, arg in _operations(rel, value):
        handler = table.related.get(op)
        if handler is None:
            raise unknown_argument(rel.path, op, rel.info.name)
        await handler(rel, key, arg)


def _operations(rel: Relation, value: Any) -> Any:
    if not isinstance(value, dict):
        raise EngineUserError("P2009", f"`{rel.path}` must be an object.", {"kind": "InvalidArgumentType"})
    return value.items()
