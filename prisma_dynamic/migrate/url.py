"""Which database to push to: `--url`, or the datasource `url` of the schema (see
`prisma_dynamic.schema.env` for how `.env` files and relative SQLite files are read)."""

from __future__ import annotations

from pathlib import Path

from prisma_dynamic.migrate.errors import PushError
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.env import DatasourceUrlError, datasource_url


def database_url(schema: ir.Schema, schema_path: Path, explicit: str | None = None) -> str:
    try:
        return datasource_url(schema, schema_path, explicit)
    except DatasourceUrlError as error:
        raise PushError(str(error)) from None
