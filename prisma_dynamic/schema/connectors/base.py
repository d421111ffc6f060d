"""What a database supports: one subclass per database, asked by the schema validator, the query
schema, the SQL dialect, the drivers, `db push` and the stubs (as psl's `ConnectorCapability`).

A fact about a database is written here once; every other module asks for it by capability.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

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


@dataclass(frozen=True)
class SqlModules:
    """Where a SQL database's engine side lives, as `module:Class` paths imported on first use
    (a SQLite user needs no PostgreSQL driver installed). docs/adding-a-database.md lists them."""

    dialect: str  # prisma_dynamic.dialects.<db>:<Class>, a `Dialect`
    driver: str  # prisma_dynamic.engine.drivers.<db>:<Class>, a `ConnectionSource`
    # prisma_dynamic.migrate.<db>:<Class>, a `SchemaBackend` for `db push`; None: push is not offered.
    schema_backend: str | None
    extra: str | None  # the pip extra that installs the driver package; None: the standard library


def load(path: str) -> Any:
    """The object a `module:name` path names (one of `SqlModules`' paths)."""
    module_name, _, name = path.partition(":")
    return getattr(importlib.import_module(module_name), name)


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
    # Prisma truncates the constraint names it derives to this many bytes (SQLite: no real limit).
    max_identifier_length: ClassVar[int] = 10_000
    native_types: ClassVar[Mapping[str, NativeTypeSpec]] = {}

    # --- What a query may say (read by the query schema) ---------------------------------------
    supports_insensitive_filters: ClassVar[bool] = False  # `mode: insensitive` in String filters
    # Json filters by path: "array" (PostgreSQL: a list of keys), "string" (MySQL/SQLite: `$.a.b`), or None.
    json_filter_path: ClassVar[Literal["array", "string"] | None] = None
    # Full-text `search` and `_relevance`: with a `@@fulltext` index (MySQL), without one
    # (PostgreSQL, behind the `fullTextSearchPostgres` preview feature), or not at all.
    full_text_search: ClassVar[Literal["with_index", "without_index"] | None] = None
    full_text_search_preview: ClassVar[str | None] = None  # the preview feature that turns it on
    supports_returning: ClassVar[bool] = False  # INSERT/UPDATE ... RETURNING: the *_and_return actions
    supports_create_many: ClassVar[bool] = True
    supports_skip_duplicates: ClassVar[bool] = False  # createMany(skipDuplicates: true)
    supports_distinct_on: ClassVar[bool] = False
    # Relations loaded in the same query (LATERAL joins or correlated subqueries): `relationJoins`.
    supports_relation_joins: ClassVar[bool] = False
    # The isolation levels an interactive transaction may ask for, in Prisma's names and order.
    isolation_levels: ClassVar[tuple[str, ...]] = ("ReadUncommitted", "ReadCommitted", "RepeatableRead", "Serializable")
    max_bind_parameters: ClassVar[int | None] = None
    # Filter types of their own for some native types (PostgreSQL's `@db.Uuid` String is filtered
    # by `UuidFilter`, which has no text operators).
    native_filter_types: ClassVar[Mapping[str, str]] = {}
    # Json filters beyond equality, where `json_filter_path` is set: `array_contains`, and
    # `lt`/`lte`/`gt`/`gte` (with field references, or values only).
    json_array_contains: ClassVar[bool] = False
    json_comparison_filters: ClassVar[Literal["with_field_refs", "values"] | None] = None
    # Json nulls as enum values (`JsonNull`, `DbNull`, `AnyNull`) instead of a nullable Json.
    advanced_json_nullability: ClassVar[bool] = True
    order_by_nulls: ClassVar[bool] = True  # `{sort, nulls: first|last}` on nullable fields
    # A nested `disconnect` of an optional to-one relation may carry a where filter.
    filtered_to_one_disconnect: ClassVar[bool] = True
    supports_updatable_ids: ClassVar[bool] = True  # `@id` fields in update inputs
    create_many_writes_autoincrement: ClassVar[bool] = True  # createMany may set autoincrement ids
    supports_enum_list_push: ClassVar[bool] = True  # `push` on an enum list
    supports_sql_raw: ClassVar[bool] = True  # `query_raw`/`execute_raw` (MongoDB has `run_command_raw`)

    # --- What runs it: None for a database prisma-dynamic's engine does not serve (yet) --------
    sql: ClassVar[SqlModules | None] = None

    @classmethod
    def offers_full_text_search(cls, preview_features: Iterable[str]) -> bool:
        """Whether `search` and `_relevance` are on: the database has them and, where they are a
        preview feature, the schema turned it on."""
        if cls.full_text_search is None:
            return False
        return cls.full_text_search_preview is None or cls.full_text_search_preview in preview_features
