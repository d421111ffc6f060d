"""Reading a pulled schema's text in tests."""

from __future__ import annotations

import re


def model_block(schema: str, name: str) -> str:
    """The body of `model name { ... }` in `schema`, runs of spaces folded to one (the formatter
    aligns columns, which the tests do not assert)."""
    match = re.search(rf"^model {name} {{\n(.*?)^}}", schema, re.MULTILINE | re.DOTALL)
    assert match is not None, schema
    return re.sub(" +", " ", match.group(1))
