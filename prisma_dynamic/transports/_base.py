"""The transport interface (async and sync twins) and the engine configuration they share."""

from __future__ import annotations

import abc
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TypeVar

from prisma_dynamic import json_body, tracing
from prisma_dynamic.engine.process import DATASOURCE_URL_ENV, REPLICA_URLS_ENV
from prisma_dynamic.engine.server import TRACEPARENT_HEADER, TRANSACTION_HEADER
from prisma_dynamic.errors import EngineRequestError, error_from_response

__all__ = [
    "AsyncTransport",
    "EngineConfig",
    "SyncTransport",
    "check_payload",
    "decode_response",
    "redact_passwords",
    "request_headers",
]

# `scheme://user:password@` in any text: the password is replaced before the text is shown.
_URL_PASSWORD = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)[^@\s]*@")


def redact_passwords(text: str) -> str:
    """``text`` with the passwords of the URLs in it replaced by ``***`` (for errors and logs)."""
    return _URL_PASSWORD.sub(r"\1***@", text)


_AsyncT = TypeVar("_AsyncT", bound="AsyncTransport")
_SyncT = TypeVar("_SyncT", bound="SyncTransport")


@dataclass(frozen=True)
class EngineConfig:
    """How to build the engine, in a process (HTTP transports) or in-process (embedded transports).

    ``core`` is the ``module:function`` factory building the :class:`~prisma_dynamic.engine.core.EngineCore`
    (None: ``$PRISMA_DYNAMIC_ENGINE_CORE`` or the real engine). ``env`` is added to the engine process's
    environment. ``use_tcp`` makes the engine listen on 127.0.0.1 instead of a Unix socket (always the
    case where Unix sockets are not available).
    """

    schema_path: str | os.PathLike[str]
    datasource_url: str | None = None
    core: str | None = None
    log_queries: bool = False
    env: Mapping[str, str] = field(default_factory=dict)
    use_tcp: bool = False
    python: str = sys.executable
    extra_args: Sequence[str] = ()
    replica_urls: Sequence[str] = ()  # read replicas (their URLs go in the environment too)

    def engine_args(self) -> list[str]:
        """The engine's command-line arguments (without the listening options). The datasource URL
        is not one of them: a command line is readable by every user (``/proc/<pid>/cmdline``),
        so it goes in the environment (:meth:`engine_env`)."""
        args = ["--schema", os.fspath(self.schema_path)]
        if self.log_queries:
            args.append("--log-queries")
        args += list(self.extra_args)
        return args

    def engine_env(self) -> dict[str, str]:
        """Environment variables the engine process needs besides ``env``: the datasource URL."""
        env = {DATASOURCE_URL_ENV: self.datasource_url} if self.datasource_url is not None else {}
        if self.replica_urls:
            env[REPLICA_URLS_ENV] = "\n".join(self.replica_urls)
        return env


def decode_response(status: int, content: bytes, response: Any = None) -> dict[str, Any]:
    """The engine's JSON body, or the mapped exception raised when it reports an error."""
    try:
        payload = json_body.loads(content) if content else None
    except ValueError:
        raise EngineRequestError(response, content.decode("utf-8", "replace"), status_code=status) from None
    return check_payload(status, payload, response)


def check_payload(status: int, payload: Any, response: Any = None) -> dict[str, Any]:
    """The engine's answer, or the mapped exception it reports; the engine's spans, when it
    returned some (``extensions.traces``), are emitted first, errors or not."""
    if isinstance(payload, dict) and "extensions" in payload:
        extensions = payload.pop("extensions")
        if isinstance(extensions, dict) and isinstance(extensions.get("traces"), list):
            tracing.emit_engine_spans(extensions["traces"])
    if status >= 400 or not isinstance(payload, dict) or "errors" in payload:
        raise error_from_response(payload, status_code=status, response=response)
    return payload


def request_headers(tx_id: str | None) -> dict[str, str] | None:
    """The per-request headers of an HTTP transport: the interactive transaction, and the W3C
    ``traceparent`` of the current span when its engine spans are wanted."""
    headers = {TRANSACTION_HEADER: tx_id} if tx_id else None
    if tracing.capturing():
        headers = {**(headers or {}), TRACEPARENT_HEADER: tracing.traceparent()}
    return headers


class AsyncTransport(abc.ABC):
    """Carries requests from the client to an engine; ``async with`` connects and closes."""

    @abc.abstractmethod
    async def connect(self, timeout: float | None = None) -> None:
        """Start the engine and wait until it answers (``EngineConnectionError`` after ``timeout``
        seconds); ``AlreadyConnectedError`` if connected."""

    @abc.abstractmethod
    async def close(self, timeout: float | None = None) -> None:
        """Stop the engine (waiting up to ``timeout`` seconds before killing it); no-op if closed."""

    @abc.abstractmethod
    async def request(self, method: str, path: str, json: Any = None, tx_id: str | None = None) -> dict[str, Any]:
        """Send one request (routes of :mod:`prisma_dynamic.engine.server`) and return the decoded
        body; engine errors are raised as the exceptions of :mod:`prisma_dynamic.errors`."""

    @property
    @abc.abstractmethod
    def is_connected(self) -> bool: ...

    async def __aenter__(self: _AsyncT) -> _AsyncT:
        await self.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class SyncTransport(abc.ABC):
    """The blocking twin of :class:`AsyncTransport`."""

    @abc.abstractmethod
    def connect(self, timeout: float | None = None) -> None: ...

    @abc.abstractmethod
    def close(self, timeout: float | None = None) -> None: ...

    @abc.abstractmethod
    def request(self, method: str, path: str, json: Any = None, tx_id: str | None = None) -> dict[str, Any]: ...

    @property
    @abc.abstractmethod
    def is_connected(self) -> bool: ...

    def __enter__(self: _SyncT) -> _SyncT:
        self.connect()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
