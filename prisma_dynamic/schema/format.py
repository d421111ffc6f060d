"""Prisma's canonical layout of a schema file, as `prisma format` writes it.

The layout rules are Prisma's (its formatter in `psl/schema-ast`), re-derived here:

- Blocks are separated by exactly one blank line; blank lines at the start and end of the file
  and of every block are dropped; inside a block a run of blank lines becomes one.
- Fields, enum values and `key = value` lines are laid out as a table: the name column, the type
  column (fields) and the attribute column are padded to the widest cell. A blank line (or a
  comment after one) starts a new table, so alignment never crosses it. The last cell of a row
  is not padded, and a trailing comment follows it after one space.
- Field attributes keep Prisma's order: `@id @unique @default @updatedAt @index @fulltext @map
  @relation @ignore`, then the rest (`@db.*`, ...) as written. Block attributes move to the end
  of the block, after one blank line, in the same order (`@@id @@unique @@index @@fulltext @@map
  @@ignore`, then the rest), each taking the comment lines written right above it along.
- Attributes and values are re-printed: `name: value` arguments joined by `, `, arrays as
  `[a, b]`, no trailing comma, strings and numbers exactly as written.
- `//` and `///` comments keep their text, trailing spaces included; a `/* */` comment becomes
  the canonical `/**`, ` * line`, ` */` block.

Deliberate differences from Prisma, for comments Prisma would lose or move on every run:
a comment after a block's `{` stays on that line (Prisma deletes it), and a comment after a
block's `}` stays there (Prisma moves it below, then adds a blank line above it on the next
run). Like Prisma's formatter, `format_sources` first adds the relation fields, foreign-key
fields and `@relation` arguments a schema is missing (`relation_repair`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Union

from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema import ast
from prisma_dynamic.schema.diagnostics import Diagnostic
from prisma_dynamic.schema.parser import parse_text
from prisma_dynamic.schema.relation_repair import insert, missing_relation_sides

INDENT = "  "

# Prisma's order of attributes; those not listed keep their written order after these.
_ATTRIBUTE_ORDER = {
    name: rank
    for rank, name in enumerate(
        ("id", "unique", "default", "updatedAt", "index", "fulltext", "map", "relation", "ignore")
    )
}
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')

Member = Union[ast.Field, ast.EnumValue, ast.KeyValue, ast.Attribute]  # noqa: UP007 (a run-time alias)


def format_schema(text: str, file: str = "schema.prisma") -> str:
    """The schema text as `prisma format` writes it. Raises `SchemaError` if it does not parse."""
    [(_, formatted)] = format_sources([(file, text)])
    return formatted


def format_sources(sources: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every (file name, text) of a schema as `prisma format` writes it: missing relation fields
    added (they may go into another file of the schema), then laid out. One `SchemaError`
    with the syntax errors of every file."""
    trees = [parse_text(text, name) for name, text in sources]
    diagnostics = [Diagnostic("error", p.message, p.span) for tree in trees for p in tree.problems]
    if diagnostics:
        raise SchemaError(diagnostics, dict(sources))
    insertions = missing_relation_sides(trees)
    formatted: list[tuple[str, str]] = []
    for tree in trees:
        mine = [i for i in insertions if i.file == tree.path]
        if mine:
            tree = parse_text(insert(tree.text, mine), tree.path)
        formatted.append((tree.path, _FileFormatter(tree).render()))
    return formatted


# ---- what a file is made of, in reading order -------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    """One declaration (field, enum value, key = value, block attribute) with its trailing comment."""

    node: Member
    trailing: str
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class _CommentLines:
    """Comments on consecutive lines of their own: they stay together, like a paragraph."""

    comments: tuple[ast.Comment, ...]
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class _BlockItem:
    block: ast.Block
    first_line: int
    last_line: int


class _Table:
    """Rows of cells aligned in columns; a row may end with text outside the columns (a comment)."""

    def __init__(self) -> None:
        self.rows: list[tuple[list[str], str]] = []

    def add(self, cells: list[str], suffix: str = "") -> None:
        while cells and not cells[-1]:
            cells.pop()
        self.rows.append((cells, suffix))

    def render(self, indent: str, out: list[str]) -> None:
        widths: list[int] = []
        for cells, _ in self.rows:
            for i, cell in enumerate(cells):
                # Prisma measures cells in UTF-8 bytes; only `Unsupported("...")` can hold non-ASCII.
                size = len(cell.encode())
                if i == len(widths):
                    widths.append(size)
                else:
                    widths[i] = max(widths[i], size)
        for cells, suffix in self.rows:
            parts = [cell + " " * (widths[i] - len(cell.encode()) + 1) for i, cell in enumerate(cells[:-1])]
            parts.extend(cells[-1:])
            if suffix:
                parts.append((" " if cells else "") + suffix)
            line = "".join(parts)
            out.append(indent + line if line else "")
        self.rows.clear()


class _FileFormatter:
    def __init__(self, tree: ast.SchemaFile) -> None:
        self.text = tree.text
        self.blocks = tree.blocks
        self.comments = tree.comments
        self.comment_starts = [c.span.start for c in tree.comments]

    def render(self) -> str:
        out: list[str] = []
        previous: _BlockItem | _CommentLines | None = None
        for item in self._top_level_items():
            if previous is not None and _blank_between(previous, item):
                out.append("")
            if isinstance(item, _BlockItem):
                self._render_block(item.block, out)
            else:
                table = _Table()
                self._add_comment_rows(item, table)
                table.render("", out)
            previous = item
        return "\n".join(out) + "\n"

    # -- reading order

    def _top_level_items(self) -> list[_BlockItem | _CommentLines]:
        starts = [block.span.start for block in self.blocks]
        loose: list[ast.Comment] = []
        for comment in self.comments:
            before = bisect.bisect_right(starts, comment.span.start) - 1
            owner = self.blocks[before] if before >= 0 else None
            if owner is None or not (comment.span.start < owner.span.end or self._on_closing_line(owner, comment)):
                loose.append(comment)
        items: list[_BlockItem | _CommentLines] = [
            _BlockItem(block, block.span.line, block.span.end_line) for block in self.blocks
        ]
        items.extend(_group(loose))
        items.sort(key=lambda item: (item.first_line, isinstance(item, _BlockItem)))
        return items

    def _comments_from(self, start: int, end: int | None = None) -> Sequence[ast.Comment]:
        """The comments that start in [start, end): the file's comments are in reading order."""
        first = bisect.bisect_left(self.comment_starts, start)
        last = len(self.comments) if end is None else bisect.bisect_left(self.comment_starts, end)
        return self.comments[first:last]

    def _on_closing_line(self, block: ast.Block, comment: ast.Comment) -> bool:
        return comment.span.line == block.span.end_line and comment.span.start >= block.span.end

    def _block_items(self, block: ast.Block) -> list[_Row | _CommentLines]:
        members: list[Member] = sorted(
            [*block.fields, *block.values, *block.properties, *block.attributes], key=lambda m: m.span.start
        )
        inside = [
            c for c in self._comments_from(block.span.start, block.span.end) if c.span.line != block.name_span.line
        ]
        items: list[_Row | _CommentLines] = []
        loose: list[ast.Comment] = []
        position = 0
        for member in members:
            while position < len(inside) and inside[position].span.start < member.span.start:
                loose.append(inside[position])
                position += 1
            items.extend(_group(loose))
            loose = []
            trailing: list[ast.Comment] = []
            while position < len(inside) and (
                inside[position].span.start < member.span.end or inside[position].span.line == member.span.end_line
            ):
                trailing.append(inside[position])
                position += 1
            last_line = max([member.span.end_line, *(c.span.end_line for c in trailing)])
            items.append(_Row(member, " ".join(self._comment_text(c) for c in trailing), member.span.line, last_line))
        loose.extend(inside[position:])
        items.extend(_group(loose))
        return items

    # -- blocks

    def _render_block(self, block: ast.Block, out: list[str]) -> None:
        head = f"{block.kind} {block.name} {{"
        after_head = [
            c for c in self._comments_from(block.span.start, block.span.end) if c.span.line == block.name_span.line
        ]
        out.append(" ".join([head, *(self._comment_text(c) for c in after_head)]))
        self._render_body(self._block_items(block), out)
        after_close = itertools.takewhile(
            lambda c: self._on_closing_line(block, c), self._comments_from(block.span.end)
        )
        out.append(" ".join(["}", *(self._comment_text(c) for c in after_close)]))

    def _render_body(self, items: list[_Row | _CommentLines], out: list[str]) -> None:
        table = _Table()
        block_attributes: list[tuple[_CommentLines | None, _Row]] = []
        # Prisma would open the block with a blank line when only block attributes (which move to
        # the end) come before it; the next run would remove it, so it is never written.
        opened = len(out)
        for index, item in enumerate(items):
            after_blank = index > 0 and item.first_line > items[index - 1].last_line + 1
            following = items[index + 1] if index + 1 < len(items) else None
            if isinstance(item, _CommentLines):
                if (
                    isinstance(following, _Row)
                    and isinstance(following.node, ast.Attribute)
                    and not _blank_between(item, following)
                ):
                    continue  # moves to the end of the block with the attribute it documents
                if after_blank and (table.rows or len(out) > opened):
                    table.render(INDENT, out)
                    table.add([])
                self._add_comment_rows(item, table)
            elif isinstance(item.node, ast.Attribute):
                previous = items[index - 1] if index > 0 else None
                comments = previous if isinstance(previous, _CommentLines) and not after_blank else None
                block_attributes.append((comments, item))
            else:
                if after_blank and (table.rows or len(out) > opened):
                    table.render(INDENT, out)
                    table.add([])
                table.add(self._cells(item.node), item.trailing)
        table.render(INDENT, out)
        if block_attributes:
            table.add([])
        block_attributes.sort(key=lambda pair: _attribute_rank(pair[1].node))
        for comments, row in block_attributes:
            if comments is not None:
                self._add_comment_rows(comments, table)
            table.add(self._cells(row.node), row.trailing)
        table.render(INDENT, out)

    def _cells(self, node: Member) -> list[str]:
        if isinstance(node, ast.Field):
            attributes = sorted(node.attributes, key=_attribute_rank)
            field_type = self._field_type(node.type) if node.type is not None else ""
            return [node.name, field_type, " ".join(self._attribute(a, "@") for a in attributes)]
        if isinstance(node, ast.EnumValue):
            return [node.name, " ".join(self._attribute(a, "@") for a in node.attributes)]
        if isinstance(node, ast.KeyValue):
            return [node.key, "= " + self._expression(node.value)]
        return [self._attribute(node, "@@")]

    # -- comments

    def _add_comment_rows(self, lines: _CommentLines, table: _Table) -> None:
        for comment in lines.comments:
            if comment.text.startswith("/*"):
                table.add([], "/**")
                for line in comment.text[2:-2].split("\n"):
                    content = line.strip()
                    content = content[1:].lstrip() if content.startswith("*") else content
                    if content:
                        table.add([], " * " + content)
                table.add([], " */")
            else:
                table.add([], self._comment_text(comment))

    def _comment_text(self, comment: ast.Comment) -> str:
        return comment.text.rstrip("\r")

    # -- values

    def _field_type(self, field_type: ast.FieldType) -> str:
        name = field_type.name
        if field_type.unsupported is not None:
            written = _STRING.search(self.text, field_type.span.start, field_type.span.end)
            assert written is not None, "the parser read a string inside Unsupported(...)"
            name = f"Unsupported({written.group()})"
        if field_type.arity == "list":
            return name + ("[]?" if field_type.optional_list else "[]")
        return name + ("?" if field_type.arity == "optional" else "")

    def _attribute(self, attribute: ast.Attribute, sigil: str) -> str:
        return sigil + attribute.name + self._arguments(attribute.arguments)

    def _arguments(self, arguments: ast.ArgumentList) -> str:
        if arguments.span is None:
            return ""
        rendered = (
            (f"{a.name}: " if a.name is not None else "") + self._expression(a.value) for a in arguments.arguments
        )
        return "(" + ", ".join(rendered) + ")"

    def _expression(self, value: ast.Expression) -> str:
        if isinstance(value, ast.StringValue):
            return self.text[value.span.start : value.span.end]  # escapes exactly as written
        if isinstance(value, ast.NumberValue):
            return value.text
        if isinstance(value, ast.ConstantValue):
            return value.name
        if isinstance(value, ast.ArrayValue):
            return "[" + ", ".join(self._expression(item) for item in value.items) + "]"
        return value.name + self._arguments(value.arguments)


def _group(comments: list[ast.Comment]) -> Iterator[_CommentLines]:
    """Comments split where a blank line separates them."""
    start = 0
    for i in range(1, len(comments) + 1):
        if i == len(comments) or comments[i].span.line > comments[i - 1].span.end_line + 1:
            group = tuple(comments[start:i])
            yield _CommentLines(group, group[0].span.line, group[-1].span.end_line)
            start = i


def _blank_between(previous: _BlockItem | _CommentLines | _Row, following: _BlockItem | _CommentLines | _Row) -> bool:
    # A block's closing line ends it; a blank line in the source is any line between two items.
    if isinstance(previous, _BlockItem):
        return following.first_line > previous.last_line
    return following.first_line > previous.last_line + 1


def _attribute_rank(attribute: Member) -> int:
    assert isinstance(attribute, ast.Attribute)
    return _ATTRIBUTE_ORDER.get(attribute.name, len(_ATTRIBUTE_ORDER))
