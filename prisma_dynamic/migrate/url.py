"""Which database to push to: `--url`, or the datasource `url` of the schema (see
`prisma_dynamic.schema.env` for how `.env` files and relative SQLite files are read)."""

from __future__ import annotations

import ssl
from pathlib import Path

from prisma_dynamic.connection_url import ConnectionSettings
from prisma_dynamic.migrate.errors import PushError
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.env import DatasourceUrlError, datasource_url
from prisma_dynamic.tls import TlsError, tls_context


def database_url(schema: ir.Schema, schema_path: Path, explicit: str | None = None) -> str:
    try:
        return datasource_url(schema, schema_path, explicit)
    except DatasourceUrlError as error:
        raise PushError(str(error)) from None


def push_tls(settings: ConnectionSettings) -> ssl.SSLContext | None:
    """The TLS context of the URL (`prisma_dynamic.tls`), as the engine connects with it."""
    try:
        return tls_context(settings.tls)
    except TlsError as error:
        raise PushError(f"Error opening a TLS connection: {error}") from None
