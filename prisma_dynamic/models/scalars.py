"""The Python type of each Prisma scalar as it appears on a model."""

from __future__ import annotations

import datetime
import decimal
from typing import Annotated, Any

from pydantic import AfterValidator

from prisma_dynamic.fields import Base64, Json

__all__ = ["UtcDateTime", "python_type"]


def _as_utc(value: datetime.datetime) -> datetime.datetime:
    # Prisma stores instants; a naive value is taken as UTC, as the query builder sends it.
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.timezone.utc)
    return value.astimezone(datetime.timezone.utc)


UtcDateTime = Annotated[datetime.datetime, AfterValidator(_as_utc)]

_SCALARS: dict[str, Any] = {
    "String": str,
    "Boolean": bool,
    "Int": int,
    "BigInt": int,
    "Float": float,
    "Decimal": decimal.Decimal,
    "DateTime": UtcDateTime,
    "Json": Json,
    "Bytes": Base64,
}


def python_type(scalar: str) -> Any:
    """The annotation for a scalar type name (`Unsupported` and unknown types are `Any`)."""
    return _SCALARS.get(scalar, Any)
