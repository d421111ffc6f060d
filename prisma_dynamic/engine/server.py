"""The engine's HTTP surface: a plain ASGI application around an :class:`EngineCore`.

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
A body larger than ``max_request_bytes`` (default :data:`DEFAULT_MAX_REQUEST_BYTES`) is answered
with 413 without being read further; a body that is not JSON (or nests beyond what the parser can
take) with 422.
User errors (:class:`EngineUserError`) are answered with 400 and Prisma's error body; a body that is
not a JSON object with 422; any other exception is logged and answered with 500 and an error entry
without ``user_facing_error``. :func:`dispatch` holds the routing so the embedded transport shares it.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from prisma_dynamic.engine.core import EngineCore, EngineUserError

__all__ = ["AUTH_HEADER", "TRANSACTION_HEADER", "EngineApp", "dispatch"]

log = logging.getLogger("prisma_dynamic.engine")

AUTH_HEADER = "authorization"
TRANSACTION_HEADER = "x-transaction-id"
_AUTH_KEY = AUTH_HEADER.encode()
_TRANSACTION_KEY = TRANSACTION_HEADER.encode()

DEFAULT_MAX_REQUEST_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_WAIT_MS = 2000
DEFAULT_TIMEOUT_MS = 5000

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

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


async def dispatch(core: EngineCore, method: str, path: str, body: Any, tx_id: str | None = None) -> JSONResult:
    """Run one request against ``core``; return ``(status, JSON body)``. Never raises for errors from
    the core: they become error bodies, exactly as the HTTP app sends them."""
    try:
        return await _route(core, method, path, body, tx_id)
    except EngineUserError as exc:
        return 400, {"errors": [exc.to_json()]}
    except BadRequest as exc:
        return 422, _error_body(str(exc))
    except Exception as exc:
        log.exception("engine error on %s %s", method, path)
        return 500, _error_body(f"{type(exc).__name__}: {exc}", type=type(exc).__name__)


class EngineApp:
    """ASGI application serving an :class:`EngineCore` to clients that know ``token``.

    With ``manage_lifespan`` the app starts and stops the core on ASGI lifespan events (for serving it
    with any ASGI server); the engine process leaves it off and manages the core itself.
    """

    def __init__(
        self,
        core: EngineCore,
        token: str,
        *,
        manage_lifespan: bool = False,
        max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
        schema_hash: str | None = None,
    ) -> None:
        if not token:
            raise ValueError("the engine needs a non-empty token")
        self.core = core
        self.max_request_bytes = max_request_bytes
        self.schema_hash = schema_hash
        self.manage_lifespan = manage_lifespan
        self._expected_auth = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    if self.manage_lifespan:
                        await self.core.start()
                except Exception as exc:
                    await send({"type": "lifespan.startup.failed", "message": f"{type(exc).__name__}: {exc}"})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.manage_lifespan:
                    await self.core.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        auth = b""
        tx_id: str | None = None
        for name, value in scope["headers"]:
            if name == _AUTH_KEY:
                auth = value
            elif name == _TRANSACTION_KEY:
                tx_id = value.decode("latin-1") or None
        # Read the body even when refusing, so the connection stays usable for keep-alive.
        raw = await _read_body(receive, self.max_request_bytes)
        if not hmac.compare_digest(auth, self._expected_auth):
            await _send_json(send, 401, _error_body("missing or invalid engine token"))
            return
        if raw is None:
            message = f"the request body is larger than the engine's limit of {self.max_request_bytes} bytes"
            await _send_json(send, 413, _error_body(message))
            return
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except (ValueError, RecursionError) as exc:
                reason = "it nests too deeply" if isinstance(exc, RecursionError) else str(exc)
                await _send_json(send, 422, _error_body(f"the request body is not JSON: {reason}"))
                return
        if scope["path"] == "/status" and scope["method"] == "GET" and self.schema_hash is not None:
            status, payload = 200, {"status": "ok", "schema_hash": self.schema_hash}
        else:
            status, payload = await dispatch(self.core, scope["method"], scope["path"], body, tx_id)
        try:
            encoded = _encode(payload)
        except (TypeError, ValueError) as exc:
            log.exception("engine returned a body that is not JSON")
            status, encoded = (
                500,
                _encode(_error_body(f"{type(exc).__name__}: {exc}", type=type(exc).__name__)),
            )
        await _send_bytes(send, status, encoded)


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None (and the rest left unread) once it grows beyond ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _encode(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


async def _send_json(send: Send, status: int, payload: dict[str, Any]) -> None:
    await _send_bytes(send, status, _encode(payload))


async def _send_bytes(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
