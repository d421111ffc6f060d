"""What the query builder needs to know about each model, computed once from the IR.

Validation runs on every query, so everything it asks ("is this a unique criterion?", "which
fields must a create give?", "which model does this relation lead to?") is a dictionary lookup
in these tables rather than a walk over the IR.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.connectors import Connector, connector_of

__all__ = ["FieldInfo", "ModelTable", "Tables"]


@dataclass(frozen=True, slots=True)
class FieldInfo:
    name: str
    kind: str  # scalar, enum, composite, relation
    type: str  # scalar type, enum name, composite type or related model
    is_list: bool
    is_required: bool
    create_required: bool  # a create must give it (or, for a foreign key, its relation)
    enum_values: frozenset[str] = frozenset()
    opposite: str | None = None  # the relation field on the related model
    foreign_key: tuple[str, ...] = ()  # scalars this relation field sets (the side with `fields:`)

    @property
    def is_relation(self) -> bool:
        return self.kind == "relation"

    @property
    def is_scalar_like(self) -> bool:
        return self.kind in ("scalar", "enum")


@dataclass(frozen=True, slots=True)
class ModelTable:
    """A model, or a composite type (which has no relations, uniques or table)."""

    name: str
    fields: dict[str, FieldInfo]
    scalar_names: frozenset[str]  # scalars and enums
    composite_names: frozenset[str]
    relation_names: frozenset[str]
    list_relation_names: tuple[str, ...]
    unique_fields: frozenset[str]  # fields that alone identify a record
    compound_uniques: dict[str, tuple[str, ...]]  # client name -> fields
    required_create: tuple[str, ...]
    relation_of_foreign_key: dict[str, str]  # foreign-key scalar -> the relation field setting it

    def unique_criteria_text(self) -> str:
        names = sorted(self.unique_fields) + sorted(self.compound_uniques)
        return ", ".join(names) if names else "(the model has no unique criteria)"


class Tables:
    """The tables of one schema, built on first use."""

    def __init__(self, schema: ir.Schema) -> None:
        self.schema = schema
        self.provider = schema.provider
        self.connector: Connector = connector_of(schema.provider)
        self.full_text_search = self.connector.offers_full_text_search(schema.preview_features)
        self._tables: dict[str, ModelTable] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> ModelTable | None:
        table = self._tables.get(name)
        if table is None:
            model = self.schema.get_model(name)
            composite = next((t for t in self.schema.composite_types if t.name == name), None)
            if model is None and composite is None:
                return None
            table = self._model_table(model) if model is not None else self._composite_table(composite)  # type: ignore[arg-type]
            with self._lock:
                self._tables[name] = table
        return table

    def __getitem__(self, name: str) -> ModelTable:
        table = self.get(name)
        if table is None:
            raise KeyError(name)
        return table

    def _field(self, model: str | None, field: ir.Field) -> FieldInfo:
        enum_values = frozenset(self.schema.enum(field.type).value_names) if field.kind == "enum" else frozenset()
        opposite: str | None = None
        foreign_key: tuple[str, ...] = ()
        if field.is_relation and model is not None:
            other = self.schema.opposite_field(model, field.name)
            opposite = other.name if other is not None else None
            if self.schema.holds_foreign_key(model, field.name):
                foreign_key = self.schema.relation_of(model, field.name).fields
        create_required = (
            field.is_required
            and not field.is_list
            and field.kind != "relation"
            and field.default is None
            and not field.is_updated_at
        )
        return FieldInfo(
            name=field.name,
            kind=field.kind,
            type=field.type,
            is_list=field.is_list,
            is_required=field.is_required,
            create_required=create_required,
            enum_values=enum_values,
            opposite=opposite,
            foreign_key=foreign_key,
        )

    def _model_table(self, model: ir.Model) -> ModelTable:
        fields = {
            f.name: self._field(model.name, f) for f in model.fields if not f.is_ignored and f.kind != "unsupported"
        }
        unique_fields: set[str] = set()
        compound: dict[str, tuple[str, ...]] = {}
        criteria: list[tuple[str | None, tuple[str, ...]]] = []
        if model.primary_key is not None:
            criteria.append((model.primary_key.name, model.primary_key.field_names))
        criteria.extend((index.name, index.field_names) for index in model.unique_indexes)
        for name, names in criteria:
            # A single field is its own criterion, named or not, as in Prisma's unique where.
            if len(names) == 1:
                unique_fields.add(names[0])
            elif all(n in fields for n in names):
                compound[name or "_".join(names)] = names
        foreign_keys = {scalar: f.name for f in fields.values() for scalar in f.foreign_key}
        return ModelTable(
            name=model.name,
            fields=fields,
            scalar_names=frozenset(n for n, f in fields.items() if f.is_scalar_like),
            composite_names=frozenset(n for n, f in fields.items() if f.kind == "composite"),
            relation_names=frozenset(n for n, f in fields.items() if f.is_relation),
            list_relation_names=tuple(n for n, f in fields.items() if f.is_relation and f.is_list),
            unique_fields=frozenset(unique_fields),
            compound_uniques=compound,
            required_create=tuple(n for n, f in fields.items() if f.create_required),
            relation_of_foreign_key=foreign_keys,
        )

    def _composite_table(self, composite: ir.CompositeType) -> ModelTable:
        fields = {f.name: self._field(None, f) for f in composite.fields if not f.is_ignored}
        return ModelTable(
            name=composite.name,
            fields=fields,
            scalar_names=frozenset(n for n, f in fields.items() if f.is_scalar_like),
            composite_names=frozenset(n for n, f in fields.items() if f.kind == "composite"),
            relation_names=frozenset(),
            list_relation_names=(),
            unique_fields=frozenset(),
            compound_uniques={},
            required_create=tuple(n for n, f in fields.items() if f.create_required),
            relation_of_foreign_key={},
        )
