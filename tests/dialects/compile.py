"""Compiling one `where`, find or groupBy for a dialect, as the engine does, without a database.

The golden tests of this folder call the engine's filter compiler directly: the request goes
through `parametrize` (values out, as for a real query), the compiler writes the condition, and
the dialect renders it with its placeholders and the bound parameters.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from prisma_dynamic.dialects import dialect_for
from prisma_dynamic.engine.aggregates import AggregateCompiler
from prisma_dynamic.engine.catalog import Catalog
from prisma_dynamic.engine.filters import Aliases, FilterCompiler
from prisma_dynamic.engine.reads import ReadCompiler
from prisma_dynamic.engine.shape import parametrize
from prisma_dynamic.schema.load import build_schema

_SCHEMA = """
datasource db {
  provider = "%(provider)s"
  url      = env("DATABASE_URL")
}

generator client {
  provider        = "prisma-client-py"
  previewFeatures = [%(preview)s]
}

enum Kind {
  A
  B
}

model Doc {
  id       Int      @id @default(autoincrement())
  title    String
  body     String?
  views    Int      @default(0)
  likes    Int      @default(0)
  score    Float?
  flag     Boolean  @default(false)
  price    Decimal  @default(0)
  big      BigInt   @default(0)
  at       DateTime @default(now())
  data     Bytes?
  kind     Kind     @default(A)
  meta     Json?
  %(postgresql_fields)s
  author   User?    @relation(fields: [authorId], references: [id])
  authorId Int?
  labels   Label[]
  %(fulltext)s
}

model User {
  id      Int      @id @default(autoincrement())
  name    String
  docs    Doc[]
  profile Profile?
}

model Label {
  id   Int    @id @default(autoincrement())
  name String
  docs Doc[]
}

model Profile {
  id     Int  @id @default(autoincrement())
  user   User @relation(fields: [userId], references: [id])
  userId Int  @unique
}
"""


# Scalar lists, and a `@db.Json` column (json, not jsonb).
_POSTGRESQL_FIELDS = "tags     String[]\n  kinds    Kind[]\n  doc      Json?    @db.Json"


def schema_text(provider: str) -> str:
    return _SCHEMA % {
        "provider": provider,
        "preview": '"fullTextSearchPostgres"' if provider == "postgresql" else "",
        "postgresql_fields": _POSTGRESQL_FIELDS if provider == "postgresql" else "",
        "fulltext": "@@fulltext([title])\n  @@fulltext([title, body])" if provider == "mysql" else "",
    }


@cache
def catalog(provider: str) -> Catalog:
    return Catalog(build_schema([("schema.prisma", schema_text(provider))]), dialect_for(provider))


def where_sql(provider: str, where: dict[str, Any]) -> tuple[str, list[Any]]:
    """The SQL condition and parameters the engine writes for `where` on `Doc` (alias t0)."""
    cat = catalog(provider)
    _, template, values = parametrize({"where": where})
    aliases = Aliases()
    fragment = FilterCompiler(cat).where(cat.info("Doc"), template["where"], aliases.next(), aliases)
    return cat.dialect.statement(fragment).bound(values)


def find_sql(provider: str, arguments: dict[str, Any]) -> tuple[str, list[Any]]:
    """The whole SELECT of a `findMany` on `Doc` selecting only `id`."""
    cat = catalog(provider)
    _, template, values = parametrize(arguments)
    plan = ReadCompiler(cat).compile_find("Doc", template, {"id": True})
    return plan.statement.bound(values)


def group_by_sql(provider: str, arguments: dict[str, Any]) -> tuple[str, list[Any]]:
    """The whole SELECT of a `groupBy` on `Doc` selecting its `by` fields and `_count._all`."""
    cat = catalog(provider)
    _, template, values = parametrize(arguments)
    selection: dict[str, Any] = {name: True for name in arguments["by"]}
    selection["_count"] = {"selection": {"_all": True}}
    plan = AggregateCompiler(cat).compile("Doc", template, selection, grouped=True)
    return plan.statement.bound(values)
