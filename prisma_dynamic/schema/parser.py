"""Text -> syntax tree, with the Lark grammar in `grammar/prisma.lark`.

The LALR parser is built once per process (Lark caches its tables) and builds our AST nodes
directly while it parses (an inline transformer), so no intermediate parse tree is made.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.lark import PostLex

from prisma_dynamic.schema import ast
from prisma_dynamic.schema.diagnostics import Diagnostic, SchemaError

_GRAMMAR_NAME = "prisma.lark"


def grammar_path() -> Path:
    """Where the grammar is: inside the installed wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "grammar" / _GRAMMAR_NAME, here.parent / "grammar" / _GRAMMAR_NAME):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"the Prisma grammar {_GRAMMAR_NAME} is missing from the installation")


class _BracketNewlines(PostLex):
    """Drops newlines inside ( ) and [ ]: arguments and arrays may span lines."""

    always_accept = ("_NL",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        depth = 0
        for token in stream:
            kind = token.type
            if kind == "_NL":
                if depth:
                    continue
            elif kind in ("LPAR", "LSQB"):
                depth += 1
            elif kind in ("RPAR", "RSQB"):
                depth = max(depth - 1, 0)
            yield token


def _span(file: str, token: Token) -> ast.Span:
    return ast.Span(
        file,
        token.line or 0,
        token.column or 0,
        token.end_line or 0,
        token.end_column or 0,
        token.start_pos or 0,
        token.end_pos or 0,
    )


def _unescape(raw: str) -> str:
    # A Prisma string uses JSON's escapes; json.loads is exact and fast.
    try:
        value: str = json.loads(raw)
        return value
    except ValueError:
        return raw[1:-1]


class _Comments:
    """Comments as the lexer meets them, indexed by line for attaching documentation.

    Prisma documents a declaration with the `///` lines right above it, a `///` comment
    trailing it on its line, or a `/* ... */` block comment that ends right above it."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.all: list[ast.Comment] = []
        self.doc_by_end_line: dict[int, ast.Comment] = {}

    def add(self, token: Token) -> Token:
        comment = ast.Comment(str(token), _span(self.file, token))
        self.all.append(comment)
        if comment.is_doc or comment.text.startswith("/*"):
            self.doc_by_end_line[comment.span.end_line] = comment
        return token

    def documentation(self, span: ast.Span) -> str | None:
        lines: list[str] = []
        line = span.line - 1
        while (comment := self.doc_by_end_line.get(line)) is not None and comment.span.column <= span.column:
            lines.append(_doc_text(comment.text))
            line = comment.span.line - 1
        lines.reverse()
        trailing = self.doc_by_end_line.get(span.end_line)
        if trailing is not None and trailing.is_doc and trailing.span.start >= span.end:
            lines.append(_doc_text(trailing.text))
        return "\n".join(lines) if lines else None


def _doc_text(text: str) -> str:
    if text.startswith("/*"):
        return text[2:-2].strip()
    return text[3:].lstrip()  # Prisma keeps trailing spaces of a `///` line


class _Builder(Transformer[Token, Any]):
    """Builds AST nodes while the LALR parser reduces (see Lark's inline transformers)."""

    def __init__(self, file: str, comments: _Comments) -> None:
        super().__init__(visit_tokens=False)
        self.file = file
        self.comments = comments

    def sp(self, token: Token) -> ast.Span:
        return _span(self.file, token)

    # -- expressions
    def string(self, children: list[Token]) -> ast.StringValue:
        token = children[0]
        return ast.StringValue(_unescape(str(token)), self.sp(token))

    def number(self, children: list[Token]) -> ast.NumberValue:
        token = children[0]
        return ast.NumberValue(str(token), self.sp(token))

    def path(self, children: list[Token]) -> ast.ConstantValue:
        span = self.sp(children[0]).to(self.sp(children[-1]))
        return ast.ConstantValue(".".join(str(c) for c in children), span)

    def array(self, children: list[Any]) -> ast.ArrayValue:
        items = tuple(c for c in children[1:-1] if c is not None)
        return ast.ArrayValue(items, self.sp(children[0]).to(self.sp(children[-1])))

    def function_call(self, children: list[Any]) -> ast.FunctionCall:
        name: ast.ConstantValue = children[0]
        arguments: ast.ArgumentList = children[1]
        assert arguments.span is not None
        return ast.FunctionCall(name.name, arguments, name.span.to(arguments.span))

    def named_argument(self, children: list[Any]) -> ast.Argument:
        name, value = children
        return ast.Argument(str(name), value, self.sp(name).to(value.span))

    def positional_argument(self, children: list[Any]) -> ast.Argument:
        value = children[0]
        return ast.Argument(None, value, value.span)

    def arguments(self, children: list[Any]) -> ast.ArgumentList:
        items = tuple(c for c in children[1:-1] if c is not None)
        return ast.ArgumentList(items, self.sp(children[0]).to(self.sp(children[-1])))

    # -- attributes
    def attribute_name(self, children: list[Token]) -> tuple[str, ast.Span]:
        return ".".join(str(c) for c in children), self.sp(children[0]).to(self.sp(children[-1]))

    def _make_attribute(self, children: list[Any]) -> ast.Attribute:
        at, (name, name_span) = children[0], children[1]
        arguments = children[2] if len(children) > 2 else ast.ArgumentList((), None)
        end = arguments.span if arguments.span is not None else name_span
        return ast.Attribute(name, arguments, self.sp(at).to(end), name_span)

    field_attribute = _make_attribute
    block_attribute = _make_attribute

    # -- fields
    def type_name(self, children: list[Token]) -> tuple[str, ast.Span, str | None]:
        return str(children[0]), self.sp(children[0]), None

    def unsupported_type(self, children: list[Token]) -> tuple[str, ast.Span, str | None]:
        span = self.sp(children[0]).to(self.sp(children[3]))
        return "Unsupported", span, _unescape(str(children[2]))

    def optional_type(self, children: list[Token]) -> tuple[ast.Arity, ast.Span, bool]:
        return "optional", self.sp(children[0]), False

    def list_type(self, children: list[Token]) -> tuple[ast.Arity, ast.Span, bool]:
        return "list", self.sp(children[0]).to(self.sp(children[-1])), False

    def optional_list(self, children: list[Token]) -> tuple[ast.Arity, ast.Span, bool]:
        return "list", self.sp(children[0]).to(self.sp(children[-1])), True

    def field_type(self, children: list[Any]) -> ast.FieldType:
        name, span, unsupported = children[0]
        suffix = children[1] if len(children) > 1 else None
        if suffix is None:
            return ast.FieldType(name, "required", span, unsupported)
        arity, suffix_span, optional_list = suffix
        return ast.FieldType(name, arity, span.to(suffix_span), unsupported, optional_list)

    def field(self, children: list[Any]) -> ast.Field:
        name: Token = children[0]
        field_type: ast.FieldType = children[1]
        attributes = tuple(children[2:])
        name_span = self.sp(name)
        span = name_span.to(attributes[-1].span if attributes else field_type.span)
        return ast.Field(str(name), field_type, attributes, self.comments.documentation(span), span, name_span)

    def enum_value(self, children: list[Any]) -> ast.EnumValue:
        name: Token = children[0]
        attributes = tuple(children[1:])
        name_span = self.sp(name)
        span = name_span.to(attributes[-1].span if attributes else name_span)
        return ast.EnumValue(str(name), attributes, self.comments.documentation(span), span, name_span)

    def key_value(self, children: list[Any]) -> ast.KeyValue:
        key: Token = children[0]
        value = children[1]
        key_span = self.sp(key)
        return ast.KeyValue(str(key), value, key_span.to(value.span), key_span)

    # -- blocks
    def _make_block(self, children: list[Any]) -> ast.Block:
        keyword: Token = children[0]
        name: Token = children[1]
        members = children[3:-1]
        kind: ast.BlockKind = str(keyword)  # type: ignore[assignment]
        head = self.sp(keyword)
        return ast.Block(
            kind=kind,
            name=str(name),
            fields=tuple(m for m in members if isinstance(m, ast.Field)),
            values=tuple(m for m in members if isinstance(m, ast.EnumValue)),
            properties=tuple(m for m in members if isinstance(m, ast.KeyValue)),
            attributes=tuple(m for m in members if isinstance(m, ast.Attribute)),
            documentation=self.comments.documentation(head),
            span=head.to(self.sp(children[-1])),
            name_span=self.sp(name),
        )

    model = _make_block
    view = _make_block
    composite_type = _make_block
    enum = _make_block
    datasource = _make_block
    generator = _make_block

    def start(self, children: list[ast.Block]) -> list[ast.Block]:
        return children


@functools.lru_cache(maxsize=1)
def _grammar_text() -> str:
    return grammar_path().read_text(encoding="utf-8")


class _ParserState(threading.local):
    """One Lark parser per thread: building it costs far more than parsing a schema, and the
    builder and comment collector it is wired to hold per-parse state."""

    def __init__(self) -> None:
        self.comments = _Comments("")
        self.builder = _Builder("", self.comments)
        self.lark = Lark(
            _grammar_text(),
            parser="lalr",
            lexer="contextual",
            postlex=_BracketNewlines(),
            transformer=self.builder,
            lexer_callbacks={"DOC_COMMENT": self.comments.add, "COMMENT": self.comments.add},
            maybe_placeholders=True,
            cache=True,
        )

    def reset(self, file: str) -> None:
        self.comments.__init__(file)  # type: ignore[misc]
        self.builder.file = file


_state: _ParserState | None = None


def _parser_state() -> _ParserState:
    # Created on first use, not at import; a threading.local re-runs __init__ in each thread.
    global _state
    if _state is None:
        _state = _ParserState()
    return _state


def parse_text(text: str, file: str = "schema.prisma") -> ast.SchemaFile:
    """Parse one schema file. Raises `SchemaError` (with file:line:col) on a syntax error."""
    state = _parser_state()
    state.reset(file)
    if not text.endswith("\n"):
        text += "\n"  # the grammar ends every block with a newline
    try:
        blocks: list[ast.Block] = state.lark.parse(text)  # type: ignore[assignment]  # built by _Builder
    except UnexpectedInput as error:
        raise SchemaError([_syntax_diagnostic(error, file, text)], {file: text}) from None
    return ast.SchemaFile(file, text, tuple(blocks), tuple(state.comments.all), ())


def _syntax_diagnostic(error: UnexpectedInput, file: str, text: str) -> Diagnostic:
    line, column = error.line, error.column
    if isinstance(error, UnexpectedCharacters):
        position = error.pos_in_stream or 0
        found = repr(text[position]) if position < len(text) else "end of file"
        message = f"Unexpected character {found}."
    elif isinstance(error, UnexpectedToken):
        token = error.token
        found = "end of line" if token.type == "_NL" else "end of file" if token.type == "$END" else repr(str(token))
        expected = sorted(_describe(name) for name in error.accepts or error.expected)
        message = f"Unexpected {found}; expected {_join(expected)}."
    elif isinstance(error, UnexpectedEOF):
        message = "Unexpected end of file."
        line, column = text.count("\n") + 1, 1
    else:  # pragma: no cover - Lark raises only the three above
        message = str(error)
    if line is None or line < 1:
        line, column = text.count("\n") + 1, 1
    offset = _offset(text, line, column)
    span = ast.Span(file, line, column, line, column + 1, offset, offset + 1)
    return Diagnostic("error", message, span)


_TERMINAL_WORDS = {
    "NAME": "a name",
    "NUMBER": "a number",
    "STRING": "a string",
    "_NL": "a new line",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LPAR": "'('",
    "RPAR": "')'",
    "LSQB": "'['",
    "RSQB": "']'",
    "QMARK": "'?'",
    "AT": "'@'",
    "ATAT": "'@@'",
    "COMMA": "','",
    "COLON": "':'",
    "EQUAL": "'='",
    "DOT": "'.'",
    "$END": "end of file",
}


def _describe(terminal: str) -> str:
    if terminal in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[terminal]
    return f"'{terminal.lower()}'"


def _join(words: list[str]) -> str:
    unique = list(dict.fromkeys(words))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " or " + unique[-1]


def _offset(text: str, line: int, column: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.find("\n", offset) + 1
    return offset + column - 1
