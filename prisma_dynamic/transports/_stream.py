"""A minimal keep-alive HTTP/1.1 transport for httpx over AnyIO streams, for talking to our engine.

httpx's default transport (httpcore) is general: proxies, HTTP/2, TLS, chunked bodies, pool limits.
Our engine is one local uvicorn process that always answers with ``content-length`` bodies, so a
transport that writes one request and reads one sized response on a reused stream is enough, and
measures about twice as fast (``bench/transport_roundtrip.py``).
"""

from __future__ import annotations

import contextlib
import select

import anyio
import anyio.abc
import httpx

__all__ = ["AsyncStreamTransport"]

_MAX_HEAD = 64 * 1024


class AsyncStreamTransport(httpx.AsyncBaseTransport):
    """Sends httpx requests over Unix-socket (``uds``) or TCP streams kept open between requests.

    Connection problems are raised as httpx's own exceptions (``ConnectError``, ``ReadError``,
    ``WriteError``, ``RemoteProtocolError``), so callers handle them as with httpx's transport.
    """

    def __init__(self, *, uds: str | None = None, max_idle: int = 20) -> None:
        self._uds = uds
        self._max_idle = max_idle
        self._idle: list[anyio.abc.ByteStream] = []
        self._closed = False

    async def _connect(self, request: httpx.Request) -> anyio.abc.ByteStream:
        try:
            if self._uds is not None:
                return await anyio.connect_unix(self._uds)
            port = request.url.port or 80
            return await anyio.connect_tcp(request.url.host, port)
        except OSError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._closed:
            raise httpx.ConnectError("the transport is closed", request=request)
        body = await request.aread()
        head = [f"{request.method} {request.url.raw_path.decode('ascii')} HTTP/1.1".encode()]
        has_host = False
        for name, value in request.headers.raw:
            lowered = name.lower()
            if lowered == b"host":
                has_host = True
            if lowered in (b"content-length", b"transfer-encoding"):
                continue
            head.append(name + b": " + value)
        if not has_host:
            head.append(b"host: " + request.url.netloc)
        head.append(b"content-length: " + str(len(body)).encode())
        payload = b"\r\n".join(head) + b"\r\n\r\n" + body

        stream = await self._idle_stream() or await self._connect(request)
        try:
            status, headers, content, keep_alive = await self._exchange(stream, payload, request)
        except BaseException:
            await _close_quietly(stream)
            raise
        if keep_alive and not self._closed and len(self._idle) < self._max_idle:
            self._idle.append(stream)
        else:
            await _close_quietly(stream)
        return httpx.Response(status, headers=headers, content=content, request=request)

    async def _idle_stream(self) -> anyio.abc.ByteStream | None:
        """A kept-alive stream whose server has not closed it (as httpcore checks its pool): a
        request written to a closed one would fail without saying whether the server saw it."""
        while self._idle:
            stream = self._idle.pop()
            if not _peer_closed(stream):
                return stream
            await _close_quietly(stream)
        return None

    async def _exchange(
        self, stream: anyio.abc.ByteStream, payload: bytes, request: httpx.Request
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes, bool]:
        try:
            await stream.send(payload)
        except (OSError, anyio.BrokenResourceError, anyio.ClosedResourceError) as exc:
            raise httpx.WriteError(str(exc) or type(exc).__name__, request=request) from exc
        buffer = b""
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end >= 0:
                break
            if len(buffer) > _MAX_HEAD:
                raise httpx.RemoteProtocolError("response head too large", request=request)
            buffer += await _receive(stream, request, bool(buffer))
        lines = buffer[:end].split(b"\r\n")
        rest = buffer[end + 4 :]
        try:
            version, code, *_ = lines[0].split(b" ", 2)
            status = int(code)
        except ValueError:
            raise httpx.RemoteProtocolError(f"bad status line {lines[0]!r}", request=request) from None
        headers: list[tuple[bytes, bytes]] = []
        length: int | None = None
        keep_alive = version == b"HTTP/1.1"
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name, value = name.strip(), value.strip()
            headers.append((name, value))
            lowered = name.lower()
            if lowered == b"content-length":
                length = int(value)
            elif lowered == b"connection":
                keep_alive = value.lower() == b"keep-alive" if version != b"HTTP/1.1" else value.lower() != b"close"
            elif lowered == b"transfer-encoding":
                raise httpx.RemoteProtocolError("chunked responses are not supported", request=request)
        if length is None:
            raise httpx.RemoteProtocolError("response without content-length", request=request)
        while len(rest) < length:
            rest += await _receive(stream, request, True)
        return status, headers, rest[:length], keep_alive and len(rest) == length

    async def aclose(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        for stream in idle:
            await _close_quietly(stream)


async def _receive(stream: anyio.abc.ByteStream, request: httpx.Request, started: bool) -> bytes:
    try:
        return await stream.receive()
    except anyio.EndOfStream:
        message = "the server closed the connection mid-response" if started else "server disconnected"
        raise httpx.RemoteProtocolError(message, request=request) from None
    except (OSError, anyio.BrokenResourceError, anyio.ClosedResourceError) as exc:
        raise httpx.ReadError(str(exc) or type(exc).__name__, request=request) from exc


def _peer_closed(stream: anyio.abc.ByteStream) -> bool:
    """True when the idle stream is readable: its server closed it (EOF or a reset is waiting), as
    nothing else is sent on an idle HTTP/1.1 connection."""
    sock = stream.extra(anyio.abc.SocketAttribute.raw_socket, None)
    if sock is None:
        return False
    try:
        readable, _, _ = select.select([sock.fileno()], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


async def _close_quietly(stream: anyio.abc.ByteStream) -> None:
    with anyio.CancelScope(shield=True):
        with contextlib.suppress(OSError, anyio.BrokenResourceError, anyio.ClosedResourceError):
            await stream.aclose()
