"""Round trip of one small JSON request to the engine, per transport (median and p90 in microseconds).

    python bench/transport_roundtrip.py [-n 3000]

Measures, against a real engine process (echo core from tests/transports) on a Unix socket:
raw anyio stream (floor), httpx.AsyncClient over httpx's own transport, httpx.AsyncClient over our
AsyncStreamTransport, the AsyncHTTPTransport as shipped, httpx.Client (sync), and the embedded
transports (no HTTP).

Measured on the development machine (2 CPUs, Python 3.11, n=2000, medians): raw stream 320 us,
httpx transport 1321 us, AsyncStreamTransport 721 us, AsyncHTTPTransport as shipped (stream
transport) 731 us, sync httpx.Client 894 us, SyncEmbeddedTransport 267 us, AsyncEmbeddedTransport
1 us. Hence AsyncHTTPTransport uses AsyncStreamTransport unless http_options ask for httpx's pool.
"""

from __future__ import annotations

import argparse
import json
import statistics
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
)
from prisma_dynamic.transports._stream import AsyncStreamTransport  # noqa: E402

BODY = query("echo", where={"id": 1})
TOKEN = "bench-token"


def report(name: str, samples: list[float]) -> None:
    samples.sort()
    median = statistics.median(samples) * 1e6
    p90 = samples[int(len(samples) * 0.9)] * 1e6
    print(f"{name:<44} median {median:8.0f} us   p90 {p90:8.0f} us")


async def timed(n: int, call: Callable[[], Awaitable[object]]) -> list[float]:
    for _ in range(min(200, n)):
        await call()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - start)
    return samples


async def main(n: int) -> None:
    tmp = Path(tempfile.mkdtemp())
    process, ready = start_engine(tmp, token=TOKEN)
    path = ready["url"].removeprefix("unix:")
    headers = {"authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    content = json.dumps(BODY).encode()
    try:
        stream = await anyio.connect_unix(path)
        raw = (
            b"POST / HTTP/1.1\r\nhost: engine\r\nauthorization: Bearer "
            + TOKEN.encode()
            + b"\r\ncontent-type: application/json\r\ncontent-length: "
            + str(len(content)).encode()
            + b"\r\n\r\n"
            + content
        )

        async def raw_call() -> None:
            await stream.send(raw)
            data = b""
            while b"\r\n\r\n" not in data:
                data += await stream.receive()
            head, _, rest = data.partition(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
            while len(rest) < length:
                rest += await stream.receive()

        report("raw anyio stream (floor)", await timed(n, raw_call))
        await stream.aclose()

        for name, transport in (
            ("httpx.AsyncClient, httpx transport", httpx.AsyncHTTPTransport(uds=path)),
            ("httpx.AsyncClient, AsyncStreamTransport", AsyncStreamTransport(uds=path)),
        ):
            async with httpx.AsyncClient(transport=transport, base_url="http://engine", headers=headers) as client:

                async def httpx_call(client: httpx.AsyncClient = client) -> None:
                    (await client.post("/", content=content)).json()

                report(name, await timed(n, httpx_call))

        with httpx.Client(
            transport=httpx.HTTPTransport(uds=path), base_url="http://engine", headers=headers
        ) as sync_client:
            samples = []
            for _ in range(n):
                start = time.perf_counter()
                sync_client.post("/", content=content).json()
                samples.append(time.perf_counter() - start)
            report("httpx.Client (sync), httpx transport", samples)
    finally:
        stop_engine(process)

    async with AsyncHTTPTransport(echo_config(tmp)) as shipped:
        report("AsyncHTTPTransport (as shipped)", await timed(n, lambda: shipped.request("POST", "/", BODY)))
    async with AsyncEmbeddedTransport(echo_config(tmp)) as embedded:
        report("AsyncEmbeddedTransport", await timed(n, lambda: embedded.request("POST", "/", BODY)))
    with SyncEmbeddedTransport(echo_config(tmp)) as sync_embedded:
        samples = []
        for _ in range(n):
            start = time.perf_counter()
            sync_embedded.request("POST", "/", BODY)
            samples.append(time.perf_counter() - start)
        report("SyncEmbeddedTransport (portal thread)", samples)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=3000)
    anyio.run(main, parser.parse_args().n)
