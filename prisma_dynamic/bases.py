"""`BaseUser`, ...: the class every class of a model derives from, as Prisma Client Python's `prisma.bases`.

Resolved as `prisma_dynamic.models` resolves its names (`prisma_dynamic.models.project`).
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    from prisma_dynamic.models.project import resolve

    return resolve(__name__, "bases", name)
