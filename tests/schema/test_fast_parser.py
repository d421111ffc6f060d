"""The table-driven parser builds exactly the syntax tree that Lark's own parser builds from the
same grammar: on every corpus schema, and on random mutations of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema import ast
from prisma_dynamic.schema.parser import parse_text, parse_text_with_lark
from tests.conftest import SCHEMAS

CORPUS = SCHEMAS
SCHEMAS = sorted(
    p
    for folder in ("real", "valid", "invalid")
    for p in (CORPUS / folder).rglob("*.prisma")
    if not any(part.endswith(".formatted") for part in p.parts) and not p.name.endswith(".formatted.prisma")
)

# Problems the parser adds about names that the grammar accepts (Prisma's spelling rules).
_NAME_RULES = ("must not start with a number", "is not allowed in")


def _syntax_problems(tree: ast.SchemaFile) -> list[ast.SyntaxProblem]:
    return [p for p in tree.problems if not any(rule in p.message for rule in _NAME_RULES)]


def _lark_or_none(text: str) -> ast.SchemaFile | None:
    try:
        return parse_text_with_lark(text, "schema.prisma")
    except SchemaError:
        return None


@pytest.mark.skipif(not SCHEMAS, reason="the shared schema corpus is not on this machine")
@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: str(p.relative_to(CORPUS)))
def test_same_tree_as_lark_on_the_corpus(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    reference = _lark_or_none(text)
    fast = parse_text(text, "schema.prisma")
    if reference is None:
        assert _syntax_problems(fast), "Lark rejects this schema, so the fast parser must report a problem"
    else:
        assert not _syntax_problems(fast)
        assert fast.blocks == reference.blocks
        assert fast.comments == reference.comments


def test_spans_and_documentation_of_a_small_schema() -> None:
    text = "/// A user\nmodel User {\n  id Int @id @default(autoincrement()) /// the key\n  tags String[]\n}\n"
    tree = parse_text(text, "s.prisma")
    [user] = tree.blocks
    field = user.fields[0]
    assert user.documentation == "A user"
    assert field.documentation == "the key"
    assert (field.name_span.line, field.name_span.column, field.name_span.end_column) == (3, 3, 5)
    assert text[field.span.start : field.span.end] == "id Int @id @default(autoincrement())"
    default = field.attributes[1]
    assert text[default.span.start : default.span.end] == "@default(autoincrement())"
    assert user.fields[1].type is not None and user.fields[1].type.arity == "list"
    assert tree == parse_text_with_lark(text, "s.prisma")


_SAMPLE_LINES = [
    line
    for path in SCHEMAS[:: max(1, len(SCHEMAS) // 12)]
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@st.composite
def _mutated_schema(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.sampled_from(_SAMPLE_LINES), min_size=1, max_size=30))
    text = "\n".join(lines) + "\n"
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(text)))
        piece = draw(st.sampled_from(["{", "}", "(", ")", "[", "]", "\n", "@", "@@", '"', ",", " x", "?", "//"]))
        text = text[:position] + piece + text[position:]
    return text


@pytest.mark.skipif(not _SAMPLE_LINES, reason="the shared schema corpus is not on this machine")
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated_schema())
def test_accepts_what_lark_accepts_and_builds_the_same_tree(text: str) -> None:
    reference = _lark_or_none(text)
    fast = parse_text(text, "schema.prisma")
    if reference is None:
        assert _syntax_problems(fast)
    else:
        assert not _syntax_problems(fast)
        assert fast.blocks == reference.blocks
        assert fast.comments == reference.comments
