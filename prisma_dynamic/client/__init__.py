"""The client: `Prisma` (async) and `SyncPrisma`, the registry, and the model delegates."""

from prisma_dynamic.client._client import (
    AsyncTransactionManager,
    BaseClient,
    Prisma,
    SyncPrisma,
    SyncTransactionManager,
)
from prisma_dynamic.models.registration import get_client, register

__all__ = [
    "AsyncTransactionManager",
    "BaseClient",
    "Prisma",
    "SyncPrisma",
    "SyncTransactionManager",
    "get_client",
    "register",
]
