"""The resolved schema: a frozen, typed description that every later stage reads.

Names are resolved (a field knows whether its type is a scalar, an enum, a composite type or
another model), relations are paired across both models, database names are filled in, and
defaults are structured. Nothing here refers back to the syntax tree except spans, kept for
diagnostics. Navigation between models and relations goes through `Schema` methods ("walkers")
so that no later stage re-derives a relation by hand.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Union

from prisma_dynamic.schema.ast import Span

_INSTANCE_NAME = re.compile(r"""^\s*@Python\(\s*instance_name\s*:\s*["']([^"']*)["']""", re.MULTILINE)

SCALAR_TYPES = ("String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes")

FieldKind = Literal["scalar", "enum", "composite", "relation", "unsupported"]
ReferentialAction = Literal["Cascade", "Restrict", "NoAction", "SetNull", "SetDefault"]
RelationKind = Literal["one_to_one", "one_to_many", "many_to_many"]
SortOrder = Literal["Asc", "Desc"]
IndexKind = Literal["unique", "normal", "fulltext"]

# A literal default: str, bool, int, float, Decimal, an enum value name, or a list of these.
LiteralValue = Union[str, bool, int, float, Decimal, "EnumValueRef", tuple["LiteralValue", ...]]


@dataclass(frozen=True, slots=True)
class EnumValueRef:
    """An enum value named in a default: `@default(USER)`."""

    name: str


@dataclass(frozen=True, slots=True)
class DefaultFunction:
    """`autoincrement()`, `now()`, `uuid(4)`, `cuid(2)`, `nanoid(8)`, `ulid()`, `dbgenerated("...")`,
    `sequence(...)`, `auto()`. `args` are the written arguments with versions filled in
    (`uuid()` is `uuid(4)`, `cuid()` is `cuid(1)`), as Prisma's DMMF shows them."""

    name: str
    args: tuple[str | int | float, ...] = ()
    named_args: tuple[tuple[str, str | int | float], ...] = ()

    @property
    def computed_by_client(self) -> bool:
        """Values Prisma computes outside the database (the engine computes them for us)."""
        return self.name in ("uuid", "cuid", "nanoid", "ulid", "now")


@dataclass(frozen=True, slots=True)
class DefaultValue:
    function: DefaultFunction | None = None
    value: LiteralValue | None = None
    map: str | None = None  # constraint name of the default (SQL Server)

    @property
    def is_function(self) -> bool:
        return self.function is not None


@dataclass(frozen=True, slots=True)
class NativeType:
    name: str  # "VarChar"
    args: tuple[str, ...] = ()  # as written: ("255",)
    span: Span | None = field(default=None, compare=False)  # the `@db.X(...)` attribute, for diagnostics

    def __str__(self) -> str:
        return f"{self.name}({', '.join(self.args)})" if self.args else self.name


@dataclass(frozen=True, slots=True)
class RelationAttribute:
    """What `@relation(...)` says on one side of a relation."""

    name: str | None = None
    fields: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    on_delete: ReferentialAction | None = None
    on_update: ReferentialAction | None = None
    map: str | None = None  # foreign key constraint name


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    db_name: str  # the column name: `@map` or the field name
    kind: FieldKind
    type: str  # scalar type, enum name, composite type name, related model, or the Unsupported type
    is_required: bool
    is_list: bool
    span: Span
    mapped: bool = False  # `@map` was written
    native_type: NativeType | None = None
    default: DefaultValue | None = None
    is_id: bool = False  # `@id` on this field
    is_unique: bool = False  # `@unique` on this field
    is_updated_at: bool = False
    is_ignored: bool = False
    is_read_only: bool = False  # a scalar used in some relation's `fields: [...]`
    documentation: str | None = None
    relation: RelationAttribute | None = None  # kind == "relation" only
    relation_name: str | None = None  # resolved name, explicit or implicit ("PostToUser")

    @property
    def is_scalar_like(self) -> bool:
        """Stored in the model's own table (scalars and enums; composites are embedded)."""
        return self.kind in ("scalar", "enum")

    @property
    def is_relation(self) -> bool:
        return self.kind == "relation"

    @property
    def has_default(self) -> bool:
        return self.default is not None


@dataclass(frozen=True, slots=True)
class IndexField:
    name: str  # field name; a dotted path for composite-type fields
    sort: SortOrder | None = None
    length: int | None = None
    operator_class: str | None = None  # ops: raw("...") or a named class


@dataclass(frozen=True, slots=True)
class PrimaryKey:
    fields: tuple[IndexField, ...]
    name: str | None  # the client name of a compound id (`name:`)
    map: str | None  # the constraint name written with `map:`
    defined_on_field: bool
    clustered: bool | None = None
    span: Span | None = None

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@dataclass(frozen=True, slots=True)
class Index:
    kind: IndexKind
    fields: tuple[IndexField, ...]
    name: str | None  # client name of a compound unique (`name:`)
    map: str | None  # database name written with `map:`
    defined_on_field: bool
    algorithm: str | None = None  # `type:` of @@index (BTree, Hash, Gin, ...)
    clustered: bool | None = None
    span: Span | None = None

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    db_name: str  # the table name: `@@map` or the model name
    fields: tuple[Field, ...]
    primary_key: PrimaryKey | None
    indexes: tuple[Index, ...]  # uniques (field and block level), normal and fulltext indexes
    span: Span
    mapped: bool = False
    is_view: bool = False
    is_ignored: bool = False
    schema: str | None = None  # `@@schema`
    documentation: str | None = None
    _by_name: Mapping[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def field(self, name: str) -> Field:
        return self._by_name[name]

    @property
    def instance_name(self) -> str:
        """The client attribute of this model's delegate (`db.<name>`): the model name in lower
        case, as Prisma Client Python names it, unless `/// @Python(instance_name: "...")` says."""
        match = _INSTANCE_NAME.search(self.documentation or "")
        return match.group(1) if match else self.name.lower()

    def get_field(self, name: str) -> Field | None:
        return self._by_name.get(name)

    @property
    def scalar_fields(self) -> tuple[Field, ...]:
        """Fields stored as columns of this model's table, in schema order."""
        return tuple(f for f in self.fields if f.is_scalar_like and not f.is_ignored)

    @property
    def relation_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.kind == "relation" and not f.is_ignored)

    @property
    def unique_indexes(self) -> tuple[Index, ...]:
        return tuple(i for i in self.indexes if i.kind == "unique")

    def unique_criteria(self) -> tuple[tuple[str, ...], ...]:
        """Every set of fields that identifies one record: the id first, then each unique."""
        criteria: list[tuple[str, ...]] = []
        if self.primary_key is not None:
            criteria.append(self.primary_key.field_names)
        criteria.extend(i.field_names for i in self.unique_indexes)
        return tuple(criteria)


@dataclass(frozen=True, slots=True)
class EnumValue:
    name: str
    db_name: str
    span: Span
    mapped: bool = False
    documentation: str | None = None


@dataclass(frozen=True, slots=True)
class Enum:
    name: str
    db_name: str
    values: tuple[EnumValue, ...]
    span: Span
    mapped: bool = False
    schema: str | None = None
    documentation: str | None = None

    @property
    def value_names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.values)


@dataclass(frozen=True, slots=True)
class CompositeType:
    name: str
    fields: tuple[Field, ...]
    span: Span
    documentation: str | None = None


@dataclass(frozen=True, slots=True)
class ConfigValue:
    """A datasource/generator property: a literal, or `env("NAME")` read when it is needed."""

    value: str | None = None
    env: str | None = None

    def resolve(self, environ: Mapping[str, str] | None = None) -> str | None:
        if self.env is not None:
            return (os.environ if environ is None else environ).get(self.env)
        return self.value


@dataclass(frozen=True, slots=True)
class Datasource:
    name: str
    provider: str  # as written ("postgres" is kept; see `connector`)
    url: ConfigValue | None  # None in a Prisma 7 schema (the URL comes from configuration)
    span: Span
    direct_url: ConfigValue | None = None
    shadow_database_url: ConfigValue | None = None
    relation_mode: Literal["foreignKeys", "prisma"] = "foreignKeys"
    schemas: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    properties: Mapping[str, object] = field(default_factory=dict)

    @property
    def connector(self) -> str:
        """The database family: sqlite, postgresql, mysql, sqlserver, mongodb or cockroachdb."""
        return {"postgres": "postgresql"}.get(self.provider, self.provider)


# A generator option: a string, a bool, a number, env(), or a list of strings.
GeneratorOption = Union[  # noqa: UP007 (a run-time alias)
    str, bool, int, float, ConfigValue, tuple[str, ...]
]


@dataclass(frozen=True, slots=True)
class Generator:
    name: str
    provider: ConfigValue
    span: Span
    output: ConfigValue | None = None
    preview_features: tuple[str, ...] = ()
    binary_targets: tuple[str, ...] = ()
    config: Mapping[str, GeneratorOption] = field(default_factory=dict)  # every option, as written

    @property
    def is_python_client(self) -> bool:
        return self.provider.value in ("prisma-client-py", "prisma-dynamic")

    @property
    def interface(self) -> Literal["asyncio", "sync"]:
        return "sync" if self.config.get("interface") == "sync" else "asyncio"

    @property
    def recursive_type_depth(self) -> int:
        value = self.config.get("recursive_type_depth")
        try:
            return int(str(value)) if value is not None else 5
        except ValueError:
            return 5

    @property
    def partial_type_generator(self) -> str | None:
        value = self.config.get("partial_type_generator")
        return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class RelationSide:
    model: str
    field: str | None  # None only for a side that has no field (not valid; kept for diagnostics)


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation paired across both models.

    For 1:1 and 1:n, `referencing` is the side that holds the foreign key (`fields:`) and
    `referenced` the side it points to. For an implicit m:n, the sides are ordered as Prisma
    orders the join table's columns: `referencing` is column A (the model name that sorts first).
    """

    name: str
    kind: RelationKind
    referencing: RelationSide
    referenced: RelationSide
    fields: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    on_delete: ReferentialAction = "NoAction"  # effective action, Prisma's default applied
    on_update: ReferentialAction = "Cascade"
    fk_name: str | None = None  # `map:` of @relation

    @property
    def is_implicit_many_to_many(self) -> bool:
        return self.kind == "many_to_many"

    @property
    def join_table(self) -> str:
        """The implicit m:n table Prisma creates: `_<RelationName>` with columns A and B."""
        return f"_{self.name}"

    @property
    def is_self_relation(self) -> bool:
        return self.referencing.model == self.referenced.model


@dataclass(frozen=True, slots=True)
class Schema:
    datasource: Datasource | None
    generators: tuple[Generator, ...]
    models: tuple[Model, ...]  # models and views, in schema order (files in name order)
    enums: tuple[Enum, ...]
    composite_types: tuple[CompositeType, ...]
    relations: tuple[Relation, ...]
    sources: Mapping[str, str]  # file name -> text, for diagnostics
    warnings: tuple[object, ...] = ()  # Diagnostics; typed loosely so the IR stays import-free
    _models: Mapping[str, Model] = field(default_factory=dict, compare=False, repr=False)
    _enums: Mapping[str, Enum] = field(default_factory=dict, compare=False, repr=False)
    _types: Mapping[str, CompositeType] = field(default_factory=dict, compare=False, repr=False)
    _relations: Mapping[tuple[str, str], Relation] = field(default_factory=dict, compare=False, repr=False)

    # ---- walkers ---------------------------------------------------------------------------
    @property
    def provider(self) -> str:
        return self.datasource.connector if self.datasource is not None else "sqlite"

    def model(self, name: str) -> Model:
        return self._models[name]

    def get_model(self, name: str) -> Model | None:
        return self._models.get(name)

    def enum(self, name: str) -> Enum:
        return self._enums[name]

    def get_enum(self, name: str) -> Enum | None:
        return self._enums.get(name)

    def composite_type(self, name: str) -> CompositeType:
        return self._types[name]

    def relation_of(self, model: str, field_name: str) -> Relation:
        """The relation a relation field belongs to."""
        return self._relations[(model, field_name)]

    def opposite_field(self, model: str, field_name: str) -> Field | None:
        """The relation field on the other side (None for a one-sided relation)."""
        relation = self.relation_of(model, field_name)
        for side, other in ((relation.referencing, relation.referenced), (relation.referenced, relation.referencing)):
            if side.model == model and side.field == field_name and other.field is not None:
                return self.model(other.model).field(other.field)
        return None

    def holds_foreign_key(self, model: str, field_name: str) -> bool:
        """Whether this side of a 1:1/1:n relation stores the foreign key (`fields:`)."""
        relation = self.relation_of(model, field_name)
        return (
            relation.kind != "many_to_many"
            and relation.referencing.model == model
            and relation.referencing.field == field_name
        )

    @property
    def implicit_many_to_many(self) -> tuple[Relation, ...]:
        return tuple(r for r in self.relations if r.kind == "many_to_many")

    @property
    def preview_features(self) -> tuple[str, ...]:
        features: list[str] = []
        for generator in self.generators:
            features.extend(generator.preview_features)
        return tuple(dict.fromkeys(features))

    @property
    def client_generator(self) -> Generator | None:
        """The Prisma Client Python generator block, if the schema has one."""
        for generator in self.generators:
            if generator.is_python_client:
                return generator
        return None
