"""`count`, `aggregate` and `group_by`: aggregate selections, `having` filters and plain-dict results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prisma_dynamic.errors import EngineRequestError
from prisma_dynamic.protocol.order import sort_value
from prisma_dynamic.protocol.problems import describe, fail, join, unknown_key
from prisma_dynamic.protocol.selection import SelectionBuilder
from prisma_dynamic.protocol.tables import FieldInfo, ModelTable, Tables
from prisma_dynamic.protocol.values import decode_value, encode_scalar
from prisma_dynamic.protocol.where import WhereBuilder
from prisma_dynamic.schema.query_schema.spelling import spelled

__all__ = ["AggregateBuilder"]

_NUMERIC = frozenset({"Int", "BigInt", "Float", "Decimal"})
_UNORDERED = frozenset({"Json", "Bytes"})
# Python argument -> protocol aggregate.
_AGGREGATES = spelled("_count", "_avg", "_sum", "_min", "_max", context="argument")
_HAVING_AGGREGATES = ("_avg", "_sum", "_min", "_max", "_count")
# A count compared in `having` is an Int whatever the field's type.
_COUNTED = FieldInfo(name="_count", kind="scalar", type="Int", is_list=False, is_required=True, create_required=False)
# An average is a Float, whatever number field it averages, except a Decimal's, which stays Decimal.
_AVERAGED = FieldInfo(name="_avg", kind="scalar", type="Float", is_list=False, is_required=False, create_required=False)


class AggregateBuilder:
    def __init__(self, tables: Tables, wheres: WhereBuilder, selections: SelectionBuilder) -> None:
        self.tables = tables
        self.wheres = wheres
        self.selections = selections

    def _fields(self, table: ModelTable, aggregate: str, value: Any, path: str) -> dict[str, bool]:
        """`{field: True}` of one aggregate; `_count` also takes `_all`."""
        if not isinstance(value, dict):
            fail(path, f"expected a dict of {table.name} fields, got {describe(value)}")
        candidates = self._candidates(table, aggregate)
        chosen: dict[str, bool] = {}
        for key, flag in value.items():
            at = join(path, key)
            if key not in candidates:
                unknown_key(at, key, f"field of {table.name} for {aggregate}", candidates)
            if not isinstance(flag, bool):
                fail(at, f"expected True or False, got {describe(flag)}")
            if flag:
                chosen[key] = True
        return chosen

    def _candidates(self, table: ModelTable, aggregate: str) -> list[str]:
        scalars = sorted(table.scalar_names)
        if aggregate in ("_avg", "_sum"):
            return [n for n in scalars if table.fields[n].type in _NUMERIC and not table.fields[n].is_list]
        if aggregate in ("_min", "_max"):
            return [n for n in scalars if table.fields[n].type not in _UNORDERED and not table.fields[n].is_list]
        return ["_all", *scalars]

    def selection(self, table: ModelTable, **aggregates: Any) -> dict[str, Any]:
        selection: dict[str, Any] = {}
        for argument, value in aggregates.items():
            if value is None or value is False:
                continue
            name = _AGGREGATES[argument]
            if name == "_count" and value is True:
                fields: dict[str, bool] = {"_all": True}
            else:
                fields = self._fields(table, name, value, argument)
            if fields:
                selection[name] = {"selection": fields}
        return selection

    def count(self, table: ModelTable, select: Any) -> tuple[dict[str, Any], Callable[[Any], Any]]:
        """`count()`: an int, or with `select` a dict of the selected counts."""
        if select is None:
            return {"_count": {"selection": {"_all": True}}}, _count_all
        fields = self._fields(table, "_count", select, "select") or {"_all": True}
        return {"_count": {"selection": fields}}, _count_fields

    def group_by(
        self, table: ModelTable, by: Any, *, where: Any, take: Any, skip: Any, having: Any, order: Any
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        names = self.selections.scalar_names(table, by, "by")
        if not names:
            fail("by", "At least one selection is required for the `by` argument.")  # Prisma's words
        arguments: dict[str, Any] = {"by": names}
        arguments.update(self.selections.find_arguments(table, "", where=where, take=take, skip=skip))
        if having is not None:
            arguments["having"] = self._having(table, having, "having")
        if order is not None:
            # Which fields may be ordered or filtered on by value (only the grouped ones) is the
            # engine's check (P2019, Prisma's words): one rule, for every client of the engine.
            arguments["orderBy"] = self._order(table, order, "order")
        return arguments, {name: True for name in names}

    def _having(self, table: ModelTable, having: Any, path: str) -> dict[str, Any]:
        if not isinstance(having, dict):
            fail(path, f"expected a dict of {table.name} field filters, got {describe(having)}")
        out: dict[str, Any] = {}
        for key, value in having.items():
            at = join(path, key)
            if key in ("AND", "OR", "NOT"):
                items = value if isinstance(value, (list, tuple)) else [value]
                built = [self._having(table, item, join(at, i)) for i, item in enumerate(items)]
                out[key] = built if isinstance(value, (list, tuple)) else built[0]
                continue
            field = table.fields.get(key)
            if field is None or not field.is_scalar_like or field.is_list:
                # Prisma's ScalarWhereWithAggregatesInput has no scalar lists: a group holds no one list.
                groupable = sorted(n for n in table.scalar_names if not table.fields[n].is_list)
                unknown_key(at, key, f"non-list scalar field of {table.name}", [*groupable, "AND", "OR", "NOT"])
            if not isinstance(value, dict):
                out[key] = encode_scalar(field, value, at, nullable=not field.is_required)
                continue
            plain = {k: v for k, v in value.items() if k not in _HAVING_AGGREGATES}
            built_filter = self.wheres.scalar(field, plain, at) if plain else {}
            for aggregate in _HAVING_AGGREGATES:
                if aggregate not in value:
                    continue
                if aggregate in ("_avg", "_sum") and field.type not in _NUMERIC:
                    fail(join(at, aggregate), f"{aggregate} needs a number field; {key!r} is {field.type}")
                if aggregate in ("_min", "_max") and field.type in _UNORDERED:
                    fail(join(at, aggregate), f"{aggregate} needs a field with an order; {key!r} is {field.type}")
                subject = field
                if aggregate == "_count":
                    subject = _COUNTED
                elif aggregate == "_avg" and field.type != "Decimal":
                    subject = _AVERAGED
                built_filter[aggregate] = self.wheres.scalar(subject, value[aggregate], join(at, aggregate))
            out[key] = built_filter
        return out

    def _order(self, table: ModelTable, order: Any, path: str) -> list[dict[str, Any]]:
        items = order if isinstance(order, (list, tuple)) else [order]
        built: list[dict[str, Any]] = []
        for i, item in enumerate(items):
            at = join(path, i) if isinstance(order, (list, tuple)) else path
            if not isinstance(item, dict) or len(item) != 1:
                fail(at, "expected one {field: 'asc' | 'desc'} (or {'_count': {field: 'asc' | 'desc'}}) per entry")
            ((key, value),) = item.items()
            if key in _HAVING_AGGREGATES:
                if not isinstance(value, dict):
                    fail(join(at, key), f"expected {{field: 'asc' | 'desc'}}, got {describe(value)}")
                candidates = self._candidates(table, key)
                for name, direction in value.items():
                    if name not in candidates:
                        unknown_key(join(join(at, key), name), name, f"field of {table.name} for {key}", candidates)
                    _direction(direction, join(join(at, key), name))
                built.append({key: dict(value)})
            else:
                if key not in table.scalar_names:
                    unknown_key(
                        join(at, key), key, f"field of {table.name}", [*table.scalar_names, *_HAVING_AGGREGATES]
                    )
                built.append({key: sort_value(value, join(at, key), table.fields[key])})
        return built

    def decode(self, result: Any) -> dict[str, Any]:
        decoded = decode_value(result)
        if not isinstance(decoded, dict):
            raise EngineRequestError(None, repr(result), message=f"expected an aggregate result, got {result!r}")
        return decoded

    def decode_aggregate(self, result: Any, *, count_all: bool) -> dict[str, Any]:
        """An `aggregate` result as Prisma gives it: `count=True` (`_count: true`) is the number
        of rows itself, a dict of fields gives their counts."""
        decoded = self.decode(result)
        if count_all and isinstance(decoded.get("_count"), dict):
            decoded["_count"] = int(decoded["_count"].get("_all", 0))
        return decoded

    def decode_rows(self, result: Any) -> list[dict[str, Any]]:
        if not isinstance(result, list):
            raise EngineRequestError(None, repr(result), message=f"expected group_by rows, got {result!r}")
        return [self.decode(row) for row in result]


def _direction(value: Any, path: str) -> None:
    if value not in ("asc", "desc"):
        fail(path, f"expected 'asc' or 'desc', got {value!r}")


def _count_all(result: Any) -> int:
    counts = decode_value(result).get("_count", {}) if isinstance(result, dict) else {}
    return int(counts.get("_all", 0))


def _count_fields(result: Any) -> dict[str, int]:
    counts = decode_value(result).get("_count", {}) if isinstance(result, dict) else {}
    return {str(k): int(v) for k, v in counts.items()}
