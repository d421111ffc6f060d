"""Helpers for tests of code that uses the registered client (`Model.prisma()`, `get_client()`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prisma_dynamic.models import registration as registry


@contextmanager
def reset_client(new_client: Any = None) -> Iterator[None]:
    """Within the block, `new_client` (or none) is the registered client; the previous one after."""
    previous = registry.registered()
    registry.unregister()
    if new_client is not None:
        registry.register(new_client)
    try:
        yield
    finally:
        registry.unregister()
        if previous is not None:
            registry.register(previous)


def unregister_client() -> None:
    """Forget the registered client."""
    registry.unregister()
