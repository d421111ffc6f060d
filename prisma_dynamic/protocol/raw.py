"""Raw SQL: the `queryRaw` / `executeRaw` request and the typed rows of its result."""

from __future__ import annotations

import contextlib
import decimal
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from prisma_dynamic.errors import EngineRequestError
from prisma_dynamic.protocol.values import decode_value, encode_any

__all__ = ["parse_json_text", "raw_request", "raw_rows"]


def raw_request(action: str, query: str, parameters: Sequence[Any]) -> dict[str, Any]:
    if not isinstance(query, str):
        raise TypeError(f"the raw query must be a string, got {type(query).__name__}")
    arguments = {"query": query, "parameters": json.dumps([encode_any(p) for p in parameters])}
    return {"action": action, "query": {"arguments": arguments, "selection": {}}}


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _float(value: Any) -> Any:
    return float(value) if isinstance(value, (str, int, decimal.Decimal)) else value


# Column types whose values change; datetimes and bytes stay as the engine's text.
_CONVERTERS: dict[str, Callable[[Any], Any]] = {"bigint": int, "decimal": _float, "json": _json}


def _column(kind: str) -> Callable[[Any], Any] | None:
    element = _CONVERTERS.get(kind.removesuffix("-array"))
    if element is None:
        return None
    if kind.endswith("-array"):
        return lambda values: None if values is None else [None if v is None else element(v) for v in values]
    return element


def raw_rows(result: Any) -> list[dict[str, Any]]:
    """`{"columns", "types", "rows"}` -> one dict per row."""
    if not isinstance(result, Mapping) or not {"columns", "types", "rows"} <= set(result):
        raise EngineRequestError(None, repr(result), message=f"expected a raw query result, got {result!r}")
    columns: list[str] = list(result["columns"])
    converters = [_column(str(kind)) for kind in result["types"]]
    rows: list[dict[str, Any]] = []
    for row in result["rows"]:
        record: dict[str, Any] = {}
        for name, convert, value in zip(columns, converters, row, strict=False):
            if isinstance(value, Mapping) and "$type" in value:
                record[name] = decode_value(value)
            else:
                record[name] = value if value is None or convert is None else convert(value)
        rows.append(record)
    return rows


def parse_json_text(row: dict[str, Any], json_fields: Sequence[str]) -> dict[str, Any]:
    """A row for a model: Json columns that a database returns as text (SQLite, MariaDB) parsed, as
    the model holds a Json field's value, not its text. Only objects and arrays: a text that is
    not one may be a Json string value that a database (PostgreSQL) has already parsed."""
    for name in json_fields:
        value = row.get(name)
        if isinstance(value, str) and value.lstrip()[:1] in ("{", "["):
            with contextlib.suppress(ValueError):  # not JSON text: the model says what is wrong with it
                row[name] = json.loads(value)
    return row
