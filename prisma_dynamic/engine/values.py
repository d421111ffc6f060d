"""Values across the three boundaries: JSON protocol <-> Python <-> database driver.

Requests carry plain JSON and tagged values (`{"$type": "DateTime", "value": ...}`); results go
back the same way. What a database wants for each Prisma type is the dialect's business
(`to_db_*` / `from_db_*` methods); this module holds the protocol side.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from prisma_dynamic import wire
from prisma_dynamic.engine.core import EngineUserError

# The types JSON makes of a leaf (not an object or a list): a request value of one of these needs
# no untagging, and is told apart from a dict or list by its type alone (a subclass of dict or
# list, which only the embedded transport could send, takes an isinstance).
JSON_LEAVES = frozenset({str, int, float, bool, type(None)})


def untag(value: Any) -> Any:
    """The Python value of a request value: tagged values decoded, plain JSON as is."""
    if isinstance(value, dict) and "$type" in value:
        tag: str = value["$type"]
        raw: Any = value.get("value")
        if tag == "DateTime":
            return parse_datetime(raw)
        if tag == "BigInt":
            return int(raw)
        if tag == "Decimal":
            return Decimal(str(raw))
        if tag == "Bytes":
            return base64.b64decode(raw)
        if tag == "Json":
            return raw if isinstance(raw, str) else json.dumps(raw)
        if tag == "Enum":
            return raw
        raise EngineUserError("P2009", f"Unsupported tagged value type `{tag}`.", {"kind": "InvalidArgumentValue"})
    return value


def parse_datetime(raw: Any) -> datetime:
    """A request's DateTime value; an error the user can read when it is not ISO 8601."""
    if isinstance(raw, datetime):
        return raw if raw.tzinfo else raw.replace(tzinfo=timezone.utc)
    try:
        return wire.parse_datetime(str(raw))
    except ValueError:
        raise EngineUserError(
            "P2009", f"Invalid DateTime value `{raw}`: expected ISO 8601.", {"kind": "InvalidArgumentValue"}
        ) from None


# The types whose protocol form is a tagged value (below); the others travel as their Python value.
TAGGED_TYPES = frozenset({"DateTime", "BigInt", "Decimal", "Bytes", "Json"})


def tag(type_name: str, value: Any) -> Any:
    """A Python value of a Prisma scalar type -> its protocol form."""
    if value is None:
        return None
    if type_name == "DateTime":
        return {"$type": "DateTime", "value": wire.format_datetime(value)}
    if type_name == "BigInt":
        return {"$type": "BigInt", "value": str(value)}
    if type_name == "Decimal":
        return {"$type": "Decimal", "value": _decimal_text(value)}
    if type_name == "Bytes":
        return {"$type": "Bytes", "value": base64.b64encode(value).decode("ascii")}
    if type_name == "Json":
        return {"$type": "Json", "value": value if isinstance(value, str) else json.dumps(value)}
    return value


# Set while a request from a client in this process (the embedded transport) runs: results then
# carry the types below as the Python values the client would decode their tags into, skipping
# the round trip through text (a DateTime formatted, then parsed back). Bytes and Json keep their
# tags (the client's `decode_value` passes values through, but would walk into a Json document).
in_process: ContextVar[bool] = ContextVar("prisma_dynamic_in_process", default=False)
IN_PROCESS_TYPES = frozenset({"DateTime", "BigInt", "Decimal"})


def python_value(type_name: str, value: Any) -> Any:
    """What the client decodes `tag(type_name, value)` into, for the `IN_PROCESS_TYPES`."""
    if value is None:
        return None
    if type_name == "DateTime":
        return wire.protocol_instant(value)
    if type_name == "BigInt":
        return int(value)
    return Decimal(_decimal_text(value))


def instant_reader(datetime_from_db: Callable[[Any], datetime]) -> Callable[[Any], datetime]:
    """A DateTime column's reader for a client in this process: `python_value("DateTime",
    datetime_from_db(raw))` in one call per value (this runs for every DateTime read). A datetime
    the driver made that is already whole milliseconds is finished here: kept when it is UTC (what
    the SQLite driver makes of Prisma's stored milliseconds), marked UTC when it has no zone
    (PostgreSQL's `timestamp(3)`, MySQL's `DATETIME(3)`), which is what every dialect's
    `datetime_from_db` does with a driver's datetime."""
    utc = timezone.utc

    def read(raw: Any) -> datetime:
        if type(raw) is datetime and not raw.microsecond % 1000:
            zone = raw.tzinfo
            if zone is utc:
                return raw
            if zone is None:
                return raw.replace(tzinfo=utc)
        return wire.protocol_instant(datetime_from_db(raw))

    return read


def _decimal_text(value: Decimal) -> str:
    """Prisma's text of a Decimal: no trailing zeros (a DECIMAL(65,30) column pads to its scale), no
    exponent (`0E-30` is `0`)."""
    if not value:
        return "0"
    return format(value.normalize(), "f")


def tagged_list(type_name: str, values: list[Any] | None) -> Any:
    if values is None:
        return None
    return [tag(type_name, v) for v in values]


def protocol_value(type_name: str, value: Any) -> Any:
    """A Python value back in the protocol's form (an enum's name as it is), so it can travel
    through the filter compiler."""
    if type_name == "Enum":
        return value
    return tag(type_name, value)
