"""`data=` of creates and updates, nested writes included, checked against the model.

A nested write under a relation leaves out the way back to the parent (the opposite relation
field and the foreign key it sets): the engine fills those in, so they are neither accepted nor
required there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prisma_dynamic.protocol.problems import describe, fail, join, missing, unknown_key
from prisma_dynamic.protocol.tables import FieldInfo, ModelTable, Tables
from prisma_dynamic.protocol.values import encode_scalar
from prisma_dynamic.protocol.where import WhereBuilder, composite_value
from prisma_dynamic.schema.connectors import connector_for
from prisma_dynamic.schema.query_schema.spelling import spelled

__all__ = ["DataBuilder"]

_NUMBER_TYPES = frozenset({"Int", "BigInt", "Float", "Decimal"})
_ATOMIC = ("set", "increment", "decrement", "multiply", "divide")
_CREATE_RELATION = spelled("create", "connect", "connectOrCreate")
_CREATE_MANY_RELATION = {**_CREATE_RELATION, **spelled("createMany")}
_UPDATE_TO_MANY = {
    **_CREATE_MANY_RELATION,
    **spelled("set", "disconnect", "delete", "update", "updateMany", "deleteMany", "upsert"),
}
_UPDATE_TO_ONE = {**_CREATE_RELATION, **spelled("disconnect", "delete", "update", "upsert")}


def _many(value: Any) -> list[tuple[int | None, Any]]:
    """A to-many operation takes one item or a list; items with their index for error paths."""
    if isinstance(value, (list, tuple)):
        return list(enumerate(value))
    return [(None, value)]


def _at(path: str, index: int | None) -> str:
    return path if index is None else join(path, index)


def _form(table: ModelTable, data: Any) -> str | None:
    """Which of Prisma's two create inputs `data` is written in: "checked" (relations it points
    along given as relation fields), "unchecked" (given as foreign keys), or None (neither)."""
    if not isinstance(data, dict):
        return None
    if any(key in table.relation_of_foreign_key for key in data):
        return "unchecked"
    if any((f := table.fields.get(key)) is not None and f.is_relation and f.foreign_key for key in data):
        return "checked"
    return None


def _one_form(table: ModelTable, items: Any, path: str) -> None:
    """A create list is `<M>CreateWithout...Input[]` or `<M>UncheckedCreateWithout...Input[]`, as
    Prisma types it: its items cannot mix relation fields and foreign keys."""
    forms = {form for item in items if (form := _form(table, item)) is not None}
    if len(forms) > 1:
        fail(
            path,
            f"the {table.name} creates of one list must all set their relations the same way: "
            "all through relation fields (connect/create) or all through foreign keys",
        )


class DataBuilder:
    def __init__(self, tables: Tables, wheres: WhereBuilder) -> None:
        self.tables = tables
        self.wheres = wheres

    # ---- create ---------------------------------------------------------------------------
    def create(self, table: ModelTable, data: Any, path: str, parent: FieldInfo | None = None) -> dict[str, Any]:
        """Create data; `parent` is the relation field this create is nested under."""
        if not isinstance(data, dict):
            fail(path, f"expected a dict of {table.name} fields, got {describe(data)}")
        hidden = self._back_reference(table, parent)
        out: dict[str, Any] = {}
        for key, value in data.items():
            at = join(path, key)
            field = table.fields.get(key)
            if field is None or key in hidden:
                unknown_key(
                    at, key, f"field of {table.name} in this create", [n for n in table.fields if n not in hidden]
                )
            if field.is_relation:
                out[key] = self._relation_create(field, value, at)
            else:
                out[key] = self._value(field, value, at)
        self._check_required(table, data, hidden, path)
        return out

    def _back_reference(self, table: ModelTable, parent: FieldInfo | None) -> frozenset[str]:
        if parent is None or parent.opposite is None:
            return frozenset()
        back = table.fields[parent.opposite]
        return frozenset((back.name, *back.foreign_key))

    def _check_required(self, table: ModelTable, data: Mapping[str, Any], hidden: frozenset[str], path: str) -> None:
        for name in table.required_create:
            if name in data or name in hidden:
                continue
            relation = table.relation_of_foreign_key.get(name)
            if relation is not None and relation in data:
                continue
            hint = f" (or connect {relation!r})" if relation is not None else ""
            missing(join(path, name), f"missing required field {name!r} of {table.name}{hint}")
        for name, relation in table.relation_of_foreign_key.items():
            if name in data and relation in data:
                fail(join(path, relation), f"give either {relation!r} or its foreign key {name!r}, not both")

    def _value(self, field: FieldInfo, value: Any, path: str) -> Any:
        if field.kind == "composite":
            if isinstance(value, dict) and set(value) == {"set"}:
                value = value["set"]
            if value is None:
                return encode_scalar(field, None, path, nullable=not field.is_required)
            return composite_value(self.tables, self.tables[field.type], value, path)
        if field.is_list:
            if isinstance(value, dict) and set(value) == {"set"}:
                return {"set": self._list(field, value["set"], join(path, "set"))}
            return self._list(field, value, path)
        return encode_scalar(field, value, path, nullable=not field.is_required)

    def _list(self, field: FieldInfo, value: Any, path: str) -> list[Any]:
        if not isinstance(value, (list, tuple)):
            fail(path, f"expected a list for {field.type}[] field {field.name!r}, got {describe(value)}")
        return [encode_scalar(field, item, join(path, i), nullable=False) for i, item in enumerate(value)]

    def _relation_create(self, field: FieldInfo, value: Any, path: str) -> dict[str, Any]:
        operations = _CREATE_MANY_RELATION if field.is_list else _CREATE_RELATION
        return self._relation_operations(field, value, path, operations)

    def _relation_operations(
        self, field: FieldInfo, value: Any, path: str, operations: Mapping[str, str]
    ) -> dict[str, Any]:
        if not isinstance(value, dict) or not value:
            report = missing if value is None else fail
            report(path, f"expected a dict with one of {', '.join(operations)} for relation {field.name!r}")
        target = self.tables[field.type]
        out: dict[str, Any] = {}
        for name, operand in value.items():
            at = join(path, name)
            wire = operations.get(name)
            if wire is None:
                unknown_key(at, name, f"operation on relation {field.name!r}", operations)
            out[wire] = self._operation(name, field, target, operand, at)
        return out

    def _operation(self, name: str, field: FieldInfo, target: ModelTable, operand: Any, path: str) -> Any:
        to_many = field.is_list
        if name == "create":
            if to_many and isinstance(operand, (list, tuple)):
                _one_form(target, operand, path)
            return self._each(to_many, operand, path, lambda item, at: self.create(target, item, at, field))
        if name in ("connect", "set") or (to_many and name in ("disconnect", "delete")):
            return self._each(to_many, operand, path, lambda item, at: self.wheres.unique_where(target, item, at))
        if name in ("disconnect", "delete"):  # to-one: true, or a filter on the related record
            if isinstance(operand, bool):
                return operand
            return self.wheres.where(target, operand, path)
        if name == "connect_or_create":
            return self._each(to_many, operand, path, lambda item, at: self._connect_or_create(field, target, item, at))
        if name == "create_many":
            return self._create_many(field, target, operand, path)
        if name == "update":
            if to_many:
                return self._each(True, operand, path, lambda item, at: self._where_data(field, target, item, at))
            if isinstance(operand, dict) and set(operand) == {"where", "data"}:
                return self._where_data(field, target, operand, path)
            return self.update(target, operand, path, field)
        if name == "update_many":
            return self._each(
                True, operand, path, lambda item, at: self._where_data(field, target, item, at, many=True)
            )
        if name == "delete_many":
            return self._each(True, operand, path, lambda item, at: self.wheres.where(target, item, at))
        return self._each(to_many, operand, path, lambda item, at: self._upsert(field, target, item, at))

    def _each(self, to_many: bool, operand: Any, path: str, build: Any) -> Any:
        if not to_many:
            return build(operand, path)
        items = [build(item, _at(path, index)) for index, item in _many(operand)]
        return items if isinstance(operand, (list, tuple)) else items[0]

    def _keys(self, value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
        if not isinstance(value, dict):
            fail(path, f"expected a dict with {', '.join(required)}, got {describe(value)}")
        for key in value:
            if key not in required and key not in optional:
                unknown_key(join(path, key), key, "argument", (*required, *optional))
        for key in required:
            if key not in value:
                fail(join(path, key), f"missing {key!r}")

    def _connect_or_create(self, field: FieldInfo, target: ModelTable, value: Any, path: str) -> dict[str, Any]:
        self._keys(value, path, ("where", "create"))
        return {
            "where": self.wheres.unique_where(target, value["where"], join(path, "where")),
            "create": self.create(target, value["create"], join(path, "create"), field),
        }

    def _create_many(self, field: FieldInfo, target: ModelTable, value: Any, path: str) -> dict[str, Any]:
        self._keys(value, path, ("data",), ("skip_duplicates",))
        rows = value["data"]
        if not isinstance(rows, (list, tuple)):
            fail(join(path, "data"), f"expected a list of {target.name} creates, got {describe(rows)}")
        out: dict[str, Any] = {
            "data": [self.scalar_create(target, row, join(join(path, "data"), i), field) for i, row in enumerate(rows)]
        }
        if "skip_duplicates" in value:
            connector = connector_for(self.tables.provider)
            if value["skip_duplicates"] and (connector is None or not connector.supports_skip_duplicates):
                fail(join(path, "skip_duplicates"), f"create_many cannot skip duplicates on {self.tables.provider}")
            out["skipDuplicates"] = bool(value["skip_duplicates"])
        return out

    def scalar_create(self, table: ModelTable, data: Any, path: str, parent: FieldInfo | None = None) -> dict[str, Any]:
        """A create without nested writes (create_many rows): scalars and foreign keys only."""
        if isinstance(data, dict):
            for key in data:
                field = table.fields.get(key)
                if field is not None and field.is_relation:
                    fail(join(path, key), f"relation {key!r} cannot be written here; set its foreign key instead")
        return self.create(table, data, path, parent)

    def _where_data(self, field: FieldInfo, target: ModelTable, value: Any, path: str, many: bool = False) -> Any:
        self._keys(value, path, ("where", "data"))
        where_path, data_path = join(path, "where"), join(path, "data")
        if many:
            return {
                "where": self.wheres.where(target, value["where"], where_path),
                "data": self.update_many(target, value["data"], data_path),
            }
        return {
            "where": self.wheres.unique_where(target, value["where"], where_path)
            if field.is_list
            else self.wheres.where(target, value["where"], where_path),
            "data": self.update(target, value["data"], data_path, field),
        }

    def _upsert(self, field: FieldInfo, target: ModelTable, value: Any, path: str) -> dict[str, Any]:
        required = ("where", "create", "update") if field.is_list else ("create", "update")
        self._keys(value, path, required, () if field.is_list else ("where",))
        out: dict[str, Any] = {}
        if "where" in value:
            where_path = join(path, "where")
            out["where"] = (
                self.wheres.unique_where(target, value["where"], where_path)
                if field.is_list
                else self.wheres.where(target, value["where"], where_path)
            )
        out["create"] = self.create(target, value["create"], join(path, "create"), field)
        out["update"] = self.update(target, value["update"], join(path, "update"), field)
        return out

    # ---- update ---------------------------------------------------------------------------
    def update(self, table: ModelTable, data: Any, path: str, parent: FieldInfo | None = None) -> dict[str, Any]:
        if not isinstance(data, dict):
            fail(path, f"expected a dict of {table.name} fields, got {describe(data)}")
        hidden = self._back_reference(table, parent)
        out: dict[str, Any] = {}
        for key, value in data.items():
            at = join(path, key)
            field = table.fields.get(key)
            if field is None or key in hidden:
                unknown_key(
                    at, key, f"field of {table.name} in this update", [n for n in table.fields if n not in hidden]
                )
            if field.is_relation:
                operations = _UPDATE_TO_MANY if field.is_list else _UPDATE_TO_ONE
                if field.is_required and field.foreign_key:
                    # Prisma's <M>UpdateOneRequiredWithout...NestedInput: a required relation
                    # cannot be disconnected or deleted from this side.
                    operations = {k: v for k, v in operations.items() if k not in ("disconnect", "delete")}
                out[key] = self._relation_operations(field, value, at, operations)
            else:
                out[key] = self._update_value(field, value, at)
        return out

    def update_many(self, table: ModelTable, data: Any, path: str) -> dict[str, Any]:
        """Data of updateMany: scalar fields only."""
        if not isinstance(data, dict):
            fail(path, f"expected a dict of {table.name} fields, got {describe(data)}")
        for key in data:
            field = table.fields.get(key)
            if field is not None and field.is_relation:
                fail(join(path, key), f"relation {key!r} cannot be written by update_many; use update")
        return self.update(table, data, path)

    def _update_value(self, field: FieldInfo, value: Any, path: str) -> Any:
        if field.kind == "composite" or (field.type == "Json" and not field.is_list) or not isinstance(value, dict):
            return self._value(field, value, path)
        if len(value) != 1:
            fail(path, f"Expected exactly one field to be present, got {len(value)}: one operation on {field.name!r}")
        ((name, operand),) = value.items()
        at = join(path, name)
        if field.is_list:
            if name == "set":
                return {"set": self._list(field, operand, at)}
            if name == "push":
                if isinstance(operand, (list, tuple)):
                    return {"push": self._list(field, operand, at)}
                return {"push": encode_scalar(field, operand, at, nullable=False)}
            unknown_key(at, name, f"operation on {field.type}[] field {field.name!r}", ("set", "push"))
        operations = _ATOMIC if field.type in _NUMBER_TYPES else ("set",)
        if name not in operations:
            unknown_key(at, name, f"operation on {field.type} field {field.name!r}", operations)
        return {name: encode_scalar(field, operand, at, nullable=name == "set" and not field.is_required)}
