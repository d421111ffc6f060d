"""Engine results to Python: records into model classes, aggregates into dicts."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from functools import partial
from itertools import repeat
from typing import Any

from pydantic import TypeAdapter

from prisma_dynamic.collection_pause import PAUSE_FROM, without_collection
from prisma_dynamic.errors import EngineRequestError
from prisma_dynamic.models.base import PrismaModel
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
    return _decoder(plan)(record)


def decode_records(plan: DecodePlan, records: Any) -> list[PrismaModel]:
    if not isinstance(records, list):
        raise EngineRequestError(None, repr(records), message=f"expected a list of records, got {records!r}")
    if len(records) >= PAUSE_FROM:
        return without_collection(partial(_decode_records, plan), records)
    return _decode_records(plan, records)


def _decode_records(plan: DecodePlan, records: list[Any]) -> list[PrismaModel]:
    if _plain(plan, records):
        # Every record goes to pydantic as it came: one call for the list, the loop in Rust.
        return _list_validator(plan.cls)(records)
    decode = _decoder(plan)
    return [decode(record) for record in records]


def _plain(plan: DecodePlan, records: list[Any]) -> bool:
    """Whether every record is a dict with no relation, `_count` or value to decode. A field that
    may hold a tagged value (`plan.decoded`) holds none when no value of it is a dict or a list,
    which is checked per field at C speed: through the embedded transport a DateTime, BigInt or
    Decimal arrives as its Python value, so most results have nothing to decode."""
    if not records or set(map(type, records)) != {dict}:
        return False
    if not all(map(plan.nested.isdisjoint, records)):
        return False
    return all(_CONTAINERS.isdisjoint(set(map(type, map(dict.get, records, repeat(name))))) for name in plan.decoded)


# What a tagged value, a composite or a Json document arrives as; any other value is its own decoding.
_CONTAINERS = frozenset({dict, list})


_list_validators: weakref.WeakKeyDictionary[type[PrismaModel], Callable[[Any], list[PrismaModel]]] = (
    weakref.WeakKeyDictionary()
)


def _list_validator(cls: type[PrismaModel]) -> Callable[[Any], list[PrismaModel]]:
    validate = _list_validators.get(cls)
    if validate is None:
        # The core validator itself: `TypeAdapter.validate_python` is a Python wrapper around it,
        # a call per nested list (L reads 100 lists of posts).
        validate = _list_validators[cls] = TypeAdapter(list[cls]).validator.validate_python  # type: ignore[valid-type]
    return validate


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
