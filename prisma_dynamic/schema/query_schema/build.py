"""Builds the query schema from the Schema IR and its connector, once per schema."""

from __future__ import annotations

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema.context import BuildContext
from prisma_dynamic.schema.query_schema.types import QuerySchema

_BUILT: dict[int, tuple[ir.Schema, QuerySchema]] = {}


def build_query_schema(schema: ir.Schema) -> QuerySchema:
    """The query schema of `schema` (a new one each call; `query_schema_of` caches)."""
    context = BuildContext.of(schema)
    raise NotImplementedError(context)  # filled in by the inputs/outputs/enums/mappings builders


def query_schema_of(schema: ir.Schema) -> QuerySchema:
    """The query schema of `schema`, built on first use and kept while the schema lives."""
    cached = _BUILT.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    built = build_query_schema(schema)
    _BUILT[id(schema)] = (schema, built)
    return built
