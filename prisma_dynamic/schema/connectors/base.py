"""What a database supports: one subclass per database, asked by the schema validator, the query
schema, the SQL dialect, the drivers, `db push` and the stubs (as psl's `ConnectorCapability`).

A fact about a database is written here once; every other module asks for it by capability.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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

    # --- What a query may say (read by the query schema) ---------------------------------------
    supports_insensitive_filters: ClassVar[bool] = False  # `mode: insensitive` in String filters
    # Json filters by path: "array" (PostgreSQL: a list of keys), "string" (MySQL/SQLite: `$.a.b`), or None.
    json_filter_path: ClassVar[Literal["array", "string"] | None] = None
    # Json `array_contains`, and Json `lt`/`lte`/`gt`/`gte` (SQLite's Json filters have neither).
    supports_json_array_contains: ClassVar[bool] = False
    supports_json_comparisons: ClassVar[bool] = False
    # Full-text `search` and `_relevance`: with a `@@fulltext` index (MySQL), without one
    # (PostgreSQL, behind the `fullTextSearchPostgres` preview feature), or not at all.
    full_text_search: ClassVar[Literal["with_index", "without_index"] | None] = None
    full_text_search_preview: ClassVar[str | None] = None  # the preview feature that turns it on
    supports_returning: ClassVar[bool] = False  # INSERT/UPDATE ... RETURNING: the *_and_return actions
    supports_create_many: ClassVar[bool] = True
    supports_skip_duplicates: ClassVar[bool] = False  # createMany(skipDuplicates: true)
    supports_distinct_on: ClassVar[bool] = False
    # The isolation levels an interactive transaction may ask for, in Prisma's names.
    isolation_levels: ClassVar[tuple[str, ...]] = ("ReadUncommitted", "ReadCommitted", "RepeatableRead", "Serializable")
    max_bind_parameters: ClassVar[int | None] = None

    @classmethod
    def offers_full_text_search(cls, preview_features: Iterable[str]) -> bool:
        """Whether `search` filters and `_relevance` orders are on for a schema with these preview features."""
        if cls.full_text_search is None:
            return False
        return cls.full_text_search_preview is None or cls.full_text_search_preview in preview_features
