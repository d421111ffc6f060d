"""Engine results to Python: records into model classes, aggregates into dicts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
    if not isinstance(record, Mapping):
        raise EngineRequestError(None, repr(record), message=f"expected a record from the engine, got {record!r}")
    values: dict[str, Any] = {}
    counts = None
    relations = plan.relations
    for key, value in record.items():
        if key == "_count":
            counts = value
        elif key in relations:
            sub = relations[key]
            values[key] = (
                [decode_record(sub, v) for v in value] if isinstance(value, list) else decode_record(sub, value)
            )
        else:
            values[key] = decode_value(value)
    instance = plan.cls.model_validate(values)
    if counts is not None:
        instance._count = {str(k): int(v) for k, v in counts.items()}
    return instance


def decode_records(plan: DecodePlan, records: Any) -> list[PrismaModel]:
    if not isinstance(records, list):
        raise EngineRequestError(None, repr(records), message=f"expected a list of records, got {records!r}")
    return [decode_record(plan, record) for record in records]  # type: ignore[misc]


def decode_count(result: Any) -> int:
    """`{"count": n}` of createMany/updateMany/deleteMany/executeRaw."""
    if isinstance(result, Mapping):
        result = result.get("count")
    if not isinstance(result, int):
        raise EngineRequestError(None, repr(result), message=f"expected a count from the engine, got {result!r}")
    return result
