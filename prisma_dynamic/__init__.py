"""prisma-dynamic: Prisma schemas in Python with no code generation step.

from prisma_dynamic import Prisma

db = Prisma.from_schema("schema.prisma")
await db.connect()
user = await db.user.create(data={"email": "a@b.c"})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prisma_dynamic import errors
from prisma_dynamic.fields import Base64, Json

if TYPE_CHECKING:  # what the lazy names below resolve to, for type checkers and the mypy plugin
    from prisma_dynamic.client import Prisma, SyncPrisma, get_client, register
    from prisma_dynamic.metrics import Metric, MetricHistogram, Metrics

    Client = Prisma

__all__ = [
    "Base64",
    "Client",
    "Json",
    "Metric",
    "MetricHistogram",
    "Metrics",
    "Prisma",
    "SyncPrisma",
    "errors",
    "get_client",
    "register",
]

# The client pulls in pydantic, httpx and the schema parser: load it on first use, so that
# `import prisma_dynamic` (for the CLI, the mypy plugin, or `errors`) stays cheap.
_LAZY = {
    "Prisma": "prisma_dynamic.client",
    "Client": "prisma_dynamic.client",
    "SyncPrisma": "prisma_dynamic.client",
    "get_client": "prisma_dynamic.client",
    "register": "prisma_dynamic.client",
    "Metrics": "prisma_dynamic.metrics",
    "Metric": "prisma_dynamic.metrics",
    "MetricHistogram": "prisma_dynamic.metrics",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'prisma_dynamic' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(module_name)
    value = getattr(module, "Prisma" if name == "Client" else name)
    globals()[name] = value
    return value
