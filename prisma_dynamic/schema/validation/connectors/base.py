"""What a database supports, as the schema validator asks it: one subclass per database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Literal

ALL_REFERENTIAL_ACTIONS = ("Cascade", "Restrict", "NoAction", "SetNull", "SetDefault")
# Without foreign keys Prisma emulates actions itself and cannot emulate SetDefault.
EMULATED_REFERENTIAL_ACTIONS = ("Cascade", "Restrict", "NoAction", "SetNull")


@dataclass(frozen=True)
class NativeTypeSpec:
    """A `@db.X` type: the scalar types it can store, and how many arguments it takes."""

    scalars: tuple[str, ...]
    required_args: int = 0
    optional_args: int = 0


def native(*scalars: str, required: int = 0, optional: int = 0) -> NativeTypeSpec:
    return NativeTypeSpec(scalars, required, optional)


class Connector:
    name: ClassVar[str]  # as Prisma names the connector in messages: "postgresql"
    display_name: ClassVar[str]  # as Prisma names the database in prose: "Postgres"
    supports_enums: ClassVar[bool] = True
    supports_scalar_lists: ClassVar[bool] = False
    supports_composite_types: ClassVar[bool] = False
    supports_fulltext_index: ClassVar[bool] = False
    supports_json: ClassVar[bool] = True
    supports_decimal: ClassVar[bool] = True
    supports_multi_schema: ClassVar[bool] = False
    supports_auto_object_id: ClassVar[bool] = False  # `@default(auto())`
    supports_sequence: ClassVar[bool] = False  # `@default(sequence())`
    # Where `autoincrement()` may be used: anywhere, only on the id, only on an indexed field, nowhere.
    autoincrement: ClassVar[Literal["any", "id", "indexed", "none"]] = "any"
    foreign_key_actions: ClassVar[tuple[str, ...]] = ALL_REFERENTIAL_ACTIONS
    default_relation_mode: ClassVar[str] = "foreignKeys"
    id_column: ClassVar[str | None] = None  # a column name every id must map to (MongoDB's `_id`)
    distinct_index_fields: ClassVar[bool] = False  # two indexes may not cover the same fields
    # Where constraint names must be unique: across the database schema, or per table.
    constraint_scope: ClassVar[Literal["global", "model"]] = "model"
    names_primary_keys: ClassVar[bool] = True  # the primary key has a name of its own
    max_identifier_length: ClassVar[int] = 10_000
    native_types: ClassVar[Mapping[str, NativeTypeSpec]] = {}
