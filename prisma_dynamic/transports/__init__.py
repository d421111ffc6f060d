"""How the client reaches the query engine: one interface, async and sync twins, two implementations.

* :class:`AsyncHTTPTransport` / :class:`SyncHTTPTransport`: the engine as a supervised child process,
  over HTTP on a private Unix socket (or 127.0.0.1), with a per-process token;
* :class:`AsyncEmbeddedTransport` / :class:`SyncEmbeddedTransport`: the same engine in-process;
* :class:`AsyncRemoteTransport` / :class:`SyncRemoteTransport`: a standalone engine shared by many
  client processes (``engine_url`` / ``engine_token``).

All take an :class:`EngineConfig`; ``request(method, path, json, tx_id)`` returns the engine's JSON
body or raises the exceptions of :mod:`prisma_dynamic.errors`.
"""

from prisma_dynamic.transports._base import AsyncTransport, EngineConfig, SyncTransport
from prisma_dynamic.transports.embedded import AsyncEmbeddedTransport, SyncEmbeddedTransport
from prisma_dynamic.transports.http import AsyncHTTPTransport, SyncHTTPTransport
from prisma_dynamic.transports.remote import AsyncRemoteTransport, SyncRemoteTransport

__all__ = [
    "AsyncEmbeddedTransport",
    "AsyncHTTPTransport",
    "AsyncRemoteTransport",
    "AsyncTransport",
    "EngineConfig",
    "SyncEmbeddedTransport",
    "SyncHTTPTransport",
    "SyncRemoteTransport",
    "SyncTransport",
]
