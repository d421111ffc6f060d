"""`db pull`: read a live database's catalog (the reader `db push` compares with) and write it
as a formatted Prisma schema, keeping the datasource and generators of the schema it replaces."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import anyio

from prisma_dynamic.dialects import dialect_for
from prisma_dynamic.migrate.backend import backend_for
from prisma_dynamic.migrate.catalog import Catalog
from prisma_dynamic.migrate.errors import PushError
from prisma_dynamic.migrate.introspect import introspect
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.connectors import connector_for_url
from prisma_dynamic.schema.format import format_schema
from prisma_dynamic.schema.parser import parse_text


class EmptyDatabaseError(PushError):
    """Prisma's P4001: there is nothing to introspect."""

    code = "P4001"


@dataclass(frozen=True)
class PullResult:
    schema: str  # the formatted schema text
    models: int
    enums: int
    warnings: tuple[str, ...]
    seconds: float

    def summary(self, written_to: str) -> str:
        """Prisma's line: `Introspected 2 models and wrote them into prisma/schema.prisma in 60ms`."""
        counted = [_count(self.models, "model")]
        if self.enums:
            counted.append(_count(self.enums, "enum"))
        pronoun = "it" if self.models + self.enums == 1 else "them"
        return (
            f"Introspected {' and '.join(counted)} and wrote {pronoun} into {written_to} "
            f"in {round(self.seconds * 1000)}ms"
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def datasource_block(provider: str, url_env: str = "DATABASE_URL") -> str:
    return f'datasource db {{\n  provider = "{provider}"\n  url      = env("{url_env}")\n}}\n'


def _header(text: str) -> str:
    """The datasource and generator blocks of a schema, as written (models and enums are pulled)."""
    tree = parse_text(text, "schema.prisma")
    kept = [text[b.span.start : b.span.end] for b in tree.blocks if b.kind in ("datasource", "generator")]
    return "\n\n".join(kept) + "\n"


async def read_catalog(provider: str, url: str, schemas: tuple[str, ...] = ()) -> Catalog:
    """The live catalog of the database at `url`, every table of the given namespaces
    (PostgreSQL: the URL's `schema`, `public` by default)."""
    backend = backend_for(dialect_for(provider))
    default = backend.default_schema(url)
    namespaces = schemas or ((default,) if default is not None else ())
    connection = await backend.connect(url, create=False)
    try:
        return await backend.introspect(connection, Catalog((), schemas=namespaces))
    finally:
        await connection.close()


async def pull(
    schema_text: str, provider: str, url: str, previous: ir.Schema | None = None, schemas: tuple[str, ...] = ()
) -> PullResult:
    """The schema `prisma db pull` would write: `schema_text`'s datasource and generators, then a
    model per table and an enum per enum of the database. With `previous` (the schema being
    replaced), what it names of the database keeps its names, docs and order."""
    started = time.perf_counter()
    backend = backend_for(dialect_for(provider))
    catalog = await read_catalog(provider, url, schemas)
    if not catalog.tables:
        raise EmptyDatabaseError(f"P4001 The introspected database was empty: {_redacted(url)}")
    pulled = introspect(catalog, backend, previous)
    text = format_schema(_header(schema_text) + "\n" + pulled.text)
    return PullResult(text, pulled.models, pulled.enums, tuple(pulled.warnings), time.perf_counter() - started)


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}@{host}" if user else f"{scheme}://{host}"


def schema_from_database(url: str) -> PullResult:
    """`db pull` of the database at `url` into a new schema (datasource and a Prisma Client
    Python generator), from sync or async code alike: it runs on its own event loop in a thread."""
    provider = connector_for_url(url).name
    header = datasource_block(provider) + '\ngenerator client {\n  provider = "prisma-client-py"\n}\n'
    outcome: list[PullResult] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            outcome.append(anyio.run(lambda: pull(header, provider, url)))
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)

    thread = threading.Thread(target=work, name="prisma-dynamic-pull")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]
