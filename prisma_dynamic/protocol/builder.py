"""One object per client that turns delegate calls into protocol requests and results back.

Each method checks the arguments against the query schema (`inputs`; a `QueryValidationError`
with the argument path before anything is sent) and returns a `Prepared` query: the request
document and the function that turns the response's `data` member into the Python result.
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
from prisma_dynamic.protocol.decode import action_result, decode_count, decode_record, decode_records
from prisma_dynamic.protocol.inputs import Inputs
from prisma_dynamic.protocol.problems import describe, fail, missing
from prisma_dynamic.protocol.raw import parse_json_text, raw_request, raw_rows
from prisma_dynamic.protocol.selection import DecodePlan, SelectionBuilder
from prisma_dynamic.protocol.tables import ModelTable, Tables
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema.model_outputs import create_many_and_return_name, update_many_and_return_name
from prisma_dynamic.schema.query_schema.refs import aggregate_type, group_by_output_type
from prisma_dynamic.schema.query_schema.spelling import python_spelling

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
        self.selections = SelectionBuilder(self.tables, self.registry, lambda: self.inputs)
        self.aggregates = AggregateBuilder(lambda: self.inputs)

    @functools.cached_property
    def inputs(self) -> Inputs:
        """The query schema's inputs, built on the first query (the query schema is cached per schema)."""
        return Inputs(self.schema)

    @property
    def provider(self) -> str:
        return self.tables.provider

    def table(self, model: str) -> ModelTable:
        table = self.tables.get(model)
        if table is None or self.schema.get_model(model) is None:
            raise UnknownModelError(model)
        return table

    def model_class(self, model: str) -> type[PrismaModel]:
        self.table(model)
        return self.registry.model_class(model)

    # ---- arguments ------------------------------------------------------------------------
    def _arguments(
        self, model: str, action: str, method: str, paths: Mapping[str, str] | None = None, **given: Any
    ) -> dict[str, Any]:
        """The delegate method's arguments (by Python name; None: not given) checked against the
        query schema's arguments of `action` on `model`, by Prisma name; `paths`: where an argument
        is found in the delegate call, when not under its own name."""
        inputs = self.inputs
        offered = inputs.operation(model, action)
        if offered is None:
            self.table(model)
            if self.schema.model(model).is_view:
                fail("", f"{model} is a view: {method} is not available on it (views are read-only)")
            raise UnsupportedDatabaseError(self.provider, method)
        out: dict[str, Any] = {}
        by_python = offered.by_python
        for python, value in given.items():
            if value is None:
                continue
            found = by_python.get(python)
            if found is None:  # an argument the delegate method has, which this database lacks
                raise UnsupportedDatabaseError(self.provider, f"{method}_{python}")
            name, field = found
            out[name] = inputs.value(value, field, paths.get(python, python) if paths else python, model)
        for name in offered.required:
            if name not in out:
                python = python_spelling(name, "argument")
                at = paths.get(python, python) if paths else python
                missing(at, f"{at} is required")
        order = out.get("orderBy")
        if isinstance(order, dict):  # one sort object or a list of them: always sent as a list
            out["orderBy"] = [order]
        return out

    # ---- assembling -----------------------------------------------------------------------
    def _request(self, model: str, action: str, arguments: dict[str, Any], selection: dict[str, Any]) -> dict[str, Any]:
        return {"modelName": model, "action": action, "query": {"arguments": arguments, "selection": selection}}

    def _selected(
        self,
        table: ModelTable,
        cls: type[PrismaModel],
        include: Any,
        select: Any,
        omit: Any,
        returned: str | None = None,
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
        action = "findUniqueOrThrow" if or_raise else "findUnique"
        arguments = self._arguments(model, action, "find_unique", where=where)
        selection, plan = self._selected(table, cls, include, select, omit)
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
        action = "findFirstOrThrow" if or_raise else "findFirst"
        arguments = self._arguments(
            model, action, "find_first", where=where, cursor=cursor, take=take, skip=_skip(skip), order=order
        )
        arguments.update(self._arguments_distinct(model, action, distinct))
        selection, plan = self._selected(table, cls, include, select, omit)
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
        arguments = self._arguments(
            model, "findMany", "find_many", where=where, cursor=cursor, take=take, skip=_skip(skip), order=order
        )
        arguments.update(self._arguments_distinct(model, "findMany", distinct))
        selection, plan = self._selected(table, cls, include, select, omit)
        return self._many(model, "findMany", arguments, selection, plan)

    def _arguments_distinct(self, model: str, action: str, distinct: Any) -> dict[str, Any]:
        """`distinct`: field names, one or a list (always sent as a list)."""
        if distinct is None:
            return {}
        names = self._arguments(model, action, "find_many", distinct=distinct)["distinct"]
        return {"distinct": names if isinstance(names, list) else [names]}

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
        arguments = self._arguments(model, "createOne", "create", data=data)
        selection, plan = self._selected(table, cls, include, select, omit)
        return self._one(model, "createOne", arguments, selection, plan)

    def _create_many_arguments(self, model: str, action: str, method: str, data: Any, skip: Any) -> dict[str, Any]:
        if not isinstance(data, (list, tuple)):
            fail("data", f"expected a list of {model} creates, got {describe(data)}")
        # `skip_duplicates=False` asks for nothing, so it is no request for what a database lacks.
        return self._arguments(model, action, method, data=data, skip_duplicates=skip or None)

    def create_many(self, model: str, data: Any, *, skip_duplicates: Any = None) -> Prepared[int]:
        self.table(model)
        arguments = self._create_many_arguments(model, "createMany", "create_many", data, skip_duplicates)
        return self._count_of(model, "createMany", arguments)

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
        table = self.table(model)
        action = "createManyAndReturn"
        arguments = self._create_many_arguments(model, action, "create_many_and_return", data, skip_duplicates)
        returned = create_many_and_return_name(model)
        selection, plan = self._selected(table, cls, include, select, omit, returned=returned)
        return self._many(model, action, arguments, selection, plan)

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
        arguments = self._arguments(model, "updateOne", "update", where=where, data=data)
        selection, plan = self._selected(table, cls, include, select, omit)
        return self._one(model, "updateOne", arguments, selection, plan)

    def update_many(self, model: str, data: Any, where: Any, *, limit: Any = None) -> Prepared[int]:
        self.table(model)
        arguments = self._arguments(model, "updateMany", "update_many", data=data, where=where, limit=_limit(limit))
        return self._count_of(model, "updateMany", arguments)

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
        table = self.table(model)
        action = "updateManyAndReturn"
        arguments = self._arguments(
            model, action, "update_many_and_return", data=data, where=where, limit=_limit(limit)
        )
        returned = update_many_and_return_name(model)
        selection, plan = self._selected(table, cls, include, select, omit, returned=returned)
        return self._many(model, action, arguments, selection, plan)

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
        # PCP's one `data` argument holds Prisma's two, `create` and `update`.
        if not isinstance(data, Mapping) or set(data) != {"create", "update"}:
            fail("data", "expected {'create': <create data>, 'update': <update data>}")
        paths = {"create": "data.create", "update": "data.update"}
        arguments = self._arguments(
            model, "upsertOne", "upsert", paths, where=where, create=data["create"], update=data["update"]
        )
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
        arguments = self._arguments(model, "deleteOne", "delete", where=where)
        selection, plan = self._selected(table, cls, include, select, omit)
        return self._one(model, "deleteOne", arguments, selection, plan)

    def delete_many(self, model: str, where: Any = None, *, limit: Any = None) -> Prepared[int]:
        self.table(model)
        arguments = self._arguments(model, "deleteMany", "delete_many", where=where, limit=_limit(limit))
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
        self.table(model)
        arguments = self._arguments(
            model, "aggregate", "count", where=where, cursor=cursor, take=take, skip=_skip(skip), order=order
        )
        selection, decode = self.aggregates.count(model, select)
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
        self.table(model)
        arguments = self._arguments(
            model, "aggregate", "aggregate", where=where, cursor=cursor, take=take, skip=_skip(skip), order=order
        )
        output = aggregate_type(model)
        selection = self.aggregates.selection(model, output, count=count, avg=avg, sum=sum, min=min, max=max)
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
        self.table(model)
        if isinstance(by, str) or not isinstance(by, (list, tuple)):
            fail("by", f"expected a list of {model} scalar field names, got {describe(by)}")
        if not by:
            fail("by", "At least one selection is required for the `by` argument.")  # Prisma's words
        # Which fields may be ordered or filtered on by value (only the grouped ones) is the
        # engine's check (P2019, Prisma's words): one rule, for every client of the engine.
        arguments = self._arguments(
            model, "groupBy", "group_by", where=where, take=take, skip=_skip(skip), having=having, order=order, by=by
        )
        selection: dict[str, Any] = {name: True for name in arguments["by"]}
        output = group_by_output_type(model)
        selection.update(self.aggregates.selection(model, output, count=count, avg=avg, sum=sum, min=min, max=max))
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


def _limit(value: Any) -> Any:
    """`limit` of the bulk writes: an Int in the query schema, and never negative."""
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        fail("limit", f"expected a non-negative int, got {value!r}")
    return value


def _skip(value: Any) -> Any:
    """`skip`: an Int in the query schema, and never negative (`take` may be, to read backwards)."""
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        fail("skip", f"expected a non-negative int, got {value}")
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
