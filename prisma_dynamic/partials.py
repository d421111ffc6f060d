"""The partial models created with `User.create_partial(...)`, as Prisma Client Python's `prisma.partials`.

Resolved as `prisma_dynamic.models` resolves its names (`prisma_dynamic.models.project`).
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    from prisma_dynamic.models.project import resolve

    return resolve(__name__, "partials", name)
