"""Python values to the protocol's JSON values and back (docs/protocol.md, "Values").

Encoding is checked against the query schema's scalar type (`inputs` chooses the type), so a
wrong value is reported with its argument path before anything is sent.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import enum
import json
import math
from collections.abc import Callable
from typing import Any

from prisma_dynamic.fields import Base64, Json
from prisma_dynamic.protocol.problems import describe, fail
from prisma_dynamic.protocol.tables import FieldInfo
from prisma_dynamic.wire import format_datetime, parse_datetime

__all__ = ["decode_value", "encode_any", "encode_scalar", "needs_decoding", "scalar_encoder", "tag_enum"]

_INT32 = (-(2**31), 2**31 - 1)
_SAFE_INTEGER = 2**53 - 1  # beyond this a JSON number loses precision in the engine's reader


def _tag(kind: str, value: Any) -> dict[str, Any]:
    return {"$type": kind, "value": value}


def _string(value: Any, path: str) -> Any:
    if isinstance(value, str):
        return value
    return fail(path, f"expected a string, got {describe(value)}")


def _boolean(value: Any, path: str) -> Any:
    if isinstance(value, bool):
        return value
    return fail(path, f"expected a bool, got {describe(value)}")


def _int(value: Any, path: str) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        if not _INT32[0] <= value <= _INT32[1]:
            fail(path, f"{value} does not fit a 32-bit Int; declare the field BigInt")
        return value
    return fail(path, f"expected an int, got {describe(value)}")


def _bigint(value: Any, path: str) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return _tag("BigInt", str(value))
    return fail(path, f"expected an int (BigInt), got {describe(value)}")


def _float(value: Any, path: str) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            fail(path, f"{value} cannot be stored in a Float")
        return value
    return fail(path, f"expected a float, got {describe(value)}")


def _decimal(value: Any, path: str) -> Any:
    if isinstance(value, (decimal.Decimal, int, float)) and not isinstance(value, bool):
        number = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
        if not number.is_finite():
            fail(path, f"{value} cannot be stored in a Decimal")
        return _tag("Decimal", str(number))
    return fail(path, f"expected a Decimal, got {describe(value)}")


def _datetime(value: Any, path: str) -> Any:
    if isinstance(value, datetime.datetime):
        return _tag("DateTime", format_datetime(value))
    return fail(path, f"expected a datetime, got {describe(value)}")


def _bytes(value: Any, path: str) -> Any:
    if isinstance(value, Base64):
        return _tag("Bytes", str(value))
    if isinstance(value, (bytes, bytearray)):
        return _tag("Bytes", base64.b64encode(value).decode("ascii"))
    return fail(path, f"expected Base64 or bytes, got {describe(value)}")


def _json(value: Any, path: str) -> Any:
    document = value.data if isinstance(value, Json) else value
    try:
        # Minified, as Prisma's clients write it: SQLite compares Json documents as text.
        return _tag("Json", json.dumps(document, allow_nan=False, separators=(",", ":")))
    except (TypeError, ValueError) as exc:
        return fail(path, f"the value is not JSON-serializable: {exc}")
    except RecursionError:
        return fail(path, "the value is nested too deeply to be serialized as JSON")


# The query schema's scalar types, each with the Python values it takes and how they are written.
_ENCODERS: dict[str, Callable[[Any, str], Any]] = {
    "String": _string,
    "Boolean": _boolean,
    "Int": _int,
    "BigInt": _bigint,
    "Float": _float,
    "Decimal": _decimal,
    "DateTime": _datetime,
    "Bytes": _bytes,
    "Json": _json,
}


# For the encoders that return a value of the right Python type unchanged: whether a whole column
# of values (of the types `kinds`, no None) is such, checked at C speed, so that many rows of one
# field (createMany's) need no call per value (`Inputs._rows_at_once`).
_KEPT_AS_GIVEN: dict[Callable[[Any, str], Any], Callable[[set[type], list[Any]], bool]] = {
    _string: lambda kinds, column: kinds == {str},
    _boolean: lambda kinds, column: kinds == {bool},
    _int: lambda kinds, column: kinds == {int} and _INT32[0] <= min(column) and max(column) <= _INT32[1],
    # (an int of any size is kept: only a float can be infinite, and `isfinite` of a huge int raises)
    _float: lambda kinds, column: kinds == {int} or (kinds == {float} and all(map(math.isfinite, column))),
}


def kept_as_given(encode: Callable[[Any, str], Any], kinds: set[type], column: list[Any]) -> bool:
    """Whether `encode` would return each value of `column` (of the types `kinds`, none None)
    as it is."""
    check = _KEPT_AS_GIVEN.get(encode)
    return check is not None and bool(column) and check(kinds, column)


def encode_scalar(type_name: str, value: Any, path: str) -> Any:
    """One value of a query-schema scalar type (not None), checked against the type."""
    return scalar_encoder(type_name)(value, path)


def scalar_encoder(type_name: str) -> Callable[[Any, str], Any]:
    """What `encode_scalar` does for one type, to keep for a field of that type."""
    return _ENCODERS.get(type_name, _untyped)


def _untyped(value: Any, path: str) -> Any:
    return encode_any(value)


def tag_enum(name: str) -> dict[str, Any]:
    """A value of a schema enum or a Json null, as Prisma's protocol carries it."""
    return _tag("Enum", name)


def encode_any(value: Any) -> Any:
    """A value whose field is not known (raw query parameters): tagged by its Python type."""
    if value is None or isinstance(value, (str, bool, float)):
        return value
    if isinstance(value, int):
        return value if -_SAFE_INTEGER <= value <= _SAFE_INTEGER else _tag("BigInt", str(value))
    if isinstance(value, datetime.datetime):
        return _tag("DateTime", format_datetime(value))
    if isinstance(value, decimal.Decimal):
        return _tag("Decimal", str(value))
    if isinstance(value, Base64):
        return _tag("Bytes", str(value))
    if isinstance(value, (bytes, bytearray)):
        return _tag("Bytes", base64.b64encode(value).decode("ascii"))
    if isinstance(value, Json):
        return _tag("Json", json.dumps(value.data))
    if isinstance(value, enum.Enum):
        return encode_any(value.value)
    if isinstance(value, dict):
        return {str(k): encode_any(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [encode_any(v) for v in value]
    return value


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "DateTime": parse_datetime,
    "BigInt": int,
    "Decimal": decimal.Decimal,
    "Bytes": Base64.fromb64,
    "Json": json.loads,
    "Enum": str,
}


# The scalar types whose results arrive as plain JSON (enums too): never tagged, nothing to decode.
_PLAIN_RESULTS = frozenset({"String", "Int", "Float", "Boolean"})


def needs_decoding(field: FieldInfo) -> bool:
    """Whether a result value of `field` may need :func:`decode_value` (a tagged value, or a
    composite holding some); relations are decoded by their own plans."""
    return field.kind == "composite" or (field.kind == "scalar" and field.type not in _PLAIN_RESULTS)


def decode_value(value: Any) -> Any:
    """A value from the engine, tagged values decoded; objects and lists decoded member-wise."""
    if isinstance(value, dict):
        kind = value.get("$type")
        if isinstance(kind, str) and "value" in value:
            decoder = _DECODERS.get(kind)
            return decoder(value["value"]) if decoder is not None else value["value"]
        return {k: decode_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    return value
