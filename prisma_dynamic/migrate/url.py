"""Which database to push to: `--url`, or the datasource `url` with `.env` files read the way
Prisma reads them (next to the schema and in the current folder, never over the environment)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from dotenv import dotenv_values

from prisma_dynamic.migrate.backend import SchemaBackend
from prisma_dynamic.migrate.errors import PushError
from prisma_dynamic.schema import ir


def environment(schema_dir: Path, cwd: Path | None = None) -> Mapping[str, str]:
    merged: dict[str, str] = {}
    for folder in (cwd or Path.cwd(), schema_dir):
        path = folder / ".env"
        if path.is_file():
            merged.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    merged.update(os.environ)
    return merged


def database_url(schema: ir.Schema, schema_dir: Path, backend: SchemaBackend, explicit: str | None = None) -> str:
    """The URL to connect to; a relative SQLite file is relative to the schema's folder
    (or, for `--url`, to the current folder)."""
    if explicit is not None:
        return backend.locate(explicit, Path.cwd())
    datasource = schema.datasource
    if datasource is None:
        raise PushError("The schema has no datasource block; add one or pass --url.")
    if datasource.url is None:
        raise PushError(
            f'The datasource "{datasource.name}" has no url; add `url = env("DATABASE_URL")` or pass --url.'
        )
    url = datasource.url.resolve(environment(schema_dir))
    if url is None:
        raise PushError(
            f"The datasource url reads the environment variable {datasource.url.env}, which is not set; "
            f"set it, put it in a .env file next to the schema, or pass --url."
        )
    return backend.locate(url, schema_dir)
