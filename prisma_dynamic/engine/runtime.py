"""Building the engine from its command line: schema, datasource URL, dialect and driver.

`build_core` is the factory the engine process (and the embedded transport) calls. The dialect
and the driver are the ones the provider's connector names (`Connector.sql`).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from prisma_dynamic.dialects import dialect_for
from prisma_dynamic.engine.core import EngineUserError
from prisma_dynamic.engine.drivers.base import ConnectionSource
from prisma_dynamic.engine.query_engine import QueryEngine
from prisma_dynamic.schema.connectors import load
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
    try:
        dialect = dialect_for(schema.provider)
    except ValueError as error:
        raise EngineUserError("P1012", f"prisma-dynamic's engine cannot use this schema: {error}", {}) from None
    try:
        url = datasource_url(schema, path, url_override)
    except DatasourceUrlError as error:
        raise EngineUserError("P1012", str(error), {}) from None
    assert dialect.connector.sql is not None  # dialect_for refuses a connector without one
    # Imported on demand: a SQLite user needs no PostgreSQL driver installed.
    driver: type[ConnectionSource] = load(dialect.connector.sql.driver)
    replicas = [driver.for_schema(replica, schema) for replica in replica_urls]
    return QueryEngine(schema, dialect, driver.for_schema(url, schema), log_queries=log_queries, replicas=replicas)


def build_core(args: argparse.Namespace) -> QueryEngine:
    return build_engine(
        args.schema,
        getattr(args, "datasource_url", None),
        bool(getattr(args, "log_queries", False)),
        getattr(args, "replica_urls", None) or (),
    )
