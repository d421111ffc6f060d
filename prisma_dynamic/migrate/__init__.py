"""`db push`: from the schema IR, the catalog Prisma's schema engine would create; the live
catalog read back; their difference applied, with destructive changes refused unless accepted.
The `migrate` commands build on the same catalogs (docs/migrations.md)."""

from prisma_dynamic.migrate.errors import DataLossError, MigrateError, PushError, UnexecutableChangeError
from prisma_dynamic.migrate.push import PushResult, push
from prisma_dynamic.migrate.url import database_url

__all__ = [
    "DataLossError",
    "MigrateError",
    "PushError",
    "PushResult",
    "UnexecutableChangeError",
    "database_url",
    "push",
]
