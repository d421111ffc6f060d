"""Malformed but authenticated requests to the real engine process get a 4xx with Prisma's error
shape, never a 500 with a Python exception, and the engine keeps serving."""

from __future__ import annotations

import functools
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest

from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema

TOKEN = "requests-test-token"
LIMIT = 1_000_000
SCHEMA = """
datasource db {{
  provider = "sqlite"
  url      = "file:{file}"
}}

model Item {{
  id   Int     @id @default(autoincrement())
  name String
  big  BigInt?
  data Json?
}}
"""


_socket_path: list[str] = []  # where the module's engine listens, for the raw-socket tests


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    folder = tmp_path_factory.mktemp("engine-requests")
    schema_path = folder / "schema.prisma"
    schema_path.write_text(SCHEMA.format(file=folder / "requests.db"))
    anyio.run(functools.partial(push, load_schema(schema_path), f"file:{folder / 'requests.db'}"))
    env = {**os.environ, "PRISMA_DYNAMIC_ENGINE_TOKEN": TOKEN}
    env.pop("PRISMA_DYNAMIC_ENGINE_CORE", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prisma_dynamic.engine",
            "--schema",
            str(schema_path),
            "--max-request-bytes",
            str(LIMIT),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert process.stdout is not None
    url = json.loads(process.stdout.readline())["url"]
    _socket_path[:] = [url.removeprefix("unix:")]
    transport = httpx.HTTPTransport(uds=url.removeprefix("unix:"))
    client = httpx.Client(
        transport=transport, base_url="http://engine", headers={"authorization": f"Bearer {TOKEN}"}, timeout=30
    )
    try:
        yield client
    finally:
        client.close()
        assert process.stdin is not None
        process.stdin.close()
        process.wait(10)


def query(action: str, model: str | None = "Item", **query: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"action": action, "query": query}
    if model is not None:
        body["modelName"] = model
    return body


def deep_where(depth: int) -> dict[str, Any]:
    where: dict[str, Any] = {"id": 1}
    for _ in range(depth):
        where = {"NOT": where}
    return where


MALFORMED: list[tuple[str, str, Any]] = [
    ("not json", "/", b"this is not json"),
    ("a list", "/", b"[1, 2]"),
    ("JSON nested 100k deep", "/", b"[" * 100_000 + b"]" * 100_000),
    ("NaN", "/", b'{"modelName":"Item","action":"findMany","query":{"arguments":{"take":NaN}}}'),
    ("no action", "/", {"modelName": "Item"}),
    ("unknown model", "/", query("findMany", "Nope")),
    ("unknown action", "/", query("noSuchAction")),
    ("query a list", "/", {"modelName": "Item", "action": "findMany", "query": [1]}),
    ("arguments a list", "/", query("findMany", arguments=[], selection=5)),
    ("selection a number", "/", query("findMany", selection=5)),
    ("where a number", "/", query("findMany", arguments={"where": 5})),
    ("in a number", "/", query("findMany", arguments={"where": {"id": {"in": 5}}})),
    ("orderBy a string", "/", query("findMany", arguments={"orderBy": "x"})),
    ("take 2**63", "/", query("findMany", arguments={"take": 2**63})),
    ("skip -2**64", "/", query("findMany", arguments={"skip": -(2**64)})),
    ("BigInt beyond 64 bits", "/", query("createOne", arguments={"data": {"name": "x", "big": 2**70}})),
    (
        "tagged BigInt beyond 64 bits",
        "/",
        query("createOne", arguments={"data": {"name": "x", "big": {"$type": "BigInt", "value": str(2**64)}}}),
    ),
    ("BigInt not a number", "/", query("createOne", arguments={"data": {"name": "x", "big": {"$type": "BigInt"}}})),
    ("data a list", "/", query("createOne", arguments={"data": []})),
    ("distinct of lists", "/", query("findMany", arguments={"distinct": [["id"]]})),
    ("cursor a number", "/", query("findMany", arguments={"cursor": 5})),
    ("where 300 deep", "/", query("findMany", arguments={"where": deep_where(300)})),
    ("where 60 deep", "/", query("findMany", arguments={"where": deep_where(60)})),
    ("aggregate count a number", "/", query("aggregate", selection={"_count": 5})),
    ("groupBy by a number", "/", query("groupBy", arguments={"by": 5})),
    ("batch a number", "/", {"batch": 5}),
    ("batch of numbers", "/", {"batch": [5]}),
    ("raw parameters not JSON", "/", query("queryRaw", None, arguments={"query": "SELECT 1", "parameters": "{"})),
    ("raw SQL broken", "/", query("executeRaw", None, arguments={"query": "SELEC", "parameters": "[]"})),
    ("transaction max_wait a string", "/transaction/start", {"max_wait": "x"}),
    ("transaction timeout 2**70", "/transaction/start", {"timeout": 2**70}),
    ("isolation level a number", "/transaction/start", {"isolation_level": 5}),
    ("isolation level unknown", "/transaction/start", {"isolation_level": "Sideways"}),
    ("commit unknown transaction", "/transaction/nope/commit", None),
    ("unknown route", "/nowhere", {}),
    ("too large", "/", b'{"pad": "' + b"x" * (LIMIT + 10) + b'"}'),
]


@pytest.mark.parametrize(("path", "body"), [(p, b) for _, p, b in MALFORMED], ids=[n for n, _, _ in MALFORMED])
def test_malformed_request_gets_a_4xx_and_the_engine_goes_on(engine: httpx.Client, path: str, body: Any) -> None:
    content = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
    response = engine.post(path, content=content, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500, response.text
    errors = response.json()["errors"]
    assert errors and isinstance(errors[0]["error"], str)
    assert "Traceback" not in response.text
    assert engine.get("/status").json()["status"] == "ok"


def test_wrong_or_missing_token_is_refused(engine: httpx.Client) -> None:
    for headers in ({"authorization": "Bearer wrong"}, {"authorization": ""}):
        response = engine.post("/", content=json.dumps(query("findMany")).encode(), headers=headers)
        assert response.status_code == 401
    assert engine.post("/", content=json.dumps(query("findMany")).encode()).status_code == 200


def test_transaction_header_of_an_unknown_transaction(engine: httpx.Client) -> None:
    response = engine.post(
        "/", content=json.dumps(query("findMany")).encode(), headers={"x-transaction-id": "no-such-transaction"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["user_facing_error"]["error_code"] == "P2028"


def test_errors_keep_prisma_codes(engine: httpx.Client) -> None:
    def code(body: Any) -> str:
        response = engine.post("/", content=json.dumps(body).encode())
        assert response.status_code == 400, response.text
        return str(response.json()["errors"][0]["user_facing_error"]["error_code"])

    assert code(query("findMany", arguments={"take": 2**63})) == "P2033"
    assert code(query("findMany", arguments={"where": deep_where(300)})) == "P2009"
    assert code(query("findMany", arguments={"where": deep_where(60)})) == "P2009"  # SQLite's parser limit


def test_request_at_the_size_limit_is_served(engine: httpx.Client) -> None:
    name = "x" * (LIMIT // 2)
    response = engine.post("/", content=json.dumps(query("findMany", arguments={"where": {"name": name}})).encode())
    assert response.status_code == 200, response.text[:300]


def _exchange(raw: bytes, until: bytes) -> bytes:
    """Send raw bytes on a fresh connection to the engine; what it answers, up to ``until``."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(30)
        sock.connect(_socket_path[0])
        sock.sendall(raw)
        received = b""
        while until not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        return received


def _post(body: bytes, *headers: bytes) -> bytes:
    head = b"".join(h + b"\r\n" for h in headers)
    return (
        b"POST / HTTP/1.1\r\nhost: engine\r\nauthorization: Bearer "
        + TOKEN.encode()
        + b"\r\n"
        + head
        + b"content-length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )


def test_pipelined_requests_are_answered_in_order(engine: httpx.Client) -> None:
    body = json.dumps(query("findMany", selection={"id": True})).encode()
    status = b"GET /status HTTP/1.1\r\nhost: engine\r\nauthorization: Bearer " + TOKEN.encode() + b"\r\n\r\n"
    answer = _exchange(_post(body) + _post(b"{") + status, b'"status":"ok"')
    assert re.findall(rb"HTTP/1\.1 (\d{3}) ", answer) == [b"200", b"422", b"200"], answer
    assert answer.index(b"findManyItem") < answer.index(b"not JSON") < answer.index(b'"status":"ok"')


def test_oversized_headers_are_refused_and_the_engine_goes_on(engine: httpx.Client) -> None:
    answer = _exchange(_post(b"{}", b"x-padding: " + b"x" * 70_000), b"\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 431 "), answer[:200]
    assert engine.get("/status").json()["status"] == "ok"


def test_expect_100_continue_is_answered_before_the_body(engine: httpx.Client) -> None:
    body = json.dumps(query("findMany", selection={"id": True})).encode()
    head = _post(body, b"expect: 100-continue")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(30)
        sock.connect(_socket_path[0])
        sock.sendall(head[: -len(body)])  # the head only, as curl does
        assert sock.recv(65536).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        sock.sendall(body)
        answer = b""
        while b"findManyItem" not in answer:
            answer += sock.recv(65536)
    assert b" 200 OK" in answer
