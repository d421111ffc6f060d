"""What every database has in common, and the attributes each one fills in.

A subclass per database (one module each) sets the class attributes below and overrides the
few methods whose rule differs, so reading one dialect module tells everything about that
database. Callers ask by capability (`dialect.supports_native_enums`), never by name. What the
database can do at all (RETURNING, scalar lists, identifier length, ...) is its connector's
(`prisma_dynamic/schema/connectors/`), which the dialect is built from: `dialect.connector`.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import ClassVar

from prisma_dynamic.dialects.queries import QueryFeatures
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.connectors import Connector

# Prisma's referential actions as SQL spells them in FOREIGN KEY clauses.
REFERENTIAL_ACTIONS: Mapping[str, str] = {
    "Cascade": "CASCADE",
    "Restrict": "RESTRICT",
    "NoAction": "NO ACTION",
    "SetNull": "SET NULL",
    "SetDefault": "SET DEFAULT",
}


class Dialect(QueryFeatures):
    """The DDL side is below; what queries need comes from `QueryFeatures` (queries.py)."""

    def __init__(self, connector: Connector) -> None:
        self.connector = connector

    @property
    def name(self) -> str:
        return self.connector.name

    # ---- identifiers -------------------------------------------------------------------------
    identifier_quote: ClassVar[str] = '"'

    # ---- how the database spells what it has -------------------------------------------------
    # Enums are types of their own (CREATE TYPE), rather than column types or plain text.
    supports_native_enums: ClassVar[bool] = False
    supports_extensions: ClassVar[bool] = False  # CREATE EXTENSION
    # An `Int @id` alone is an auto-incrementing rowid alias even without `autoincrement()`.
    integer_primary_key_autoincrements: ClassVar[bool] = False
    # Implicit m:n tables are keyed by a primary key on (A, B) rather than a unique index.
    join_table_primary_key: ClassVar[bool] = False
    # The index method the database uses when none is asked for (None: it has only one).
    default_index_method: ClassVar[str | None] = None

    # ---- types -------------------------------------------------------------------------------
    # Prisma scalar type -> column type.
    scalar_types: ClassVar[Mapping[str, str]]
    # `@db.<Name>` -> SQL type name; the written arguments follow in parentheses.
    native_types: ClassVar[Mapping[str, str]] = {}

    # ---- defaults ----------------------------------------------------------------------------
    current_timestamp: ClassVar[str] = "CURRENT_TIMESTAMP"

    # ------------------------------------------------------------------------------------------
    def quote(self, identifier: str) -> str:
        q = self.identifier_quote
        return q + identifier.replace(q, q + q) + q

    def string_literal(self, value: str) -> str:
        return "'" + value.replace("'", "''") + "'"

    def referential_action(self, action: str) -> str:
        return REFERENTIAL_ACTIONS[action]

    def column_type(self, field: ir.Field, schema: ir.Schema) -> str:
        """The column type for a scalar, enum or Unsupported field, as the catalog reports it."""
        if field.kind == "unsupported":
            return field.type
        if field.kind == "enum":
            base = self.enum_column_type(schema.enum(field.type))
        elif field.native_type is not None:
            base = self.native_column_type(field.native_type)
        else:
            base = self.scalar_types[field.type]
        return self.list_type(base) if field.is_list else base

    def native_column_type(self, native: ir.NativeType) -> str:
        try:
            sql_name = self.native_types[native.name]
        except KeyError:
            raise ValueError(f"@db.{native.name} is not a native type of {self.name}") from None
        return f"{sql_name}({','.join(native.args)})" if native.args else sql_name

    def enum_column_type(self, enum: ir.Enum) -> str:
        return self.scalar_types["String"]

    def list_type(self, element: str) -> str:
        raise ValueError(f"{self.name} has no scalar lists")

    def operator_class(self, name: str) -> str:
        return name

    def index_method(self, algorithm: str | None) -> str | None:
        return algorithm.lower() if algorithm is not None else self.default_index_method

    # ---- defaults ----------------------------------------------------------------------------
    def render_default(self, field: ir.Field, schema: ir.Schema) -> str | None:
        """The column's DEFAULT expression, or None when the database has none.

        `autoincrement()` is a property of the column, not a default; `uuid()`, `cuid()`,
        `nanoid()` and `ulid()` are computed by the engine, so the database has no default.
        """
        default = field.default
        if default is None:
            return None
        function = default.function
        if function is not None:
            if function.name == "now":
                return self.now_default(field)
            if function.name == "dbgenerated" and function.args:
                return str(function.args[0])
            return None
        if default.value is None:
            return None
        return self.render_value(default.value, field, schema)

    def now_default(self, field: ir.Field) -> str:
        return self.current_timestamp

    def render_value(self, value: ir.LiteralValue, field: ir.Field, schema: ir.Schema) -> str:
        if isinstance(value, tuple):
            return self.render_list(tuple(self.render_value(v, field, schema) for v in value), field, schema)
        if isinstance(value, ir.EnumValueRef):
            return self.string_literal(_enum_db_value(schema.enum(field.type), value.name))
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return self.bytes_literal(value) if field.type == "Bytes" else self.string_literal(value)
        return str(value)

    def render_list(self, elements: tuple[str, ...], field: ir.Field, schema: ir.Schema) -> str:
        raise ValueError(f"{self.name} has no scalar lists")

    def bytes_literal(self, base64_text: str) -> str:
        """A `Bytes` default (base64 in the schema) as a binary literal.

        The empty value stays `''`, as Prisma writes it, so databases made by Prisma compare equal.
        """
        data = decode_base64_default(base64_text)
        return self.binary_literal(data) if data else "''"

    def binary_literal(self, data: bytes) -> str:
        return "X'" + data.hex() + "'"


def decode_base64_default(text: str) -> bytes:
    """The bytes of a schema's `Bytes` default, read as leniently as Prisma reads it.

    Prisma accepts base64 without its `=` padding (the suite of Prisma Client Python has
    `Bytes[] @default(["foo"])`), so missing padding is added and stray bits are dropped.
    """
    stripped = text.strip().rstrip("=")
    if len(stripped) % 4 == 1:  # a last character that completes no byte
        stripped = stripped[:-1]
    return base64.b64decode(stripped + "=" * (-len(stripped) % 4))


def _enum_db_value(enum: ir.Enum, name: str) -> str:
    for value in enum.values:
        if value.name == name:
            return value.db_name
    return name
