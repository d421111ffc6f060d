"""An engine that runs as a service, shared by many client processes: :class:`AsyncRemoteTransport`
and :class:`SyncRemoteTransport`.

The engine is started elsewhere (``prisma-dynamic engine --listen HOST:PORT --ignore-stdin``, or a
Unix socket path, with ``PRISMA_DYNAMIC_ENGINE_TOKEN`` set, and ``--tls-cert`` for HTTPS); clients reach it with
``Prisma.from_schema(..., engine_url=..., engine_token=...)`` or ``PRISMA_DYNAMIC_ENGINE_URL`` /
``PRISMA_DYNAMIC_ENGINE_TOKEN``. The client neither starts nor restarts it. On connect it checks that
the engine serves the same schema (its ``/status`` names the schema's fingerprint). A request whose
connection breaks is sent again only when that is safe (reads, or a connection that was refused), as
with the supervised engine (``_replay``). Interactive transactions live on the engine, which expires
them itself.
"""

from __future__ import annotations

import json
import os
import ssl
from collections.abc import Mapping
from typing import Any

import httpx

from prisma_dynamic import json_body
from prisma_dynamic.engine.process import TOKEN_ENV, schema_fingerprint
from prisma_dynamic.errors import AlreadyConnectedError, EngineConnectionError, NotConnectedError
from prisma_dynamic.transports._base import AsyncTransport, SyncTransport, decode_response, request_headers
from prisma_dynamic.transports._replay import lost_request_error, replay_safe, transaction_of

__all__ = ["ENGINE_CA_ENV", "ENGINE_TOKEN_ENV", "ENGINE_URL_ENV", "AsyncRemoteTransport", "SyncRemoteTransport"]

ENGINE_URL_ENV = "PRISMA_DYNAMIC_ENGINE_URL"
ENGINE_CA_ENV = "PRISMA_DYNAMIC_ENGINE_CA"  # PEM file of the CA(s) an https engine's certificate is checked with
ENGINE_TOKEN_ENV = TOKEN_ENV  # the variable the engine reads its token from, read by the client too
_TIMEOUT = httpx.Timeout(None, connect=10.0)


def _client_options(url: str, token: str, ca: str | os.PathLike[str] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    options: dict[str, Any] = {"headers": headers, "timeout": _TIMEOUT, "trust_env": False}
    pool: dict[str, Any] = {}
    if ca is not None:
        try:
            pool["verify"] = ssl.create_default_context(cafile=os.fspath(ca))
        except (OSError, ssl.SSLError) as exc:
            raise EngineConnectionError(f"cannot read the engine's CA certificate {os.fspath(ca)}: {exc}") from exc
    if url.startswith("unix:"):
        pool["uds"] = url.removeprefix("unix:")
        options["base_url"] = "http://prisma-engine"
    else:
        options["base_url"] = url
    return options, pool


def _check_status(url: str, status: int, body: bytes, expected: str) -> None:
    if status == 401:
        raise EngineConnectionError(f"the query engine at {url} refused the token")
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    if status != 200 or not isinstance(payload, Mapping) or payload.get("status") != "ok":
        raise EngineConnectionError(f"the query engine at {url} is not ready: {status} {body[:200]!r}")
    served = payload.get("schema_hash")
    if served is not None and served != expected:
        raise EngineConnectionError(
            f"the query engine at {url} serves another schema than this client's (fingerprint {served}, "
            f"ours {expected}): start it with the same schema"
        )


class AsyncRemoteTransport(AsyncTransport):
    def __init__(
        self,
        url: str,
        token: str,
        schema: str | os.PathLike[str],
        *,
        ca: str | os.PathLike[str] | None = None,
        http_options: Mapping[str, Any] | None = None,
    ) -> None:
        self.url = url
        self.token = token
        self.schema = schema
        self.ca = ca
        self.http_options = dict(http_options or {})
        self._client: httpx.AsyncClient | None = None

    @property
    def is_connected(self) -> bool:
        return self._client is not None

    async def connect(self, timeout: float | None = None) -> None:
        if self._client is not None:
            raise AlreadyConnectedError()
        options, pool = _client_options(self.url, self.token, self.ca)
        client = httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(**pool), **{**options, **self.http_options})
        try:
            response = await client.get("/status", timeout=timeout)
        except httpx.TransportError as exc:
            await client.aclose()
            raise EngineConnectionError(f"cannot reach the query engine at {self.url}: {exc!r}") from exc
        try:
            _check_status(self.url, response.status_code, response.content, schema_fingerprint(self.schema))
        except BaseException:
            await client.aclose()
            raise
        self._client = client

    async def close(self, timeout: float | None = None) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.aclose()

    async def request(self, method: str, path: str, json: Any = None, tx_id: str | None = None) -> dict[str, Any]:
        client = self._client
        if client is None:
            raise NotConnectedError()
        headers = request_headers(tx_id)
        content = _encode(json)
        for attempt in (1, 2):
            try:
                response = await client.request(method, path, content=content, headers=headers)
                return decode_response(response.status_code, response.content, response)
            except httpx.TimeoutException as exc:
                raise EngineConnectionError(f"the query engine at {self.url} did not answer in time: {exc!r}") from exc
            except httpx.TransportError as exc:
                _give_up(self.url, method, path, json, tx_id, exc, attempt)
        raise AssertionError("unreachable")


class SyncRemoteTransport(SyncTransport):
    """The blocking twin of :class:`AsyncRemoteTransport`."""

    def __init__(
        self,
        url: str,
        token: str,
        schema: str | os.PathLike[str],
        *,
        ca: str | os.PathLike[str] | None = None,
        http_options: Mapping[str, Any] | None = None,
    ) -> None:
        self.url = url
        self.token = token
        self.schema = schema
        self.ca = ca
        self.http_options = dict(http_options or {})
        self._client: httpx.Client | None = None

    @property
    def is_connected(self) -> bool:
        return self._client is not None

    def connect(self, timeout: float | None = None) -> None:
        if self._client is not None:
            raise AlreadyConnectedError()
        options, pool = _client_options(self.url, self.token, self.ca)
        client = httpx.Client(transport=httpx.HTTPTransport(**pool), **{**options, **self.http_options})
        try:
            response = client.get("/status", timeout=timeout)
            _check_status(self.url, response.status_code, response.content, schema_fingerprint(self.schema))
        except httpx.TransportError as exc:
            client.close()
            raise EngineConnectionError(f"cannot reach the query engine at {self.url}: {exc!r}") from exc
        except BaseException:
            client.close()
            raise
        self._client = client

    def close(self, timeout: float | None = None) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def request(self, method: str, path: str, json: Any = None, tx_id: str | None = None) -> dict[str, Any]:
        client = self._client
        if client is None:
            raise NotConnectedError()
        headers = request_headers(tx_id)
        content = _encode(json)
        for attempt in (1, 2):
            try:
                response = client.request(method, path, content=content, headers=headers)
                return decode_response(response.status_code, response.content, response)
            except httpx.TimeoutException as exc:
                raise EngineConnectionError(f"the query engine at {self.url} did not answer in time: {exc!r}") from exc
            except httpx.TransportError as exc:
                _give_up(self.url, method, path, json, tx_id, exc, attempt)
        raise AssertionError("unreachable")


def _encode(body: Any) -> bytes | None:
    return json_body.dumps(body) if body is not None else None


def _give_up(
    url: str, method: str, path: str, body: Any, tx_id: str | None, failure: httpx.TransportError, attempt: int
) -> None:
    """Raise unless the failed request may be sent once more (returns to retry)."""
    never_sent = isinstance(failure, httpx.ConnectError)
    if attempt == 1 and transaction_of(path, tx_id) is None and (never_sent or replay_safe(method, path, body)):
        return
    if never_sent:
        raise EngineConnectionError(f"cannot reach the query engine at {url}: {failure!r}") from failure
    died = f"the connection to the query engine at {url} broke"
    raise lost_request_error(method, path, tx_id, died, restarted=False) from failure
