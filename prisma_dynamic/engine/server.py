"""The engine's HTTP surface: a lean HTTP/1.1 server around an :class:`EngineCore`.

Routes (all bodies JSON):

=========================================  =====================================================
``POST /``                                  query or batch; header ``X-Transaction-Id`` optional
``POST /transaction/start``                 ``{"max_wait": ms, "timeout": ms, "isolation_level"?}``
                                            -> ``{"id": ...}``
``POST /transaction/{id}/commit``           -> ``{}``
``POST /transaction/{id}/rollback``         -> ``{}``
``GET /status``                             -> ``{"status": "ok"}``
``GET /metrics``                            -> the core's metrics
=========================================  =====================================================

Every request must carry ``Authorization: Bearer <token>`` (the engine process's token), else 401.
A request with a sampled W3C ``traceparent`` header gets the engine's spans back in its body
(``extensions.traces``, :mod:`prisma_dynamic.engine.tracing`).
A body larger than ``max_request_bytes`` (default :data:`DEFAULT_MAX_REQUEST_BYTES`) is answered
with 413 (the rest is read but not kept, so the connection stays usable); a body that is not JSON
(or nests beyond what the parser can take) with 422; a request that is not HTTP/1.1 with 400.
User errors (:class:`EngineUserError`) are answered with 400 and Prisma's error body; a body that is
not a JSON object with 422; any other exception is logged and answered with 500 and an error entry
without ``user_facing_error``. :func:`dispatch` holds the routing so the embedded transport shares
it. Why a server of our own rather than an ASGI one: ``docs/decisions/http-hop.md``.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections import deque
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import unquote

import httptools

from prisma_dynamic import json_body
from prisma_dynamic.engine import tracing
from prisma_dynamic.engine.core import EngineCore, EngineUserError

__all__ = ["AUTH_HEADER", "TRACEPARENT_HEADER", "TRANSACTION_HEADER", "EngineServer", "dispatch", "sampled"]

log = logging.getLogger("prisma_dynamic.engine")

AUTH_HEADER = "authorization"
TRANSACTION_HEADER = "x-transaction-id"
TRACEPARENT_HEADER = "traceparent"  # W3C Trace Context: "00-<trace id>-<parent id>-<flags>"
_AUTH_KEY = AUTH_HEADER.encode()
_TRANSACTION_KEY = TRANSACTION_HEADER.encode()
_TRACEPARENT_KEY = TRACEPARENT_HEADER.encode()


def sampled(traceparent: str | None) -> bool:
    """Whether a W3C ``traceparent`` asks for the request to be traced (its sampled flag)."""
    if traceparent is None:
        return False
    parts = traceparent.split("-")
    try:
        return len(parts) >= 4 and len(parts[1]) == 32 and len(parts[2]) == 16 and bool(int(parts[3][:2], 16) & 1)
    except ValueError:
        return False


DEFAULT_MAX_REQUEST_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_WAIT_MS = 2000
DEFAULT_TIMEOUT_MS = 5000

JSONResult = tuple[int, dict[str, Any]]


class BadRequest(Exception):
    """The request body is not what the route expects (answered with 422)."""


def _error_body(message: str, **extra: Any) -> dict[str, Any]:
    return {"errors": [{"error": message, **extra}]}


_MAX_MS = 2**31 - 1  # about 24 days: longer waits and timeouts are mistakes (and overflow timers)


def _int_field(body: dict[str, Any], name: str, default: int) -> int:
    value = body.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_MS:
        raise BadRequest(f"{name} must be an integer of milliseconds from 0 to {_MAX_MS}")
    return value


async def _route(core: EngineCore, method: str, path: str, body: Any, tx_id: str | None) -> JSONResult:
    if path == "/":
        if method != "POST":
            return 405, _error_body(f"method {method} not allowed on {path}")
        if not isinstance(body, dict):
            raise BadRequest("the request body must be a JSON object")
        return 200, await core.execute(body, tx_id)
    if path == "/status" or path == "/metrics":
        if method != "GET":
            return 405, _error_body(f"method {method} not allowed on {path}")
        return 200, ({"status": "ok"} if path == "/status" else core.metrics())
    if path.startswith("/transaction/"):
        if method != "POST":
            return 405, _error_body(f"method {method} not allowed on {path}")
        parts = path.split("/")  # "", "transaction", <id or "start">, <action>?
        if len(parts) == 3 and parts[2] == "start":
            if body is None:
                body = {}
            if not isinstance(body, dict):
                raise BadRequest("the request body must be a JSON object")
            level = body.get("isolation_level")
            if level is not None and not isinstance(level, str):
                raise BadRequest("isolation_level must be a string")
            tx = await core.start_transaction(
                _int_field(body, "max_wait", DEFAULT_MAX_WAIT_MS),
                _int_field(body, "timeout", DEFAULT_TIMEOUT_MS),
                level,
            )
            return 200, {"id": tx}
        if len(parts) == 4 and parts[2] and parts[3] in ("commit", "rollback"):
            if parts[3] == "commit":
                await core.commit_transaction(parts[2])
            else:
                await core.rollback_transaction(parts[2])
            return 200, {}
    return 404, _error_body(f"no route for {method} {path}")


async def dispatch(
    core: EngineCore, method: str, path: str, body: Any, tx_id: str | None = None, trace: bool = False
) -> JSONResult:
    """Run one request against ``core``; return ``(status, JSON body)``. Never raises for errors from
    the core: they become error bodies, exactly as the HTTP app sends them. With ``trace`` the
    engine's spans are recorded and returned in the body's ``extensions.traces``
    (:mod:`prisma_dynamic.engine.tracing`)."""
    if not trace:
        return await _answer(core, method, path, body, tx_id)
    with tracing.recording() as spans:
        status, payload = await _answer(core, method, path, body, tx_id)
    return status, {**payload, "extensions": {"traces": spans}}


async def _answer(core: EngineCore, method: str, path: str, body: Any, tx_id: str | None) -> JSONResult:
    try:
        return await _route(core, method, path, body, tx_id)
    except EngineUserError as exc:
        return 400, {"errors": [exc.to_json()]}
    except BadRequest as exc:
        return 422, _error_body(str(exc))
    except Exception as exc:
        log.exception("engine error on %s %s", method, path)
        return 500, _error_body(f"{type(exc).__name__}: {exc}", type=type(exc).__name__)


class EngineServer:
    """Serves an :class:`EngineCore` over HTTP/1.1 to clients that know ``token``.

    Deliberately not a framework: requests are parsed by ``httptools`` (C) straight from the socket's
    bytes in an asyncio protocol, and each answer is written with one ``write``. Connections are kept
    alive; requests on one connection are answered in order, one at a time (the client sends the
    next one after the answer anyway). ``protocol`` is the factory for ``loop.create_server``.
    """

    def __init__(
        self,
        core: EngineCore,
        token: str,
        *,
        max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
        schema_hash: str | None = None,
    ) -> None:
        if not token:
            raise ValueError("the engine needs a non-empty token")
        self.core = core
        self.max_request_bytes = max_request_bytes
        self.schema_hash = schema_hash
        self._expected_auth = f"Bearer {token}".encode()
        self._connections: set[_Connection] = set()

    def protocol(self) -> asyncio.Protocol:
        return _Connection(self)

    async def respond(self, request: _Request) -> tuple[int, bytes]:
        """The status and encoded body answering ``request`` (never raises for the core's errors)."""
        if not hmac.compare_digest(request.auth, self._expected_auth):
            return 401, _encode_error(_error_body("missing or invalid engine token"))
        if request.too_large:
            message = f"the request body is larger than the engine's limit of {self.max_request_bytes} bytes"
            return 413, _encode_error(_error_body(message))
        body: Any = None
        if request.body:
            try:
                body = json_body.loads(request.body)
            except (ValueError, RecursionError) as exc:
                reason = "it nests too deeply" if isinstance(exc, RecursionError) else str(exc)
                return 422, _encode_error(_error_body(f"the request body is not JSON: {reason}"))
        if request.path == "/status" and request.method == "GET" and self.schema_hash is not None:
            status, payload = 200, {"status": "ok", "schema_hash": self.schema_hash}
        else:
            status, payload = await dispatch(
                self.core, request.method, request.path, body, request.tx_id, sampled(request.traceparent)
            )
        try:
            return status, json_body.dumps(payload)
        except (TypeError, ValueError) as exc:
            log.exception("engine returned a body that is not JSON")
            return 500, _encode_error(_error_body(f"{type(exc).__name__}: {exc}", type=type(exc).__name__))

    async def shutdown(self, timeout: float) -> None:
        """Close idle connections, let requests being answered finish for up to ``timeout`` seconds,
        then cancel them (call after the listening server stopped accepting)."""
        for connection in list(self._connections):
            connection.close_when_idle()
        busy = [c.task for c in self._connections if c.task is not None]
        if busy:
            _, pending = await asyncio.wait(busy, timeout=timeout)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
        for connection in list(self._connections):
            connection.close_when_idle()


_MAX_HEAD = 64 * 1024


class _HeadTooLarge(Exception):
    pass


@dataclass
class _Request:
    method: str
    path: str
    auth: bytes
    tx_id: str | None
    traceparent: str | None
    body: bytes
    too_large: bool
    keep_alive: bool


_HEAD_200 = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    422: "Unprocessable Content",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
}


def _response(status: int, body: bytes, keep_alive: bool) -> bytes:
    if status == 200 and keep_alive:
        return _HEAD_200 + str(len(body)).encode() + b"\r\n\r\n" + body
    head = f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\ncontent-type: application/json\r\n"
    if not keep_alive:
        head += "connection: close\r\n"
    return f"{head}content-length: {len(body)}\r\n\r\n".encode() + body


class _Connection(asyncio.Protocol):
    """One client connection: httptools calls the ``on_*`` methods as it parses the bytes received."""

    def __init__(self, server: EngineServer) -> None:
        self.server = server
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpRequestParser(self)
        self.task: asyncio.Task[None] | None = None
        self._queue: deque[_Request] = deque()
        self._closing = False
        self._begin()

    def _begin(self) -> None:
        self._url = b""
        self._auth = b""
        self._tx_id: str | None = None
        self._traceparent: str | None = None
        self._chunks: list[bytes] = []
        self._size = 0
        self._head_size = 0
        self._continue = False

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports have asyncio.Transport's methods without being its subclass
        self.transport = cast(asyncio.Transport, transport)
        self.server._connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        # A request being answered runs to its end (it may be a write); its answer goes nowhere.
        self.server._connections.discard(self)
        self._queue.clear()

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._fail(400, "protocol upgrades are not supported")
        except httptools.HttpParserError as exc:
            if isinstance(exc.__context__, _HeadTooLarge):  # raised in our callback, wrapped by httptools
                self._fail(431, f"the request line and headers are larger than {_MAX_HEAD} bytes")
            else:
                self._fail(400, f"malformed HTTP request: {exc}")

    # httptools callbacks

    def on_message_begin(self) -> None:
        self._begin()

    def on_url(self, url: bytes) -> None:
        self._grow_head(len(url))
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self._grow_head(len(name) + len(value))
        name = name.lower()
        if name == b"expect":
            self._continue = value.lower() == b"100-continue"
        elif name == _AUTH_KEY:
            self._auth = value
        elif name == _TRANSACTION_KEY:
            self._tx_id = value.decode("latin-1") or None
        elif name == _TRACEPARENT_KEY:
            self._traceparent = value.decode("latin-1")

    def on_headers_complete(self) -> None:
        if self._continue and self.transport is not None:  # curl asks before sending a large body
            self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def _grow_head(self, size: int) -> None:
        # Headers are read before the token is checked: their size is bounded for anyone.
        self._head_size += size
        if self._head_size > _MAX_HEAD:
            raise _HeadTooLarge

    def on_body(self, body: bytes) -> None:
        self._size += len(body)
        if self._size <= self.server.max_request_bytes:
            self._chunks.append(body)
        else:  # read on (the connection stays usable) but keep nothing
            self._chunks.clear()

    def on_message_complete(self) -> None:
        path = self._url.partition(b"?")[0].decode("latin-1")
        request = _Request(
            self.parser.get_method().decode("ascii"),
            unquote(path) if "%" in path else path,
            self._auth,
            self._tx_id,
            self._traceparent,
            b"".join(self._chunks),
            self._size > self.server.max_request_bytes,
            self.parser.should_keep_alive(),
        )
        self._begin()
        if self.task is None:
            self.task = asyncio.get_running_loop().create_task(self._answer(request))
        else:  # pipelined: answered in order, and nothing more read until then
            self._queue.append(request)
            assert self.transport is not None
            self.transport.pause_reading()

    # answering

    async def _answer(self, request: _Request) -> None:
        transport = self.transport
        assert transport is not None
        next_request: _Request | None = request
        try:
            while next_request is not None:
                status, body = await self.server.respond(next_request)
                keep_alive = next_request.keep_alive and not self._closing
                transport.write(_response(status, body, keep_alive))
                if not keep_alive:
                    transport.close()
                    return
                next_request = self._queue.popleft() if self._queue else None
            if not transport.is_closing():
                transport.resume_reading()
        finally:
            self.task = None

    def _fail(self, status: int, message: str) -> None:
        assert self.transport is not None
        self.transport.write(_response(status, _encode_error(_error_body(message)), keep_alive=False))
        self.transport.close()

    def close_when_idle(self) -> None:
        self._closing = True
        if self.task is None and self.transport is not None:
            self.transport.close()


def _encode_error(payload: dict[str, Any]) -> bytes:
    return json_body.dumps(payload)
