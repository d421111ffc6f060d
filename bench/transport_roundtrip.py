"""Round trip of one small JSON request to the engine, per transport (median, p10 and CPU, in µs).

    python -m bench.transport_roundtrip [-n 3000]

Against a real engine process (the echo core of tests/transports) on a Unix socket:

* `socket echo (floor)`: a raw AnyIO stream to a process that only echoes bytes back: the cost of
  the two process wake-ups and the kernel, no HTTP, no engine;
* `raw AnyIO HTTP/1.1`: the same stream sending prepared request bytes to the engine: the engine's
  side of the hop plus the floor;
* `httpx.AsyncClient (httpx transport)`: httpx's client as it comes, on the same socket;
* `AsyncHTTPTransport`, `SyncHTTPTransport`: the transports as shipped (lean connections), and
  with `http_options` (which go through httpx's clients);
* the embedded transports, which make no hop.

`cpu` is the CPU time per call of both processes (ours and the engine's), a figure the machine's
load inflates far less than wall-clock time. Figures and the decision they support:
`docs/decisions/http-hop.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import anyio
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "transports"))

from engine_testing import echo_config, query, start_engine, stop_engine  # noqa: E402

from prisma_dynamic.transports import (  # noqa: E402
    AsyncEmbeddedTransport,
    AsyncHTTPTransport,
    SyncEmbeddedTransport,
    SyncHTTPTransport,
)

BODY = query("echo", where={"id": 1})
TOKEN = "bench-token"


ECHO_SERVER = """
import socket, sys
listener = socket.socket(socket.AF_UNIX)
listener.bind(sys.argv[1])
listener.listen()
print("ready", flush=True)
connection, _ = listener.accept()
while data := connection.recv(65536):
    connection.sendall(data)
"""


def cpu_seconds(pid: int | None) -> float:
    """CPU seconds used by this process and, when given, another one (Linux's /proc)."""
    total = time.process_time()
    if pid is not None:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rpartition(")")[2].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def report(name: str, samples: list[float], cpu: float) -> None:
    samples.sort()
    median = statistics.median(samples) * 1e6
    p10 = samples[len(samples) // 10] * 1e6
    print(f"{name:<40} median {median:7.0f}   p10 {p10:7.0f}   cpu {cpu / len(samples) * 1e6:7.0f}")


async def timed(n: int, call: Callable[[], Awaitable[object]]) -> list[float]:
    for _ in range(min(200, n)):
        await call()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - start)
    return samples


def timed_sync(n: int, call: Callable[[], object]) -> list[float]:
    for _ in range(min(200, n)):
        call()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


async def measure(name: str, n: int, pid: int | None, call: Callable[[], Awaitable[object]]) -> None:
    cpu = cpu_seconds(pid)
    samples = await timed(n, call)
    report(name, samples, cpu_seconds(pid) - cpu)


def measure_sync(name: str, n: int, pid: int | None, call: Callable[[], object]) -> None:
    cpu = cpu_seconds(pid)
    samples = timed_sync(n, call)
    report(name, samples, cpu_seconds(pid) - cpu)


async def main(n: int) -> None:
    tmp = Path(tempfile.mkdtemp())
    echo_path = str(tmp / "echo.sock")
    echo = subprocess.Popen([sys.executable, "-c", ECHO_SERVER, echo_path], stdout=subprocess.PIPE)
    assert echo.stdout is not None
    echo.stdout.readline()
    process, ready = start_engine(tmp, token=TOKEN)
    path = ready["url"].removeprefix("unix:")
    headers = {"authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    content = json.dumps(BODY).encode()
    raw = (
        b"POST / HTTP/1.1\r\nhost: engine\r\nauthorization: Bearer "
        + TOKEN.encode()
        + b"\r\ncontent-type: application/json\r\ncontent-length: "
        + str(len(content)).encode()
        + b"\r\n\r\n"
        + content
    )
    try:
        stream = await anyio.connect_unix(echo_path)

        async def echo_call() -> None:
            await stream.send(raw)
            received = 0
            while received < len(raw):
                received += len(await stream.receive())

        await measure("socket echo (floor)", n, echo.pid, echo_call)
        await stream.aclose()

        stream = await anyio.connect_unix(path)

        async def raw_call() -> None:
            await stream.send(raw)
            data = b""
            while b"\r\n\r\n" not in data:
                data += await stream.receive()
            head, _, rest = data.partition(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
            while len(rest) < length:
                rest += await stream.receive()

        await measure("raw AnyIO HTTP/1.1", n, process.pid, raw_call)
        await stream.aclose()

        async with httpx.AsyncClient(
            transport=httpx.AsyncHTTPTransport(uds=path), base_url="http://engine", headers=headers
        ) as client:

            async def httpx_call() -> None:
                (await client.post("/", content=content)).json()

            await measure("httpx.AsyncClient (httpx transport)", n, process.pid, httpx_call)
    finally:
        stop_engine(process)
        echo.kill()
        echo.wait()

    for name, options in (("AsyncHTTPTransport", {}), ("AsyncHTTPTransport, http_options", {"http2": False})):
        async with AsyncHTTPTransport(echo_config(tmp), http_options=options) as shipped:
            await measure(name, n, shipped.pid, lambda: shipped.request("POST", "/", BODY))
    for name, options in (("SyncHTTPTransport", {}), ("SyncHTTPTransport, http_options", {"http2": False})):
        with SyncHTTPTransport(echo_config(tmp), http_options=options) as sync_shipped:
            measure_sync(name, n, sync_shipped.pid, lambda: sync_shipped.request("POST", "/", BODY))
    async with AsyncEmbeddedTransport(echo_config(tmp)) as embedded:
        await measure("AsyncEmbeddedTransport", n, None, lambda: embedded.request("POST", "/", BODY))
    with SyncEmbeddedTransport(echo_config(tmp)) as sync_embedded:
        measure_sync("SyncEmbeddedTransport (portal thread)", n, None, lambda: sync_embedded.request("POST", "/", BODY))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=3000)
    anyio.run(main, parser.parse_args().n)
