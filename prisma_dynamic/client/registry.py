"""The process-wide client used by `Model.prisma()` and `from prisma_dynamic.models import User`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prisma_dynamic.errors import ClientAlreadyRegisteredError, ClientNotRegisteredError

_registered: Any = None  # a client, or a zero-argument callable returning one


def register(client: Any) -> None:
    """Register `client` (or a factory returning a client) for model-based access; once per process."""
    global _registered
    from prisma_dynamic.client._client import BaseClient

    if _registered is not None:
        raise ClientAlreadyRegisteredError()
    if not isinstance(client, BaseClient) and not callable(client):
        raise TypeError(f"Expected a Prisma client or a function returning one, got {type(client).__name__}")
    _registered = client


def get_client() -> Any:
    """The registered client (calling the registered factory, if a factory was registered)."""
    from prisma_dynamic.client._client import BaseClient

    if _registered is None:
        raise ClientNotRegisteredError()
    if isinstance(_registered, BaseClient):
        return _registered
    client = _registered()
    if not isinstance(client, BaseClient):
        raise TypeError(f"The registered client factory returned {type(client).__name__}, not a Prisma client")
    return client


def unregister() -> None:
    """Forget the registered client (for tests; see `prisma_dynamic.testing`)."""
    global _registered
    _registered = None


def registered() -> Any:
    return _registered


ClientFactory = Callable[[], Any]
