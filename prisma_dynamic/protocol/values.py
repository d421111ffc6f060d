"""Python values to the protocol's JSON values and back (docs/protocol.md, "Values").

Encoding is checked against the field's type, so a wrong value is reported with its argument
path before anything is sent.
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

from prisma_dynamic.fields import AnyNull, Base64, DbNull, Json, JsonNullSentinel
from prisma_dynamic.protocol.problems import describe, fail, missing
from prisma_dynamic.protocol.tables import FieldInfo
from prisma_dynamic.wire import format_datetime, parse_datetime

__all__ = ["decode_value", "encode_any", "encode_scalar", "json_null", "needs_decoding"]

_INT32 = (-(2**31), 2**31 - 1)
_SAFE_INTEGER = 2**53 - 1  # beyond this a JSON number loses precision in the engine's reader


def _tag(kind: str, value: Any) -> dict[str, Any]:
    return {"$type": kind, "value": value}


def _string(value: Any, path: str, field: FieldInfo) -> Any:
    if isinstance(value, str):
        return value
    return fail(path, f"expected a string for {field.type} field {field.name!r}, got {describe(value)}")


def _boolean(value: Any, path: str, field: FieldInfo) -> Any:
    if isinstance(value, bool):
        return value
    return fail(path, f"expected a bool for Boolean field {field.name!r}, got {describe(value)}")


def _int(value: Any, path: str, field: FieldInfo) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        if not _INT32[0] <= value <= _INT32[1]:
            fail(path, f"{value} does not fit the 32-bit Int field {field.name!r}; declare it BigInt")
        return value
    return fail(path, f"expected an int for Int field {field.name!r}, got {describe(value)}")


def _bigint(value: Any, path: str, field: FieldInfo) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return _tag("BigInt", str(value))
    return fail(path, f"expected an int for BigInt field {field.name!r}, got {describe(value)}")


def _float(value: Any, path: str, field: FieldInfo) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            fail(path, f"{value} cannot be stored in Float field {field.name!r}")
        return value
    return fail(path, f"expected a float for Float field {field.name!r}, got {describe(value)}")


def _decimal(value: Any, path: str, field: FieldInfo) -> Any:
    if isinstance(value, (decimal.Decimal, int, float)) and not isinstance(value, bool):
        number = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
        if not number.is_finite():
            fail(path, f"{value} cannot be stored in Decimal field {field.name!r}")
        return _tag("Decimal", str(number))
    return fail(path, f"expected a Decimal for Decimal field {field.name!r}, got {describe(value)}")


def _datetime(value: Any, path: str, field: FieldInfo) -> Any:
    if isinstance(value, datetime.datetime):
        return _tag("DateTime", format_datetime(value))
    return fail(path, f"expected a datetime for DateTime field {field.name!r}, got {describe(value)}")


def _bytes(value: Any, path: str, field: FieldInfo) -> Any:
    if isinstance(value, Base64):
        return _tag("Bytes", str(value))
    if isinstance(value, (bytes, bytearray)):
        return _tag("Bytes", base64.b64encode(value).decode("ascii"))
    return fail(path, f"expected Base64 or bytes for Bytes field {field.name!r}, got {describe(value)}")


def _json(value: Any, path: str, field: FieldInfo) -> Any:
    document = value.data if isinstance(value, Json) else value
    try:
        # Minified, as Prisma's clients write it: SQLite compares Json documents as text.
        return _tag("Json", json.dumps(document, allow_nan=False, separators=(",", ":")))
    except (TypeError, ValueError) as exc:
        return fail(path, f"the value of Json field {field.name!r} is not JSON-serializable: {exc}")
    except RecursionError:
        return fail(path, f"the value of Json field {field.name!r} is nested too deeply to be serialized")


def _enum(value: Any, path: str, field: FieldInfo) -> Any:
    name = value.value if isinstance(value, enum.Enum) else value
    if isinstance(name, str) and name in field.enum_values:
        return _tag("Enum", name)
    allowed = ", ".join(sorted(field.enum_values))
    return fail(path, f"expected one of {field.type} ({allowed}) for field {field.name!r}, got {value!r}")


_ENCODERS: dict[str, Callable[[Any, str, FieldInfo], Any]] = {
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


def encode_scalar(field: FieldInfo, value: Any, path: str, *, nullable: bool) -> Any:
    """One value of a scalar or enum field, checked against its type. `None` is accepted only where
    `nullable` (an optional field's value, or a comparison with null)."""
    if value is None:
        if nullable:
            return None
        return missing(path, f"{field.name!r} is required ({field.type}); None is not accepted here")
    if isinstance(value, JsonNullSentinel):
        return json_null(field, value, path, nullable=nullable, in_filter=False)
    if field.kind == "enum":
        return _enum(value, path, field)
    encoder = _ENCODERS.get(field.type)
    return encoder(value, path, field) if encoder is not None else encode_any(value)


def json_null(field: FieldInfo, value: JsonNullSentinel, path: str, *, nullable: bool, in_filter: bool) -> Any:
    """A Json null sentinel, as Prisma's protocol carries it (`{"$type": "Enum", "value": "DbNull"}`)."""
    if field.type != "Json" or field.kind != "scalar":
        fail(path, f"{value.name} is a Json null value; {field.name!r} is a {field.type} field")
    if value is AnyNull and not in_filter:
        fail(path, "AnyNull only matches in filters; a write takes JsonNull (a JSON null) or DbNull (SQL NULL)")
    if value is DbNull and not nullable and not in_filter:
        fail(path, f"DbNull stores SQL NULL, but the Json field {field.name!r} is required; use JsonNull")
    return _tag("Enum", value.name)


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
