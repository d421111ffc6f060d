"""`db push`: from the schema IR, the catalog Prisma's schema engine would create; the live
catalog read back; their difference applied, with destructive changes refused unless accepted."""

from prisma_dynamic.migrate.errors import DataLossError, PushError, UnexecutableChangeError
from prisma_dynamic.migrate.push import PushResult, push
from prisma_dynamic.migrate.url import database_url

__all__ = ["DataLossError", "PushError", "PushResult", "UnexecutableChangeError", "database_url", "push"]
