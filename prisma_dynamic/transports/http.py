"""The engine in its own process, over HTTP: :class:`AsyncHTTPTransport` and :class:`SyncHTTPTransport`.

Each transport owns one engine process at a time:

* started as ``python -m prisma_dynamic.engine`` in a new session (so a terminal's Ctrl-C reaches the
  client, which then decides), with a fresh token in ``PRISMA_DYNAMIC_ENGINE_TOKEN``, its stdin a pipe
  that only we hold (when we die, even by SIGKILL, the engine reads EOF and exits) and its stderr in a
  file inside a private directory (0700) that also holds the Unix socket;
* ready when it has printed its ready line and answers ``GET /status``;
* restarted, once per request, when it is found dead (process exited, connection refused or cut);
  the request is sent again to the new engine only when that is safe (``_replay``: reads, or a
  request that never reached the dead engine), else the error says its outcome is unknown;
* stopped by ``close()`` (SIGINT and stdin EOF, then SIGKILL after ``timeout``), or at the latest when
  the transport is garbage collected or the interpreter exits (``weakref.finalize``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any

import anyio
import httpx

from prisma_dynamic import json_body
from prisma_dynamic.engine.process import CORE_ENV, TOKEN_ENV
from prisma_dynamic.errors import AlreadyConnectedError, EngineConnectionError, NotConnectedError
from prisma_dynamic.transports._base import (
    AsyncTransport,
    EngineConfig,
    SyncTransport,
    decode_response,
    redact_passwords,
    request_headers,
)
from prisma_dynamic.transports._replay import lost_request_error, replay_safe, transaction_of
from prisma_dynamic.transports._stream import (
    AsyncConnections,
    SyncConnections,
    async_connections,
    sync_connections,
)

__all__ = ["AsyncHTTPTransport", "SyncHTTPTransport"]

log = logging.getLogger("prisma_dynamic.transports")

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_STOP_TIMEOUT = 5.0
_STDERR_TAIL = 8000
_ENGINE_PREFIX = "prisma-dynamic engine: "


# --- launching (shared by both twins) ------------------------------------------------------------


@dataclass
class _Launch:
    """Everything decided before an engine process starts."""

    argv: list[str]
    env: dict[str, str]
    token: str
    directory: str
    stderr_path: str
    # With log_queries the engine writes its query log to our stderr, where the user sees it.
    inherit_stderr: bool = False

    @classmethod
    def prepare(cls, config: EngineConfig) -> _Launch:
        directory = tempfile.mkdtemp(prefix="prisma-dynamic-")
        argv = [config.python, "-m", "prisma_dynamic.engine", *config.engine_args(), "--cleanup-dir", directory]
        if config.use_tcp or os.name != "posix":
            argv += ["--listen", "127.0.0.1:0"]
        else:
            argv += ["--listen", os.path.join(directory, "engine.sock")]
        token = secrets.token_urlsafe(32)
        env = {**os.environ, **config.env, **config.engine_env(), TOKEN_ENV: token}
        if config.core is not None:
            env[CORE_ENV] = config.core
        return cls(argv, env, token, directory, os.path.join(directory, "engine.stderr"), config.log_queries)

    def open_stderr(self) -> contextlib.AbstractContextManager[IO[bytes] | None]:
        return contextlib.nullcontext() if self.inherit_stderr else open(self.stderr_path, "wb")

    def stderr_tail(self) -> str:
        try:
            with open(self.stderr_path, "rb") as file:
                file.seek(0, os.SEEK_END)
                size = file.tell()
                file.seek(max(0, size - _STDERR_TAIL))
                text = file.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return redact_passwords(("..." if size > _STDERR_TAIL else "") + text.strip())

    def failure(self, reason: str) -> EngineConnectionError:
        tail = self.stderr_tail()
        if tail and "\n" not in tail:  # one line from the engine says why: one line for the user
            return EngineConnectionError(f"the query engine could not be started: {tail.removeprefix(_ENGINE_PREFIX)}")
        detail = f"\n--- engine stderr ---\n{tail}" if tail else " (the engine wrote nothing to stderr)"
        return EngineConnectionError(f"the query engine could not be started: {reason}{detail}")

    def remove_directory(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def _parse_ready(line: bytes) -> str:
    try:
        ready = json.loads(line)
    except ValueError:
        ready = None
    if not isinstance(ready, dict) or ready.get("ready") is not True or not isinstance(ready.get("url"), str):
        raise ValueError(f"unexpected first line on the engine's stdout: {line[:200]!r}")
    url: str = ready["url"]
    return url


def _died(process: subprocess.Popen[bytes]) -> str:
    return f"the query engine (pid {process.pid}) died (exit status {process.returncode})"


def _track(transactions: set[str], path: str, tx_id: str | None, result: dict[str, Any]) -> dict[str, Any]:
    """Note which transactions the engine holds, from the answers to start/commit/rollback."""
    if path == "/transaction/start" and isinstance(result.get("id"), str):
        transactions.add(result["id"])
    elif path.startswith("/transaction/") and (transaction := transaction_of(path, tx_id)) is not None:
        transactions.discard(transaction)
    return result


def _interrupt_signal() -> signal.Signals:
    return signal.SIGINT if os.name == "posix" else signal.SIGTERM


def _stop_popen(process: subprocess.Popen[bytes], launch: _Launch, timeout: float) -> None:
    if process.poll() is None:
        with contextlib.suppress(OSError):
            process.send_signal(_interrupt_signal())
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    launch.remove_directory()


# --- async ---------------------------------------------------------------------------------------


@dataclass
class _AsyncEngine:
    launch: _Launch
    # A plain Popen, not an event-loop subprocess: an engine the program forgot to disconnect
    # must not leave a transport behind that complains when the loop is already closed.
    process: subprocess.Popen[bytes]
    client: AsyncConnections
    finalizer: weakref.finalize[Any, Any]
    url: str
    # Interactive transactions open on this engine: they die with it.
    transactions: set[str] = field(default_factory=set)


class AsyncHTTPTransport(AsyncTransport):
    """Runs the engine as a child process and talks to it over HTTP/1.1 keep-alive connections.

    ``http_options`` are ``httpx.AsyncClient`` options (``timeout``, ``limits``, ``http2``...): with
    any, requests go through httpx's client (``app``/``base_url``/``transport`` are decided here and
    ignored); without, through the leaner connections of ``_stream``.
    """

    def __init__(
        self,
        config: EngineConfig,
        *,
        http_options: Mapping[str, Any] | None = None,
        stop_timeout: float = DEFAULT_STOP_TIMEOUT,
    ) -> None:
        self.config = config
        self.http_options = dict(http_options or {})
        self.stop_timeout = stop_timeout
        self._engine: _AsyncEngine | None = None
        self._connect_timeout = DEFAULT_CONNECT_TIMEOUT
        self._restart_lock = anyio.Lock()
        # Transactions that were open on an engine that died: their ids must not reach the new one.
        self._lost_transactions: set[str] = set()

    @property
    def is_connected(self) -> bool:
        return self._engine is not None

    @property
    def pid(self) -> int | None:
        """The engine process id (it changes when the engine is restarted)."""
        return self._engine.process.pid if self._engine is not None else None

    @property
    def url(self) -> str | None:
        """Where the engine listens: ``unix:/path`` or ``http://127.0.0.1:port``."""
        return self._engine.url if self._engine is not None else None

    async def connect(self, timeout: float | None = None) -> None:
        if self._engine is not None:
            raise AlreadyConnectedError()
        if timeout is not None:
            self._connect_timeout = timeout
        self._engine = await self._spawn()

    async def close(self, timeout: float | None = None) -> None:
        engine, self._engine = self._engine, None
        if engine is not None:
            with anyio.CancelScope(shield=True):
                await self._stop(engine, self.stop_timeout if timeout is None else timeout)

    async def request(self, method: str, path: str, json: Any = None, tx_id: str | None = None) -> dict[str, Any]:
        engine = self._engine
        if engine is None:
            raise NotConnectedError()
        if engine.process.poll() is not None:
            engine = await self._restart(engine)  # found dead before sending: the request is new to it
        transaction = transaction_of(path, tx_id)
        if transaction is not None and transaction in self._lost_transactions:
            raise lost_request_error(method, path, tx_id, "the query engine died")
        try:
            return await self._send(engine, method, path, json, tx_id)
        except httpx.TimeoutException as exc:
            raise EngineConnectionError(f"the query engine did not answer in time: {exc!r}") from exc
        except httpx.TransportError as exc:
            if not await self._has_died(engine):
                raise EngineConnectionError(f"lost the connection to the query engine: {exc!r}") from exc
            failure: httpx.TransportError = exc
        died = _died(engine.process)
        engine = await self._restart(engine, failure)
        never_sent = isinstance(failure, httpx.ConnectError)
        if transaction is not None or not (never_sent or replay_safe(method, path, json)):
            raise lost_request_error(method, path, tx_id, died) from failure
        try:
            return await self._send(engine, method, path, json, tx_id)
        except httpx.TransportError as exc:
            raise EngineConnectionError(f"the restarted query engine failed too: {exc!r}") from exc

    async def _send(self, engine: _AsyncEngine, method: str, path: str, body: Any, tx_id: str | None) -> dict[str, Any]:
        headers = request_headers(tx_id)
        content = json_body.dumps(body) if body is not None else None
        status, answer = await engine.client.request(method, path, content, headers)
        if status != 200:  # a failed commit or rollback ends the transaction too
            _track(engine.transactions, path, tx_id, {})
        return _track(engine.transactions, path, tx_id, decode_response(status, answer))

    async def _has_died(self, engine: _AsyncEngine) -> bool:
        # A killed engine's connections fail before its exit status is collected: allow a moment.
        with anyio.move_on_after(2):
            await _wait(engine.process)
        return engine.process.poll() is not None

    async def _restart(self, engine: _AsyncEngine, failure: Exception | None = None) -> _AsyncEngine:
        async with self._restart_lock:
            current = self._engine
            if current is None:
                raise NotConnectedError()
            if current is not engine:
                return current  # another request already restarted it
            log.warning(
                "the query engine (pid %d) exited with status %s; restarting it",
                engine.process.pid,
                engine.process.returncode,
            )
            self._engine = None
            self._lost_transactions |= engine.transactions
            with anyio.CancelScope(shield=True):
                await self._stop(engine, 0)
            try:
                self._engine = await self._spawn()
            except EngineConnectionError as exc:
                raise EngineConnectionError(f"the query engine died and could not be restarted: {exc}") from (
                    failure or exc
                )
            return self._engine

    async def _spawn(self) -> _AsyncEngine:
        launch = _Launch.prepare(self.config)
        try:
            with launch.open_stderr() as stderr:
                process = subprocess.Popen(
                    launch.argv,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=stderr,
                    env=launch.env,
                    start_new_session=os.name == "posix",
                )
        except OSError as exc:
            launch.remove_directory()
            raise EngineConnectionError(f"the query engine could not be started: {exc}") from exc
        finalizer = weakref.finalize(self, _stop_popen, process, launch, self.stop_timeout)
        client: AsyncConnections | None = None
        try:
            with anyio.fail_after(self._connect_timeout):
                url = await self._read_ready(process, launch)
                client = async_connections(url, launch.token, self.http_options)
                await self._wait_status(client, process, launch)
        except BaseException as exc:
            if client is not None:
                await client.aclose()
            with anyio.CancelScope(shield=True):
                await self._kill(process)
            finalizer.detach()
            error = (
                launch.failure(f"it did not become ready within {self._connect_timeout} s")
                if isinstance(exc, TimeoutError)
                else exc
            )
            launch.remove_directory()
            if error is exc:
                raise
            raise error from None
        return _AsyncEngine(launch, process, client, finalizer, url)

    async def _read_ready(self, process: subprocess.Popen[bytes], launch: _Launch) -> str:
        assert process.stdout is not None
        # A blocking read in a worker thread; when the connect times out the engine is killed,
        # which ends the read.
        line = await anyio.to_thread.run_sync(process.stdout.readline, abandon_on_cancel=True)
        process.stdout.close()
        if not line.endswith(b"\n"):
            code = await _wait(process)
            raise launch.failure(f"it exited with status {code} before it was ready")
        try:
            return _parse_ready(line.rstrip(b"\n"))
        except ValueError as exc:
            raise launch.failure(str(exc)) from None

    async def _wait_status(self, client: AsyncConnections, process: subprocess.Popen[bytes], launch: _Launch) -> None:
        while True:
            try:
                status, answer = await client.request("GET", "/status", None)
                if status == 200:
                    return
                raise launch.failure(f"GET /status answered {status}: {answer.decode('utf-8', 'replace')}")
            except httpx.TransportError:
                if process.poll() is not None:
                    raise launch.failure(f"it exited with status {process.returncode}") from None
                await anyio.sleep(0.01)

    async def _kill(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        await _wait(process)
        _close_pipes(process)

    async def _stop(self, engine: _AsyncEngine, timeout: float) -> None:
        engine.finalizer.detach()
        await engine.client.aclose()
        process = engine.process
        if process.poll() is None and timeout > 0:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(_interrupt_signal())
            _close_pipes(process)  # stdin EOF: the engine's other way of knowing it must stop
            with anyio.move_on_after(timeout):
                await _wait(process)
        await self._kill(process)
        engine.launch.remove_directory()


async def _wait(process: subprocess.Popen[bytes]) -> int:
    """The exit status, polled without blocking the event loop."""
    while (code := process.poll()) is None:
        await anyio.sleep(0.01)
    return code


def _close_pipes(process: subprocess.Popen[bytes]) -> None:
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()


# --- sync ----------------------------------------------------------------------------------------


@dataclass
class _SyncEngine:
    launch: _Launch
    process: subprocess.Popen[bytes]
    client: SyncConnections
    finalizer: weakref.finalize[Any, Any]
    url: str
    # Interactive transactions open on this engine: they die with it.
    transactions: set[str] = field(default_factory=set)


class SyncHTTPTransport(SyncTransport):
    """The blocking twin of :class:`AsyncHTTPTransport` (``subprocess.Popen``, sockets or ``httpx.Client``)."""

    def __init__(
        self,
        config: EngineConfig,
        *,
        http_options: Mapping[str, Any] | None = None,
        stop_timeout: float = DEFAULT_STOP_TIMEOUT,
    ) -> None:
        self.config = config
        self.http_options = dict(http_options or {})
        self.stop_timeout = stop_timeout
        self._engine: _SyncEngine | None = None
        self._connect_timeout = DEFAULT_CONNECT_TIMEOUT
        self._restart_lock = threading.Lock()
        self._lost_transactions: set[str] = set()

    @property
    def is_connected(self) -> bool:
        return self._engine is not None

    @property
    def pid(self) -> int | None:
        return self._engine.process.pid if self._engine is not None else None

    @property
    def url(self) -> str | None:
        return self._engine.url if self._engine is not None else None

    def connect(self, timeout: float | None = None) -> None:
        if self._engine is not None:
            raise AlreadyConnectedError()
        if timeout is not None:
            self._connect_timeout = timeout
        self._engine = self._spawn()

    def close(self, timeout: float | None = None) -> None:
        engine, self._engine = self._engine, None
        if engine is not None:
            self._stop(engine, self.stop_timeout if timeout is None else timeout)

    def request(self, method: str, path: str, json: Any = None, tx_id: str | None = None) -> dict[str, Any]:
        engine = self._engine
        if engine is None:
            raise NotConnectedError()
        if engine.process.poll() is not None:
            engine = self._restart(engine)
        transaction = transaction_of(path, tx_id)
        if transaction is not None and transaction in self._lost_transactions:
            raise lost_request_error(method, path, tx_id, "the query engine died")
        try:
            return self._send(engine, method, path, json, tx_id)
        except httpx.TimeoutException as exc:
            raise EngineConnectionError(f"the query engine did not answer in time: {exc!r}") from exc
        except httpx.TransportError as exc:
            if not self._has_died(engine):
                raise EngineConnectionError(f"lost the connection to the query engine: {exc!r}") from exc
            failure: httpx.TransportError = exc
        died = _died(engine.process)
        engine = self._restart(engine, failure)
        never_sent = isinstance(failure, httpx.ConnectError)
        if transaction is not None or not (never_sent or replay_safe(method, path, json)):
            raise lost_request_error(method, path, tx_id, died) from failure
        try:
            return self._send(engine, method, path, json, tx_id)
        except httpx.TransportError as exc:
            raise EngineConnectionError(f"the restarted query engine failed too: {exc!r}") from exc

    def _send(self, engine: _SyncEngine, method: str, path: str, body: Any, tx_id: str | None) -> dict[str, Any]:
        headers = request_headers(tx_id)
        content = json_body.dumps(body) if body is not None else None
        status, answer = engine.client.request(method, path, content, headers)
        if status != 200:  # a failed commit or rollback ends the transaction too
            _track(engine.transactions, path, tx_id, {})
        return _track(engine.transactions, path, tx_id, decode_response(status, answer))

    def _has_died(self, engine: _SyncEngine) -> bool:
        try:
            engine.process.wait(2)
        except subprocess.TimeoutExpired:
            return False
        return True

    def _restart(self, engine: _SyncEngine, failure: Exception | None = None) -> _SyncEngine:
        with self._restart_lock:
            current = self._engine
            if current is None:
                raise NotConnectedError()
            if current is not engine:
                return current
            log.warning(
                "the query engine (pid %d) exited with status %s; restarting it",
                engine.process.pid,
                engine.process.returncode,
            )
            self._engine = None
            self._lost_transactions |= engine.transactions
            self._stop(engine, 0)
            try:
                self._engine = self._spawn()
            except EngineConnectionError as exc:
                raise EngineConnectionError(f"the query engine died and could not be restarted: {exc}") from (
                    failure or exc
                )
            return self._engine

    def _spawn(self) -> _SyncEngine:
        launch = _Launch.prepare(self.config)
        try:
            with launch.open_stderr() as stderr:
                process = subprocess.Popen(
                    launch.argv,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=stderr,
                    env=launch.env,
                    start_new_session=os.name == "posix",
                )
        except OSError as exc:
            launch.remove_directory()
            raise EngineConnectionError(f"the query engine could not be started: {exc}") from exc
        finalizer = weakref.finalize(self, _stop_popen, process, launch, self.stop_timeout)
        client: SyncConnections | None = None
        deadline = time.monotonic() + self._connect_timeout
        try:
            url = self._read_ready(process, launch, deadline)
            client = sync_connections(url, launch.token, self.http_options)
            self._wait_status(client, process, launch, deadline)
        except BaseException:
            if client is not None:
                client.close()
            finalizer.detach()
            _stop_popen(process, launch, 0)
            raise
        return _SyncEngine(launch, process, client, finalizer, url)

    def _read_ready(self, process: subprocess.Popen[bytes], launch: _Launch, deadline: float) -> str:
        assert process.stdout is not None
        stdout = process.stdout
        # A thread, because pipes cannot be read with a timeout portably.
        lines: queue.Queue[bytes] = queue.Queue(maxsize=1)
        threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise launch.failure(f"it did not become ready within {self._connect_timeout} s") from None
        if not line.endswith(b"\n"):
            code = process.wait()
            raise launch.failure(f"it exited with status {code} before it was ready")
        stdout.close()
        try:
            return _parse_ready(line)
        except ValueError as exc:
            raise launch.failure(str(exc)) from None

    def _wait_status(
        self, client: SyncConnections, process: subprocess.Popen[bytes], launch: _Launch, deadline: float
    ) -> None:
        while True:
            try:
                status, answer = client.request("GET", "/status", None)
                if status == 200:
                    return
                raise launch.failure(f"GET /status answered {status}: {answer.decode('utf-8', 'replace')}")
            except httpx.TransportError:
                if process.poll() is not None:
                    raise launch.failure(f"it exited with status {process.returncode}") from None
                if time.monotonic() > deadline:
                    raise launch.failure(f"it did not become ready within {self._connect_timeout} s") from None
                time.sleep(0.01)

    def _stop(self, engine: _SyncEngine, timeout: float) -> None:
        engine.finalizer.detach()
        engine.client.close()
        _stop_popen(engine.process, engine.launch, timeout)
