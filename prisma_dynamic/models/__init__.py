"""Pydantic models built at run time from a schema.

`registry_for(schema)` gives the classes of a schema (`.models.User`, `.enums.Role`,
`.partials.X`, `.bases.BaseUser`). `from prisma_dynamic.models import User` resolves through the
registered client's schema, or without one through the schema a client would find (`project`),
as `from prisma.models import User` did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prisma_dynamic.models.base import PrismaComposite, PrismaEnum, PrismaModel
from prisma_dynamic.models.registry import ModelRegistry, Namespace, registry_for

__all__ = ["ModelRegistry", "Namespace", "PrismaComposite", "PrismaEnum", "PrismaModel", "registry_for"]


def __getattr__(name: str) -> Any:
    from prisma_dynamic.models.project import resolve

    return resolve(__name__, "models", name)


if TYPE_CHECKING:
    from prisma_dynamic.models.project import declare_schema_names

    # With the mypy plugin: the schema's models, declared here in place of the `__getattr__` above.
    _schema_names = declare_schema_names("models")
