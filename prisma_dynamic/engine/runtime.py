"""Building the engine from its command line: schema, datasource URL, dialect and driver.

`build_core` is the factory the engine process (and the embedded transport) calls.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from prisma_dynamic.dialects import dialect_for
from prisma_dynamic.engine.core import EngineUserError
from prisma_dynamic.engine.drivers.base import ConnectionSource
from prisma_dynamic.engine.drivers.sqlite import SqliteDriver
from prisma_dynamic.engine.query_engine import QueryEngine
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.env import DatasourceUrlError, datasource_url
from prisma_dynamic.schema.load import find_schema, load_schema


def build_engine(
    schema_path: str | Path,
    url_override: str | None = None,
    log_queries: bool = False,
    replica_urls: Sequence[str] = (),
) -> QueryEngine:
    path = find_schema(schema_path)
    schema = load_schema(path)
    provider = schema.provider
    try:
        dialect = dialect_for(provider)
    except ValueError as error:
        raise EngineUserError("P1012", f"prisma-dynamic's engine cannot use this schema: {error}", {}) from None
    try:
        url = datasource_url(schema, path, url_override)
    except DatasourceUrlError as error:
        raise EngineUserError("P1012", str(error), {}) from None
    replicas = [_source(schema, replica) for replica in replica_urls]
    return QueryEngine(schema, dialect, _source(schema, url), log_queries=log_queries, replicas=replicas)


def _source(schema: ir.Schema, url: str) -> ConnectionSource:
    provider = schema.provider
    tables = {
        m.db_name: (m.name, {f.db_name: f.name for f in m.scalar_fields}) for m in schema.models if not m.is_ignored
    }
    if provider == "sqlite":
        return SqliteDriver(url, tables)
    if provider == "postgresql":
        from prisma_dynamic.engine.drivers.postgresql import PostgresDriver

        return PostgresDriver(url, tables)
    from prisma_dynamic.engine.drivers.mysql import MysqlDriver

    return MysqlDriver(url, tables, _unique_constraint_fields(schema))


def build_core(args: argparse.Namespace) -> QueryEngine:
    return build_engine(
        args.schema,
        getattr(args, "datasource_url", None),
        bool(getattr(args, "log_queries", False)),
        getattr(args, "replica_urls", None) or (),
    )


def _unique_constraint_fields(schema: ir.Schema) -> dict[str, list[str]]:
    """Unique constraint names -> fields: MySQL names only the constraint when one is violated."""
    names: dict[str, list[str]] = {}
    for model in schema.models:
        for index in model.unique_indexes:
            columns = [model.field(f).db_name if model.get_field(f) else f for f in index.field_names]
            name = index.map or f"{model.db_name}_{'_'.join(columns)}_key"
            names[name[:64]] = list(index.field_names)
    return names
