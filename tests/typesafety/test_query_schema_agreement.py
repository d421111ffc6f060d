"""The stubs declare what the query schema offers, by construction (issue 10, deliver 3).

The stub writer renders input TypedDicts from the query schema's input types and the protocol
builder validates against the same types, spelt through the same table (`query_schema.spelling`),
so no test needs to hold the stubs against the validator key by key. What is left to check is the construction: for
`agreement.prisma` (every feature) on each database, every TypedDict rendered from a query schema
type has exactly that type's fields as keys, in Python spelling, required where the query schema
requires them; every type the query schema offers below a where, order or having is rendered; and
the types still written by hand (create, update and nested writes, selections) declare no key
the query schema does not offer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest

from prisma_dynamic.protocol.inputs import Inputs
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.load import build_schema
from prisma_dynamic.schema.query_schema import QuerySchema, query_schema_of
from prisma_dynamic.schema.query_schema.spelling import python_spelling
from prisma_dynamic.schema.query_schema.types import InputObjectType
from stubs_plugin.build import build_surface
from stubs_plugin.inputs import unique_criteria
from stubs_plugin.query_types import ORDER_BY_RELATION_AGGREGATE
from stubs_plugin.surface import Surface

SCHEMA = Path(__file__).with_name("agreement.prisma")
# Scalar lists exist on PostgreSQL and CockroachDB only; full-text search needs a preview feature
# on PostgreSQL and an index on MySQL.
DATABASES = {
    "postgresql": ("postgresql", True, ""),
    "postgresql-fulltext": ("postgresql", True, 'previewFeatures = ["fullTextSearchPostgres"]'),
    "cockroachdb": ("cockroachdb", True, ""),
    "sqlite": ("sqlite", False, ""),
    "mysql": ("mysql", False, ""),
}


World = tuple[Surface, dict[str, InputObjectType], ir.Schema]


@cache
def schema_on(database: str) -> ir.Schema:
    provider, lists, generator = DATABASES[database]
    text = SCHEMA.read_text(encoding="utf-8").replace('provider = "postgresql"', f'provider = "{provider}"')
    text = text.replace('provider = "prisma-client-py"', f'provider = "prisma-client-py"\n  {generator}')
    if not lists:
        # Scalar and enum lists only (relation lists are followed by an attribute or are models).
        text = re.sub(r"^\s+(roles|tags|lucky)\s+\w+\[\]\s*\n", "", text, flags=re.MULTILINE)
    if provider == "mysql":
        text = text.replace("@@unique([title, authorId])", "@@unique([title, authorId])\n  @@fulltext([title])")
    return build_schema([(SCHEMA.name, text)])


def python_keys(input_type: InputObjectType) -> set[str]:
    return {python_spelling(f.name) for f in input_type.fields}


def inputs(query_schema: QuerySchema) -> dict[str, InputObjectType]:
    return {t.name: t for types in query_schema.input_object_types.values() for t in types}


@pytest.fixture(scope="module", params=list(DATABASES))
def world(request: pytest.FixtureRequest) -> World:
    schema = schema_on(request.param)
    return build_surface(schema), inputs(query_schema_of(schema)), schema


def test_rendered_types_have_the_query_schema_keys(
    world: World,
) -> None:
    surface, types, _ = world
    rendered = [t for t in surface.typed_dicts if t.source is not None]
    assert len(rendered) > 50
    for typed_dict in rendered:
        assert typed_dict.source is not None
        source = types[typed_dict.source]
        assert typed_dict.key_names == python_keys(source), typed_dict.name
        required = {python_spelling(f.name) for f in source.fields if f.is_required}
        assert typed_dict.required_keys == required, typed_dict.name


# Query schema types rendered in another shape: the unique where is a union of one-key TypedDicts
# (`test_unique_wheres_offer_the_query_schema_criteria`), and a model's two to-one relation
# filters are one stub type.
_HAND_WRITTEN = re.compile(r".*(WhereUniqueInput|[^e]ScalarRelationFilter)$")


def _closure(types: dict[str, InputObjectType], roots: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    todo = [r for r in roots if r in types]
    while todo:
        name = todo.pop()
        if name in seen or _HAND_WRITTEN.match(name):
            continue
        seen.add(name)
        todo += [r.type for f in types[name].fields for r in f.input_types if r.location == "inputObjectTypes"]
    return seen


def test_aliased_types_have_the_keys_of_their_query_schema_type(world: World) -> None:
    """A shared type with the keys of one rendered before is an alias of it (`NestedIntFilter`)."""
    surface, types, _ = world
    aliased = [a for a in surface.aliases if a.source is not None]
    assert any(a.name == "NestedIntFilter" and a.type == "IntFilter" for a in aliased)
    for alias in aliased:
        assert alias.source is not None
        assert surface.typed_dict(alias.type).key_names == python_keys(types[alias.source]), alias.name


def test_every_filter_and_order_type_the_query_schema_offers_is_rendered(
    world: World,
) -> None:
    surface, types, schema = world
    roots = [
        f"{m.name}{suffix}"
        for m in schema.models
        for suffix in ("WhereInput", "OrderByWithRelationInput", "ScalarWhereWithAggregatesInput")
    ]
    offered = _closure(types, roots)
    rendered = {t.source for t in surface.typed_dicts} | {a.source for a in surface.aliases}
    # Every model's `<M>OrderByRelationAggregateInput` is `{"_count": SortOrder}`: rendered once.
    shared = {n for n in offered if n.endswith(ORDER_BY_RELATION_AGGREGATE)}
    assert {frozenset(python_keys(types[n])) for n in shared} == {frozenset({"_count"})}
    assert offered - shared - rendered == set()


def test_unique_wheres_offer_the_query_schema_criteria(world: World) -> None:
    surface, types, schema = world
    aliases = {a.name: a.type for a in surface.aliases}
    for model in schema.models:
        where_unique = types[f"{model.name}WhereUniqueInput"]
        criteria = [{f.name} for f in unique_criteria(where_unique)]
        assert len(criteria) == len(set(where_unique.constraints.fields or ()))
        members = aliases[f"{model.name}WhereUniqueInput"].split(" | ")
        assert [surface.typed_dict(m).required_keys for m in members] == criteria
    if "Group" in {m.name for m in schema.models}:  # `@@unique([code], name: "codeKey")`: by its field
        assert aliases["GroupWhereUniqueInput"] == "_GroupWhereUnique_id_Input | _GroupWhereUnique_code_Input"


def test_relation_filters_take_the_where_of_the_related_model(
    world: World,
) -> None:
    surface, _, _ = world
    assert surface.typed_dict("UserRelationFilter").key_names == {"is", "is_not"}
    assert surface.typed_dict("UserWhereInput").key("mentor").type.startswith("UserRelationFilter")
    assert surface.typed_dict("PostListRelationFilter").key("some").type.startswith("PostWhereInput")


def test_aggregate_selections_and_results_are_the_query_schema_aggregate_outputs(world: World) -> None:
    surface, _, schema = world
    outputs = {t.name: t for types in query_schema_of(schema).output_object_types.values() for t in types}
    for model in schema.models:
        for operation in ("Count", "Avg", "Sum", "Min", "Max"):
            source = outputs.get(f"{model.name}{operation}AggregateOutputType")
            fields = {f.name for f in source.fields} if source is not None else set()
            assert surface.typed_dict(f"{model.name}{operation}AggregateInput").key_names == fields
            assert surface.typed_dict(f"{model.name}{operation}AggregateOutput").key_names == fields
        group_by = {f.name for f in outputs[f"{model.name}GroupByOutputType"].fields}
        assert surface.typed_dict(f"{model.name}GroupByOutput").key_names == group_by


def test_selections_name_the_fields_of_the_model_output_types(world: World) -> None:
    surface, _, schema = world
    outputs = {t.name: t for types in query_schema_of(schema).output_object_types.values() for t in types}
    models = {m.name for m in schema.models}
    for model in schema.models:
        fields = outputs[model.name].fields
        relations = {f.name for f in fields if f.output_type.type in models or f.name == "_count"}
        assert surface.typed_dict(f"{model.name}Select").key_names == {f.name for f in fields}
        assert surface.typed_dict(f"{model.name}Include").key_names == relations
        assert surface.typed_dict(f"{model.name}Omit").key_names == {f.name for f in fields} - relations
        for field in fields:
            if field.output_type.is_list and field.output_type.type in models:
                arguments = {python_spelling(a.name) for a in field.args}
                # Level 1 and below (`recursive_type_depth`): the top level is the delegate's arguments.
                args = surface.typed_dict(f"FindMany{field.output_type.type}ArgsRecursive1")
                assert args.key_names == arguments | {"include", "select", "omit"}


def _hand_written_sources(model: str) -> dict[str, tuple[str, ...]]:
    """Stub TypedDicts still written by hand -> the query schema types whose keys they may use."""
    return {
        f"{model}CreateInput": (f"{model}CreateInput", f"{model}UncheckedCreateInput"),
        f"{model}CreateWithoutRelationsInput": (f"{model}CreateManyInput",),
        f"{model}UpdateInput": (f"{model}UpdateInput", f"{model}UncheckedUpdateInput"),
        f"{model}UpdateManyMutationInput": (f"{model}UncheckedUpdateManyInput",),
    }


def test_hand_written_inputs_declare_only_what_the_query_schema_offers(
    world: World,
) -> None:
    surface, types, schema = world
    for model in schema.models:
        for stub, sources in _hand_written_sources(model.name).items():
            offered = set().union(*(python_keys(types[s]) for s in sources if s in types))
            required = set().union(*({f.name for f in types[s].fields if f.is_required} for s in sources if s in types))
            assert surface.typed_dict(stub).key_names <= offered, stub
            assert surface.typed_dict(stub).required_keys <= required, stub
    # The nested writes under a relation field: one stub type per model and direction, with the
    # keys of Prisma's nested inputs of every relation field to that model.
    stubs = {
        ("Create", False): "CreateNestedWithoutRelationsInput",
        ("Create", True): "CreateManyNestedWithoutRelationsInput",
        ("Update", False): "UpdateOneWithoutRelationsInput",
        ("Update", True): "UpdateManyWithoutRelationsInput",
    }
    offered_under: dict[str, set[str]] = {}
    for owner in schema.models:
        for field in owner.relation_fields:
            for action in ("Create", "Update"):
                for source in (f"{owner.name}{action}Input", f"{owner.name}Unchecked{action}Input"):
                    input_field = types[source].field(field.name) if source in types else None
                    for ref in input_field.input_types if input_field is not None else ():
                        stub = f"{field.type}{stubs[action, field.is_list]}"
                        offered_under.setdefault(stub, set()).update(python_keys(types[ref.type]))
    assert offered_under
    for stub, offered in offered_under.items():
        assert surface.typed_dict(stub).key_names == offered, stub


def test_the_protocol_builder_reads_the_keys_of_the_query_schema_types(world: World) -> None:
    """The run time has no tables of its own: the keys it accepts in each input type are that
    type's fields in Python spelling, read off the query schema the stubs are rendered from."""
    _, types, schema = world
    accepted = Inputs(schema)
    for name, input_type in types.items():
        assert accepted.keys_of(name) == python_keys(input_type), name
