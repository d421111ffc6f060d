"""The query schema: what a query may say, built once per Schema IR and connector (see `types`)."""

from __future__ import annotations

from prisma_dynamic.schema.query_schema.build import build_query_schema, query_schema_of
from prisma_dynamic.schema.query_schema.types import QuerySchema

__all__ = ["QuerySchema", "build_query_schema", "query_schema_of"]
