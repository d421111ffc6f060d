"""The engine as a real process: auth, socket permissions, supervision, restart and clean exits."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from engine_testing import (
    HERE,
    echo_config,
    engine_env,
    process_gone,
    query,
    reap,
    start_engine,
    stop_engine,
    wait_gone,
)

from prisma_dynamic import errors
from prisma_dynamic.transports import AsyncHTTPTransport, SyncHTTPTransport

posix_only = pytest.mark.skipif(os.name != "posix", reason="Unix sockets and signals")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def uds_client(url: str, token: str | None) -> httpx.Client:
    headers = {"authorization": f"Bearer {token}"} if token is not None else {}
    if url.startswith("unix:"):
        return httpx.Client(
            transport=httpx.HTTPTransport(uds=url.removeprefix("unix:")), base_url="http://engine", headers=headers
        )
    return httpx.Client(base_url=url, headers=headers)


# --- the process contract -------------------------------------------------------------------------


@posix_only
def test_ready_line_socket_mode_and_token(tmp_path: Path) -> None:
    process, ready = start_engine(tmp_path, token="s3cret")
    try:
        assert ready["ready"] is True
        assert ready["pid"] == process.pid
        assert "token" not in ready
        url = ready["url"]
        assert url.startswith("unix:")
        socket_path = url.removeprefix("unix:")
        assert stat.S_ISSOCK(os.stat(socket_path).st_mode)
        assert stat.S_IMODE(os.stat(socket_path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(os.path.dirname(socket_path)).st_mode) == 0o700
        with uds_client(url, None) as anonymous:
            refused = anonymous.get("/status")
            assert refused.status_code == 401
            assert anonymous.post("/", json=query("echo")).status_code == 401
        with uds_client(url, "wrong") as wrong:
            assert wrong.get("/status").status_code == 401
        with uds_client(url, "s3cret") as client:
            assert client.get("/status").json()["status"] == "ok"
            # the same keep-alive connection keeps working after a refusal
            assert client.post("/", json=query("echo")).json()["data"]["modelName"] == "Echo"
    finally:
        assert stop_engine(process) == 0
    assert not os.path.exists(socket_path)
    assert not os.path.exists(os.path.dirname(socket_path))


def test_tcp_listener_and_generated_token(tmp_path: Path) -> None:
    process, ready = start_engine(tmp_path, "--listen", "127.0.0.1:0", token="")
    try:
        assert ready["url"].startswith("http://127.0.0.1:")
        assert not ready["url"].endswith(":0")
        token = ready["token"]
        with uds_client(ready["url"], None) as anonymous:
            assert anonymous.get("/status").status_code == 401
        with uds_client(ready["url"], token) as client:
            assert client.get("/status").json()["status"] == "ok"
    finally:
        assert stop_engine(process) == 0


@posix_only
def test_given_socket_path(tmp_path: Path) -> None:
    path = tmp_path / "e.sock"
    process, ready = start_engine(tmp_path, "--listen", str(path))
    try:
        assert ready["url"] == f"unix:{path}"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        stop_engine(process)
    assert not path.exists()


@posix_only
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_engine_exits_cleanly_on_signals(tmp_path: Path, sig: signal.Signals) -> None:
    process, ready = start_engine(tmp_path)
    process.send_signal(sig)
    assert process.wait(10) == 0
    assert not os.path.exists(ready["url"].removeprefix("unix:"))
    stop_engine(process)


def test_engine_exits_on_stdin_eof(tmp_path: Path) -> None:
    process, _ = start_engine(tmp_path)
    assert process.stdin is not None
    process.stdin.close()
    assert process.wait(10) == 0
    stop_engine(process)


def test_engine_start_failures_are_reported_on_stderr(tmp_path: Path) -> None:
    for core, text in (
        ("echo_core:broken_core", "broken on purpose"),
        ("echo_core:missing", "has no callable 'missing'"),
        ("no_such_module:build_core", "cannot import engine core factory"),
        ("not-a-spec", "must be written 'module:function'"),
    ):
        with pytest.raises(AssertionError, match=text):
            start_engine(tmp_path, core=core)


def test_listening_failures_are_one_line(tmp_path: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    missing = str(tmp_path / "missing.pem")
    try:
        for options, text in (
            (["--listen", f"127.0.0.1:{taken.getsockname()[1]}"], "cannot listen on 127.0.0.1:"),
            (["--listen", str(tmp_path / "no-such-dir" / "e.sock")], "cannot listen on "),
            (["--listen", str(tmp_path / "e.sock"), "--tls-cert", missing], "--tls-cert needs --listen HOST:PORT"),
            (["--tls-cert", missing], "--tls-cert needs --listen HOST:PORT"),
            (["--listen", "127.0.0.1:0", "--tls-cert", missing], "cannot use the TLS certificate"),
            (["--listen", "127.0.0.1:0", "--tls-key", missing], "--tls-key needs --tls-cert"),
        ):
            with pytest.raises(AssertionError, match=text) as caught:
                start_engine(tmp_path, *options)
            assert str(caught.value).strip().count("\n") == 0, caught.value  # one line, no traceback
    finally:
        taken.close()


def test_a_listen_address_that_is_neither_is_refused_by_the_parser(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="is neither HOST:PORT nor the path of a Unix socket"):
        start_engine(tmp_path, "--listen", "engine.sock")


def test_default_core_factory_is_resolved_lazily(tmp_path: Path) -> None:
    from prisma_dynamic.engine import process

    assert process.DEFAULT_CORE_FACTORY == "prisma_dynamic.engine.runtime:build_core"
    factory = process.load_core_factory("echo_core:build_core")
    core = factory(process.build_parser().parse_args(["--schema", "x.prisma"]))
    assert core.__class__.__name__ == "EchoCore"


def test_cli_registers_engine_command(tmp_path: Path) -> None:
    from prisma_dynamic.cli import engine as cli_engine
    from prisma_dynamic.engine import process

    parser = argparse.ArgumentParser()
    cli_engine.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["engine", "--schema", "s.prisma", "--listen", "[::]:0", "--datasource-url", "file:x.db"])
    assert args.func is cli_engine.run
    assert (args.schema, args.listen, args.datasource_url) == ("s.prisma", process.ListenAddress("::", 0), "file:x.db")


# --- supervision by the HTTP transports ------------------------------------------------------------


@pytest.mark.anyio
async def test_async_transport_socket_mode_and_close(tmp_path: Path) -> None:
    transport = AsyncHTTPTransport(echo_config(tmp_path))
    await transport.connect()
    pid = transport.pid
    assert pid is not None and transport.url is not None
    if transport.url.startswith("unix:"):
        socket_path = transport.url.removeprefix("unix:")
        assert stat.S_IMODE(os.stat(socket_path).st_mode) == 0o600
        with uds_client(transport.url, None) as anonymous:
            assert anonymous.get("/status").status_code == 401
    await transport.close()
    assert wait_gone(pid)
    assert transport.pid is None


def test_sync_transport_close(tmp_path: Path) -> None:
    transport = SyncHTTPTransport(echo_config(tmp_path))
    transport.connect()
    pid = transport.pid
    assert pid is not None and transport.url is not None
    directory = os.path.dirname(transport.url.removeprefix("unix:"))
    transport.close()
    assert wait_gone(pid)
    assert not os.path.exists(directory)


def test_tcp_transport(tmp_path: Path) -> None:
    with SyncHTTPTransport(echo_config(tmp_path, use_tcp=True)) as transport:
        assert transport.url is not None and transport.url.startswith("http://127.0.0.1:")
        assert transport.request("POST", "/", query("echo"))["data"]["tx"] is None
        with uds_client(transport.url, None) as anonymous:
            assert anonymous.get("/status").status_code == 401
        pid = transport.pid
    assert pid is not None and wait_gone(pid)


@posix_only
@pytest.mark.parametrize(("loop", "use_tcp"), [("asyncio", False), ("uvloop", False), ("asyncio", True)])
def test_async_transport_outlives_an_event_loop(tmp_path: Path, loop: str, use_tcp: bool) -> None:
    # A client connected under one asyncio.run and used under the next (a script's steps, a test
    # suite's per-test loops): its kept-alive connections move to the new loop.
    transport = AsyncHTTPTransport(echo_config(tmp_path, use_tcp=use_tcp))
    if loop == "uvloop":
        import uvloop

        run: Any = uvloop.run
    else:
        run = asyncio.run

    async def first() -> int | None:
        await transport.connect()
        assert await transport.request("POST", "/", query("pid")) == {"data": transport.pid}
        return transport.pid

    async def second() -> None:
        for _ in range(3):  # the same engine: the idle connection was not mistaken for a dead one
            assert await transport.request("POST", "/", query("pid")) == {"data": pid}
        await transport.close()

    pid = run(first())
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        run(second())
    assert pid is not None and wait_gone(pid)


@posix_only
@pytest.mark.anyio
async def test_async_transport_restarts_a_killed_engine(tmp_path: Path) -> None:
    async with AsyncHTTPTransport(echo_config(tmp_path)) as transport:
        first = transport.pid
        assert first is not None
        assert await transport.request("POST", "/", query("pid")) == {"data": first}
        os.kill(first, signal.SIGKILL)
        # gone before the next request, which is therefore new to the restarted engine (a request
        # that reached a dying engine is sent again only when it is safe to repeat: test_crash_safety)
        reap(transport)
        second = (await transport.request("POST", "/", query("pid")))["data"]
        assert second != first and second == transport.pid
        # killed while idle, noticed only by the next request after the process was reaped
        os.kill(second, signal.SIGKILL)
        await anyio.sleep(0.2)
        third = (await transport.request("GET", "/status"), transport.pid)[1]
        assert third not in (first, second)
        # concurrent requests share one restart
        assert third is not None
        os.kill(third, signal.SIGKILL)
        # gone before the next request, which is therefore new to the restarted engine (a request
        # that reached a dying engine is sent again only when it is safe to repeat: test_crash_safety)
        reap(transport)
        results: list[int] = []

        async def ask() -> None:
            results.append((await transport.request("POST", "/", query("pid")))["data"])

        async with anyio.create_task_group() as group:
            for _ in range(5):
                group.start_soon(ask)
        assert len(set(results)) == 1 and results[0] == transport.pid
    assert transport.pid is None
    assert wait_gone(results[0])


@posix_only
def test_sync_transport_restarts_a_killed_engine(tmp_path: Path) -> None:
    with SyncHTTPTransport(echo_config(tmp_path)) as transport:
        first = transport.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        # gone before the next request, which is therefore new to the restarted engine (a request
        # that reached a dying engine is sent again only when it is safe to repeat: test_crash_safety)
        reap(transport)
        second = transport.request("POST", "/", query("pid"))["data"]
        assert second != first and second == transport.pid
    assert wait_gone(second)


@posix_only
@pytest.mark.anyio
async def test_failed_restart_raises_engine_connection_error(tmp_path: Path) -> None:
    flag = tmp_path / "fail-next-start"
    transport = AsyncHTTPTransport(echo_config(tmp_path, env={"ECHO_CORE_FAIL_START": str(flag)}))
    await transport.connect()
    pid = transport.pid
    assert pid is not None
    flag.write_text("")
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(errors.EngineConnectionError, match="could not be restarted") as caught:
        await transport.request("GET", "/status")
    assert "refuses to start" in str(caught.value)  # the new engine's stderr
    assert not transport.is_connected
    with pytest.raises(errors.NotConnectedError):
        await transport.request("GET", "/status")
    await transport.close()


@pytest.mark.parametrize(
    ("core", "env", "text"),
    [
        ("echo_core:broken_core", {}, "echo core factory is broken on purpose"),
        ("no_such_module:build_core", {}, "cannot import engine core factory"),
        ("echo_core:build_core", {"ECHO_CORE_FAIL_START": __file__}, "refuses to start"),
    ],
)
@pytest.mark.anyio
async def test_engine_that_cannot_start(tmp_path: Path, core: str, env: dict[str, str], text: str) -> None:
    config = echo_config(tmp_path, core=core, env=env)
    before = set(os.listdir(tmp_path))
    with pytest.raises(errors.EngineConnectionError, match="could not be started") as caught:
        await AsyncHTTPTransport(config).connect()
    # the engine's stderr: quoted whole, or as the one line it is
    assert text in str(caught.value)
    with pytest.raises(errors.EngineConnectionError) as caught_sync:
        SyncHTTPTransport(config).connect()
    assert text in str(caught_sync.value)
    assert set(os.listdir(tmp_path)) == before


@pytest.mark.anyio
async def test_engine_that_is_not_ready_in_time(tmp_path: Path) -> None:
    config = echo_config(tmp_path, core="echo_core:slow_core")
    transport = AsyncHTTPTransport(config)
    with pytest.raises(errors.EngineConnectionError, match="did not become ready within 1"):
        await transport.connect(timeout=1)
    sync = SyncHTTPTransport(config)
    with pytest.raises(errors.EngineConnectionError, match="did not become ready within 1"):
        sync.connect(timeout=1)
    assert not transport.is_connected and not sync.is_connected


# --- no engine outlives its client ------------------------------------------------------------------

_CLIENT_SCRIPT = """
import sys, time, anyio
sys.path.insert(0, {here!r})
from engine_testing import echo_config
from pathlib import Path
from prisma_dynamic.transports import AsyncHTTPTransport, SyncHTTPTransport

config = echo_config(Path({tmp!r}))
mode = sys.argv[1]
if mode == "sync":
    transport = SyncHTTPTransport(config)
    transport.connect()
    print(transport.pid, flush=True)
else:
    async def main():
        global transport
        transport = AsyncHTTPTransport(config)
        await transport.connect()
        print(transport.pid, flush=True)
    anyio.run(main)
if len(sys.argv) > 2:
    time.sleep(60)  # waits to be killed
"""


def run_client(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    script = tmp_path / "client.py"
    script.write_text(textwrap.dedent(_CLIENT_SCRIPT.format(here=str(HERE), tmp=str(tmp_path))))
    return subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, **engine_env()},
    )


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_no_engine_left_after_interpreter_exit(tmp_path: Path, mode: str) -> None:
    client = run_client(tmp_path, mode)
    out, _ = client.communicate(timeout=60)
    pid = int(out.split()[0])
    assert client.returncode == 0
    assert wait_gone(pid, 10)


@posix_only
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_no_engine_left_after_parent_sigkill(tmp_path: Path, mode: str) -> None:
    client = run_client(tmp_path, mode, "stay")
    assert client.stdout is not None
    try:
        pid = int(client.stdout.readline())
        assert not process_gone(pid)
    finally:
        client.kill()
        client.wait()
        client.stdout.close()
    # nothing stopped it but the EOF on its stdin
    assert wait_gone(pid, 10)


def test_ready_line_is_json(tmp_path: Path) -> None:
    process, ready = start_engine(tmp_path)
    stop_engine(process)
    assert json.loads(json.dumps(ready)) == ready


@posix_only
@pytest.mark.parametrize(
    ("use_tcp", "http_options"),
    [(True, {}), (False, {"limits": httpx.Limits(max_connections=4)}), (True, {"http1": True})],
    ids=["stream-tcp", "httpx-pool-uds", "stream-tcp-http1"],
)
@pytest.mark.anyio
async def test_async_transport_variants(tmp_path: Path, use_tcp: bool, http_options: dict[str, object]) -> None:
    config = echo_config(tmp_path, use_tcp=use_tcp)
    async with AsyncHTTPTransport(config, http_options=http_options) as transport:
        assert transport.url is not None and transport.url.startswith("http://" if use_tcp else "unix:")
        first = transport.pid
        assert first is not None
        results = []

        async def ask() -> None:
            results.append((await transport.request("POST", "/", query("echo", n=1)))["data"]["arguments"])

        async with anyio.create_task_group() as group:
            for _ in range(10):
                group.start_soon(ask)
        assert results == [{"n": 1}] * 10
        os.kill(first, signal.SIGKILL)
        # gone before the next request, which is therefore new to the restarted engine (a request
        # that reached a dying engine is sent again only when it is safe to repeat: test_crash_safety)
        reap(transport)
        assert (await transport.request("POST", "/", query("pid")))["data"] == transport.pid != first
    assert wait_gone(first)
