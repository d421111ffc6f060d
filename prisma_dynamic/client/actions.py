"""Model delegates (`db.user`): Prisma Client Python's methods, async and sync twins side by side.

A delegate knows its model, the client's `QueryBuilder`, the class results are parsed into, a
sender that carries one request to the engine, and the transaction the client is bound to. Every
method builds (and validates) the request first, so bad arguments never reach the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, Protocol, TypeVar

from prisma_dynamic import tracing
from prisma_dynamic.display.results import AggregateResult, RecordList
from prisma_dynamic.errors import RecordNotFoundError
from prisma_dynamic.models.base import PrismaModel
from prisma_dynamic.protocol.builder import Prepared, QueryBuilder
from prisma_dynamic.schema import ir

__all__ = ["AsyncActions", "AsyncSender", "SyncActions", "SyncSender"]

ModelT = TypeVar("ModelT", bound=PrismaModel)
OtherModelT = TypeVar("OtherModelT", bound=PrismaModel)
T = TypeVar("T")


class AsyncSender(Protocol):
    async def request(self, query: dict[str, Any], tx_id: str | None) -> Mapping[str, Any]:
        """Send one JSON-protocol query; return the response's `data` member (raise mapped errors)."""
        ...


class SyncSender(Protocol):
    def request(self, query: dict[str, Any], tx_id: str | None) -> Mapping[str, Any]:
        """Send one JSON-protocol query; return the response's `data` member (raise mapped errors)."""
        ...


class _Delegate(Generic[ModelT]):
    __slots__ = ("_builder", "_model", "_model_class", "_tx_id")

    def __init__(
        self, model: str, builder: QueryBuilder, model_class: type[ModelT] | None = None, tx_id: str | None = None
    ) -> None:
        self._model = model
        self._builder = builder
        self._model_class: type[ModelT] = model_class or builder.model_class(model)  # type: ignore[assignment]
        self._tx_id = tx_id

    @property
    def model_name(self) -> str:
        return self._model

    @property
    def model_class(self) -> type[ModelT]:
        return self._model_class

    def _check_class(self, cls: type[PrismaModel]) -> None:
        if getattr(cls, "__prisma_model__", None) != self._model:
            from prisma_dynamic.errors import InvalidModelError

            raise InvalidModelError(f"{cls.__name__} is not a class of the {self._model} model")

    @property
    def _schema_model(self) -> ir.Model:
        return self._builder.schema.model(self._model)

    def _counted(self, result: Any) -> Any:
        # `count(select=...)` answers a dict of counts, shown as a one-row table in Jupyter.
        return AggregateResult(result, self._schema_model) if isinstance(result, dict) else result

    @staticmethod
    def _found(result: T | None) -> T:
        # The OrThrow actions answer P2025 rather than null; a null here is an engine fault.
        if result is None:
            raise RecordNotFoundError({"user_facing_error": {"error_code": "P2025", "message": "No record was found"}})
        return result


class AsyncActions(_Delegate[ModelT]):
    """The async delegate of one model."""

    __slots__ = ("_sender",)

    def __init__(
        self,
        model: str,
        builder: QueryBuilder,
        sender: AsyncSender,
        model_class: type[ModelT] | None = None,
        tx_id: str | None = None,
    ) -> None:
        super().__init__(model, builder, model_class, tx_id)
        self._sender = sender

    def bind(self, model_class: type[OtherModelT]) -> AsyncActions[OtherModelT]:
        """The same delegate, parsing results into `model_class` (a partial or a subclass)."""
        self._check_class(model_class)
        return AsyncActions(self._model, self._builder, self._sender, model_class, self._tx_id)

    async def _run(self, prepared: Prepared[T]) -> T:
        with tracing.operation_span(prepared.request):
            return prepared.decode(await self._sender.request(prepared.request, self._tx_id))

    async def create(self, data: Any, include: Any = None, *, select: Any = None, omit: Any = None) -> ModelT:
        b = self._builder
        return await self._run(
            b.create(self._model, self._model_class, data, include=include, select=select, omit=omit)
        )

    async def create_many(self, data: Any, *, skip_duplicates: bool | None = None) -> int:
        return await self._run(self._builder.create_many(self._model, data, skip_duplicates=skip_duplicates))

    async def create_many_and_return(
        self,
        data: Any,
        *,
        skip_duplicates: bool | None = None,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
    ) -> list[ModelT]:
        prepared = self._builder.create_many_and_return(
            self._model,
            self._model_class,
            data,
            skip_duplicates=skip_duplicates,
            include=include,
            select=select,
            omit=omit,
        )
        return RecordList(await self._run(prepared), self._model)

    async def find_unique(
        self, where: Any, include: Any = None, *, select: Any = None, omit: Any = None
    ) -> ModelT | None:
        b = self._builder
        return await self._run(
            b.find_unique(self._model, self._model_class, where, include=include, select=select, omit=omit)
        )

    async def find_unique_or_raise(
        self, where: Any, include: Any = None, *, select: Any = None, omit: Any = None
    ) -> ModelT:
        b = self._builder
        prepared = b.find_unique(
            self._model, self._model_class, where, include=include, select=select, omit=omit, or_raise=True
        )
        return self._found(await self._run(prepared))

    async def find_first(
        self,
        skip: int | None = None,
        where: Any = None,
        cursor: Any = None,
        include: Any = None,
        order: Any = None,
        distinct: Any = None,
        *,
        select: Any = None,
        omit: Any = None,
    ) -> ModelT | None:
        prepared = self._builder.find_first(
            self._model, self._model_class, where=where, cursor=cursor, skip=skip, order=order,
            distinct=distinct, include=include, select=select, omit=omit,
        )  # fmt: skip
        return await self._run(prepared)

    async def find_first_or_raise(
        self,
        skip: int | None = None,
        where: Any = None,
        cursor: Any = None,
        include: Any = None,
        order: Any = None,
        distinct: Any = None,
        *,
        select: Any = None,
        omit: Any = None,
    ) -> ModelT:
        prepared = self._builder.find_first(
            self._model, self._model_class, where=where, cursor=cursor, skip=skip, order=order,
            distinct=distinct, include=include, select=select, omit=omit, or_raise=True,
        )  # fmt: skip
        return self._found(await self._run(prepared))

    async def find_many(
        self,
        take: int | None = None,
        skip: int | None = None,
        where: Any = None,
        cursor: Any = None,
        include: Any = None,
        order: Any = None,
        distinct: Any = None,
        *,
        select: Any = None,
        omit: Any = None,
    ) -> list[ModelT]:
        prepared = self._builder.find_many(
            self._model, self._model_class, where=where, cursor=cursor, take=take, skip=skip, order=order,
            distinct=distinct, include=include, select=select, omit=omit,
        )  # fmt: skip
        return RecordList(await self._run(prepared), self._model)

    async def update(
        self, data: Any, where: Any, include: Any = None, *, select: Any = None, omit: Any = None
    ) -> ModelT | None:
        b = self._builder
        prepared = b.update(self._model, self._model_class, data, where, include=include, select=select, omit=omit)
        try:
            return await self._run(prepared)
        except RecordNotFoundError:
            return None

    async def update_many(self, data: Any, where: Any, *, limit: int | None = None) -> int:
        return await self._run(self._builder.update_many(self._model, data, where, limit=limit))

    async def update_many_and_return(
        self,
        data: Any,
        where: Any,
        *,
        limit: int | None = None,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
    ) -> list[ModelT]:
        prepared = self._builder.update_many_and_return(
            self._model, self._model_class, data, where, limit=limit, include=include, select=select, omit=omit
        )
        return RecordList(await self._run(prepared), self._model)

    async def upsert(
        self, where: Any, data: Any, include: Any = None, *, select: Any = None, omit: Any = None
    ) -> ModelT:
        b = self._builder
        return await self._run(
            b.upsert(self._model, self._model_class, where, data, include=include, select=select, omit=omit)
        )

    async def delete(self, where: Any, include: Any = None, *, select: Any = None, omit: Any = None) -> ModelT | None:
        b = self._builder
        prepared = b.delete(self._model, self._model_class, where, include=include, select=select, omit=omit)
        try:
            return await self._run(prepared)
        except RecordNotFoundError:
            return None

    async def delete_many(self, where: Any = None, *, limit: int | None = None) -> int:
        return await self._run(self._builder.delete_many(self._model, where, limit=limit))

    async def count(
        self,
        select: Any = None,
        take: int | None = None,
        skip: int | None = None,
        where: Any = None,
        cursor: Any = None,
        *,
        order: Any = None,
    ) -> Any:
        prepared = self._builder.count(
            self._model, select=select, take=take, skip=skip, where=where, cursor=cursor, order=order
        )
        return self._counted(await self._run(prepared))

    async def group_by(
        self,
        by: Any,
        *,
        where: Any = None,
        take: int | None = None,
        skip: int | None = None,
        avg: Any = None,
        sum: Any = None,
        min: Any = None,
        max: Any = None,
        having: Any = None,
        count: Any = None,
        order: Any = None,
    ) -> list[dict[str, Any]]:
        prepared = self._builder.group_by(
            self._model, by, where=where, take=take, skip=skip, avg=avg, sum=sum, min=min, max=max,
            having=having, count=count, order=order,
        )  # fmt: skip
        # A plain list, as Prisma Client Python returns (snapshot tests compare the type); in Jupyter
        # `prisma_dynamic.display.table(rows, Post)` shows it as a table.
        rows: list[dict[str, Any]] = await self._run(prepared)
        return rows

    async def aggregate(
        self,
        *,
        count: Any = None,
        avg: Any = None,
        sum: Any = None,
        min: Any = None,
        max: Any = None,
        where: Any = None,
        order: Any = None,
        take: int | None = None,
        skip: int | None = None,
        cursor: Any = None,
    ) -> dict[str, Any]:
        prepared = self._builder.aggregate(
            self._model, count=count, avg=avg, sum=sum, min=min, max=max, where=where, order=order,
            take=take, skip=skip, cursor=cursor,
        )  # fmt: skip
        return AggregateResult(await self._run(prepared), self._schema_model)

    async def query_raw(self, query: str, *args: Any) -> list[ModelT]:
        return RecordList(await self._run(self._builder.query_raw(query, args, self._model_class)), self._model)

    async def query_first(self, query: str, *args: Any) -> ModelT | None:
        rows = await self.query_raw(query, *args)
        return rows[0] if rows else None


class SyncActions(_Delegate[ModelT]):
    """The sync delegate of one model: the same methods as `AsyncActions`, blocking."""

    __slots__ = ("_sender",)

    def __init__(
        self,
        model: str,
        builder: QueryBuilder,
        sender: SyncSender,
        model_class: type[ModelT] | None = None,
        tx_id: str | None = None,
    ) -> None:
        super().__init__(model, builder, model_class, tx_id)
        self._sender = sender

    def bind(self, model_class: type[OtherModelT]) -> SyncActions[OtherModelT]:
        """The same delegate, parsing results into `model_class` (a partial or a subclass)."""
        self._check_class(model_class)
        return SyncActions(self._model, self._builder, self._sender, model_class, self._tx_id)

    def _run(self, prepared: Prepared[T]) -> T:
        with tracing.operation_span(prepared.request):
            return prepared.decode(self._sender.request(prepared.request, self._tx_id))

    def create(self, data: Any, include: Any = None, *, select: Any = None, omit: Any = None) -> ModelT:
        b = self._builder
        return self._run(b.create(self._model, self._model_class, data, include=include, select=select, omit=omit))

    def create_many(self, data: Any, *, skip_duplicates: bool | None = None) -> int:
        return self._run(self._builder.create_many(self._model, data, skip_duplicates=skip_duplicates))

    def create_many_and_return(
        self,
        data: Any,
        *,
        skip_duplicates: bool | None = None,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
    ) -> list[ModelT]:
        prepared = self._builder.create_many_and_return(
            self._model,
            self._model_class,
            data,
            skip_duplicates=skip_duplicates,
            include=include,
            select=select,
            omit=omit,
        )
        return RecordList(self._run(prepared), self._model)

    def find_unique(self, where: Any, include: Any = None, *, select: Any = None, omit: Any = None) -> ModelT | None:
        b = self._builder
        return self._run(
            b.find_unique(self._model, self._model_class, where, include=include, select=select, omit=omit)
        )

    def find_unique_or_raise(self, where: Any, include: Any = None, *, select: Any = None, omit: Any = None) -> ModelT:
        b = self._builder
        prepared = b.find_unique(
            self._model, self._model_class, where, include=include, select=select, omit=omit, or_raise=True
        )
        return self._found(self._run(prepared))

    def find_first(
        self,
        skip: int | None = None,
        where: Any = None,
        cursor: Any = None,
        include: Any = None,
        order: Any = None,
        distinct: Any = None,
        *,
        select: Any = None,
        omit: Any = None,
    ) -> ModelT | None:
        prepared = self._builder.find_first(
            self._model, self._model_class, where=where, cursor=cursor, skip=skip, order=order,
            distinct=distinct, include=include, select=select, omit=omit,
        )  # fmt: skip
        return self._run(prepared)

    def find_first_or_raise(
        self,
        skip: int | None = None,
        where: Any = None,
        cursor: Any = None,
        include: Any = None,
        order: Any = None,
        distinct: Any = None,
        *,
        select: Any = None,
        omit: Any = None,
    ) -> ModelT:
        prepared = self._builder.find_first(
            self._model, self._model_class, where=where, cursor=cursor, skip=skip, order=order,
            distinct=distinct, include=include, select=select, omit=omit, or_raise=True,
        )  # fmt: skip
        return self._found(self._run(prepared))

    def find_many(
        self,
        take: int | None = None,
        skip: int | None = None,
        where: Any = None,
        cursor: Any = None,
        include: Any = None,
        order: Any = None,
        distinct: Any = None,
        *,
        select: Any = None,
        omit: Any = None,
    ) -> list[ModelT]:
        prepared = self._builder.find_many(
            self._model, self._model_class, where=where, cursor=cursor, take=take, skip=skip, order=order,
            distinct=distinct, include=include, select=select, omit=omit,
        )  # fmt: skip
        return RecordList(self._run(prepared), self._model)

    def update(
        self, data: Any, where: Any, include: Any = None, *, select: Any = None, omit: Any = None
    ) -> ModelT | None:
        b = self._builder
        prepared = b.update(self._model, self._model_class, data, where, include=include, select=select, omit=omit)
        try:
            return self._run(prepared)
        except RecordNotFoundError:
            return None

    def update_many(self, data: Any, where: Any, *, limit: int | None = None) -> int:
        return self._run(self._builder.update_many(self._model, data, where, limit=limit))

    def update_many_and_return(
        self,
        data: Any,
        where: Any,
        *,
        limit: int | None = None,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
    ) -> list[ModelT]:
        prepared = self._builder.update_many_and_return(
            self._model, self._model_class, data, where, limit=limit, include=include, select=select, omit=omit
        )
        return RecordList(self._run(prepared), self._model)

    def upsert(self, where: Any, data: Any, include: Any = None, *, select: Any = None, omit: Any = None) -> ModelT:
        b = self._builder
        return self._run(
            b.upsert(self._model, self._model_class, where, data, include=include, select=select, omit=omit)
        )

    def delete(self, where: Any, include: Any = None, *, select: Any = None, omit: Any = None) -> ModelT | None:
        b = self._builder
        prepared = b.delete(self._model, self._model_class, where, include=include, select=select, omit=omit)
        try:
            return self._run(prepared)
        except RecordNotFoundError:
            return None

    def delete_many(self, where: Any = None, *, limit: int | None = None) -> int:
        return self._run(self._builder.delete_many(self._model, where, limit=limit))

    def count(
        self,
        select: Any = None,
        take: int | None = None,
        skip: int | None = None,
        where: Any = None,
        cursor: Any = None,
        *,
        order: Any = None,
    ) -> Any:
        prepared = self._builder.count(
            self._model, select=select, take=take, skip=skip, where=where, cursor=cursor, order=order
        )
        return self._counted(self._run(prepared))

    def group_by(
        self,
        by: Any,
        *,
        where: Any = None,
        take: int | None = None,
        skip: int | None = None,
        avg: Any = None,
        sum: Any = None,
        min: Any = None,
        max: Any = None,
        having: Any = None,
        count: Any = None,
        order: Any = None,
    ) -> list[dict[str, Any]]:
        prepared = self._builder.group_by(
            self._model, by, where=where, take=take, skip=skip, avg=avg, sum=sum, min=min, max=max,
            having=having, count=count, order=order,
        )  # fmt: skip
        rows: list[dict[str, Any]] = self._run(prepared)
        return rows

    def aggregate(
        self,
        *,
        count: Any = None,
        avg: Any = None,
        sum: Any = None,
        min: Any = None,
        max: Any = None,
        where: Any = None,
        order: Any = None,
        take: int | None = None,
        skip: int | None = None,
        cursor: Any = None,
    ) -> dict[str, Any]:
        prepared = self._builder.aggregate(
            self._model, count=count, avg=avg, sum=sum, min=min, max=max, where=where, order=order,
            take=take, skip=skip, cursor=cursor,
        )  # fmt: skip
        return AggregateResult(self._run(prepared), self._schema_model)

    def query_raw(self, query: str, *args: Any) -> list[ModelT]:
        return RecordList(self._run(self._builder.query_raw(query, args, self._model_class)), self._model)

    def query_first(self, query: str, *args: Any) -> ModelT | None:
        rows = self.query_raw(query, *args)
        return rows[0] if rows else None
