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
    """A `@db.X` type: the scalar types it can store, and how many arguments it takes.

    Arguments are nonnegative integers (a length, a precision and a scale, ...); a type that
    `accepts_max` takes one length that is a number up to 65535 or `Max` (SQL Server's VarChar(Max)).
    """

    scalars: tuple[str, ...]
    required_args: int = 0
    optional_args: int = 0
    accepts_max: bool = False

    @property
    def argument_description(self) -> str:
        """What the arguments must be, in Prisma's words ("Expected {this}, but found (...).")."""
        if self.accepts_max:
            return "an integer or `Max`"
        count = self.required_args + self.optional_args
        return "a nonnegative integer" if count == 1 else "two nonnegative integers"

    def parse_arguments(self, written: tuple[str, ...]) -> tuple[int | str, ...] | None:
        """The argument values, or None when they are not what `argument_description` says.

        As Prisma (Rust's `u32`/`u16` parsing): an optional `+`, decimal digits, within range.
        """
        if written and len(written) != self.required_args + self.optional_args:
            return None  # optional arguments come all together: Decimal(10) is neither () nor (10, 2)
        values: list[int | str] = []
        for text in written:
            if self.accepts_max and text.lower() == "max":
                values.append("Max")
                continue
            digits = text[1:] if text.startswith("+") else text
            limit = 0xFFFF if self.accepts_max else 0xFFFF_FFFF
            if not (digits.isascii() and digits.isdigit()) or int(digits) > limit:
                return None
            values.append(int(digits))
        return tuple(values)


def native(*scalars: str, required: int = 0, optional: int = 0, accepts_max: bool = False) -> NativeTypeSpec:
    return NativeTypeSpec(scalars, required, optional, accepts_max)


def render_native_type(name: str, values: tuple[int | str, ...]) -> str:
    """A native type with its argument values as Prisma prints it in messages: `Decimal(2,4)`."""
    return f"{name}({','.join(str(v) for v in values)})" if values else name


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


RETURNING_ALL = frozenset({"INSERT", "UPDATE", "DELETE"})


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
    # How its connection URLs begin (`postgresql://...`): a bare URL names its database by them.
    url_schemes: ClassVar[tuple[str, ...]] = ()

    def native_type_argument_problem(self, name: str, values: tuple[int | str, ...], scalar: str) -> str | None:
        """Why the database cannot take these argument values of `@db.<name>` on a `scalar` field,
        as Prisma says it, or None. Each connector knows its own limits."""
        return None

    def _out_of_range(self, name: str, values: tuple[int | str, ...], why: str) -> str:
        return (
            f"Argument M is out of range for native type `{render_native_type(name, values)}` of "
            f"{self.display_name}: {why}"
        )

    def _scale_above_precision(self, name: str, values: tuple[int | str, ...]) -> str:
        return (
            f"The scale must not be larger than the precision for the {render_native_type(name, values)} native "
            f"type in {self.display_name}."
        )

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
    # `INSERT ... ON CONFLICT (<unique>) DO UPDATE`: Prisma's "database upsert" (one statement)
    supports_native_upsert: ClassVar[bool] = False
    # An UPDATE's row count is the rows its WHERE matched (MySQL counts the rows it changed)
    update_counts_matched_rows: ClassVar[bool] = True
    supports_distinct_on: ClassVar[bool] = False
    # Relations loaded in the same query (LATERAL joins or correlated subqueries): `relationJoins`.
    supports_relation_joins: ClassVar[bool] = False
    # The isolation levels an interactive transaction may ask for, in Prisma's names and order.
    isolation_levels: ClassVar[tuple[str, ...]] = ("ReadUncommitted", "ReadCommitted", "RepeatableRead", "Serializable")
    max_bind_parameters: ClassVar[int | None] = None
    # Filter types of their own for some native types (PostgreSQL's `@db.Uuid` String is filtered
    # by `UuidFilter`, which has no text operators).
    native_filter_types: ClassVar[Mapping[str, str]] = {}

    def returning_statements(self, server_version: str | None) -> frozenset[str]:
        """The statements ("INSERT", "UPDATE", "DELETE") that take RETURNING on the server the
        driver connected to; `server_version` is what the driver read when it connected (None when
        it reads none). The engine's one-statement writes ask this, not `supports_returning`, so a
        server that has more than its provider promises (MariaDB) is used for what it has."""
        return RETURNING_ALL if self.supports_returning else frozenset()

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
