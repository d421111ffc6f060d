"""What the selection builder needs to know about each model's fields, computed once from the IR.

Only reading is described here: which fields a default selection reads, which are relations
(and to which model), which relations `_count` can count. What an argument may hold is the
query schema's (`inputs`).
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

    @property
    def is_relation(self) -> bool:
        return self.kind == "relation"


@dataclass(frozen=True, slots=True)
class ModelTable:
    """A model, or a composite type (which has no relations)."""

    name: str
    fields: dict[str, FieldInfo]
    scalar_names: frozenset[str]  # scalars and enums
    composite_names: frozenset[str]
    relation_names: frozenset[str]
    list_relation_names: tuple[str, ...]


class Tables:
    """The tables of one schema, built on first use."""

    def __init__(self, schema: ir.Schema) -> None:
        self.schema = schema
        self.provider = schema.provider
        self.connector: Connector = connector_of(schema.provider)
        self._tables: dict[str, ModelTable] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> ModelTable | None:
        table = self._tables.get(name)
        if table is None:
            model = self.schema.get_model(name)
            composite = next((t for t in self.schema.composite_types if t.name == name), None)
            if model is None and composite is None:
                return None
            fields = model.fields if model is not None else composite.fields  # type: ignore[union-attr]
            table = _table(name, [f for f in fields if not f.is_ignored and f.kind != "unsupported"])
            with self._lock:
                self._tables[name] = table
        return table

    def __getitem__(self, name: str) -> ModelTable:
        table = self.get(name)
        if table is None:
            raise KeyError(name)
        return table


def _table(name: str, visible: list[ir.Field]) -> ModelTable:
    fields = {f.name: FieldInfo(f.name, f.kind, f.type, f.is_list) for f in visible}
    return ModelTable(
        name=name,
        fields=fields,
        scalar_names=frozenset(n for n, f in fields.items() if f.kind in ("scalar", "enum")),
        composite_names=frozenset(n for n, f in fields.items() if f.kind == "composite"),
        relation_names=frozenset(n for n, f in fields.items() if f.is_relation),
        list_relation_names=tuple(n for n, f in fields.items() if f.is_relation and f.is_list),
    )
