"""The builder accepts what the query schema accepts, and says so when it refuses: the argument
path, what was given, what is accepted there (in the Python spelling), and the closest key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from prisma_dynamic.errors import (
    QueryFieldNotFoundError,
    QueryInputError,
    QueryMissingValueError,
    QueryValidationError,
    UnsupportedDatabaseError,
)
from prisma_dynamic.fields import DbNull, FieldRef, Json
from prisma_dynamic.protocol import QueryBuilder
from prisma_dynamic.schema.query_schema import query_schema_of
from tests.models.schemas import schema

_MODELS = """
model Item {
  id    Int     @id @default(autoincrement())
  title String
  views Int     @default(0)
  likes Int     @default(0)
  meta  Json?
  owner Owner?  @relation(fields: [ownerId], references: [id])
  ownerId Int?
}

model Owner {
  id    Int    @id @default(autoincrement())
  name  String @unique
  items Item[]
}
"""


def _builder(provider: str) -> QueryBuilder:
    url = "file:./dev.db" if provider == "sqlite" else f"{provider}://localhost/db"
    datasource = f'datasource db {{\n  provider = "{provider}"\n  url      = "{url}"\n}}\n'
    return QueryBuilder(schema(datasource + _MODELS))


@pytest.fixture(scope="module")
def sqlite() -> QueryBuilder:
    return _builder("sqlite")


@pytest.fixture(scope="module")
def postgres() -> QueryBuilder:
    return _builder("postgresql")


@pytest.fixture(scope="module")
def mysql() -> QueryBuilder:
    return _builder("mysql")


def refused(call: Callable[[], Any], kind: type[QueryValidationError] = QueryValidationError) -> str:
    with pytest.raises(kind) as caught:
        call()
    return str(caught.value)


def items(builder: QueryBuilder, **arguments: Any) -> Any:
    return builder.find_many("Item", builder.model_class("Item"), **arguments)


def test_a_misspelt_key_names_its_path_the_input_type_the_accepted_keys_and_the_closest(sqlite: QueryBuilder) -> None:
    text = refused(
        lambda: items(sqlite, where={"owner": {"is": {"name": {"startwith": "a"}}}}), QueryFieldNotFoundError
    )
    assert text == (
        "where.owner.is.name.startwith: 'startwith' is not a valid key of StringFilter on SQLite"
        " (did you mean 'startswith'?). Expected one of: contains, endswith, equals, gt, gte, in, lt, lte,"
        " not, not_in, startswith."
    )


def test_prisma_spellings_are_pointed_to_the_python_ones(sqlite: QueryBuilder) -> None:
    text = refused(lambda: items(sqlite, where={"title": {"notIn": ["a"]}}), QueryFieldNotFoundError)
    assert text.startswith(
        "where.title.notIn: 'notIn' is not a valid key of StringFilter on SQLite (did you mean 'not_in'?)"
    )


def test_a_wrong_value_names_what_was_given_and_the_accepted_types(sqlite: QueryBuilder) -> None:
    assert refused(lambda: items(sqlite, where={"views": ["1"]})) == "where.views: expected IntFilter | Int, got list"
    assert refused(lambda: items(sqlite, where={"views": {"gt": "many"}})) == "where.views.gt: expected an int, got str"
    assert refused(lambda: items(sqlite, where={"views": {"in": [1, None]}}), QueryMissingValueError) == (
        "where.views.in[1]: None is not accepted in a list of Int"
    )
    assert refused(lambda: items(sqlite, order={"title": "up"})) == (
        "order.title: expected one of SortOrder (asc, desc), got 'up'"
    )


def test_relation_filters_and_their_shorthand_both_follow_the_union(sqlite: QueryBuilder) -> None:
    # Item.owner: OwnerNullableScalarRelationFilter | OwnerWhereInput | null
    request = items(
        sqlite, where={"owner": {"is_not": None}, "AND": [{"owner": {"name": "a"}}, {"owner": None}]}
    ).request
    assert request["query"]["arguments"]["where"] == {
        "owner": {"isNot": None},
        "AND": [{"owner": {"name": "a"}}, {"owner": None}],
    }
    text = refused(lambda: items(sqlite, where={"owner": {"is": {"id": 1}, "name": "a"}}), QueryInputError)
    assert text == (
        "where.owner.name: 'name' cannot be given together with 'is': the value is either a"
        " OwnerNullableScalarRelationFilter (with 'is') or a OwnerWhereInput (with 'name'), not both"
    )


def test_constraints_of_the_input_types(sqlite: QueryBuilder) -> None:
    item = sqlite.model_class("Item")
    assert refused(lambda: sqlite.find_unique("Item", item, {"title": "x"})) == (
        "where: expected at least one unique criterion of Item: id"
    )
    assert refused(lambda: sqlite.update("Item", item, {"views": {"increment": 1, "set": 2}}, {"id": 1})) == (
        "data.views: Expected exactly one field to be present, got 2"
        " (IntFieldUpdateOperationsInput: one of decrement, divide, increment, multiply, set)"
    )
    assert refused(lambda: items(sqlite, order={"title": "asc", "views": "desc"})).startswith(
        "order: Expected at most 1 field to be present, got 2 (ItemOrderByWithRelationInput: one of "
    )
    # `data` is an ItemCreateInput or an ItemUncheckedCreateInput: what each misses.
    assert refused(lambda: sqlite.create("Item", item, {}), QueryMissingValueError) == (
        "data.title: as ItemCreateInput: missing required field 'title' of ItemCreateInput; or, as"
        " ItemUncheckedCreateInput: missing required field 'title' of ItemUncheckedCreateInput"
    )


def test_json_filters_are_those_of_the_connector(
    sqlite: QueryBuilder, postgres: QueryBuilder, mysql: QueryBuilder
) -> None:
    # SQLite has Json paths but no Json comparisons (no `lt`/`gt`), nor `array_contains`.
    assert refused(lambda: items(sqlite, where={"meta": {"path": "$.n", "lt": Json(3)}})).startswith(
        "where.meta.lt: 'lt' is not a valid key of JsonNullableFilter on SQLite. Expected one of: array_ends_with,"
    )
    assert refused(lambda: items(sqlite, where={"meta": {"array_contains": Json([1])}})).startswith(
        "where.meta.array_contains: 'array_contains' is not a valid key of JsonNullableFilter on SQLite"
    )
    items(postgres, where={"meta": {"path": ["n"], "lt": FieldRef("Item", "meta")}})
    # MySQL compares Json with values, not with another field.
    items(mysql, where={"meta": {"path": "$.n", "lt": Json(3)}})
    assert refused(lambda: items(mysql, where={"meta": {"path": "$.n", "lt": FieldRef("Item", "meta")}})) == (
        "where.meta.lt: a field reference is not accepted here; expected Json"
    )
    # `mode` (case-insensitive) only where the database has it.
    assert refused(lambda: items(sqlite, where={"title": {"mode": "insensitive"}})).startswith(
        "where.title.mode: 'mode' is not a valid key of StringFilter on SQLite"
    )
    items(postgres, where={"title": {"mode": "insensitive", "equals": "a"}})


def test_aggregates_select_what_their_output_types_have(sqlite: QueryBuilder) -> None:
    assert refused(lambda: sqlite.aggregate("Item", avg={"title": True})) == (
        "avg.title: 'title' is not a valid field of Item for _avg. Expected one of: id, likes, ownerId, views."
    )
    assert refused(lambda: sqlite.aggregate("Item", min={"meta": True})).startswith(
        "min.meta: 'meta' is not a valid field of Item for _min."
    )
    assert refused(lambda: sqlite.group_by("Item", ["title"], having={"title": {"_avg": {"gt": 1}}})).startswith(
        "having.title._avg: '_avg' is not a valid key of StringWithAggregatesFilter on SQLite"
    )


def test_arguments_the_database_lacks(sqlite: QueryBuilder, mysql: QueryBuilder) -> None:
    with pytest.raises(UnsupportedDatabaseError, match=r"^create_many_skip_duplicates is not supported by sqlite$"):
        sqlite.create_many("Item", [{"title": "a"}], skip_duplicates=True)
    item = mysql.model_class("Item")
    with pytest.raises(UnsupportedDatabaseError, match=r"^create_many_and_return is not supported by mysql$"):
        mysql.create_many_and_return("Item", item, [{"title": "a"}])


def test_every_operation_of_every_model_is_found_in_the_query_schema(postgres: QueryBuilder) -> None:
    for mapping in query_schema_of(postgres.schema).model_operations:
        for action in mapping.actions:
            assert postgres.inputs.operation(mapping.model, action) is not None


def test_json_nulls_are_the_sentinels_and_a_string_is_a_document(sqlite: QueryBuilder) -> None:
    where = items(sqlite, where={"meta": {"equals": "JsonNull", "not": DbNull}}).request["query"]["arguments"]["where"]
    assert where == {
        "meta": {"equals": {"$type": "Json", "value": '"JsonNull"'}, "not": {"$type": "Enum", "value": "DbNull"}}
    }
