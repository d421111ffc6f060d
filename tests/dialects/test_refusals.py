"""What a database lacks is refused by name, at each stage: the schema (scalar lists), the client's
query builder (before anything is sent) and the engine (for a request that skips the client)."""

from __future__ import annotations

from typing import Any

import pytest

from prisma_dynamic.engine.core import EngineUserError
from prisma_dynamic.errors import QueryValidationError, SchemaError
from prisma_dynamic.protocol import QueryBuilder
from prisma_dynamic.schema.load import build_schema
from tests.dialects.compile import find_sql, schema_text, where_sql


def _schema(provider: str, text: str | None = None) -> Any:
    return build_schema([("schema.prisma", text if text is not None else schema_text(provider))])


@pytest.mark.parametrize("provider", ["sqlite", "mysql"])
def test_scalar_lists_are_refused_by_the_schema(provider: str) -> None:
    text = schema_text(provider).replace("  likes    Int", "  tags     String[]\n  likes    Int")
    with pytest.raises(SchemaError, match="can't be a list"):
        _schema(provider, text)


def test_postgresql_search_needs_the_preview_feature() -> None:
    text = schema_text("postgresql").replace('"fullTextSearchPostgres"', "")
    builder = QueryBuilder(_schema("postgresql", text))
    doc = builder.model_class("Doc")
    needs = "without the preview feature 'fullTextSearchPostgres', which full-text search needs"
    with pytest.raises(QueryValidationError, match=needs) as caught:
        builder.find_many("Doc", doc, where={"title": {"search": "cat"}})
    assert caught.value.path == "where.title.search"
    with pytest.raises(QueryValidationError, match=needs) as caught:
        builder.find_many("Doc", doc, order={"_relevance": {"fields": ["title"], "search": "cat", "sort": "asc"}})
    assert caught.value.path == "order._relevance"


@pytest.mark.parametrize(
    ("provider", "where", "operator"),
    [
        ("sqlite", {"title": {"search": "cat"}}, "search"),
        ("sqlite", {"title": {"contains": "a", "mode": "insensitive"}}, "mode"),
        ("mysql", {"title": {"contains": "a", "mode": "insensitive"}}, "mode"),
        ("sqlite", {"meta": {"path": "$.a", "array_contains": {"$type": "Json", "value": "1"}}}, "array_contains"),
        ("sqlite", {"meta": {"path": "$.a", "gt": {"$type": "Json", "value": "1"}}}, "gt"),
    ],
)
def test_the_engine_refuses_what_the_database_lacks(provider: str, where: dict[str, Any], operator: str) -> None:
    with pytest.raises(EngineUserError) as caught:
        where_sql(provider, where)
    database = {"sqlite": "SQLite", "mysql": "MySQL"}[provider]
    assert f"The filter `{operator}`" in caught.value.message
    assert f"is not available on {database}" in caught.value.message


def test_the_engine_refuses_relevance_without_full_text_search() -> None:
    with pytest.raises(EngineUserError, match="not available on SQLite"):
        find_sql("sqlite", {"orderBy": [{"_relevance": {"fields": ["title"], "search": "a", "sort": "asc"}}]})


def test_the_engine_checks_json_paths_and_field_references() -> None:
    with pytest.raises(EngineUserError, match="must be a list of keys on Postgres"):
        where_sql("postgresql", {"meta": {"path": "$.a", "string_contains": "x"}})
    with pytest.raises(EngineUserError, match="must be a string like"):
        where_sql("mysql", {"meta": {"path": ["a"], "string_contains": "x"}})
    wrong_type = {"$type": "FieldRef", "value": {"_ref": "title", "_container": "Doc"}}
    with pytest.raises(EngineUserError, match="same type"):
        where_sql("sqlite", {"views": {"gt": wrong_type}})
    unknown = {"$type": "FieldRef", "value": {"_ref": "nope", "_container": "Doc"}}
    with pytest.raises(EngineUserError, match="no field of `Doc`"):
        where_sql("sqlite", {"views": {"gt": unknown}})


def test_mysql_search_without_a_matching_fulltext_index_is_p2030() -> None:
    with pytest.raises(EngineUserError) as caught:
        where_sql("mysql", {"body": {"search": "cat"}})
    assert caught.value.error_code == "P2030"
