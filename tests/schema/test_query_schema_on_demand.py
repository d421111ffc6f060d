"""The client's query schema builds each input type on first use (`query_schema.on_demand`): the
types are those of the full build whatever order they are asked for in, and a query builds only
the few it names."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from prisma_dynamic.protocol import QueryBuilder
from prisma_dynamic.schema.load import build_schema, read_sources
from prisma_dynamic.schema.query_schema import build_query_schema
from prisma_dynamic.schema.query_schema.on_demand import OnDemandQuerySchema, on_demand_query_schema
from prisma_dynamic.schema.query_schema.types import InputObjectType
from tests.schema.test_query_schema_corpus import with_query_schema
from tests.schema.test_query_schema_rules import USERS, schema_of


def _named_types(found: InputObjectType) -> list[str]:
    return [t.type for f in found.fields for t in f.input_types if t.location == "inputObjectTypes"]


@pytest.mark.parametrize("path", with_query_schema(), ids=lambda p: p.name)
def test_types_built_on_demand_in_another_order_are_the_full_builds(path: Path) -> None:
    schema = build_schema(read_sources(path))
    full = build_query_schema(schema)
    expected = {t.name: t for t in full.input_object_types["prisma"]}
    enums = {e.name: e for types in full.enum_types.values() for e in types}
    on_demand = OnDemandQuerySchema(schema)
    # Depth first from the last model's last write back to the first read: far from Prisma's
    # breadth-first order, so a builder that relied on another type being built first would fail.
    roots = [on_demand.outputs[name] for name in ("Query", "Mutation") if name in on_demand.outputs]
    stack = [
        t.type
        for r in roots
        for f in r.fields
        for a in f.args
        for t in a.input_types
        if t.location == "inputObjectTypes"
    ]
    seen: set[str] = set()
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        found = on_demand.input_type(name)
        assert found is not None, name
        want = expected[name]
        assert (found.fields, found.constraints) == (want.fields, want.constraints), name
        # Only the model a shared type is grouped under may differ: the first to refer to it.
        assert (found.meta or {}).get("source") == (want.meta or {}).get("source"), name
        for f in found.fields:
            for ref in f.input_types:
                if ref.location == "enumTypes":
                    enum = on_demand.enum(ref.type)
                    assert enum is not None and enum.values == enums[ref.type].values, ref.type
                elif ref.location == "fieldRefTypes":
                    assert on_demand.field_ref(ref.type) is not None, ref.type
        stack.extend(_named_types(found))
    assert seen == set(expected)
    assert on_demand.input_type("NoSuchInput") is None


def test_a_query_builds_only_the_input_types_it_names() -> None:
    schema = schema_of("postgresql", USERS)
    total = len(build_query_schema(schema).input_object_types["prisma"])
    builder = QueryBuilder(schema)
    builder.find_many("Post", builder.model_class("Post"), where={"authorId": {"gt": 1}})
    built = on_demand_query_schema(schema).input_types_built
    # PostWhereInput and IntFilter, of the 68 types of the full build.
    assert (built, total) == (2, 68)


def test_threads_asking_at_once_get_one_type() -> None:
    schema = schema_of("sqlite", USERS)
    on_demand = OnDemandQuerySchema(schema)
    found: list[InputObjectType | None] = []
    start = threading.Barrier(8)

    def ask() -> None:
        start.wait()
        found.append(on_demand.input_type("UserWhereInput"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found[0] is not None and all(t is found[0] for t in found)
    assert on_demand.input_types_built == 1
