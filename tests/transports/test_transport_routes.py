"""Every engine route, over the four transports (HTTP and embedded, async and sync), with the echo core."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import pytest
from engine_testing import echo_config, query

from prisma_dynamic import errors
from prisma_dynamic.transports import (
    AsyncEmbeddedTransport,
    AsyncHTTPTransport,
    AsyncTransport,
    SyncEmbeddedTransport,
    SyncHTTPTransport,
    SyncTransport,
)

Request = Callable[..., Awaitable[dict[str, Any]]]

KINDS = ["async-http", "sync-http", "async-embedded", "sync-embedded"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def make(kind: str, tmp_path: Path) -> AsyncTransport | SyncTransport:
    config = echo_config(tmp_path)
    return {
        "async-http": AsyncHTTPTransport,
        "sync-http": SyncHTTPTransport,
        "async-embedded": AsyncEmbeddedTransport,
        "sync-embedded": SyncEmbeddedTransport,
    }[kind](config)


@pytest.fixture(params=KINDS)
async def request_(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Request]:
    """``await request_(method, path, json=None, tx_id=None)`` on a connected transport."""
    transport = make(request.param, tmp_path)
    if isinstance(transport, AsyncTransport):
        await transport.connect()
        try:
            yield transport.request
        finally:
            await transport.close()
    else:
        sync = transport
        # The sync twins are driven from a worker thread, as a sync app inside an event loop would.
        await anyio.to_thread.run_sync(sync.connect)

        async def call(method: str, path: str, json: Any = None, tx_id: str | None = None) -> dict[str, Any]:
            return await anyio.to_thread.run_sync(lambda: sync.request(method, path, json, tx_id))

        try:
            yield call
        finally:
            await anyio.to_thread.run_sync(sync.close)


pytestmark = pytest.mark.anyio


async def test_status_and_metrics(request_: Request) -> None:
    assert (await request_("GET", "/status"))["status"] == "ok"
    await request_("POST", "/", query("echo"))
    metrics = await request_("GET", "/metrics")
    assert metrics["counters"][0]["key"] == "echo_queries_total"
    assert metrics["counters"][0]["value"] == 1
    assert set(metrics) == {"counters", "gauges", "histograms"}


async def test_query(request_: Request) -> None:
    result = await request_("POST", "/", query("echo", where={"id": 1}, text="ünïcode"))
    assert result == {"data": {"modelName": "Echo", "arguments": {"where": {"id": 1}, "text": "ünïcode"}, "tx": None}}
    assert await request_("POST", "/", query("set", key="a", value=[1, None, True])) == {
        "data": {"key": "a", "value": [1, None, True]}
    }
    assert await request_("POST", "/", query("get", key="a")) == {"data": [1, None, True]}


async def test_batch(request_: Request) -> None:
    result = await request_("POST", "/", {"batch": [query("set", key="a", value=1), query("fail", code="P2002")]})
    assert result["batchResult"][0] == {"data": {"key": "a", "value": 1}}
    error = errors.error_from_response(result["batchResult"][1])
    assert isinstance(error, errors.UniqueViolationError)

    with pytest.raises(errors.RecordNotFoundError):
        await request_(
            "POST",
            "/",
            {"batch": [query("set", key="b", value=2), query("fail", code="P2025")], "transaction": {}},
        )
    assert await request_("POST", "/", query("get", key="b")) == {"data": None}  # all or nothing
    result = await request_("POST", "/", {"batch": [query("set", key="b", value=2)], "transaction": {}})
    assert result == {"batchResult": [{"data": {"key": "b", "value": 2}}]}


async def test_transaction_commit(request_: Request) -> None:
    started = await request_(
        "POST", "/transaction/start", {"max_wait": 2000, "timeout": 5000, "isolation_level": "Serializable"}
    )
    tx = started["id"]
    assert isinstance(tx, str)
    await request_("POST", "/", query("set", key="k", value="v"), tx_id=tx)
    assert await request_("POST", "/", query("get", key="k"), tx_id=tx) == {"data": "v"}
    assert await request_("POST", "/", query("get", key="k")) == {"data": None}
    assert (await request_("POST", "/", query("echo"), tx_id=tx))["data"]["tx"] == tx
    assert await request_("POST", f"/transaction/{tx}/commit") == {}
    assert await request_("POST", "/", query("get", key="k")) == {"data": "v"}
    with pytest.raises(errors.TransactionExpiredError):
        await request_("POST", f"/transaction/{tx}/commit")
    with pytest.raises(errors.TransactionExpiredError):
        await request_("POST", "/", query("get", key="k"), tx_id=tx)


async def test_transaction_rollback_and_defaults(request_: Request) -> None:
    tx = (await request_("POST", "/transaction/start"))["id"]
    await request_("POST", "/", query("set", key="k", value="v"), tx_id=tx)
    assert await request_("POST", f"/transaction/{tx}/rollback") == {}
    assert await request_("POST", "/", query("get", key="k")) == {"data": None}
    with pytest.raises(errors.TransactionExpiredError):
        await request_("POST", f"/transaction/{tx}/rollback")
    with pytest.raises(errors.TransactionExpiredError):
        await request_("POST", "/transaction/unknown/commit")


@pytest.mark.parametrize(
    ("code", "meta", "expected"),
    [
        ("P2002", {"target": ["email"]}, errors.UniqueViolationError),
        ("P2003", {}, errors.ForeignKeyViolationError),
        ("P2025", {"cause": "x"}, errors.RecordNotFoundError),
        ("P2021", {"table": "User"}, errors.TableNotFoundError),
        ("P2019", {"kind": "UnknownInputField"}, errors.FieldNotFoundError),
        ("P2031", {}, errors.DataError),
    ],
)
async def test_user_errors(request_: Request, code: str, meta: dict[str, Any], expected: type[Exception]) -> None:
    with pytest.raises(expected) as caught:
        await request_("POST", "/", query("fail", code=code, message=f"failed with {code}", meta=meta))
    error = caught.value
    assert type(error) is expected
    assert isinstance(error, errors.DataError)
    assert (error.code, error.meta, str(error)) == (code, meta, f"failed with {code}")


async def test_unexpected_engine_error_is_500_and_engine_survives(request_: Request) -> None:
    with pytest.raises(errors.EngineRequestError) as caught:
        await request_("POST", "/", query("crash", message="kaboom"))
    assert caught.value.status_code == 500
    assert "RuntimeError: kaboom" in str(caught.value)
    assert not isinstance(caught.value, errors.DataError)
    assert (await request_("GET", "/status"))["status"] == "ok"


async def test_bad_requests(request_: Request) -> None:
    with pytest.raises(errors.UnprocessableEntityError):
        await request_("POST", "/", [1, 2])
    with pytest.raises(errors.UnprocessableEntityError):
        await request_("POST", "/transaction/start", {"timeout": "soon"})
    with pytest.raises(errors.EngineRequestError) as caught:
        await request_("GET", "/nowhere")
    assert caught.value.status_code == 404
    with pytest.raises(errors.EngineRequestError) as caught:
        await request_("GET", "/")
    assert caught.value.status_code == 405


@pytest.mark.parametrize("kind", KINDS)
async def test_connect_and_close_states(kind: str, tmp_path: Path) -> None:
    transport = make(kind, tmp_path)

    async def run(method: Callable[..., Any], *args: Any) -> Any:
        if isinstance(transport, AsyncTransport):
            return await method(*args)
        return await anyio.to_thread.run_sync(method, *args)

    assert not transport.is_connected
    with pytest.raises(errors.NotConnectedError):
        await run(transport.request, "GET", "/status")
    await run(transport.close)  # closing a closed transport is a no-op
    await run(transport.connect, 10)
    try:
        assert transport.is_connected
        with pytest.raises(errors.AlreadyConnectedError):
            await run(transport.connect)
    finally:
        await run(transport.close)
    assert not transport.is_connected
    with pytest.raises(errors.NotConnectedError):
        await run(transport.request, "GET", "/status")
    await run(transport.connect)  # a closed transport can connect again
    assert (await run(transport.request, "GET", "/status"))["status"] == "ok"
    await run(transport.close)


async def test_sync_embedded_inside_a_running_event_loop(tmp_path: Path) -> None:
    # As in Jupyter: blocking calls made straight from a coroutine.
    with SyncEmbeddedTransport(echo_config(tmp_path)) as transport:
        assert transport.request("POST", "/", query("set", key="a", value=1))["data"]["value"] == 1
        assert transport.request("POST", "/", query("get", key="a")) == {"data": 1}


async def test_embedded_accepts_a_core_factory(tmp_path: Path) -> None:
    import argparse

    from echo_core import EchoCore

    args = argparse.Namespace(schema="schema.prisma", datasource_url=None)
    async with AsyncEmbeddedTransport(lambda: EchoCore(args)) as transport:
        assert await transport.request("POST", "/", query("pid")) == {"data": __import__("os").getpid()}


@pytest.mark.parametrize("kind", ["async-embedded", "sync-embedded"])
async def test_embedded_start_failures(kind: str, tmp_path: Path) -> None:
    for config, text in (
        (echo_config(tmp_path, core="echo_core:broken_core"), "broken on purpose"),
        (echo_config(tmp_path, core="no_such_module:build_core"), "cannot import"),
    ):
        transport = (AsyncEmbeddedTransport if kind == "async-embedded" else SyncEmbeddedTransport)(config)
        with pytest.raises(errors.EngineConnectionError, match=text):
            if isinstance(transport, AsyncTransport):
                await transport.connect()
            else:
                await anyio.to_thread.run_sync(transport.connect)
        assert not transport.is_connected
