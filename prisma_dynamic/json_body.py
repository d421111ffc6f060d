"""The JSON of request and response bodies between the client and the engine process (orjson),
and of the documents the CLI prints (`dumps_indented`).

orjson (de)serialises 5-10x faster than the standard library, which counts on large results. Where
it would answer differently it gives way to the standard library:

* integers beyond 64 bits: orjson refuses to write them and reads them as floats, silently losing
  digits; a body with a run of 19 digits or more is therefore read by ``json.loads`` (exact), and
  one orjson cannot write is written by ``json.dumps``;
* non-finite floats are written as ``null``, as Prisma's own engine (serde_json) writes them; the
  client never sends one (values are checked before, ``protocol/values.py``).

Both raise ``ValueError`` for text that is not JSON (orjson also for nesting beyond 1024 levels,
the standard library ``RecursionError``).
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

__all__ = ["dumps", "dumps_indented", "loads"]

_LONG_INTEGER = re.compile(rb"\d{19}")


def dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:  # beyond 64 bits, non-string keys, or not JSON at all (then json raises too)
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def dumps_indented(value: Any) -> bytes:
    """`value` indented by two spaces, as `json.dumps(value, indent=2, ensure_ascii=False)` writes
    it (civitai's DMMF, 170 MB, in a tenth of the time); floats in orjson's shortest form
    (`1e-7`, as JavaScript writes them, where the standard library writes `1e-07`)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except TypeError:  # as in `dumps`
        return json.dumps(value, indent=2, ensure_ascii=False).encode()


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def loads(raw: bytes) -> Any:
    if _LONG_INTEGER.search(raw) is not None:
        return json.loads(raw, parse_constant=_not_json)
    return orjson.loads(raw)
