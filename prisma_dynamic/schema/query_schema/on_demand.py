"""The query schema as the client's validation reads it: the output types, the operations and
their enums at once, each input object type on first use, by name.

A query names a few of the input types a schema has (civitai's 302 models have 18 214; a
`find_many` with a filter needs four or five): building them all, as `build_query_schema` does,
would make the first query of a large schema wait for it. The input types come from the same
builder (`inputs.rooted_builder`), one at a time (`InputRegistry.build`), so they are the types the
full build makes; only the order they are built in differs.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from prisma_dynamic.collection_pause import paused, settle_as_old
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.per_schema import PerSchema
from prisma_dynamic.schema.query_schema.build import output_side
from prisma_dynamic.schema.query_schema.context import BuildContext
from prisma_dynamic.schema.query_schema.inputs import rooted_builder
from prisma_dynamic.schema.query_schema.types import (
    EnumType,
    FieldRefType,
    InputObjectType,
    ModelOperations,
    OutputObjectType,
)

__all__ = ["OnDemandQuerySchema", "on_demand_query_schema"]


class OnDemandQuerySchema:
    """One schema's query schema, its input object types built when first asked for (thread-safe)."""

    def __init__(self, schema: ir.Schema) -> None:
        context = BuildContext.of(schema)
        with paused():
            outputs = output_side(context)
            self._registry = rooted_builder(context).registry
            settle_as_old()  # kept as long as the schema, as the full build's parts (`build`)
        self.outputs: Mapping[str, OutputObjectType] = {
            t.name: t for types in outputs.output_object_types.values() for t in types
        }
        self.model_operations: tuple[ModelOperations, ...] = outputs.model_operations
        self._prisma_enums = {e.name: e for e in outputs.prisma_enums}
        self._model_enums = {e.name: e for e in outputs.model_enums}
        self._lock = threading.Lock()

    def input_type(self, name: str) -> InputObjectType | None:
        """The input object type `name` (None: no type or argument built so far names it)."""
        found = self._registry.objects.get(name)
        if found is None:
            with self._lock:
                found = self._registry.build(name)
        return found

    @property
    def input_types_built(self) -> int:
        return len(self._registry.objects)

    def enum(self, name: str) -> EnumType | None:
        """An enum of either namespace (a schema enum first, as its name hides Prisma's); the
        enums of the input types are there once a built input type names them."""
        return self._model_enums.get(name) or self._prisma_enums.get(name) or self._registry.enums.get(name)

    def field_ref(self, name: str) -> FieldRefType | None:
        """A field-reference type, there once a built input type names it."""
        return self._registry.field_refs.get(name)


on_demand_query_schema = PerSchema(OnDemandQuerySchema)
