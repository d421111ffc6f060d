"""What the compiler needs to know about each model, computed once per schema and dialect:
quoted table and column names, scalar fields, the primary key, and how each relation joins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from prisma_dynamic.dialects import Dialect
from prisma_dynamic.engine.core import EngineUserError
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.connectors import Connector, connector_for

# A record's key: its model's primary key fields (`ModelInfo.pk`) -> their Python values. Here,
# below the writes: writes.py and nested_writes.py (which writes.py imports) both name records by it.
Key = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Join:
    """How rows of `model` (alias `outer`) find related rows of `target` (alias `inner`).

    For a direct relation `outer_columns[i] = inner_columns[i]`; for an implicit m:n relation the
    join goes through `join_table`: `join_table.own_column = outer.pk` and
    `join_table.other_column = inner.pk`.
    """

    target: str
    outer_fields: tuple[str, ...]
    inner_fields: tuple[str, ...]
    is_list: bool
    join_table: str | None = None
    own_column: str | None = None
    other_column: str | None = None


class ModelInfo:
    __slots__ = (
        "columns",
        "fills",
        "lists",
        "model",
        "name",
        "pk",
        "scalars",
        "sql",
        "table",
        "types",
        "updated_at",
        "writers",
    )

    def __init__(self, model: ir.Model, dialect: Dialect) -> None:
        self.model = model
        self.name = model.name
        self.table = dialect.quote(model.db_name)
        self.scalars: tuple[ir.Field, ...] = model.scalar_fields
        self.columns: dict[str, str] = {f.name: dialect.quote(f.db_name) for f in self.scalars}
        self.types: dict[str, str] = {f.name: f.type if f.kind == "scalar" else "Enum" for f in self.scalars}
        self.lists: frozenset[str] = frozenset(f.name for f in self.scalars if f.is_list)
        # The `@updatedAt` fields, which a create and every changing update set to now.
        self.updated_at: tuple[str, ...] = tuple(f.name for f in self.scalars if f.is_updated_at)
        # Each column's Python value -> the driver's, None where it is written as it is.
        self.writers: dict[str, Callable[[Any], Any] | None] = {
            f.name: dialect.value_writer(self.types[f.name], f.is_list) for f in self.scalars
        }
        # SQL text that depends only on which columns a statement names, made once (writes.py).
        self.sql: dict[tuple[str, tuple[str, ...]], str] = {}
        # The fields a new row giving these fields leaves for the engine to fill (writes.py).
        self.fills: dict[frozenset[str], tuple[tuple[str, Any], ...]] = {}
        if model.primary_key is not None:
            self.pk: tuple[str, ...] = model.primary_key.field_names
        else:
            # Prisma identifies records of a model without @id by its first unique criterion.
            uniques = model.unique_criteria()
            self.pk = uniques[0] if uniques else tuple(f.name for f in self.scalars)

    def column(self, alias: str, field: str) -> str:
        return f"{alias}.{self.columns[field]}"


class Catalog:
    """The per-schema lookup tables of the compiler."""

    def __init__(self, schema: ir.Schema, dialect: Dialect) -> None:
        self.schema = schema
        self.dialect = dialect
        # What the database can do (skip duplicates, bind parameter limits...), asked by capability.
        self.connector: Connector = connector_for(schema.provider) or Connector()
        self.models = {m.name: ModelInfo(m, dialect) for m in schema.models if not m.is_ignored}
        self._joins: dict[tuple[str, str], Join] = {}

    def info(self, model: str) -> ModelInfo:
        found = self.models.get(model)
        if found is None:
            raise EngineUserError("P2009", f"Unknown model `{model}`.", {"kind": "UnknownModel"})
        return found

    def join(self, model: str, field_name: str) -> Join:
        key = (model, field_name)
        cached = self._joins.get(key)
        if cached is not None:
            return cached
        join = self._make_join(model, field_name)
        self._joins[key] = join
        return join

    def _make_join(self, model: str, field_name: str) -> Join:
        schema = self.schema
        field = schema.model(model).field(field_name)
        relation = schema.relation_of(model, field_name)
        if relation.kind == "many_to_many":
            own_is_a = relation.referencing.model == model and relation.referencing.field == field_name
            return Join(
                target=field.type,
                outer_fields=self.info(model).pk,
                inner_fields=self.info(field.type).pk,
                is_list=True,
                join_table=self.dialect.quote(relation.join_table),
                own_column=self.dialect.quote("A" if own_is_a else "B"),
                other_column=self.dialect.quote("B" if own_is_a else "A"),
            )
        if schema.holds_foreign_key(model, field_name):
            return Join(field.type, relation.fields, relation.references, field.is_list)
        return Join(field.type, relation.references, relation.fields, field.is_list)

    def field(self, model: str, name: str) -> ir.Field | None:
        return self.schema.model(model).get_field(name)


def unknown_argument(path: str, name: str, model: str) -> EngineUserError:
    return EngineUserError(
        "P2009",
        f"Unknown argument `{name}` at `{path}` for model `{model}`.",
        {"kind": "UnknownArgument", "argumentPath": f"{path}.{name}" if path else name},
    )


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def scalars_only(info: ModelInfo, data: Any) -> bool:
    """Data that writes this record's own columns and no relation."""
    return isinstance(data, dict) and data.keys() <= info.columns.keys()
