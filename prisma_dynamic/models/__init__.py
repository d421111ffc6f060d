"""Pydantic models built at run time from a schema.

`registry_for(schema)` gives the classes of a schema (`.models.User`, `.enums.Role`,
`.partials.X`, `.bases.BaseUser`). Once a client is registered, `from prisma_dynamic.models
import User` resolves through that client's schema, as `from prisma.models import User` did.
"""

from __future__ import annotations

from typing import Any

from prisma_dynamic.models.base import PrismaComposite, PrismaEnum, PrismaModel
from prisma_dynamic.models.registry import ModelRegistry, Namespace, registry_for

__all__ = ["ModelRegistry", "Namespace", "PrismaComposite", "PrismaEnum", "PrismaModel", "registry_for"]


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    from prisma_dynamic.client.registry import get_client

    return getattr(get_client().models, name)
