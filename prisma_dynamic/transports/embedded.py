"""The engine in this process, without HTTP: :class:`AsyncEmbeddedTransport` and :class:`SyncEmbeddedTransport`.

Requests go through the same routing as the HTTP app (:func:`prisma_dynamic.engine.server.dispatch`),
so errors and bodies are the same on both transports, but for DateTime, BigInt and Decimal values in
records, which come as the Python values the client would decode their tagged text into (no text
round trip in one process; `engine/values.py`, `in_process`). The sync twin runs the core's event loop in
the calling thread (`caller_loop.py`): it works from plain threads, from several at once, and from code
that is itself inside a running event loop (Jupyter), and a forgotten transport cannot keep the
interpreter alive.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from typing import Any

import anyio

from prisma_dynamic import tracing
from prisma_dynamic.engine.core import EngineCore, EngineUserError
from prisma_dynamic.engine.process import CoreFactoryError, build_parser, load_core_factory
from prisma_dynamic.engine.server import dispatch
from prisma_dynamic.engine.values import in_process
from prisma_dynamic.errors import AlreadyConnectedError, EngineConnectionError, NotConnectedError
from prisma_dynamic.transports._base import (
    AsyncTransport,
    EngineConfig,
    SyncTransport,
    check_payload,
    redact_passwords,
)
from prisma_dynamic.transports.caller_loop import CallerLoop

__all__ = ["AsyncEmbeddedTransport", "CoreSource", "SyncEmbeddedTransport"]

DEFAULT_CONNECT_TIMEOUT = 10.0

CoreSource = EngineConfig | Callable[[], EngineCore]
"""An :class:`EngineConfig` (the core is built as the engine process builds it) or a zero-argument
factory returning a core."""


def _build_core(source: CoreSource) -> EngineCore:
    if not isinstance(source, EngineConfig):
        return source()
    try:
        factory = load_core_factory(source.core)
        args = build_parser().parse_args(source.engine_args())
        args.datasource_url = source.datasource_url
        args.replica_urls = list(source.replica_urls)
        return factory(args)
    except (CoreFactoryError, EngineUserError) as exc:
        raise EngineConnectionError(f"the query engine could not be built: {redact_passwords(str(exc))}") from exc
    except Exception as exc:
        raise EngineConnectionError(
            f"the query engine could not be built: {type(exc).__name__}: {redact_passwords(str(exc))}"
        ) from exc


async def _dispatch_in_process(
    core: EngineCore, method: str, path: str, json: Any, tx_id: str | None, capture_spans: bool
) -> tuple[int, dict[str, Any]]:
    """`dispatch`, with results for a client in this process: DateTime, BigInt and Decimal values
    as the Python values the client would decode their tagged text into (`values.in_process`)."""
    token = in_process.set(True)
    try:
        return await dispatch(core, method, path, json, tx_id, capture_spans)
    finally:
        in_process.reset(token)


class AsyncEmbeddedTransport(AsyncTransport):
    """Calls an :class:`EngineCore` directly, on the caller's event loop."""

    def __init__(self, source: CoreSource) -> None:
        self.source = source
        self._core: EngineCore | None = None

    @property
    def is_connected(self) -> bool:
        return self._core is not None

    @property
    def core(self) -> EngineCore | None:
        return self._core

    async def connect(self, timeout: float | None = None) -> None:
        if self._core is not None:
            raise AlreadyConnectedError()
        core = _build_core(self.source)
        limit = DEFAULT_CONNECT_TIMEOUT if timeout is None else timeout
        try:
            with anyio.fail_after(limit):
                await core.start()
        except TimeoutError:
            raise EngineConnectionError(f"the query engine did not start within {limit} s") from None
        except EngineUserError as exc:
            message = redact_passwords(exc.message)
            raise EngineConnectionError(f"the query engine could not be started: {message}") from exc
        except Exception as exc:
            raise EngineConnectionError(
                f"the query engine failed to start: {type(exc).__name__}: {redact_passwords(str(exc))}"
            ) from exc
        self._core = core

    async def close(self, timeout: float | None = None) -> None:
        core, self._core = self._core, None
        if core is not None:
            with anyio.CancelScope(shield=True):
                await core.stop()

    async def request(self, method: str, path: str, json: Any = None, tx_id: str | None = None) -> dict[str, Any]:
        core = self._core
        if core is None:
            raise NotConnectedError()
        status, payload = await _dispatch_in_process(core, method, path, json, tx_id, tracing.capturing())
        return check_payload(status, payload)


def _shutdown(loop: CallerLoop, core: EngineCore) -> None:
    # Runs from the finalizer (garbage collection or interpreter exit): nobody is left to tell.
    with contextlib.suppress(Exception):
        loop.call(core.stop)
    loop.close()


class SyncEmbeddedTransport(SyncTransport):
    """The blocking twin of :class:`AsyncEmbeddedTransport`."""

    def __init__(self, source: CoreSource) -> None:
        self.source = source
        self._core: EngineCore | None = None
        self._loop: CallerLoop | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None

    @property
    def is_connected(self) -> bool:
        return self._core is not None

    @property
    def core(self) -> EngineCore | None:
        return self._core

    def connect(self, timeout: float | None = None) -> None:
        if self._core is not None:
            raise AlreadyConnectedError()
        loop = CallerLoop()
        try:
            core = loop.call(self._start, timeout)
        except BaseException:
            loop.close()
            raise
        self._loop, self._core = loop, core
        self._finalizer = weakref.finalize(self, _shutdown, loop, core)

    async def _start(self, timeout: float | None) -> EngineCore:
        inner = AsyncEmbeddedTransport(self.source)
        await inner.connect(timeout)
        assert inner.core is not None
        return inner.core

    def close(self, timeout: float | None = None) -> None:
        core, loop, finalizer = self._core, self._loop, self._finalizer
        self._core = self._loop = self._finalizer = None
        if core is None or loop is None or finalizer is None:
            return
        finalizer.detach()
        try:
            loop.call(core.stop)
        finally:
            loop.close()

    def request(self, method: str, path: str, json: Any = None, tx_id: str | None = None) -> dict[str, Any]:
        core, loop = self._core, self._loop
        if core is None or loop is None:
            raise NotConnectedError()
        status, payload = loop.call(_dispatch_in_process, core, method, path, json, tx_id, tracing.capturing())
        return check_payload(status, payload)
