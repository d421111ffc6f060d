"""Lean keep-alive HTTP/1.1 connections to our engine, async (raw sockets, AnyIO waits) and sync.

httpx is general (URL merging, cookies, auth flows, hooks, a Request and a Response object per
call); for the engine, which answers every request with a ``content-length`` JSON body, all a
request needs is one prepared byte string written and one sized answer read on a reused
connection. That measured a fifth to a quarter of httpx's client CPU per request
(``docs/decisions/http-hop.md``).
:func:`async_connections` / :func:`sync_connections` give these, or httpx's client when the
transport's ``http_options`` ask for what only httpx has (HTTP/2, pool limits, timeouts, hooks).

Failures are raised as httpx's exceptions, the vocabulary the transports' crash-safety rules are
written in: ``ConnectError`` (the request was never sent), ``WriteError``, ``ReadError``,
``RemoteProtocolError`` (it may have been).
"""

from __future__ import annotations

import asyncio
import select
import socket
from collections.abc import Mapping
from typing import Any, Protocol

import anyio
import httpx

__all__ = ["AsyncConnections", "SyncConnections", "async_connections", "sync_connections"]

_MAX_HEAD = 64 * 1024
_MAX_IDLE = 20
_RECEIVE = 65536
# Options of httpx's clients that belong to the connection pool (its transport) when we provide one.
_POOL_OPTIONS = ("limits", "http1", "http2")
_IGNORED_OPTIONS = ("app", "base_url", "transport", "mounts")
# Queries may legitimately run long (the engine enforces its own transaction timeouts); only
# connecting to a local socket has a reason to be quick.
_CONNECT_TIMEOUT = 5.0
_DEFAULT_HTTP_TIMEOUT = httpx.Timeout(None, connect=_CONNECT_TIMEOUT)
_BASE_URL = "http://prisma-engine"


class AsyncConnections(Protocol):
    async def request(
        self, method: str, path: str, body: bytes | None, headers: Mapping[str, str] | None = None
    ) -> tuple[int, bytes]:
        """Send one request; return the answer's status and body."""

    async def aclose(self) -> None: ...


class SyncConnections(Protocol):
    def request(
        self, method: str, path: str, body: bytes | None, headers: Mapping[str, str] | None = None
    ) -> tuple[int, bytes]: ...

    def close(self) -> None: ...


def _lean(http_options: Mapping[str, Any]) -> bool:
    return set(http_options) <= {"http1"} and http_options.get("http1", True) is True


def _split(url: str) -> tuple[str | None, str, int, bytes]:
    """(Unix socket path or None, TCP host, TCP port, Host header) of an engine URL."""
    if url.startswith("unix:"):
        return url.removeprefix("unix:"), "", 0, b"prisma-engine"
    parsed = httpx.URL(url)
    return None, parsed.host, parsed.port or 80, parsed.netloc


def _head(url: str, token: str) -> bytes:
    """The header lines every request carries (after the request line)."""
    return (
        b"host: " + _split(url)[3] + b"\r\nauthorization: Bearer " + token.encode("latin-1") + b"\r\n"
        b"content-type: application/json\r\n"
    )


def _request_bytes(method: str, path: str, head: bytes, body: bytes | None, headers: Mapping[str, str] | None) -> bytes:
    extra = b"".join(f"{name}: {value}\r\n".encode("latin-1") for name, value in headers.items()) if headers else b""
    content = body or b""
    return b"".join(
        (
            f"{method} {path} HTTP/1.1\r\n".encode("ascii"),
            head,
            extra,
            b"content-length: ",
            str(len(content)).encode(),
            b"\r\n\r\n",
            content,
        )
    )


class _Answer:
    """Parses one response from the bytes fed to it (sans-IO, shared by both twins)."""

    __slots__ = ("buffer", "content", "keep_alive", "length", "status")

    def __init__(self) -> None:
        self.buffer = b""
        self.length: int | None = None
        self.status = 0
        self.keep_alive = True
        self.content = b""

    def feed(self, data: bytes) -> bool:
        """Add received bytes; True once the whole answer is in."""
        self.buffer += data
        if self.length is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > _MAX_HEAD:
                    raise httpx.RemoteProtocolError("the engine's response head is too large")
                return False
            self._parse_head(self.buffer[:end])
            self.buffer = self.buffer[end + 4 :]
        assert self.length is not None
        if len(self.buffer) < self.length:
            return False
        if len(self.buffer) > self.length:  # nothing may follow an answer on our connections
            self.keep_alive = False
        self.content = self.buffer[: self.length]
        return True

    def _parse_head(self, head: bytes) -> None:
        lines = head.split(b"\r\n")
        try:
            version, code, *_ = lines[0].split(b" ", 2)
            self.status = int(code)
        except ValueError:
            raise httpx.RemoteProtocolError(f"bad status line from the engine: {lines[0][:100]!r}") from None
        self.keep_alive = version == b"HTTP/1.1"
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                self.length = int(value)
            elif name == b"connection":
                self.keep_alive = value.strip().lower() == b"keep-alive"
            elif name == b"transfer-encoding":
                raise httpx.RemoteProtocolError("chunked responses are not expected from the engine")
        if self.length is None:
            raise httpx.RemoteProtocolError("the engine answered without content-length")

    def broken(self) -> httpx.RemoteProtocolError:
        started = bool(self.buffer) or self.length is not None
        return httpx.RemoteProtocolError(
            "the server closed the connection mid-response" if started else "server disconnected"
        )


def _peer_closed(sock: socket.socket | None) -> bool:
    """True when an idle connection is readable: its server closed it (EOF or a reset is waiting),
    as nothing else arrives on an idle HTTP/1.1 connection. A request written to such a connection
    would fail without saying whether the server saw it, so it is not reused."""
    if sock is None:
        return False
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


# --- async ---------------------------------------------------------------------------------------


class _AsyncLean:
    """Requests go over kept-alive connections (:class:`_Link`) whose sockets stay registered with
    the event loop: a request is one ``send`` of the prepared bytes and one wait for the loop to
    report the answer. (Waiting with AnyIO's ``wait_readable`` registered and unregistered the
    socket, and an idle socket was checked with ``select``, on every request; an AnyIO socket
    stream adds a checkpoint per call: ``docs/decisions/http-hop.md``.)"""

    def __init__(self, url: str, token: str, connect_timeout: float) -> None:
        self._uds, self._host, self._port, _ = _split(url)
        self._head = _head(url, token)
        self._connect_timeout = connect_timeout
        self._idle: list[_Link] = []
        self._closed = False

    async def _connect(self, loop: asyncio.AbstractEventLoop) -> _Link:
        if self._closed:
            raise httpx.ConnectError("the connection to the engine is closed")
        try:
            with anyio.fail_after(self._connect_timeout):
                if self._uds is not None:
                    return _Link(await _open(loop, socket.AF_UNIX, self._uds), loop)
                family, _, _, _, address = (await loop.getaddrinfo(self._host, self._port, type=socket.SOCK_STREAM))[0]
                sock = await _open(loop, family, address)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return _Link(sock, loop)
        except TimeoutError as exc:
            raise httpx.ConnectTimeout(f"no connection to the engine within {self._connect_timeout} s") from exc
        except OSError as exc:
            raise httpx.ConnectError(str(exc)) from exc

    async def request(
        self, method: str, path: str, body: bytes | None, headers: Mapping[str, str] | None = None
    ) -> tuple[int, bytes]:
        payload = _request_bytes(method, path, self._head, body, headers)
        loop = asyncio.get_running_loop()
        link = None
        while self._idle:
            link = self._idle.pop()
            if link.usable:
                if link.loop is not loop:  # the application runs a new event loop (asyncio.run again)
                    link.attach(loop)
                break
            link.close()
            link = None
        if link is None:
            link = await self._connect(loop)
        try:
            answer = await link.exchange(payload)
        except BaseException:
            link.close()
            raise
        if answer.keep_alive and link.usable and not self._closed and len(self._idle) < _MAX_IDLE:
            self._idle.append(link)
        else:
            link.close()
        return answer.status, answer.content

    async def aclose(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        for link in idle:
            link.close()


async def _open(loop: asyncio.AbstractEventLoop, family: int, address: Any) -> socket.socket:
    """A connected non-blocking socket."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        await loop.sock_connect(sock, address)
    except BaseException:
        sock.close()
        raise
    return sock


class _Link:
    """One kept-alive connection to the engine, at most one request in flight. Its socket is ours
    (so it outlives an event loop, as an ``asyncio`` transport would not) and is watched by the
    loop it is attached to for as long as it is open: an idle connection the engine closes is
    known when it happens, and an answer arrives through :meth:`_readable`."""

    __slots__ = ("_answer", "_waiter", "loop", "sock", "usable")

    def __init__(self, sock: socket.socket, loop: asyncio.AbstractEventLoop) -> None:
        self.sock = sock
        self.loop = loop
        self.usable = True
        self._answer: _Answer | None = None
        self._waiter: asyncio.Future[_Answer] | None = None
        loop.add_reader(sock.fileno(), self._readable)

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        if not self.loop.is_closed():
            self.loop.remove_reader(self.sock.fileno())
        self.loop = loop
        loop.add_reader(self.sock.fileno(), self._readable)

    async def exchange(self, payload: bytes) -> _Answer:
        """Send one request and return its answer (or raise the httpx error that ended it)."""
        self._answer = _Answer()
        waiter: asyncio.Future[_Answer] = self.loop.create_future()
        self._waiter = waiter
        try:
            sent = self.sock.send(payload)  # all of it, but for bodies larger than the socket's buffer
            if sent < len(payload):
                await self.loop.sock_sendall(self.sock, memoryview(payload)[sent:])
        except BlockingIOError:
            await self.loop.sock_sendall(self.sock, payload)
        except OSError as exc:
            raise httpx.WriteError(str(exc) or type(exc).__name__) from exc
        return await waiter

    def _readable(self) -> None:
        try:
            data = self.sock.recv(_RECEIVE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            self._end(httpx.ReadError(str(exc) or type(exc).__name__))
            return
        answer = self._answer
        if answer is None or not data:  # the end of the connection (nothing else comes when idle)
            self._end(answer.broken() if answer is not None else None)
            return
        try:
            complete = answer.feed(data)
        except httpx.RemoteProtocolError as exc:
            self._end(exc)
            return
        if complete:
            self._answer = None
            waiter, self._waiter = self._waiter, None
            if waiter is not None and not waiter.done():
                waiter.set_result(answer)

    def _end(self, error: Exception | None) -> None:
        """The connection is over: close it, and fail the request waiting on it, if any."""
        waiter, self._waiter, self._answer = self._waiter, None, None
        self.close()
        if waiter is not None and not waiter.done() and error is not None:
            waiter.set_exception(error)

    def close(self) -> None:
        if self.usable:
            self.usable = False
            if not self.loop.is_closed():
                self.loop.remove_reader(self.sock.fileno())
        self.sock.close()


class _AsyncHttpx:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def request(
        self, method: str, path: str, body: bytes | None, headers: Mapping[str, str] | None = None
    ) -> tuple[int, bytes]:
        response = await self.client.request(method, path, content=body, headers=headers)
        return response.status_code, response.content

    async def aclose(self) -> None:
        await self.client.aclose()


def async_connections(url: str, token: str, http_options: Mapping[str, Any]) -> AsyncConnections:
    """Connections to the engine at ``url`` (``unix:/path`` or ``http://host:port``)."""
    if _lean(http_options):
        return _AsyncLean(url, token, _CONNECT_TIMEOUT)
    client, pool = _httpx_options(url, token, http_options)
    return _AsyncHttpx(httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(**pool), **client))


# --- sync ----------------------------------------------------------------------------------------


class _SyncLean:
    def __init__(self, url: str, token: str, connect_timeout: float) -> None:
        self._uds, self._host, self._port, _ = _split(url)
        self._head = _head(url, token)
        self._connect_timeout = connect_timeout
        self._idle: list[socket.socket] = []  # list.pop/append are atomic: threads may share it
        self._closed = False

    def _connect(self) -> socket.socket:
        if self._closed:
            raise httpx.ConnectError("the connection to the engine is closed")
        try:
            if self._uds is not None:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    sock.settimeout(self._connect_timeout)
                    sock.connect(self._uds)
                except BaseException:
                    sock.close()
                    raise
            else:
                sock = socket.create_connection((self._host, self._port), timeout=self._connect_timeout)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(None)
            return sock
        except TimeoutError as exc:
            raise httpx.ConnectTimeout(f"no connection to the engine within {self._connect_timeout} s") from exc
        except OSError as exc:
            raise httpx.ConnectError(str(exc)) from exc

    def _socket(self) -> socket.socket:
        while True:
            try:
                sock = self._idle.pop()
            except IndexError:
                return self._connect()
            if not _peer_closed(sock):
                return sock
            sock.close()

    def request(
        self, method: str, path: str, body: bytes | None, headers: Mapping[str, str] | None = None
    ) -> tuple[int, bytes]:
        payload = _request_bytes(method, path, self._head, body, headers)
        sock = self._socket()
        answer = _Answer()
        try:
            try:
                sock.sendall(payload)
            except OSError as exc:
                raise httpx.WriteError(str(exc) or type(exc).__name__) from exc
            while True:
                try:
                    data = sock.recv(_RECEIVE)
                except OSError as exc:
                    raise httpx.ReadError(str(exc) or type(exc).__name__) from exc
                if not data:
                    raise answer.broken()
                if answer.feed(data):
                    break
        except BaseException:
            sock.close()
            raise
        if answer.keep_alive and not self._closed and len(self._idle) < _MAX_IDLE:
            self._idle.append(sock)
        else:
            sock.close()
        return answer.status, answer.content

    def close(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        for sock in idle:
            sock.close()


class _SyncHttpx:
    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def request(
        self, method: str, path: str, body: bytes | None, headers: Mapping[str, str] | None = None
    ) -> tuple[int, bytes]:
        response = self.client.request(method, path, content=body, headers=headers)
        return response.status_code, response.content

    def close(self) -> None:
        self.client.close()


def sync_connections(url: str, token: str, http_options: Mapping[str, Any]) -> SyncConnections:
    """The blocking twin of :func:`async_connections`."""
    if _lean(http_options):
        return _SyncLean(url, token, _CONNECT_TIMEOUT)
    client, pool = _httpx_options(url, token, http_options)
    return _SyncHttpx(httpx.Client(transport=httpx.HTTPTransport(**pool), **client))


# --- httpx's clients -----------------------------------------------------------------------------


def _httpx_options(url: str, token: str, http_options: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(httpx client kwargs, httpx transport kwargs) for an engine listening on ``url``."""
    client = {k: v for k, v in http_options.items() if k not in _POOL_OPTIONS + _IGNORED_OPTIONS}
    pool = {k: v for k, v in http_options.items() if k in _POOL_OPTIONS}
    client.setdefault("timeout", _DEFAULT_HTTP_TIMEOUT)
    client.setdefault("trust_env", False)
    client["headers"] = {
        **dict(client.get("headers") or {}),
        "authorization": f"Bearer {token}",
        "content-type": "application/json",
    }
    if url.startswith("unix:"):
        pool["uds"] = url.removeprefix("unix:")
        client["base_url"] = _BASE_URL
    else:
        client["base_url"] = url
    return client, pool
