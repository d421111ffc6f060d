"""`db.batch_()`: writes queued per model and sent as one atomic engine batch.

`<M>BatchActions` only build (and validate) requests; `commit()` sends them together as
`{"batch": [...], "transaction": {}}` and discards the results, as Prisma Client Python did.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any, Protocol

from prisma_dynamic.errors import error_from_response
from prisma_dynamic.protocol.builder import QueryBuilder

__all__ = ["AsyncBatch", "AsyncBatchSender", "BatchActions", "SyncBatch", "SyncBatchSender"]


class AsyncBatchSender(Protocol):
    async def request_batch(self, batch: dict[str, Any], tx_id: str | None) -> list[Mapping[str, Any]]:
        """Send a batch body; return its `batchResult` entries."""
        ...


class SyncBatchSender(Protocol):
    def request_batch(self, batch: dict[str, Any], tx_id: str | None) -> list[Mapping[str, Any]]:
        """Send a batch body; return its `batchResult` entries."""
        ...


class BatchActions:
    """The writes of one model that a batch can queue; each returns None."""

    __slots__ = ("_builder", "_model", "_queue")

    def __init__(self, model: str, builder: QueryBuilder, queue: list[dict[str, Any]]) -> None:
        self._model = model
        self._builder = builder
        self._queue = queue

    def _cls(self) -> Any:
        return self._builder.model_class(self._model)

    def create(self, data: Any, include: Any = None) -> None:
        self._queue.append(self._builder.create(self._model, self._cls(), data, include=include).request)

    def create_many(self, data: Any, *, skip_duplicates: bool | None = None) -> None:
        self._queue.append(self._builder.create_many(self._model, data, skip_duplicates=skip_duplicates).request)

    def delete(self, where: Any, include: Any = None) -> None:
        self._queue.append(self._builder.delete(self._model, self._cls(), where, include=include).request)

    def update(self, data: Any, where: Any, include: Any = None) -> None:
        self._queue.append(self._builder.update(self._model, self._cls(), data, where, include=include).request)

    def upsert(self, where: Any, data: Any, include: Any = None) -> None:
        self._queue.append(self._builder.upsert(self._model, self._cls(), where, data, include=include).request)

    def update_many(self, data: Any, where: Any) -> None:
        self._queue.append(self._builder.update_many(self._model, data, where).request)

    def delete_many(self, where: Any = None) -> None:
        self._queue.append(self._builder.delete_many(self._model, where).request)


class _Batch:
    """The queue and the per-model actions, named as the client names its delegates."""

    def __init__(self, builder: QueryBuilder, names: Mapping[str, str], tx_id: str | None) -> None:
        self._builder = builder
        self._tx_id = tx_id
        self._queue: list[dict[str, Any]] = []
        self._actions = {name: BatchActions(model, builder, self._queue) for name, model in names.items()}

    def __getattr__(self, name: str) -> BatchActions:
        actions: BatchActions | None = self.__dict__.get("_actions", {}).get(name)
        if actions is None:
            raise AttributeError(f"The batch has no model delegate named {name!r}")
        return actions

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self._actions]

    def execute_raw(self, query: str, *args: Any) -> None:
        self._queue.append(self._builder.execute_raw(query, args).request)

    def _take(self) -> dict[str, Any] | None:
        if not self._queue:
            return None
        body = {"batch": list(self._queue), "transaction": {}}
        self._queue.clear()
        return body

    @staticmethod
    def _check(results: list[Mapping[str, Any]]) -> None:
        for entry in results:
            if "errors" in entry:
                raise error_from_response(entry)


class AsyncBatch(_Batch):
    def __init__(
        self, builder: QueryBuilder, sender: AsyncBatchSender, names: Mapping[str, str], tx_id: str | None = None
    ) -> None:
        super().__init__(builder, names, tx_id)
        self._sender = sender

    async def commit(self) -> None:
        body = self._take()
        if body is not None:
            self._check(await self._sender.request_batch(body, self._tx_id))

    async def __aenter__(self) -> AsyncBatch:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is None:
            await self.commit()


class SyncBatch(_Batch):
    def __init__(
        self, builder: QueryBuilder, sender: SyncBatchSender, names: Mapping[str, str], tx_id: str | None = None
    ) -> None:
        super().__init__(builder, names, tx_id)
        self._sender = sender

    def commit(self) -> None:
        body = self._take()
        if body is not None:
            self._check(self._sender.request_batch(body, self._tx_id))

    def __enter__(self) -> SyncBatch:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is None:
            self.commit()
