"""The process-wide client of model-based access: `User.prisma()` and
`from prisma_dynamic.models import User` use the client registered here (`register(client)`, or
`Prisma(auto_register=True)`).

The slot lives beside the models, not in the client package, so that the models need nothing
above them: what they ask of a client is :class:`ModelClient`, which the client package's
`BaseClient` derives from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prisma_dynamic.errors import ClientAlreadyRegisteredError, ClientNotRegisteredError

__all__ = ["ClientFactory", "ModelClient", "get_client", "register", "registered", "unregister"]


class ModelClient:
    """What model-based access needs of a client: its schema's classes and a delegate per model."""

    # The schema's `models.registry.ModelRegistry`, which builds the model classes that use this
    # module: named here without its type, which would import the registry back.
    _registry: Any

    def _make_delegate(self, model: str) -> Any:
        raise NotImplementedError


ClientFactory = Callable[[], Any]

_registered: ModelClient | ClientFactory | None = None


def register(client: ModelClient | ClientFactory) -> None:
    """Register `client` (or a factory returning a client) for model-based access; once per process."""
    global _registered
    if _registered is not None:
        raise ClientAlreadyRegisteredError()
    if not isinstance(client, ModelClient) and not callable(client):
        raise TypeError(f"Expected a Prisma client or a function returning one, got {type(client).__name__}")
    _registered = client


def get_client() -> Any:
    """The registered client (calling the registered factory, if a factory was registered)."""
    if _registered is None:
        raise ClientNotRegisteredError()
    if isinstance(_registered, ModelClient):
        return _registered
    client = _registered()
    if not isinstance(client, ModelClient):
        raise TypeError(f"The registered client factory returned {type(client).__name__}, not a Prisma client")
    return client


def unregister() -> None:
    """Forget the registered client (for tests; see `prisma_dynamic.testing`)."""
    global _registered
    _registered = None


def registered() -> ModelClient | ClientFactory | None:
    """What was registered, as it was given (a client or a factory), or None."""
    return _registered
