"""Orders, by the query schema's names, each compiled by one handler.

An `orderBy` object is compiled key by key, through the table of the input type the query schema
gives it:

- `<M>OrderByWithRelationInput` (find*, aggregate, a relation's order): a field of the model, by
  the type the query schema gives that field — `SortOrder` (a scalar: `"asc"`, or a
  `SortOrderInput` `{sort, nulls}`), `OrderByWithRelationInput` (a to-one relation: an order of
  the related record, at any depth) or `OrderByRelationAggregateInput` (a to-many relation: its
  `_count`) — and `_relevance` (full-text relevance);
- `<M>OrderByWithAggregationInput` (groupBy): a grouped scalar (`SortOrder`), or an aggregate of
  one (`_count`, `_avg`, `_sum`, `_min`, `_max`).

Each key gives one `OrderTerm`; the SQL spelling (`NULLS FIRST`, or its emulation) is the
dialect's. Which keys a database offers is its connector's: `OrderTables` is built from the
connector and the preview features, so an order the database lacks (`_relevance` without
full-text search) has no handler and is refused by name before any SQL is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from prisma_dynamic.engine.catalog import Catalog, ModelInfo, as_list, unknown_argument
from prisma_dynamic.engine.core import EngineUserError
from prisma_dynamic.engine.filters import Aliases, FilterCompiler
from prisma_dynamic.engine.full_text import relevance_order
from prisma_dynamic.engine.sql import Bind
from prisma_dynamic.schema.connectors import Connector

# The keys of a model's fields: the query schema's type of the field's order (without the model
# name it is prefixed with, `UserOrderByWithRelationInput`).
SCALAR = "SortOrder"
TO_ONE = "OrderByWithRelationInput"
TO_MANY = "OrderByRelationAggregateInput"


@dataclass(frozen=True, slots=True)
class OrderTerm:
    sql: str  # the expression to order by
    direction: str  # "ASC" | "DESC"
    nulls: str | None  # "first" | "last" | None (the database's default)
    field: str | None  # the scalar field, when ordering by one (cursors compare these)
    nullable: bool = False  # may be NULL (an optional field, a missing related record): cursors care
    binds: tuple[Bind, ...] = ()  # what the placeholders in `sql` bind (a `_relevance` search text)


class OrderCompiler(Protocol):
    """What the handlers use of the compiler whose order they compile (`reads.ReadCompiler`).
    Declared here, not imported: reads.py imports this module, so it does not import it back."""

    catalog: Catalog
    filters: FilterCompiler  # for related records' joins, and `_relevance`'s search binds
    orders: OrderTables  # this database's order tables, below


@dataclass(frozen=True, slots=True)
class OrderSite:
    """What the handlers of one order object share: the model, its row's alias, the argument path."""

    compiler: OrderCompiler
    info: ModelInfo
    alias: str
    aliases: Aliases
    path: str  # the argument path of the order object, for messages: "orderBy", "posts.orderBy.author"
    related: str = ""  # under a to-many relation: `<table> <alias> WHERE <joined to the outer row>`


OrderHandler = Callable[[OrderSite, str, Any], OrderTerm]  # (site, key's name, its value)


def key_of(info: ModelInfo, name: str) -> str:
    """The table key of an order object's key: the kind of a model field, or the name itself."""
    f = info.model.get_field(name)
    if f is None:
        return name
    if f.kind == "relation":
        return TO_MANY if f.is_list else TO_ONE
    return SCALAR


def sort_direction(value: Any) -> str:
    if value in ("asc", "desc"):
        return str(value).upper()
    raise EngineUserError(
        "P2009", f"Invalid sort order `{value}`: expected `asc` or `desc`.", {"kind": "InvalidArgumentValue"}
    )


# ---- handlers -----------------------------------------------------------------------------------


def _scalar(site: OrderSite, name: str, value: Any) -> OrderTerm:
    """`"asc"`, or a `SortOrderInput` `{sort, nulls}`."""
    info = site.info
    if name not in info.columns:
        raise unknown_argument(site.path, name, info.name)
    nulls = None
    if isinstance(value, dict):
        offered = site.compiler.orders.sort_order_input
        for key in value:
            if key not in offered:
                raise _not_offered(site.compiler.orders, f"{site.path}.{name}", key)
        value, nulls = value.get("sort"), value.get("nulls")
        if nulls not in (None, "first", "last"):
            raise EngineUserError(
                "P2009",
                f"Invalid `nulls` at `{site.path}.{name}`: `{nulls}`; expected `first` or `last`.",
                {"kind": "InvalidArgumentValue", "argumentPath": f"{site.path}.{name}.nulls"},
            )
    nullable = not info.model.field(name).is_required
    return OrderTerm(info.column(site.alias, name), sort_direction(value), nulls, name, nullable)


def _to_one(site: OrderSite, name: str, value: Any) -> OrderTerm:
    """An order of the related record (one key, any depth): a correlated subquery, NULL when
    there is no related record whatever the field."""
    related, target, inner = _related(site, name)
    path = f"{site.path}.{name}"
    if not isinstance(value, dict) or len(value) != 1:
        raise EngineUserError("P2009", f"`{path}` must name one field.", {"kind": "InvalidArgument"})
    inner_site = OrderSite(site.compiler, target, inner, site.aliases, path)
    (term,) = compile_object(inner_site, site.compiler.orders.with_relation, value)
    return OrderTerm(f"(SELECT {term.sql} FROM {related})", term.direction, term.nulls, None, True, term.binds)


def _to_many(site: OrderSite, name: str, value: Any) -> OrderTerm:
    """`{"_count": "desc"}`: through the relation aggregates' table, over the related records."""
    related, target, inner = _related(site, name)
    path = f"{site.path}.{name}"
    if not isinstance(value, dict) or len(value) != 1:
        raise EngineUserError(
            "P2009", f"`{path}` orders by a list relation's `_count` only.", {"kind": "InvalidArgument"}
        )
    inner_site = OrderSite(site.compiler, target, inner, site.aliases, path, related)
    (term,) = compile_object(inner_site, site.compiler.orders.relation_aggregate, value)
    return term


def _related(site: OrderSite, name: str) -> tuple[str, ModelInfo, str]:
    catalog = site.compiler.catalog
    join = catalog.join(site.info.name, name)
    target = catalog.info(join.target)
    inner = site.aliases.next()
    return site.compiler.filters.from_related(site.info, target, join, site.alias, inner).text, target, inner


def _relation_count(site: OrderSite, name: str, value: Any) -> OrderTerm:
    return OrderTerm(f"(SELECT COUNT(*) FROM {site.related})", sort_direction(value), None, None)


def _relevance(site: OrderSite, name: str, value: Any) -> OrderTerm:
    path = f"{site.path}.{name}"
    relevance, sort = relevance_order(site.compiler.filters, site.info, value, site.alias, path)
    return OrderTerm(relevance.text, sort_direction(sort), None, None, binds=tuple(relevance.binds))


def _aggregate(function: str) -> OrderHandler:
    """`{"_avg": {"views": "asc"}}` in a groupBy: the aggregate of each named field."""

    def handler(site: OrderSite, name: str, value: Any) -> OrderTerm:
        info, path = site.info, f"{site.path}.{name}"
        if not isinstance(value, dict) or len(value) != 1:
            raise EngineUserError("P2009", f"`{path}` must name one field.", {"kind": "InvalidArgument"})
        ((field, direction),) = value.items()
        if field not in info.columns:
            raise unknown_argument(path, field, info.name)
        return OrderTerm(f"{function}({info.column(site.alias, field)})", sort_direction(direction), None, None)

    return handler


WITH_RELATION_HANDLERS: Mapping[str, OrderHandler] = {SCALAR: _scalar, TO_ONE: _to_one, TO_MANY: _to_many}
RELEVANCE_HANDLERS: Mapping[str, OrderHandler] = {"_relevance": _relevance}
RELATION_AGGREGATE_HANDLERS: Mapping[str, OrderHandler] = {"_count": _relation_count}
WITH_AGGREGATION_HANDLERS: Mapping[str, OrderHandler] = {
    SCALAR: _scalar,
    "_count": _aggregate("COUNT"),
    "_avg": _aggregate("AVG"),
    "_sum": _aggregate("SUM"),
    "_min": _aggregate("MIN"),
    "_max": _aggregate("MAX"),
}


# ---- the tables of one database -----------------------------------------------------------------


@dataclass(frozen=True)
class OrderTables:
    """Every order input's table for one database (connector + the schema's preview features)."""

    with_relation: Mapping[str, OrderHandler]  # <M>OrderByWithRelationInput
    relation_aggregate: Mapping[str, OrderHandler]  # <M>OrderByRelationAggregateInput
    with_aggregation: Mapping[str, OrderHandler]  # <M>OrderByWithAggregationInput
    sort_order_input: frozenset[str]  # the keys of SortOrderInput
    database: str  # the connector's display name, for refusals

    @classmethod
    def build(cls, connector: Connector, preview_features: tuple[str, ...]) -> OrderTables:
        with_relation = dict(WITH_RELATION_HANDLERS)
        if connector.offers_full_text_search(preview_features):
            with_relation.update(RELEVANCE_HANDLERS)
        return cls(
            with_relation=with_relation,
            relation_aggregate=RELATION_AGGREGATE_HANDLERS,
            with_aggregation=WITH_AGGREGATION_HANDLERS,
            sort_order_input=frozenset({"sort", "nulls"} if connector.order_by_nulls else {"sort"}),
            database=connector.display_name,
        )


# Every order key some database offers: one missing here is refused as "not available", not unknown.
KNOWN_ORDERS = frozenset({*WITH_RELATION_HANDLERS, *RELEVANCE_HANDLERS, "nulls"})


def compile_order(site: OrderSite, table: Mapping[str, OrderHandler], order_by: Any) -> list[OrderTerm]:
    """An `orderBy` argument (one order object or a list of them) -> its terms, in order."""
    terms: list[OrderTerm] = []
    for entry in as_list(order_by):
        if not isinstance(entry, dict):
            raise EngineUserError("P2009", f"`{site.path}` entries must be objects.", {"kind": "InvalidArgumentType"})
        terms.extend(compile_object(site, table, entry))
    return terms


def compile_object(site: OrderSite, table: Mapping[str, OrderHandler], entry: dict[str, Any]) -> list[OrderTerm]:
    """One order object, key by key through the handlers of its input type's table."""
    terms = []
    for name, value in entry.items():
        handler = table.get(key_of(site.info, name))
        if handler is None:
            if name in KNOWN_ORDERS:
                raise _not_offered(site.compiler.orders, site.path, name)
            raise unknown_argument(site.path, name, site.info.name)
        terms.append(handler(site, name, value))
    return terms


def _not_offered(tables: OrderTables, path: str, name: str) -> EngineUserError:
    return EngineUserError(
        "P2009",
        f"The order `{name}` at `{path}` is not available on {tables.database}.",
        {"kind": "UnknownArgument", "argumentPath": f"{path}.{name}"},
    )
