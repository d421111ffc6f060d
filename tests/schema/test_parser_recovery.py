"""Syntax errors as Prisma reports them: every bad line, on its line, with Prisma's message; the
rest of the file is still parsed, resolved and validated."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema import ast
from prisma_dynamic.schema.load import build_schema
from prisma_dynamic.schema.parser import parse_text
from tests.conftest import SCHEMAS

INVALID = SCHEMAS / "invalid"
SYNTAX_CASES = sorted(INVALID.glob("*syntax*.prisma"))


def parse(text: str) -> ast.SchemaFile:
    return parse_text(textwrap.dedent(text).lstrip("\n"), "schema.prisma")


def where(problem: ast.SyntaxProblem) -> tuple[int, int, int, int]:
    span = problem.span
    return span.line, span.column, span.end_line, span.end_column


@pytest.mark.skipif(not SYNTAX_CASES, reason="the shared schema corpus is not on this machine")
@pytest.mark.parametrize("path", SYNTAX_CASES, ids=lambda p: p.stem)
def test_the_lines_prisma_reports_for_the_syntax_corpus(path: Path) -> None:
    expected = json.loads(path.with_suffix(".errors.json").read_text(encoding="utf-8"))
    with pytest.raises(SchemaError) as caught:
        build_schema([(path.name, path.read_text(encoding="utf-8"))])
    found = {(d.span.line, d.message) for d in caught.value.errors}
    for error in expected:
        assert (error["line"], error["message"]) in found, f"{path.name}: Prisma reports {error}"


def test_every_bad_line_is_reported_and_the_rest_is_kept() -> None:
    tree = parse(
        """
        model User {
          id    Int    @id
          email String @unique ;
          name  String
          @@index([email) oops
        }

        enum Role {
          USER String
          ADMIN
        }

        datasource db {
          provider = "sqlite"
          nonsense
        }
        """
    )
    assert [(p.span.line, p.message) for p in tree.problems] == [
        (3, "Error validating: This line is not a valid field or attribute definition."),
        (5, "Error validating: This line is not a valid field or attribute definition."),
        (9, "Error validating: This line is not an enum value definition."),
        (15, "Error validating: This line is not a valid definition within a datasource."),
    ]
    user, role, db = tree.blocks
    assert [f.name for f in user.fields] == ["id", "name"]
    assert user.attributes == ()
    assert [v.name for v in role.values] == ["ADMIN"]
    assert [p.key for p in db.properties] == ["provider"]
    assert where(tree.problems[0]) == (3, 3, 4, 1)  # Prisma's span: the line and its newline


def test_an_unclosed_parenthesis_reports_its_line_and_where_it_was_opened() -> None:
    tree = parse(
        """
        model User {
          id   Int @id @default(autoincrement()
          name String
        }
        """
    )
    [problem] = tree.problems
    assert problem.span.line == 2
    assert problem.hint is not None
    assert "the `(` opened at 2:24 is never closed" in problem.hint
    assert "expected" in problem.hint
    assert [f.name for f in tree.blocks[0].fields] == ["name"]


def test_a_hint_says_what_was_found_and_what_was_expected() -> None:
    [problem] = parse("model A {\n  id Int @id ;\n}\n").problems
    assert problem.hint is not None
    assert problem.hint.startswith("at 2:14: found the character `;`, expected ")
    assert "an attribute (`@...`)" in problem.hint


def test_unknown_top_level_lines_and_arbitrary_blocks() -> None:
    tree = parse(
        """
        table User {
          id Int @id
        }
        settings {
          a = 1
        } model B {
          id Int @id
        }
        """
    )
    top = "Error validating: This line is invalid. It does not start with any known Prisma schema keyword."
    block = (
        "Error validating: This block is invalid. It does not start with any known Prisma schema keyword. "
        "Valid keywords include 'model', 'enum', 'type', 'datasource' and 'generator'."
    )
    assert [(p.span.line, p.message) for p in tree.problems] == [(1, top), (2, top), (3, top), (4, block)]
    assert where(tree.problems[3]) == (4, 1, 6, 2)
    assert [b.name for b in tree.blocks] == ["B"]  # parsing resumes right after the block's `}`


def test_text_after_a_closing_brace_is_a_bad_top_level_line() -> None:
    tree = parse("model A {\n  id Int @id\n} junk here\nmodel B {\n  id Int @id\n}\n")
    [problem] = tree.problems
    assert where(problem)[:2] == (3, 3)
    assert [b.name for b in tree.blocks] == ["A", "B"]


def test_a_block_never_closed_makes_its_lines_top_level_lines_as_in_prisma() -> None:
    tree = parse(
        """
        model A {
          id Int @id
        }
        model B { id Int @id }
        """
    )
    assert [(p.span.line, p.span.column) for p in tree.problems] == [(4, 1)]
    tree = parse("model A {\n  id Int @id\n  x Int (\n")
    assert [p.span.line for p in tree.problems] == [1, 2, 3]
    assert all("does not start with any known Prisma schema keyword" in p.message for p in tree.problems)
    assert tree.blocks == ()


def test_legacy_field_syntax_gets_prismas_messages() -> None:
    tree = parse(
        """
        model A {
          id   Int @id
          a:   String
          b    String!
          c    [String]
        }
        """
    )
    assert [(p.span.line, p.span.column, p.message) for p in tree.problems] == [
        (3, 4, "Field declarations don't require a `:`."),
        (4, 8, "Fields are required by default, `!` is no longer required."),
        (5, 8, "To specify a list, please use `Type[]` instead of `[Type]`."),
    ]


def test_a_field_without_type_is_kept_for_the_resolver_to_name() -> None:
    tree = parse("model A {\n  id Int @id\n  name\n  other @unique\n}\n")
    assert tree.problems == ()
    assert [(f.name, f.type) for f in tree.blocks[0].fields[1:]] == [("name", None), ("other", None)]


def test_names_prisma_does_not_allow() -> None:
    tree = parse(
        """
        model 1User {
          id      Int @id
          my-name String
        }
        enum Role {
          9LIVES
        }
        """
    )
    assert [(p.span.line, p.message) for p in tree.problems] == [
        (1, "Error validating: The name of a Model must not start with a number."),
        (3, "Error validating: The character `-` is not allowed in Field names."),
        (6, "Error validating: The name of a Enum Value must not start with a number."),
    ]


def test_unterminated_string_and_comments_of_a_skipped_line() -> None:
    tree = parse(
        """
        model A {
          id   Int    @id
          name String @default("anonymous) /// not documentation
          /// the email
          email String
        }
        """
    )
    [problem] = tree.problems
    assert problem.span.line == 3
    assert problem.hint is not None and "a string that is not closed on its line" in problem.hint
    assert [c.text for c in tree.comments] == ["/// the email"]
    assert tree.blocks[0].fields[1].documentation == "the email"


def test_syntax_and_resolution_errors_come_together_with_place_and_caret() -> None:
    text = "model User {\n  id Int @id\n  ???\n  posts Post[]\n}\n"
    with pytest.raises(SchemaError) as caught:
        build_schema([("schema.prisma", text)])
    lines = sorted(d.span.line for d in caught.value.errors)
    assert lines == [3, 4]  # the bad line, and the unknown type `Post` on a good line
    rendered = str(caught.value)
    assert "schema.prisma:3:3" in rendered
    assert "3 |   ???" in rendered
    assert "  ^^^" in rendered
    assert "hint: at 3:3: found `?`, expected" in rendered
