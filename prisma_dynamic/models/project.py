"""The schema that `from prisma_dynamic.models import User` (and `.enums`, `.partials`, `.bases`,
`.types`) means: the registered client's, else the one a client would find.

Looking the schema up the way `Prisma()` does (`[tool.prisma] schema`, `./schema.prisma`,
`./prisma/schema.prisma`, ...) lets a module import the names at its top, before any client
exists. `load_schema` caches by path and content and `registry_for` keeps one registry per schema,
so a client created later from that schema builds its records from the very classes imported
here, and `isinstance(record, User)` holds.
"""

from __future__ import annotations

from typing import Any

from prisma_dynamic.models.registration import get_client, registered
from prisma_dynamic.models.registry import ModelRegistry, declaring_registry, registry_for

__all__ = ["declare_schema_names", "project_registry", "resolve"]


def project_registry() -> ModelRegistry:
    from prisma_dynamic.schema.load import load_schema

    declaring = declaring_registry.get()
    if declaring is not None:  # a partial type generator is running for that schema
        return declaring
    if registered() is not None:
        registry: ModelRegistry = get_client()._registry
        return registry
    return registry_for(load_schema())


def resolve(module: str, namespace: str, name: str) -> Any:
    """`name` of the project's `namespace` (`models`, `enums`, ...), for a module `__getattr__`."""
    if name.startswith("__"):
        raise AttributeError(name)
    try:
        registry = project_registry()
    except FileNotFoundError as error:
        raise AttributeError(
            f"{module}.{name}: no client is registered and no schema was found to read it from ({error})"
        ) from None
    try:
        return getattr(getattr(registry, namespace), name)
    except AttributeError as error:
        raise AttributeError(f"{module}.{name}: {error}") from None


def declare_schema_names(namespace: str) -> object:
    """For type checkers only: `if TYPE_CHECKING: _ = declare_schema_names("models")` in a module is
    where the mypy plugin (`stubs_plugin.mypy_plugin`) declares the schema's names of that kind,
    so that `from prisma_dynamic.models import User` is the schema's class to mypy. Without the
    plugin nothing is declared and the names are those of the module `__getattr__` (Any)."""
    return None
