"""Every filter operator, order and nested write the query schema offers has a handler in the
engine's tables for that database, and the tables offer nothing the query schema does not.

For each database the engine serves (`served_connectors()`: a connector without a dialect, such as
CockroachDB's, has no tables to check), the query schema is OUR build (`query_schema_of`) of a
schema with every scalar type, Json, enums, optional and required fields, to-one, to-many and
implicit m:n relations, scalar lists where the database has them and full-text search where it
has it (`compile.py`). Each input type is matched with the handler table the engine compiles it
through (`engine/operators.py`, `engine/orders.py`, `engine/nested_writes.py`): an operation the
query schema offers without a handler fails here, so it cannot be offered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import pytest

from prisma_dynamic.engine.catalog import Catalog, ModelInfo
from prisma_dynamic.engine.full_text import RELEVANCE_KEYS
from prisma_dynamic.engine.nested_writes import NestedWriteTables
from prisma_dynamic.engine.operators import OperatorTable, OperatorTables
from prisma_dynamic.engine.orders import SCALAR, TO_MANY, TO_ONE, OrderTables, key_of
from prisma_dynamic.schema.connectors import Connector, served_connectors
from prisma_dynamic.schema.query_schema import QuerySchema, query_schema_of
from prisma_dynamic.schema.query_schema.types import InputField, InputObjectType
from tests.dialects.compile import catalog

_FILTER = re.compile(
    r"^(?P<nested>Nested)?(?P<type>String|Int|BigInt|Float|Decimal|DateTime|Bool|Bytes|Json|Enum\w+?)"
    r"(Nullable)?(?P<list>List)?(WithAggregates)?Filter$"
)
_AGGREGATES = frozenset({"_count", "_min", "_max", "_avg", "_sum"})  # `having` parts (engine/aggregates.py)
_NESTED_CREATE = re.compile(r"CreateNested(One|Many)Without\w+Input$")
_NESTED_UPDATE = re.compile(r"Update(One|OneRequired|Many)Without\w+NestedInput$")


def _connectors() -> list[Connector]:
    return list(served_connectors())


def _setup(connector: Connector) -> tuple[Catalog, QuerySchema]:
    cat = catalog(connector.name)
    return cat, query_schema_of(cat.schema)


def _inputs(query_schema: QuerySchema, suffix: str) -> Iterator[InputObjectType]:
    return (t for t in query_schema.input_object_types["prisma"] if t.name.endswith(suffix))


def _names(input_type: InputObjectType) -> set[str]:
    return {f.name for f in input_type.fields}


def _offered(table: OperatorTable) -> set[str]:
    return {*table.handlers, *table.modifiers}


# ---- filters ------------------------------------------------------------------------------------


@pytest.mark.parametrize("connector", _connectors(), ids=lambda c: c.name)
def test_every_filter_operator_has_a_handler(connector: Connector) -> None:
    cat, query_schema = _setup(connector)
    tables = OperatorTables.build(connector, cat.schema.preview_features)
    families: set[str] = set()
    for input_type in query_schema.input_object_types["prisma"]:
        match = _FILTER.match(input_type.name)
        if match is None:
            continue
        type_name = {"Bool": "Boolean"}.get(match["type"], match["type"])
        table = tables.for_field("Enum" if type_name.startswith("Enum") else type_name, bool(match["list"]))
        names = _names(input_type) - _AGGREGATES
        missing = names - _offered(table)
        assert not missing, f"{input_type.name}: no handler on {connector.display_name} for {sorted(missing)}"
        if (not match["nested"] and match["type"] in ("String", "Json")) or match["list"]:
            extra = _offered(table) - names
            assert not extra, (
                f"{input_type.name}: {connector.display_name} has handlers for {sorted(extra)}, not offered"
            )
        families.add(match["type"] + ("List" if match["list"] else ""))
    expected = {"String", "Int", "BigInt", "Float", "Decimal", "DateTime", "Bool", "Bytes", "Json", "EnumKind"}
    if connector.supports_scalar_lists:
        expected |= {"StringList", "EnumKindList"}
    assert expected <= families, f"the schema lacks filters of {sorted(expected - families)}"


# ---- orders -------------------------------------------------------------------------------------


def _order_key(f: InputField, info: ModelInfo) -> str:
    """The table key of an order field: its name, or for a field of the model the kind the query
    schema's type of it stands for."""
    if info.model.get_field(f.name) is None:
        return f.name
    for ref in f.input_types:
        if ref.type == "SortOrder":
            return SCALAR
        for kind in (TO_ONE, TO_MANY):
            if ref.type.endswith(kind):
                return kind
    return f.name


def _check_orders(
    query_schema: QuerySchema, suffix: str, table: Mapping[str, object], cat: Catalog, connector: Connector
) -> None:
    offered: set[str] = set()
    for input_type in _inputs(query_schema, suffix):
        model = input_type.name.removesuffix(suffix)
        info = cat.info(model)
        for f in input_type.fields:
            key = _order_key(f, info)
            assert key in table, f"{input_type.name}.{f.name}: no order handler on {connector.display_name}"
            assert key == key_of(info, f.name), f"{input_type.name}.{f.name}: the engine takes it for another kind"
            offered.add(key)
    assert offered == set(table), f"{suffix}: handlers for {sorted(set(table) - offered)}, not offered"


@pytest.mark.parametrize("connector", _connectors(), ids=lambda c: c.name)
def test_every_order_has_a_handler(connector: Connector) -> None:
    cat, query_schema = _setup(connector)
    tables = OrderTables.build(connector, cat.schema.preview_features)
    _check_orders(query_schema, "OrderByWithRelationInput", tables.with_relation, cat, connector)
    _check_orders(query_schema, "OrderByWithAggregationInput", tables.with_aggregation, cat, connector)
    _check_orders(query_schema, "OrderByRelationAggregateInput", tables.relation_aggregate, cat, connector)
    (sort_order_input,) = _inputs(query_schema, "SortOrderInput")
    assert _names(sort_order_input) == tables.sort_order_input
    relevance = list(_inputs(query_schema, "OrderByRelevanceInput"))
    assert bool(relevance) == ("_relevance" in tables.with_relation)
    for input_type in relevance:
        assert _names(input_type) == RELEVANCE_KEYS
    # Each groupBy aggregate order (`<M>AvgOrderByAggregateInput`) orders by the model's fields.
    for input_type in _inputs(query_schema, "OrderByAggregateInput"):
        info = cat.info(input_type.meta["grouping"] if input_type.meta else "")
        assert all(key_of(info, f.name) == SCALAR for f in input_type.fields), input_type.name


# ---- nested writes ------------------------------------------------------------------------------


@pytest.mark.parametrize("connector", _connectors(), ids=lambda c: c.name)
def test_every_nested_write_has_a_handler(connector: Connector) -> None:
    """Each relation field of a create or update input names its nested input type: its operations
    must be in the table of that input type, on the side of the relation that holds the key."""
    cat, query_schema = _setup(connector)
    tables = NestedWriteTables.build(connector)
    by_name = {t.name: t for t in query_schema.input_object_types["prisma"]}
    offered: dict[tuple[str, str], set[str]] = {}
    for input_type in query_schema.input_object_types["prisma"]:
        model = input_type.meta.get("grouping") if input_type.meta else None
        if model is None:
            continue
        for f in input_type.fields:
            ir_field = cat.info(model).model.get_field(f.name)
            if ir_field is None or ir_field.kind != "relation":
                continue
            for ref in f.input_types:
                kind = (
                    "create"
                    if _NESTED_CREATE.search(ref.type)
                    else "update"
                    if _NESTED_UPDATE.search(ref.type)
                    else None
                )
                if kind is None:
                    continue
                table = tables.create if kind == "create" else tables.update
                side = "inlined" if cat.schema.holds_foreign_key(model, f.name) else "related"
                handlers = table.inlined if side == "inlined" else table.related
                operations = _names(by_name[ref.type])
                missing = operations - set(handlers)
                assert not missing, f"{ref.type} ({model}.{f.name}): no {side} handler for {sorted(missing)}"
                offered.setdefault((kind, side), set()).update(operations)
    for kind, table in (("create", tables.create), ("update", tables.update)):
        for side, handlers in (("inlined", table.inlined), ("related", table.related)):
            extra = set(handlers) - offered.get((kind, side), set())
            assert not extra, f"{kind} ({side}): handlers for {sorted(extra)}, not offered"
    envelopes = list(_inputs(query_schema, "InputEnvelope"))
    assert envelopes
    for envelope in envelopes:  # `skipDuplicates` where `Writer.create_many` can skip them
        assert _names(envelope) == {"data", *(["skipDuplicates"] if connector.supports_skip_duplicates else [])}
