"""What the engine accepts in a request before it compiles anything: bounded nesting, and integers
that fit the 64 bits every database stores. Checked once per request, iteratively (a recursive
check would itself overflow Python's stack on the inputs it exists to refuse).

Every request pays for the check, and almost every one passes it: a first pass, level by level,
keeps no paths and calls next to nothing (`_plainly_within`); only a request it cannot clear (a
breach, or a value of a type JSON does not make) is walked again with paths (`_locate`), which
alone decides, and names where the error is."""

from __future__ import annotations

from typing import Any

from prisma_dynamic.engine.core import EngineUserError

__all__ = ["MAX_NESTING", "check_request"]

# JSON levels a request's arguments may nest: far beyond what a real query needs (a filter
# nested 50 deep is already more than SQLite's parser takes), well below Python's recursion limit.
MAX_NESTING = 200
_INT64 = (-(2**63), 2**63 - 1)


def _too_big(path: str, value: Any) -> EngineUserError:
    return EngineUserError(
        "P2033",
        "A number used in the query does not fit into a 64 bit signed integer. Consider using `BigInt` as field "
        f"type if you're trying to store large integers (at `{_shown(path)}`: {value}).",
        {"argumentPath": path},
    )


def _too_deep(path: str) -> EngineUserError:
    return EngineUserError(
        "P2009",
        f"Failed to validate the query: it is nested more than {MAX_NESTING} levels deep at `{_shown(path)}`.",
        {"kind": "NestingTooDeep", "argumentPath": path},
    )


def _shown(path: str) -> str:
    return path if len(path) <= 80 else f"{path[:40]}...{path[-36:]}"


def check_request(body: Any) -> None:
    """Raise P2009 for nesting beyond :data:`MAX_NESTING`, P2033 for an integer beyond 64 bits."""
    if not _plainly_within(body):
        _locate(body)


def _plainly_within(body: Any) -> bool:
    """True when `body` is certainly within the limits; False sends it to `_locate`."""
    low, high = _INT64
    level = [body]
    for _ in range(MAX_NESTING):  # `level` holds the values at depth 0, 1, ...
        deeper: list[Any] = []
        for value in level:
            kind = type(value)
            if kind is dict:
                if "$type" in value and value["$type"] == "BigInt" and isinstance(value.get("value"), str):
                    try:
                        number = int(value["value"])
                    except ValueError:
                        number = 0
                    if not low <= number <= high:
                        return False
                deeper += value.values()
            elif kind is list:
                deeper += value
            elif kind is int:
                if not low <= value <= high:
                    return False
            elif kind is not str and kind is not bool and kind is not float and value is not None:
                return False  # not what JSON makes (a subclass, an IntEnum): `_locate` judges it
        if not deeper:
            return True
        level = deeper
    return False  # values MAX_NESTING deep: `_locate` tells a container there from a scalar


def _locate(body: Any) -> None:
    """The exact check, keeping the path of each value: raises the first breach it finds."""
    stack: list[tuple[Any, str, int]] = [(body, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict):
            if depth >= MAX_NESTING:
                raise _too_deep(path)
            if value.get("$type") == "BigInt" and isinstance(value.get("value"), str):
                try:
                    number = int(value["value"])
                except ValueError:
                    number = 0  # not a number: the value decoder says so, with its own message
                if not _INT64[0] <= number <= _INT64[1]:
                    raise _too_big(path, value["value"])
            for key, item in value.items():
                if isinstance(item, (dict, list, int)):
                    stack.append((item, f"{path}.{key}" if path else str(key), depth + 1))
        elif isinstance(value, list):
            if depth >= MAX_NESTING:
                raise _too_deep(path)
            for index, item in enumerate(value):
                if isinstance(item, (dict, list, int)):
                    stack.append((item, f"{path}.{index}", depth + 1))
        elif isinstance(value, int) and not isinstance(value, bool) and not _INT64[0] <= value <= _INT64[1]:
            raise _too_big(path, value)
