"""The partial models created with `User.create_partial(...)`, as Prisma Client Python's `prisma.partials`.

Resolved as `prisma_dynamic.models` resolves its names (`prisma_dynamic.models.project`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any


def __getattr__(name: str) -> Any:
    from prisma_dynamic.models.project import resolve

    return resolve(__name__, "partials", name)


if TYPE_CHECKING:
    from prisma_dynamic.models.project import declare_schema_names

    # With the mypy plugin: the partial models the project's partial type generator declares,
    # declared here in place of the `__getattr__` above.
    _schema_names = declare_schema_names("partials")
