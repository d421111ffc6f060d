"""Engine results to Python: records into model classes, aggregates into dicts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from itertools import chain, repeat
from typing import Any

from prisma_dynamic.collection_pause import PAUSE_FROM, without_collection
from prisma_dynamic.errors import EngineRequestError
from prisma_dynamic.models.base import PrismaModel
from prisma_dynamic.models.list_validation import records_validator
from prisma_dynamic.protocol.selection import DecodePlan
from prisma_dynamic.protocol.values import decode_value

__all__ = ["action_result", "decode_count", "decode_record", "decode_records"]


def action_result(data: Mapping[str, Any]) -> Any:
    """The one result inside a response's `data` member (`{"findManyUser": [...]}`)."""
    if not isinstance(data, Mapping) or len(data) != 1:
        raise EngineRequestError(None, repr(data), message=f"expected one result in the engine's data, got {data!r}")
    return next(iter(data.values()))


def decode_record(plan: DecodePlan, record: Any) -> PrismaModel | None:
    if record is None:
        return None
    if plan.relations and plan.nests_as_given and _as_given(plan, [record]):
        # With its relations, as it came (a find_unique or a create with `include`).
        instance: PrismaModel = plan.cls.__pydantic_validator__.validate_python(record)
        return instance
    return _decoder(plan)(record)


def decode_records(plan: DecodePlan, records: Any) -> list[PrismaModel]:
    if not isinstance(records, list):
        raise EngineRequestError(None, repr(records), message=f"expected a list of records, got {records!r}")
    if len(records) >= PAUSE_FROM:
        return without_collection(partial(_decode_records, plan), records)
    return _decode_records(plan, records)


def _decode_records(plan: DecodePlan, records: list[Any]) -> list[PrismaModel]:
    if records and _as_given(plan, records):
        # Every record goes to pydantic as it came: one call for the list, the loop in Rust
        # (nested records too: a to-many relation field validates its list in one call).
        return records_validator(plan.cls)(records)
    decode = _decoder(plan)
    return [decode(record) for record in records]


def _as_given(plan: DecodePlan, records: list[Any]) -> bool:
    """Whether every record is a dict with nothing to decode, at this level and below: no
    `_count`, no relation unless the plan's class parses its records itself
    (`DecodePlan.nests_as_given`) and they hold nothing to decode either. A field that may hold a
    tagged value (`plan.decoded`) holds none when no value of it is a dict or a list, which is
    checked per field at C speed: through the embedded transport a DateTime, BigInt or Decimal
    arrives as its Python value, so most results have nothing to decode."""
    if set(map(type, records)) != {dict}:
        return False
    if not plan.nests_as_given:
        if not all(map(plan.nested.isdisjoint, records)):
            return False
    elif not all(map(_COUNT.isdisjoint, records)):
        return False
    else:
        for name, sub in plan.relations.items():
            values: list[Any] = list(map(dict.get, records, repeat(name)))
            kinds = set(map(type, values))
            if kinds <= _TO_MANY:
                inner = list(chain.from_iterable(values))
            elif kinds <= _TO_ONE:
                inner = [value for value in values if value is not None]
            else:
                return False
            if inner and not _as_given(sub, inner):
                return False
    return all(_CONTAINERS.isdisjoint(set(map(type, map(dict.get, records, repeat(name))))) for name in plan.decoded)


_COUNT = frozenset({"_count"})  # set apart from the model's fields after validation (`_make_decoder`)
_TO_MANY, _TO_ONE = frozenset({list}), frozenset({dict, type(None)})
# What a tagged value, a composite or a Json document arrives as; any other value is its own decoding.
_CONTAINERS = frozenset({dict, list})


def _decoder(plan: DecodePlan) -> Callable[[Any], PrismaModel]:
    """One record of `plan`'s level -> its model, made once per plan (a find_unique's plan is
    read for every call)."""
    decode = plan.decoder
    if decode is None:
        decode = _make_decoder(plan)
        object.__setattr__(plan, "decoder", decode)  # a cache on the frozen plan, set once
    return decode


def _make_decoder(plan: DecodePlan) -> Callable[[Any], PrismaModel]:
    """The work per record kept to what the record holds: a record with no relation, `_count` or
    value to decode (most records: Int, String, Boolean, Float and enum values arrive plain, and
    DateTime, BigInt and Decimal values as Python values through the embedded transport) goes to
    the class's validator as it came, without a copy; the others are copied once, with only those
    keys decoded."""
    validate = plan.cls.__pydantic_validator__.validate_python
    relations = plan.relations
    special, nested, decoded = plan.special, plan.nested, plan.decoded

    def decode(record: Any) -> PrismaModel:
        if type(record) is not dict and not isinstance(record, Mapping):
            raise EngineRequestError(None, repr(record), message=f"expected a record from the engine, got {record!r}")
        if special.isdisjoint(record) or (
            nested.isdisjoint(record) and not any(type(record.get(key)) in _CONTAINERS for key in decoded)
        ):
            instance: PrismaModel = validate(record)
            return instance
        values = dict(record)
        counts = values.pop("_count", None)
        for key in special.intersection(values):
            value = values[key]
            sub = relations.get(key)
            if sub is None:
                values[key] = decode_value(value)
            elif isinstance(value, list):
                values[key] = decode_records(sub, value)
            else:
                values[key] = decode_record(sub, value)
        instance = validate(values)
        if counts is not None:
            instance._count = {str(k): int(v) for k, v in counts.items()}
        return instance

    return decode


def decode_count(result: Any) -> int:
    """`{"count": n}` of createMany/updateMany/deleteMany/executeRaw."""
    if isinstance(result, Mapping):
        result = result.get("count")
    if not isinstance(result, int):
        raise EngineRequestError(None, repr(result), message=f"expected a count from the engine, got {result!r}")
    return result
