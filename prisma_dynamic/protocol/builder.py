"""One object per client that turns delegate calls into protocol requests and results back.

Each method checks the arguments (raising `QueryValidationError` with the argument path before
anything is sent) and returns a `Prepared` query: the request document and the function that
turns the response's `data` member into the Python result.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from prisma_dynamic.errors import QueryValidationError, UnknownModelError, UnsupportedDatabaseError
from prisma_dynamic.models.base import PrismaModel
from prisma_dynamic.models.registry import ModelRegistry, registry_for
from prisma_dynamic.protocol.aggregates import AggregateBuilder
from prisma_dynamic.protocol.data import DataBuilder
from prisma_dynamic.protocol.decode import action_result, decode_count, decode_record, decode_records
from prisma_dynamic.protocol.problems import describe, fail
from prisma_dynamic.protocol.raw import parse_json_text, raw_request, raw_rows
from prisma_dynamic.protocol.selection import DecodePlan, SelectionBuilder
from prisma_dynamic.protocol.tables import ModelTable, Tables
from prisma_dynamic.protocol.where import WhereBuilder
from prisma_dynamic.schema import ir

__all__ = ["Prepared", "QueryBuilder"]

T = TypeVar("T")
M = TypeVar("M", bound=PrismaModel)


@dataclass(frozen=True, slots=True)
class Prepared(Generic[T]):
    """A request ready to send and how to read its answer (the response's `data` member)."""

    request: dict[str, Any]
    decode: Callable[[Mapping[str, Any]], T]


class QueryBuilder:
    def __init__(self, schema: ir.Schema, registry: ModelRegistry | None = None) -> None:
        self.schema = schema
        self.registry = registry if registry is not None else registry_for(schema)
        self.tables = Tables(schema)
        self.wheres = WhereBuilder(self.tables)
        self.data = DataBuilder(self.tables, self.wheres)
        self.selections = SelectionBuilder(self.tables, self.wheres, self.registry)
        self.aggregates = AggregateBuilder(self.tables, self.wheres, self.selections)

    @property
    def provider(self) -> str:
        return self.tables.provider

    def _require(self, offered: bool, feature: str) -> None:
        """Refuse what the database's connector does not offer, before anything is sent."""
        if not offered:
            raise UnsupportedDatabaseError(self.provider, feature)

    def table(self, model: str) -> ModelTable:
        table = self.tables.get(model)
        if table is None or self.schema.get_model(model) is None:
            raise UnknownModelError(model)
        return table

    def model_class(self, model: str) -> type[PrismaModel]:
        self.table(model)
        return self.registry.model_class(model)

    # ---- assembling -----------------------------------------------------------------------
    def _request(self, model: str, action: str, arguments: dict[str, Any], selection: dict[str, Any]) -> dict[str, Any]:
        return {"modelName": model, "action": action, "query": {"arguments": arguments, "selection": selection}}

    def _selected(
        self, table: ModelTable, cls: type[PrismaModel], include: Any, select: Any, omit: Any, returned: bool = False
    ) -> tuple[dict[str, Any], DecodePlan]:
        return self.selections.build(table, cls, "", include=include, select=select, omit=omit, returned=returned)

    def _one(
        self, model: str, action: str, arguments: dict[str, Any], selection: dict[str, Any], plan: DecodePlan
    ) -> Prepared[Any]:
        return Prepared(
            self._request(model, action, arguments, selection),
            lambda data: decode_record(plan, action_result(data)),
        )

    def _many(
        self, model: str, action: str, arguments: dict[str, Any], selection: dict[str, Any], plan: DecodePlan
    ) -> Prepared[Any]:
        return Prepared(
            self._request(model, action, arguments, selection),
            lambda data: decode_records(plan, action_result(data)),
        )

    def _count_of(self, model: str, action: str, arguments: dict[str, Any]) -> Prepared[int]:
        return Prepared(
            self._request(model, action, arguments, {"count": True}),
            lambda data: decode_count(action_result(data)),
        )

    # ---- reads ----------------------------------------------------------------------------
    def find_unique(
        self,
        model: str,
        cls: type[M],
        where: Any,
        *,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
        or_raise: bool = False,
    ) -> Prepared[M | None]:
        table = self.table(model)
        arguments = {"where": self.wheres.unique_where(table, _given(where, "where"), "where")}
        selection, plan = self._selected(table, cls, include, select, omit)
        action = "findUniqueOrThrow" if or_raise else "findUnique"
        return self._one(model, action, arguments, selection, plan)

    def find_first(
        self,
        model: str,
        cls: type[M],
        *,
        where: Any = None,
        cursor: Any = None,
        take: Any = None,
        skip: Any = None,
        order: Any = None,
        distinct: Any = None,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
        or_raise: bool = False,
    ) -> Prepared[M | None]:
        table = self.table(model)
        arguments = self.selections.find_arguments(
            table, "", where=where, cursor=cursor, take=take, skip=skip, order=order, distinct=distinct
        )
        selection, plan = self._selected(table, cls, include, select, omit)
        action = "findFirstOrThrow" if or_raise else "findFirst"
        return self._one(model, action, arguments, selection, plan)

    def find_many(
        self,
        model: str,
        cls: type[M],
        *,
        where: Any = None,
        cursor: Any = None,
        take: Any = None,
        skip: Any = None,
        order: Any = None,
        distinct: Any = None,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
    ) -> Prepared[list[M]]:
        table = self.table(model)
        arguments = self.selections.find_arguments(
            table, "", where=where, cursor=cursor, take=take, skip=skip, order=order, distinct=distinct
        )
        selection, plan = self._selected(table, cls, include, select, omit)
        return self._many(model, "findMany", arguments, selection, plan)

    # ---- writes ---------------------------------------------------------------------------
    def create(
        self,
        model: str,
        cls: type[M],
        data: Any,
        *,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
    ) -> Prepared[M]:
        table = self.table(model)
        arguments = {"data": self.data.create(table, _given(data, "data"), "data")}
        selection, plan = self._selected(table, cls, include, select, omit)
        return self._one(model, "createOne", arguments, selection, plan)

    def _create_many_arguments(self, table: ModelTable, data: Any, skip_duplicates: Any) -> dict[str, Any]:
        if not isinstance(data, (list, tuple)):
            fail("data", f"expected a list of {table.name} creates, got {describe(data)}")
        rows = [self.data.scalar_create(table, row, f"data[{i}]") for i, row in enumerate(data)]
        arguments: dict[str, Any] = {"data": rows}
        if skip_duplicates:
            self._require(self.tables.connector.supports_skip_duplicates, "create_many_skip_duplicates")
        if skip_duplicates is not None:
            arguments["skipDuplicates"] = bool(skip_duplicates)
        return arguments

    def create_many(self, model: str, data: Any, *, skip_duplicates: Any = None) -> Prepared[int]:
        table = self.table(model)
        return self._count_of(model, "createMany", self._create_many_arguments(table, data, skip_duplicates))

    def create_many_and_return(
        self,
        model: str,
        cls: type[M],
        data: Any,
        *,
        skip_duplicates: Any = None,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
    ) -> Prepared[list[M]]:
        self._require(self.tables.connector.supports_returning, "create_many_and_return")
        table = self.table(model)
        arguments = self._create_many_arguments(table, data, skip_duplicates)
        selection, plan = self._selected(table, cls, include, select, omit, returned=True)
        return self._many(model, "createManyAndReturn", arguments, selection, plan)

    def update(
        self,
        model: str,
        cls: type[M],
        data: Any,
        where: Any,
        *,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
    ) -> Prepared[M | None]:
        table = self.table(model)
        arguments = {
            "where": self.wheres.unique_where(table, _given(where, "where"), "where"),
            "data": self.data.update(table, _given(data, "data"), "data"),
        }
        selection, plan = self._selected(table, cls, include, select, omit)
        return self._one(model, "updateOne", arguments, selection, plan)

    def _update_many_arguments(self, table: ModelTable, data: Any, where: Any, limit: Any) -> dict[str, Any]:
        arguments: dict[str, Any] = {"data": self.data.update_many(table, _given(data, "data"), "data")}
        arguments.update(self.selections.find_arguments(table, "", where=where))
        if limit is not None:
            arguments["limit"] = _limit(limit)
        return arguments

    def update_many(self, model: str, data: Any, where: Any, *, limit: Any = None) -> Prepared[int]:
        table = self.table(model)
        return self._count_of(model, "updateMany", self._update_many_arguments(table, data, where, limit))

    def update_many_and_return(
        self,
        model: str,
        cls: type[M],
        data: Any,
        where: Any,
        *,
        limit: Any = None,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
    ) -> Prepared[list[M]]:
        self._require(self.tables.connector.supports_returning, "update_many_and_return")
        table = self.table(model)
        arguments = self._update_many_arguments(table, data, where, limit)
        selection, plan = self._selected(table, cls, include, select, omit, returned=True)
        return self._many(model, "updateManyAndReturn", arguments, selection, plan)

    def upsert(
        self,
        model: str,
        cls: type[M],
        where: Any,
        data: Any,
        *,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
    ) -> Prepared[M]:
        table = self.table(model)
        data = _given(data, "data")
        if not isinstance(data, Mapping) or set(data) != {"create", "update"}:
            fail("data", "expected {'create': <create data>, 'update': <update data>}")
        arguments = {
            "where": self.wheres.unique_where(table, _given(where, "where"), "where"),
            "create": self.data.create(table, data["create"], "data.create"),
            "update": self.data.update(table, data["update"], "data.update"),
        }
        selection, plan = self._selected(table, cls, include, select, omit)
        return self._one(model, "upsertOne", arguments, selection, plan)

    def delete(
        self,
        model: str,
        cls: type[M],
        where: Any,
        *,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
    ) -> Prepared[M | None]:
        table = self.table(model)
        arguments = {"where": self.wheres.unique_where(table, _given(where, "where"), "where")}
        selection, plan = self._selected(table, cls, include, select, omit)
        return self._one(model, "deleteOne", arguments, selection, plan)

    def delete_many(self, model: str, where: Any = None, *, limit: Any = None) -> Prepared[int]:
        table = self.table(model)
        arguments = self.selections.find_arguments(table, "", where=where)
        if limit is not None:
            arguments["limit"] = _limit(limit)
        return self._count_of(model, "deleteMany", arguments)

    # ---- aggregates -----------------------------------------------------------------------
    def count(
        self,
        model: str,
        *,
        select: Any = None,
        take: Any = None,
        skip: Any = None,
        where: Any = None,
        cursor: Any = None,
        order: Any = None,
    ) -> Prepared[Any]:
        table = self.table(model)
        arguments = self.selections.find_arguments(
            table, "", where=where, cursor=cursor, take=take, skip=skip, order=order
        )
        selection, decode = self.aggregates.count(table, select)
        return Prepared(
            self._request(model, "aggregate", arguments, selection), lambda data: decode(action_result(data))
        )

    def aggregate(
        self,
        model: str,
        *,
        count: Any = None,
        avg: Any = None,
        sum: Any = None,
        min: Any = None,
        max: Any = None,
        where: Any = None,
        order: Any = None,
        take: Any = None,
        skip: Any = None,
        cursor: Any = None,
    ) -> Prepared[dict[str, Any]]:
        table = self.table(model)
        arguments = self.selections.find_arguments(
            table, "", where=where, cursor=cursor, take=take, skip=skip, order=order
        )
        selection = self.aggregates.selection(table, count=count, avg=avg, sum=sum, min=min, max=max)
        return Prepared(
            self._request(model, "aggregate", arguments, selection),
            lambda data: self.aggregates.decode_aggregate(action_result(data), count_all=count is True),
        )

    def group_by(
        self,
        model: str,
        by: Any,
        *,
        where: Any = None,
        take: Any = None,
        skip: Any = None,
        avg: Any = None,
        sum: Any = None,
        min: Any = None,
        max: Any = None,
        having: Any = None,
        count: Any = None,
        order: Any = None,
    ) -> Prepared[list[dict[str, Any]]]:
        if (take is not None or skip is not None) and order is None:
            present = "take" if take is not None else "skip"
            raise TypeError(f"Missing argument: 'order' which is required when {present!r} is present")
        table = self.table(model)
        arguments, selection = self.aggregates.group_by(
            table, by, where=where, take=take, skip=skip, having=having, order=order
        )
        selection.update(self.aggregates.selection(table, count=count, avg=avg, sum=sum, min=min, max=max))
        return Prepared(
            self._request(model, "groupBy", arguments, selection),
            lambda data: self.aggregates.decode_rows(action_result(data)),
        )

    # ---- raw SQL --------------------------------------------------------------------------
    def query_raw(self, query: str, parameters: Sequence[Any], cls: type[M] | None = None) -> Prepared[list[Any]]:
        request = raw_request("queryRaw", query, parameters)

        json_fields: list[str] = []
        model = getattr(cls, "__prisma_model__", None)
        table = self.tables.get(model) if isinstance(model, str) else None
        if table is not None:
            json_fields = [f.name for f in table.fields.values() if f.type == "Json" and not f.is_list]

        def decode(data: Mapping[str, Any]) -> list[Any]:
            rows = raw_rows(action_result(data))
            return rows if cls is None else [cls.model_validate(parse_json_text(row, json_fields)) for row in rows]

        return Prepared(request, decode)

    def execute_raw(self, query: str, parameters: Sequence[Any]) -> Prepared[int]:
        return Prepared(raw_request("executeRaw", query, parameters), lambda data: decode_count(action_result(data)))


def _given(value: Any, argument: str) -> Any:
    if value is None:
        fail(argument, f"{argument} is required")
    return value


def _limit(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        fail("limit", f"expected a non-negative int, got {value!r}")
    return value


def _refuse_deep_nesting(method: Callable[..., Any]) -> Callable[..., Any]:
    """Arguments nested deeper than Python's recursion limit lets the builders walk (a filter
    thousands of levels deep) are refused like any other bad argument."""

    @functools.wraps(method)
    def build(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except RecursionError:
            raise QueryValidationError("the arguments are nested too deeply to be read") from None

    return build


for _name, _method in list(vars(QueryBuilder).items()):
    if not _name.startswith("_") and callable(_method):
        setattr(QueryBuilder, _name, _refuse_deep_nesting(_method))
