"""Random damage to real schemas: parsing, resolution and validation end in a `SchemaError` (or a
schema), never in another exception."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema.load import build_schema
from tests.conftest import SCHEMAS

CORPUS = SCHEMAS
# Small schemas keep each example fast; between them they use every construct of the corpus.
SEEDS = sorted(
    (
        p.read_text(encoding="utf-8")
        for folder in ("real", "valid", "invalid")
        for p in (CORPUS / folder).glob("*.prisma")
    ),
    key=len,
)[:80]

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[A-Za-z0-9_\-.]+|@@|//[^\n]*|\S')
_ARGUMENT_PIECES = [
    "",
    "1",
    "-2.5",
    '"x"',
    "true",
    "[]",
    "[id]",
    "[a, b]",
    "now()",
    "uuid(7)",
    "cuid(3)",
    "dbgenerated()",
    "sort: Desc",
    "fields: [id]",
    "references: []",
    "onDelete: Nowhere",
    "name: 1",
    "map: [1]",
    "length: x",
    "ops: raw(1)",
    "type: Hash",
    "env()",
    "Unsupported",
]
_ATTRIBUTES = [
    "@id",
    "@unique",
    "@default",
    "@relation",
    "@map",
    "@updatedAt",
    "@ignore",
    "@db.VarChar",
    "@db.Decimal",
    "@@id",
    "@@unique",
    "@@index",
    "@@map",
    "@@fulltext",
    "@@ignore",
    "@@schema",
    "@shardKey",
    "@@shardKey",
    "@@nope",
]


@st.composite
def _attribute(draw: st.DrawFn) -> str:
    arguments = draw(st.lists(st.sampled_from(_ARGUMENT_PIECES), max_size=3))
    written = draw(st.booleans())
    return draw(st.sampled_from(_ATTRIBUTES)) + (f"({', '.join(arguments)})" if written else "")


@st.composite
def _damaged(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        tokens = list(_TOKEN.finditer(text))
        lines = text.split("\n")
        how = draw(st.sampled_from(["delete", "duplicate", "replace", "swap", "attribute", "truncate"]))
        if how in ("delete", "duplicate", "replace") and tokens:
            token = draw(st.sampled_from(tokens))
            other = draw(st.sampled_from(tokens)).group()
            middle = {"delete": "", "duplicate": token.group() * 2, "replace": other}[how]
            text = text[: token.start()] + middle + text[token.end() :]
        elif how == "swap" and len(lines) > 1:
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        elif how == "attribute":
            index = draw(st.integers(0, len(lines) - 1))
            lines[index] += " " + draw(_attribute())
            text = "\n".join(lines)
        elif how == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
    return text


def _build(text: str) -> None:
    try:
        build_schema([("schema.prisma", text)])
    except SchemaError as error:
        assert error.errors, "a SchemaError names at least one error"
        for diagnostic in error.errors:
            assert diagnostic.span.line >= 1 and diagnostic.span.column >= 1, diagnostic


_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]


@pytest.mark.skipif(not SEEDS, reason="the shared schema corpus is not on this machine")
@settings(max_examples=1500, deadline=None, suppress_health_check=_QUIET)
@given(_damaged())
def test_damaged_schemas_give_schema_errors_only(text: str) -> None:
    _build(text)


@pytest.mark.skipif(not SEEDS, reason="the shared schema corpus is not on this machine")
@settings(max_examples=1000, deadline=None, suppress_health_check=_QUIET)
@given(st.sampled_from(SEEDS), st.lists(st.tuples(st.integers(0, 10**6), st.text(max_size=4)), max_size=4))
def test_arbitrary_characters_anywhere_give_schema_errors_only(seed: str, inserts: list[tuple[int, str]]) -> None:
    text = seed
    for position, piece in inserts:
        position %= len(text) + 1
        text = text[:position] + piece + text[position:]
    _build(text)
