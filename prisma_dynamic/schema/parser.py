"""Text -> syntax tree, with the Lark grammar in `grammar/prisma.lark`.

Lark compiles the grammar into LALR tables and contextual-lexer terminal sets once per process.
`parse_text` drives those tables from its own loop (one regular expression per lexer state,
reducers generated from Lark's rules, so the children each `_Builder` method sees are exactly the
ones Lark's own tree builder would give) and recovers from syntax errors line by line, as Prisma's
parser does: a line that does not parse is reported and skipped, and the rest of the file still
becomes syntax tree. `parse_text_with_lark` is the same grammar through Lark's own parser, kept as
the reference that the tests compare the fast path with.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedInput
from lark.grammar import Rule
from lark.lark import PostLex
from lark.lexer import PatternStr, TerminalDef

from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema import ast
from prisma_dynamic.schema.diagnostics import Diagnostic

_GRAMMAR_NAME = "prisma.lark"

# A token as the builder sees it: its text, character offset, 1-based line and column. Tokens never
# reach the syntax tree themselves, so a plain tuple (cheap to make) is enough.
_Tok = tuple[str, int, int, int]

_T = TypeVar("_T")


def grammar_path() -> Path:
    """Where the grammar is: inside the installed wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "grammar" / _GRAMMAR_NAME, here.parent / "grammar" / _GRAMMAR_NAME):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"the Prisma grammar {_GRAMMAR_NAME} is missing from the installation")


def _constructor(cls: type[_T]) -> Callable[..., _T]:
    """A positional constructor for a frozen, slotted AST dataclass that fills its slots directly.

    A frozen dataclass assigns every field through `object.__setattr__`, which makes building the
    ~60,000 nodes and spans of a large schema cost twice as much as the parsing around it."""
    names = [field.name for field in dataclasses.fields(cls)]  # type: ignore[arg-type]
    if tuple(names) != cls.__slots__:  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__name__} must be a slotted dataclass")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    namespace.update({f"_set_{name}": getattr(cls, name).__set__ for name in names})
    lines = [f"def make({', '.join(names)}):", "    o = _new(_cls)"]
    lines += [f"    _set_{name}(o, {name})" for name in names]
    lines.append("    return o")
    exec("\n".join(lines), namespace)  # built from the dataclass's own field names
    made: Callable[..., _T] = namespace["make"]
    return made


_span = _constructor(ast.Span)
_string = _constructor(ast.StringValue)
_number = _constructor(ast.NumberValue)
_array = _constructor(ast.ArrayValue)
_constant = _constructor(ast.ConstantValue)
_call = _constructor(ast.FunctionCall)
_argument = _constructor(ast.Argument)
_argument_list = _constructor(ast.ArgumentList)
_attribute = _constructor(ast.Attribute)
_field_type = _constructor(ast.FieldType)
_field = _constructor(ast.Field)
_enum_value = _constructor(ast.EnumValue)
_key_value = _constructor(ast.KeyValue)
_comment = _constructor(ast.Comment)

_NO_ARGUMENTS = ast.ArgumentList((), None)


def _join(a: ast.Span, b: ast.Span) -> ast.Span:
    return _span(a.file, a.line, a.column, b.end_line, b.end_column, a.start, b.end)


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

    def add(self, text: str, span: ast.Span) -> None:
        comment = _comment(text, span)
        self.all.append(comment)
        if text.startswith(("///", "/*")):
            self.doc_by_end_line[span.end_line] = comment

    def add_token(self, token: Token) -> Token:
        """Lark's lexer callback, for the reference parser."""
        text = str(token)
        start = token.start_pos or 0
        self.add(
            text,
            _span(self.file, token.line, token.column, token.end_line, token.end_column, start, start + len(text)),
        )
        return token

    def drop_from(self, offset: int) -> None:
        """Forget the comments of a line that recovery skips: Prisma reads them as part of the bad line."""
        while self.all and self.all[-1].span.start >= offset:
            dropped = self.all.pop()
            if self.doc_by_end_line.get(dropped.span.end_line) is dropped:
                del self.doc_by_end_line[dropped.span.end_line]

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
    """Builds AST nodes from a rule's children, in the shape Lark's tree builder gives them.

    Called by `parse_text`'s reducers while it parses, and as a Lark `Transformer` (with tokens
    turned into `_Tok` tuples) by the reference parser."""

    def __init__(self, file: str, comments: _Comments) -> None:
        super().__init__(visit_tokens=True)
        self.file = file
        self.comments = comments

    def __default_token__(self, token: Token) -> _Tok:
        return (str(token), token.start_pos or 0, token.line or 0, token.column or 0)

    def sp(self, token: _Tok) -> ast.Span:
        text, start, line, column = token
        return _span(self.file, line, column, line, column + len(text), start, start + len(text))

    def between(self, first: _Tok, last: _Tok) -> ast.Span:
        end = last[1] + len(last[0])
        return _span(self.file, first[2], first[3], last[2], last[3] + len(last[0]), first[1], end)

    # -- expressions
    def string(self, children: list[_Tok]) -> ast.StringValue:
        token = children[0]
        return _string(_unescape(token[0]), self.sp(token))

    def number(self, children: list[_Tok]) -> ast.NumberValue:
        token = children[0]
        return _number(token[0], self.sp(token))

    def path(self, children: list[_Tok]) -> ast.ConstantValue:
        if len(children) == 1:
            return _constant(children[0][0], self.sp(children[0]))
        return _constant(".".join(c[0] for c in children), self.between(children[0], children[-1]))

    def array(self, children: list[Any]) -> ast.ArrayValue:
        items = tuple(c for c in children[1:-1] if c is not None)
        return _array(items, self.between(children[0], children[-1]))

    def function_call(self, children: list[Any]) -> ast.FunctionCall:
        name: ast.ConstantValue = children[0]
        arguments: ast.ArgumentList = children[1]
        assert arguments.span is not None
        return _call(name.name, arguments, _join(name.span, arguments.span))

    def named_argument(self, children: list[Any]) -> ast.Argument:
        name, value = children
        return _argument(name[0], value, _join(self.sp(name), value.span))

    def positional_argument(self, children: list[Any]) -> ast.Argument:
        value = children[0]
        return _argument(None, value, value.span)

    def arguments(self, children: list[Any]) -> ast.ArgumentList:
        items = tuple(c for c in children[1:-1] if c is not None)
        return _argument_list(items, self.between(children[0], children[-1]))

    # -- attributes
    def attribute_name(self, children: list[_Tok]) -> tuple[str, ast.Span]:
        if len(children) == 1:
            return children[0][0], self.sp(children[0])
        return ".".join(c[0] for c in children), self.between(children[0], children[-1])

    def _make_attribute(self, children: list[Any]) -> ast.Attribute:
        at, (name, name_span) = children[0], children[1]
        arguments = children[2] if len(children) > 2 else _NO_ARGUMENTS
        end = arguments.span if arguments.span is not None else name_span
        _, start, line, column = at
        return _attribute(
            name, arguments, _span(self.file, line, column, end.end_line, end.end_column, start, end.end), name_span
        )

    field_attribute = _make_attribute
    block_attribute = _make_attribute

    # -- fields
    def type_name(self, children: list[_Tok]) -> tuple[str, ast.Span, str | None]:
        return children[0][0], self.sp(children[0]), None

    def unsupported_type(self, children: list[_Tok]) -> tuple[str, ast.Span, str | None]:
        return "Unsupported", self.between(children[0], children[3]), _unescape(children[2][0])

    def optional_type(self, children: list[_Tok]) -> tuple[ast.Arity, ast.Span, bool]:
        return "optional", self.sp(children[0]), False

    def list_type(self, children: list[_Tok]) -> tuple[ast.Arity, ast.Span, bool]:
        return "list", self.between(children[0], children[-1]), False

    def optional_list(self, children: list[_Tok]) -> tuple[ast.Arity, ast.Span, bool]:
        return "list", self.between(children[0], children[-1]), True

    def field_type(self, children: list[Any]) -> ast.FieldType:
        name, span, unsupported = children[0]
        if len(children) == 1:
            return _field_type(name, "required", span, unsupported, False)
        arity, suffix_span, optional_list = children[1]
        return _field_type(name, arity, _join(span, suffix_span), unsupported, optional_list)

    def field(self, children: list[Any]) -> ast.Field:
        name: _Tok = children[0]
        field_type: ast.FieldType | None = children[1]
        attributes = tuple(children[2:])
        name_span = self.sp(name)
        last = attributes[-1].span if attributes else field_type.span if field_type is not None else name_span
        span = _join(name_span, last)
        return _field(name[0], field_type, attributes, self.comments.documentation(span), span, name_span)

    def enum_value(self, children: list[Any]) -> ast.EnumValue:
        name: _Tok = children[0]
        attributes = tuple(children[1:])
        name_span = self.sp(name)
        span = _join(name_span, attributes[-1].span) if attributes else name_span
        return _enum_value(name[0], attributes, self.comments.documentation(span), span, name_span)

    def key_value(self, children: list[Any]) -> ast.KeyValue:
        key: _Tok = children[0]
        value = children[1]
        key_span = self.sp(key)
        return _key_value(key[0], value, _join(key_span, value.span), key_span)

    # -- blocks
    def _make_block(self, children: list[Any]) -> ast.Block:
        keyword: _Tok = children[0]
        name: _Tok = children[1]
        members = children[3:-1]
        kind: ast.BlockKind = keyword[0]  # type: ignore[assignment]
        head = self.sp(keyword)
        return ast.Block(
            kind=kind,
            name=name[0],
            fields=tuple(m for m in members if isinstance(m, ast.Field)),
            values=tuple(m for m in members if isinstance(m, ast.EnumValue)),
            properties=tuple(m for m in members if isinstance(m, ast.KeyValue)),
            attributes=tuple(m for m in members if isinstance(m, ast.Attribute)),
            documentation=self.comments.documentation(head),
            span=_join(head, self.sp(children[-1])),
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


# ---- the grammar, compiled once --------------------------------------------------------------


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
            elif kind in _OPENING:
                depth += 1
            elif kind in _CLOSING:
                depth = max(depth - 1, 0)
            yield token


_OPENING = frozenset(("LPAR", "LSQB"))
_CLOSING = frozenset(("RPAR", "RSQB"))
_COMMENT_TERMINALS = ("COMMENT", "DOC_COMMENT")


class _ReferenceComments:
    """Where the reference parser's lexer callbacks put comments; swapped for each parse."""

    def __init__(self) -> None:
        self.target = _Comments("")

    def add(self, token: Token) -> Token:
        return self.target.add_token(token)


@functools.lru_cache(maxsize=1)
def _grammar_text() -> str:
    return grammar_path().read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _lark() -> tuple[Lark, _ReferenceComments]:
    sink = _ReferenceComments()
    lark = Lark(
        _grammar_text(),
        parser="lalr",
        lexer="contextual",
        postlex=_BracketNewlines(),
        lexer_callbacks={name: sink.add for name in _COMMENT_TERMINALS},
        maybe_placeholders=True,
        cache=True,
    )
    return lark, sink


_Reducer = Callable[[list[Any], _Builder], Any]
# An action: an int is "shift to that state"; a tuple is "reduce": (symbols popped, reducer, rule name).
_Action = int | tuple[int, _Reducer, str]
_Lexer = tuple[Callable[[str, int], "re.Match[str] | None"], tuple[str, ...], dict[str, dict[str, str]]]


@dataclasses.dataclass(frozen=True)
class _Tables:
    actions: list[dict[str, _Action]]  # by state, then terminal
    gotos: list[dict[str, int]]  # by state, then rule name
    lexers: list[_Lexer]  # by state: match, terminal by group index, keywords a terminal's text turns into
    any_token: re.Pattern[str]  # every terminal, to name what stands where the grammar failed
    start_state: int
    end_state: int


@functools.lru_cache(maxsize=1)
def _tables() -> _Tables:
    lark, _ = _lark()
    table = lark.parser.parser.parser.parse_table
    terminals = {t.name: t for t in lark.terminals}
    ignore = tuple(lark.lexer_conf.ignore)
    count = max(table.states) + 1
    actions: list[dict[str, _Action]] = [{} for _ in range(count)]
    gotos: list[dict[str, int]] = [{} for _ in range(count)]
    reducers: dict[Rule, _Action] = {}
    for state, entries in table.states.items():
        for symbol, (action, argument) in entries.items():
            if symbol not in terminals and symbol != "$END":
                gotos[state][symbol] = argument
            elif action.name == "Shift":
                actions[state][symbol] = argument
            else:
                if argument not in reducers:
                    reducers[argument] = (len(argument.expansion), _reducer(argument), argument.origin.name)
                actions[state][symbol] = reducers[argument]
    lexer_cache: dict[frozenset[str], _Lexer] = {}
    lexers: list[_Lexer] = []
    for state in range(count):
        accepted = frozenset(name for name in actions[state] if name in terminals) | {"_NL"}
        if accepted not in lexer_cache:
            lexer_cache[accepted] = _state_lexer([terminals[n] for n in accepted], [terminals[n] for n in ignore])
        lexers.append(lexer_cache[accepted])
    every = re.compile("|".join(f"(?:{t.pattern.to_regexp()})" for t in _lark_order(terminals.values())))
    return _Tables(actions, gotos, lexers, every, table.start_states["start"], table.end_states["start"])


def _reducer(rule: Rule) -> _Reducer:
    """The function that turns a rule's popped symbols into its value, as Lark's tree builder would:
    filtered tokens dropped, `_rules` spliced into their parent, `None` for a missing `[optional]`."""
    if rule.options.expand1 or rule.options.keep_all_tokens:
        raise NotImplementedError(f"rule {rule.origin.name}: `?rule` and `!rule` are not supported by the parser")
    empty = rule.options.empty_indices
    nones_before = [0] * (len(rule.expansion) + 1)
    if empty:
        # Lark's encoding: one flag per symbol slot, `True` where a missing `[item]` stood.
        position = 0
        for flag in empty:
            if flag:
                nones_before[position] += 1
            else:
                position += 1
    parts: list[str] = []
    for index, symbol in enumerate(rule.expansion):
        parts += ["None"] * nones_before[index]
        if symbol.is_term and symbol.filter_out:  # type: ignore[attr-defined]  # set on terminals only
            continue
        parts.append(f"*p[{index}]" if not symbol.is_term and symbol.name.startswith("_") else f"p[{index}]")
    parts += ["None"] * nones_before[len(rule.expansion)]
    children = f"[{', '.join(parts)}]"
    name = rule.alias or rule.options.template_source or rule.origin.name
    if rule.origin.name.startswith("_"):
        source = f"def reduce(p, b):\n    return {children}"
    elif callable(getattr(_Builder, name, None)):
        source = f"def reduce(p, b):\n    return b.{name}({children})"
    else:
        raise NotImplementedError(f"the grammar rule {name!r} has no _Builder method")
    namespace: dict[str, Any] = {}
    exec(source, namespace)  # built from the grammar's own rule shapes
    made: _Reducer = namespace["reduce"]
    return made


def _state_lexer(accepted: list[TerminalDef], ignored: list[TerminalDef]) -> _Lexer:
    """One regular expression for the terminals a parser state accepts, as Lark's contextual lexer
    builds it: alternatives in Lark's priority order, and a keyword that a name pattern also matches
    recognised after matching the name (Lark's "unless")."""
    collected = {t.name: t for t in [*accepted, *ignored]}
    keywords: dict[str, dict[str, str]] = {}
    for pattern in [t for t in collected.values() if not isinstance(t.pattern, PatternStr)]:
        for word in [t for t in collected.values() if isinstance(t.pattern, PatternStr)]:
            value = word.pattern.value
            prefix = re.match(pattern.pattern.to_regexp(), value)
            if word.priority == pattern.priority and prefix is not None and prefix.group() == value:
                keywords.setdefault(pattern.name, {})[value] = word.name
                del collected[word.name]
    silent = [t for t in ignored if t.name not in _COMMENT_TERMINALS]
    ordered = _lark_order(t for t in collected.values() if t not in silent)
    names: list[str] = [""]
    alternatives: list[str] = []
    for terminal in ordered:
        regexp = terminal.pattern.to_regexp()
        alternatives.append(f"({regexp})")
        names.append(terminal.name)
        names.extend([""] * re.compile(regexp).groups)
    if len(silent) > 1:
        raise NotImplementedError("the parser folds a single ignored whitespace terminal into its token patterns")
    # One optional match, never `(?:...)*`: a repeated `[ \t]+` backtracks exponentially on a failed match.
    skip = f"(?:{silent[0].pattern.to_regexp()})?" if silent else ""
    compiled = re.compile(skip + f"(?:{'|'.join(alternatives)})")
    return compiled.match, tuple(names), keywords


def _lark_order(terminals: Iterable[TerminalDef]) -> list[TerminalDef]:
    """Lark tries terminals by priority, then longest possible match, then longest pattern."""
    return sorted(terminals, key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name))


# ---- the parser ------------------------------------------------------------------------------

_SILENT_SPACE = re.compile(r"[ \t\f\u00a0\ufeff]*")
_ARBITRARY_BLOCK = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]*[ \t]*\{[^\n]*\n")
_TYPE_ALIAS = re.compile(r"type[ \t]+[A-Za-z0-9_][A-Za-z0-9_\-]*[ \t]*=[^\n]*")
_LEGACY_FIELD = re.compile(
    r"[A-Za-z0-9_][A-Za-z0-9_\-]*[ \t]*(?:(?P<colon>:)"
    r"|(?P<required>[A-Za-z0-9_][A-Za-z0-9_\-]*[ \t]*!)"
    r"|(?P<list>\[[ \t]*[A-Za-z0-9_][A-Za-z0-9_\-]*[ \t]*\]))"
)
_LEGACY_MESSAGES = {
    "colon": "Field declarations don't require a `:`.",
    "required": "Fields are required by default, `!` is no longer required.",
    "list": "To specify a list, please use `Type[]` instead of `[Type]`.",
}
_TOP_LEVEL_LINE = "Error validating: This line is invalid. It does not start with any known Prisma schema keyword."
_ARBITRARY_BLOCK_MESSAGE = (
    "Error validating: This block is invalid. It does not start with any known Prisma schema keyword. "
    "Valid keywords include 'model', 'enum', 'type', 'datasource' and 'generator'."
)
_TYPE_ALIAS_MESSAGE = (
    "Error validating: Invalid type definition. Please check the documentation in https://pris.ly/d/composite-types"
)
_MEMBER_LINE = {
    "model": "Error validating: This line is not a valid field or attribute definition.",
    "view": "Error validating: This line is not a valid field or attribute definition.",
    "type": "Error validating: This line is not a valid field or attribute definition.",
    "enum": "Error validating: This line is not an enum value definition.",
    "datasource": "Error validating: This line is not a valid definition within a datasource.",
    "generator": "Error validating: This line is not a valid definition within a generator.",
}


# The parser between two lines (bracket depth 0), where recovery goes back to: state stack, value
# stack, offset, line, offset of the line's start, the kind of block whose body this is (None at the
# top level), and how many problems were known. A tuple, as one is made for every line.
_Checkpoint = tuple[list[int], list[Any], int, int, int, "str | None", int]


class _Parse:
    """One run of the table-driven parser over one file."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.comments = _Comments(file)
        self.builder = _Builder(file, self.comments)
        self.problems: list[ast.SyntaxProblem] = []

    def run(self) -> ast.SchemaFile:
        blocks = self._parse(_tables())
        _check_names(blocks, self.problems)
        return ast.SchemaFile(self.file, self.text, tuple(blocks), tuple(self.comments.all), tuple(self.problems))

    def _parse(self, tables: _Tables) -> list[ast.Block]:
        # One function, locals only: this loop runs once per token and dominates import time.
        text, file, builder, comments, problems = self.text, self.file, self.builder, self.comments, self.problems
        actions, gotos, lexers, end_state = tables.actions, tables.gotos, tables.lexers, tables.end_state
        length = len(text)
        states: list[int] = [tables.start_state]
        values: list[Any] = []
        checkpoint: _Checkpoint = (states[:], [], 0, 1, 0, None, 0)
        header = checkpoint  # the checkpoint before the current block's header line
        header_item: _Tok = ("", 0, 1, 1)
        pos, line, line_start = 0, 1, 0
        block: str | None = None
        brackets: list[_Tok] = []  # the open ( and [, innermost last
        item: _Tok | None = None  # the first token since the checkpoint: where a bad line starts
        while True:
            state = states[-1]
            match, names, keywords = lexers[state]
            found = match(text, pos)
            if found is None:
                start = _SILENT_SPACE.match(text, pos).end()  # type: ignore[union-attr]
                kind = "<unlexable>" if start < length else "$END"
                token: _Tok = (text[start : start + 1], start, line, start - line_start + 1)
            else:
                index = found.lastindex
                assert index is not None
                kind = names[index]
                start = found.start(index)
                value = found.group(index)
                pos = found.end()
                if kind == "_NL":
                    if brackets:
                        line += value.count("\n")
                        line_start = start + value.rindex("\n") + 1
                        continue
                    token = (value, start, line, start - line_start + 1)
                elif kind in _COMMENT_TERMINALS:
                    column = start - line_start + 1
                    end_line, end_column = line, column + len(value)
                    if "\n" in value:
                        end_line = line + value.count("\n")
                        end_column = len(value) - value.rindex("\n")
                    comments.add(value, _span(file, line, column, end_line, end_column, start, pos))
                    if end_line != line:
                        line, line_start = end_line, start + value.rindex("\n") + 1
                    continue
                else:
                    token = (value, start, line, start - line_start + 1)
                    if keywords and kind in keywords:
                        kind = keywords[kind].get(value, kind)
                    if kind in _OPENING:
                        brackets.append(token)
                    elif kind in _CLOSING and brackets:
                        brackets.pop()
                    if item is None:
                        item = token
            action = actions[state].get(kind)
            while action is not None and action.__class__ is tuple:
                size, reduce, rule = action
                if size:
                    popped = values[-size:]
                    del values[-size:]
                    del states[-size:]
                else:
                    popped = []
                values.append(reduce(popped, builder))
                state = gotos[states[-1]][rule]
                if kind == "$END" and state == end_state:
                    blocks: list[ast.Block] = values[-1]
                    return blocks
                states.append(state)
                action = actions[state].get(kind)
            if action is not None:
                states.append(action)  # type: ignore[arg-type]
                values.append(token)
                if kind == "_NL":
                    line += token[0].count("\n")
                    line_start = token[1] + token[0].rindex("\n") + 1
                    checkpoint = (states[:], values[:], pos, line, line_start, block, len(problems))
                    item = None
                elif kind == "LBRACE":
                    block, header, header_item = values[-3][0], checkpoint, item or token
                elif kind == "RBRACE":
                    block, item = None, None
                    checkpoint = (states[:], values[:], pos, line, line_start, None, len(problems))
                continue
            # A syntax error: report the line, go back to the last checkpoint and carry on after the line.
            if kind == "$END" and checkpoint[5] is not None:
                # A block never closed: as in Prisma, its header line and every line after it are then
                # read again as top-level lines, and what was reported inside the block is void.
                del problems[header[6] :]
                checkpoint, item = header, header_item
                problems.append(
                    _line_problem(
                        _TOP_LEVEL_LINE, item, text, file, _explain(token, kind, state, brackets, tables, text)
                    )
                )
            else:
                item = item or token
                self._report(checkpoint[5], item, token, kind, state, brackets, tables)
            resume = self._resume_offset(checkpoint[5], item)
            comments.drop_from(item[1])
            states, values = checkpoint[0][:], checkpoint[1][:]
            pos, line, line_start, block = resume, checkpoint[3], checkpoint[4], checkpoint[5]
            skipped = text.count("\n", checkpoint[2], resume)
            if skipped:  # the lines between the checkpoint and the resume point
                line += skipped
                line_start = text.rindex("\n", 0, resume) + 1
            brackets.clear()
            item = None

    def _resume_offset(self, block: str | None, item: _Tok) -> int:
        if block is None and _ARBITRARY_BLOCK.match(self.text, item[1]):
            close = self.text.find("}", item[1])
            if close >= 0:
                return close + 1
        end = self.text.find("\n", item[1])
        return len(self.text) if end < 0 else end + 1

    def _report(
        self,
        block: str | None,
        item: _Tok,
        token: _Tok,
        kind: str,
        state: int,
        brackets: list[_Tok],
        tables: _Tables,
    ) -> None:
        text, file = self.text, self.file
        hint = _explain(token, kind, state, brackets, tables, text)
        if block is None:
            if _ARBITRARY_BLOCK.match(text, item[1]) and text.find("}", item[1]) >= 0:
                end = text.find("}", item[1]) + 1
                self.problems.append(
                    ast.SyntaxProblem(_ARBITRARY_BLOCK_MESSAGE, _offsets_span(text, file, item[1], end))
                )
                return
            alias = _TYPE_ALIAS.match(text, item[1])
            if alias is not None:
                span = _offsets_span(text, file, item[1], alias.end())
                self.problems.append(ast.SyntaxProblem(_TYPE_ALIAS_MESSAGE, span, hint))
                return
            self.problems.append(_line_problem(_TOP_LEVEL_LINE, item, text, file, hint))
            return
        if block in ("model", "view", "type"):
            legacy = _LEGACY_FIELD.match(text, item[1])
            if legacy is not None:
                which = legacy.lastgroup or ""
                span = _offsets_span(text, file, legacy.start(which), legacy.end(which))
                self.problems.append(ast.SyntaxProblem(_LEGACY_MESSAGES[which], span))
                return
        self.problems.append(_line_problem(_MEMBER_LINE[block], item, text, file, hint))


def _line_problem(message: str, item: _Tok, text: str, file: str, hint: str | None) -> ast.SyntaxProblem:
    # Prisma's span for a bad line runs from its first character to the start of the next line.
    end = text.find("\n", item[1])
    return ast.SyntaxProblem(message, _offsets_span(text, file, item[1], len(text) if end < 0 else end + 1), hint)


def _offsets_span(text: str, file: str, start: int, end: int) -> ast.Span:
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    end_line = line + text.count("\n", start, end)
    end_column = end - (text.rfind("\n", 0, end) + 1) + 1
    return _span(file, line, column, end_line, end_column, start, end)


def _explain(token: _Tok, kind: str, state: int, brackets: list[_Tok], tables: _Tables, text: str) -> str:
    """What the grammar wanted where it failed, and what stood there instead."""
    value, start, line, column = token
    if kind == "$END":
        found = "the end of the file"
    elif kind == "_NL":
        found = "the end of the line"
    elif kind == "<unlexable>":
        whole = tables.any_token.match(text, start)
        if value == '"':
            found = "a string that is not closed on its line"
        elif whole is not None and whole.end() > start:
            found = f"`{whole.group()}`"
        else:
            found = f"the character `{value}`"
    else:
        found = f"`{value}`"
    expected = sorted({_describe(name) for name in tables.actions[state] if name != "$END" or kind != "$END"})
    hint = f"at {line}:{column}: found {found}, expected {_join_words(expected)}"
    if brackets:
        opened = brackets[-1]
        if opened[2] < line or kind in ("$END", "_NL", "RBRACE"):
            hint += f"; the `{opened[0]}` opened at {opened[2]}:{opened[3]} is never closed"
    return hint


_TERMINAL_WORDS = {
    "NAME": "a name",
    "NUMBER": "a number",
    "STRING": "a string",
    "_NL": "the end of the line",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "LPAR": "`(`",
    "RPAR": "`)`",
    "LSQB": "`[`",
    "RSQB": "`]`",
    "QMARK": "`?`",
    "AT": "an attribute (`@...`)",
    "ATAT": "a block attribute (`@@...`)",
    "COMMA": "`,`",
    "COLON": "`:`",
    "EQUAL": "`=`",
    "DOT": "`.`",
    "$END": "the end of the file",
}


def _describe(terminal: str) -> str:
    if terminal in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[terminal]
    return f"`{terminal.lower()}`"


def _join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def _check_names(blocks: list[ast.Block], problems: list[ast.SyntaxProblem]) -> None:
    """Prisma's rules for the spelling of names: not starting with a digit, no `-`."""

    def check(name: str, span: ast.Span, item: str) -> None:
        if name[:1].isdigit():
            problems.append(
                ast.SyntaxProblem(f"Error validating: The name of a {item} must not start with a number.", span)
            )
        elif "-" in name:
            problems.append(
                ast.SyntaxProblem(f"Error validating: The character `-` is not allowed in {item} names.", span)
            )

    def check_attributes(attributes: tuple[ast.Attribute, ...]) -> None:
        for attribute in attributes:
            check(attribute.name, attribute.name_span, "Attribute")

    for block in blocks:
        if block.kind in ("model", "view"):
            check(block.name, block.name_span, "Model" if block.kind == "model" else "view")
            check_attributes(block.attributes)
            for field in block.fields:
                check(field.name, field.name_span, "Field" if block.kind == "model" else "field")
                check_attributes(field.attributes)
        elif block.kind == "type":
            check(block.name, block.name_span, "Composite type")
        elif block.kind == "enum":
            check(block.name, block.name_span, "Enum")
            check_attributes(block.attributes)
            for value in block.values:
                check(value.name, value.name_span, "Enum Value")
                check_attributes(value.attributes)


def parse_text(text: str, file: str = "schema.prisma") -> ast.SchemaFile:
    """Parse one schema file. Lines that do not parse are skipped and listed in `problems`
    (Prisma's message, the line's span, and a hint saying what was expected where)."""
    if not text.endswith("\n"):
        text += "\n"  # the grammar ends every block with a newline
    return _Parse(text, file).run()


_reference_lock = threading.Lock()


def parse_text_with_lark(text: str, file: str = "schema.prisma") -> ast.SchemaFile:
    """The same grammar through Lark's own LALR parser, without recovery: the reference that
    `parse_text` is tested against. Raises `SchemaError` on the first syntax error."""
    if not text.endswith("\n"):
        text += "\n"
    lark, sink = _lark()
    with _reference_lock:  # the lexer callbacks write to one shared collector
        comments = sink.target = _Comments(file)
        try:
            tree = lark.parse(text)
        except UnexpectedInput as error:
            span = _offsets_span(text, file, error.pos_in_stream or 0, (error.pos_in_stream or 0) + 1)
            raise SchemaError([Diagnostic("error", f"Syntax error: {error}", span)], {file: text}) from None
        blocks: list[ast.Block] = _Builder(file, comments).transform(tree)
    return ast.SchemaFile(file, text, tuple(blocks), tuple(comments.all), ())
