"""What the engine accepts in a request before it compiles anything: bounded nesting, and integers
that fit the 64 bits every database stores. Checked once per request, iteratively (a recursive
check would itself overflow Python's stack on the inputs it exists to refuse)."""

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
