"""In-test senders: record each request and answer with a canned engine response (docs/protocol.md)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import anyio

from prisma_dynamic.client.actions import AsyncActions, SyncActions
from prisma_dynamic.client.batch import AsyncBatch, SyncBatch
from prisma_dynamic.errors import error_from_response
from prisma_dynamic.protocol import QueryBuilder


def not_found() -> dict[str, Any]:
    return {"errors": [{"error": "x", "user_facing_error": {"error_code": "P2025", "message": "not found"}}]}


class Recorder:
    """Keeps what was sent; answers with the next response (an error body is raised as the
    transports raise it)."""

    def __init__(self, *responses: Any) -> None:
        self.requests: list[tuple[dict[str, Any], str | None]] = []
        self.responses = list(responses)

    def _answer(self, query: dict[str, Any], tx_id: str | None) -> Any:
        self.requests.append((query, tx_id))
        response = self.responses.pop(0)
        if isinstance(response, Mapping) and "errors" in response:
            raise error_from_response(response)
        return response

    @property
    def sent(self) -> dict[str, Any]:
        assert len(self.requests) == 1, self.requests
        return self.requests[0][0]


class AsyncRecorder(Recorder):
    async def request(self, query: dict[str, Any], tx_id: str | None) -> Any:
        return self._answer(query, tx_id)

    async def request_batch(self, batch: dict[str, Any], tx_id: str | None) -> Any:
        return self._answer(batch, tx_id)


class SyncRecorder(Recorder):
    def request(self, query: dict[str, Any], tx_id: str | None) -> Any:
        return self._answer(query, tx_id)

    def request_batch(self, batch: dict[str, Any], tx_id: str | None) -> Any:
        return self._answer(batch, tx_id)


class Harness:
    """One delegate, async or sync, driven the same way by the tests."""

    def __init__(self, mode: str, builder: QueryBuilder) -> None:
        self.mode = mode
        self.builder = builder

    def delegate(self, model: str, *responses: Any, tx_id: str | None = None, model_class: Any = None) -> Delegate:
        if self.mode == "async":
            recorder: Recorder = AsyncRecorder(*responses)
            actions: Any = AsyncActions(model, self.builder, recorder, model_class, tx_id)  # type: ignore[arg-type]
        else:
            recorder = SyncRecorder(*responses)
            actions = SyncActions(model, self.builder, recorder, model_class, tx_id)  # type: ignore[arg-type]
        return Delegate(self.mode, actions, recorder)

    def batch(self, names: Mapping[str, str], *responses: Any, tx_id: str | None = None) -> tuple[Any, Recorder]:
        if self.mode == "async":
            recorder: Recorder = AsyncRecorder(*responses)
            return AsyncBatch(self.builder, recorder, names, tx_id), recorder  # type: ignore[arg-type]
        recorder = SyncRecorder(*responses)
        return SyncBatch(self.builder, recorder, names, tx_id), recorder  # type: ignore[arg-type]

    def run(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self.mode == "async":
            return anyio.run(functools.partial(method, *args, **kwargs))
        return method(*args, **kwargs)


class Delegate:
    def __init__(self, mode: str, actions: Any, recorder: Recorder) -> None:
        self.mode = mode
        self.actions = actions
        self.recorder = recorder

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.actions, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            if self.mode == "async":
                return anyio.run(functools.partial(method, *args, **kwargs))
            return method(*args, **kwargs)

        return call
