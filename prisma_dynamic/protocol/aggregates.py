"""`count`, `aggregate` and `group_by`: aggregate selections and plain-dict results.

Which fields each aggregate may select is read off the query schema's output types
(`Aggregate<Model>` and `<Model>GroupByOutputType`: `_avg` only of number fields, `_min`/`_max`
not of Json, ...); `where`, `having` and `order` are arguments, checked with the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prisma_dynamic.errors import EngineRequestError
from prisma_dynamic.protocol.inputs import Inputs
from prisma_dynamic.protocol.problems import describe, fail, join, unknown_key
from prisma_dynamic.protocol.values import decode_value
from prisma_dynamic.schema.query_schema.refs import aggregate_type
from prisma_dynamic.schema.query_schema.spelling import prisma_spelling

__all__ = ["AggregateBuilder"]


class AggregateBuilder:
    def __init__(self, inputs: Callable[[], Inputs]) -> None:
        self._inputs = inputs

    def _fields(self, model: str, output: str, aggregate: str, value: Any, path: str) -> dict[str, bool]:
        """`{field: True}` of one aggregate; `_count` also takes `_all`."""
        candidates = self._inputs().aggregate_fields(output, aggregate)
        if candidates is None:
            fail(path, f"{model} has no field {aggregate} can be computed of")
        if not isinstance(value, dict):
            fail(path, f"expected a dict of {model} fields, got {describe(value)}")
        chosen: dict[str, bool] = {}
        for key, flag in value.items():
            at = join(path, key)
            if key not in candidates:
                unknown_key(at, key, f"field of {model} for {aggregate}", candidates)
            if not isinstance(flag, bool):
                fail(at, f"expected True or False, got {describe(flag)}")
            if flag:
                chosen[key] = True
        return chosen

    def selection(self, model: str, output: str, **aggregates: Any) -> dict[str, Any]:
        """The aggregates selected by the delegate's arguments (`count=`, `avg=`, ...) from the
        output type `output`."""
        selection: dict[str, Any] = {}
        for argument, value in aggregates.items():
            if value is None or value is False:
                continue
            name = prisma_spelling(argument, "argument")
            if name == "_count" and value is True:
                fields: dict[str, bool] = {"_all": True}
            else:
                fields = self._fields(model, output, name, value, argument)
            if fields:
                selection[name] = {"selection": fields}
        return selection

    def count(self, model: str, select: Any) -> tuple[dict[str, Any], Callable[[Any], Any]]:
        """`count()`: an int, or with `select` a dict of the selected counts."""
        if select is None:
            return {"_count": {"selection": {"_all": True}}}, _count_all
        fields = self._fields(model, aggregate_type(model), "_count", select, "select") or {"_all": True}
        return {"_count": {"selection": fields}}, _count_fields

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


def _count_all(result: Any) -> int:
    counts = decode_value(result).get("_count", {}) if isinstance(result, dict) else {}
    return int(counts.get("_all", 0))


def _count_fields(result: Any) -> dict[str, int]:
    counts = decode_value(result).get("_count", {}) if isinstance(result, dict) else {}
    return {str(k): int(v) for k, v in counts.items()}
