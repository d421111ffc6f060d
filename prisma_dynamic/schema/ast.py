"""The syntax tree of a Prisma schema: what was written, where, and nothing resolved yet.

Every node carries a `Span` so that later stages (resolution, validation, the formatter) can
point at the exact text a diagnostic is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union


@dataclass(frozen=True, slots=True)
class Span:
    """A range of text in one schema file: 1-based lines and columns, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    start: int  # character offsets into the file's text
    end: int

    def to(self, other: Span) -> Span:
        """The span from the start of this one to the end of `other`."""
        return Span(self.file, self.line, self.column, other.end_line, other.end_column, self.start, other.end)


# ---- expressions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StringValue:
    value: str  # unescaped
    span: Span


@dataclass(frozen=True, slots=True)
class NumberValue:
    text: str  # as written, so that Decimal/BigInt defaults keep their precision
    span: Span


@dataclass(frozen=True, slots=True)
class ArrayValue:
    items: tuple[Expression, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class ConstantValue:
    """A bare (possibly dotted) identifier: `true`, `Cascade`, `Desc`, an enum value, a field."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class FunctionCall:
    name: str
    arguments: ArgumentList
    span: Span


Expression = Union[StringValue, NumberValue, ArrayValue, ConstantValue, FunctionCall]  # noqa: UP007 (a run-time alias)


@dataclass(frozen=True, slots=True)
class Argument:
    name: str | None  # None for a positional argument
    value: Expression
    span: Span


@dataclass(frozen=True, slots=True)
class ArgumentList:
    arguments: tuple[Argument, ...]
    span: Span | None  # None when the parentheses were not written at all

    def positional(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.name is None)

    def named(self, name: str) -> Argument | None:
        for argument in self.arguments:
            if argument.name == name:
                return argument
        return None


# ---- declarations --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attribute:
    """`@name(args)` on a field or enum value, `@@name(args)` on a block."""

    name: str  # dotted for native types: "db.VarChar"
    arguments: ArgumentList
    span: Span
    name_span: Span


Arity = Literal["required", "optional", "list"]


@dataclass(frozen=True, slots=True)
class FieldType:
    name: str  # for Unsupported("x") this is "Unsupported"
    arity: Arity
    span: Span
    unsupported: str | None = None  # the database type of Unsupported("...")
    optional_list: bool = False  # `Type[]?`, which Prisma rejects


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: FieldType | None  # None when the type is missing (an error reported later)
    attributes: tuple[Attribute, ...]
    documentation: str | None
    span: Span
    name_span: Span


@dataclass(frozen=True, slots=True)
class EnumValue:
    name: str
    attributes: tuple[Attribute, ...]
    documentation: str | None
    span: Span
    name_span: Span


@dataclass(frozen=True, slots=True)
class KeyValue:
    key: str
    value: Expression
    span: Span
    key_span: Span


BlockKind = Literal["model", "view", "type", "enum", "datasource", "generator"]


@dataclass(frozen=True, slots=True)
class Block:
    """A top-level block. Models, views and composite types have `fields`; enums have `values`;
    datasources and generators have `properties`."""

    kind: BlockKind
    name: str
    fields: tuple[Field, ...]
    values: tuple[EnumValue, ...]
    properties: tuple[KeyValue, ...]
    attributes: tuple[Attribute, ...]  # block attributes, `@@...`
    documentation: str | None
    span: Span
    name_span: Span


@dataclass(frozen=True, slots=True)
class Comment:
    text: str  # including the leading slashes
    span: Span

    @property
    def is_doc(self) -> bool:
        return self.text.startswith("///")


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """A line the grammar could not read; kept so that every problem is reported at once."""

    message: str
    span: Span
    hint: str | None = None  # what the grammar expected, and where


@dataclass(frozen=True, slots=True)
class SchemaFile:
    path: str
    text: str
    blocks: tuple[Block, ...]
    comments: tuple[Comment, ...]
    problems: tuple[SyntaxProblem, ...]
