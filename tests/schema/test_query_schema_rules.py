"""Rules of the query schema that follow from the connector and the preview features, shown on
small schemas (the corpus test compares whole schemas with Prisma's)."""

from __future__ import annotations

import textwrap

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.load import build_schema
from prisma_dynamic.schema.query_schema import QuerySchema, build_query_schema, query_schema_of


def schema_of(provider: str, models: str, *, preview: str = "") -> ir.Schema:
    features = f"previewFeatures = [{preview}]" if preview else ""
    text = f"""
        datasource db {{
          provider = "{provider}"
          url      = env("DATABASE_URL")
        }}
        generator client {{
          provider = "prisma-client-js"
          {features}
        }}
        {textwrap.dedent(models)}
        """
    return build_schema([("schema.prisma", textwrap.dedent(text))])


USERS = """
model User {
  id    Int    @id @default(autoincrement())
  posts Post[]
}

model Post {
  id       Int  @id @default(autoincrement())
  author   User @relation(fields: [authorId], references: [id])
  authorId Int
}
"""


def root_field(query_schema: QuerySchema, root: str, name: str) -> list[str]:
    """The argument names of one field of Query or Mutation."""
    (root_type,) = [t for t in query_schema.output_object_types["prisma"] if t.name == root]
    (field,) = [f for f in root_type.fields if f.name == name]
    return [a.name for a in field.args]


def actions(query_schema: QuerySchema, model: str) -> set[str]:
    (ops,) = [m for m in query_schema.model_operations if m.model == model]
    return set(ops.actions)


def test_relation_load_strategy_needs_the_preview_feature_and_a_database_that_joins() -> None:
    joined = build_query_schema(schema_of("postgresql", USERS, preview='"relationJoins"'))
    assert root_field(joined, "Query", "findManyUser")[-1] == "relationLoadStrategy"
    assert root_field(joined, "Mutation", "createOneUser") == ["data", "relationLoadStrategy"]
    assert "relationLoadStrategy" not in root_field(joined, "Query", "aggregateUser")
    assert "RelationLoadStrategy" in {e.name for e in joined.enum_types["prisma"]}

    for schema in (schema_of("postgresql", USERS), schema_of("sqlite", USERS, preview='"relationJoins"')):
        plain = build_query_schema(schema)
        assert "relationLoadStrategy" not in root_field(plain, "Query", "findManyUser")
        assert "RelationLoadStrategy" not in {e.name for e in plain.enum_types["prisma"]}


def test_returning_and_skip_duplicates_follow_the_connector() -> None:
    mysql = build_query_schema(schema_of("mysql", USERS))
    assert "createManyAndReturn" not in actions(mysql, "User")
    assert "CreateManyUserAndReturnOutputType" not in {t.name for t in mysql.output_object_types["model"]}
    assert root_field(mysql, "Mutation", "createManyUser") == ["data", "skipDuplicates"]

    sqlite = build_query_schema(schema_of("sqlite", USERS))
    assert {"createManyAndReturn", "updateManyAndReturn"} <= actions(sqlite, "User")
    assert root_field(sqlite, "Mutation", "createManyUser") == ["data"]
    (levels,) = [e for e in sqlite.enum_types["prisma"] if e.name == "TransactionIsolationLevel"]
    assert levels.values == ("Serializable",)


def test_a_required_unsupported_column_leaves_no_create_and_a_view_no_write() -> None:
    models = """
    model Place {
      id       Int                      @id
      location Unsupported("geography")
    }

    view Summary {
      id    Int @unique
      total Int
    }
    """
    built = build_query_schema(schema_of("postgresql", models, preview='"views"'))
    assert actions(built, "Place") == {
        "findFirst", "findFirstOrThrow", "findMany", "findUnique", "findUniqueOrThrow", "aggregate", "groupBy",
        "deleteOne", "updateOne", "updateMany", "updateManyAndReturn", "deleteMany",
    }  # fmt: skip
    assert actions(built, "Summary") == {
        "findFirst", "findFirstOrThrow", "findMany", "findUnique", "findUniqueOrThrow", "aggregate", "groupBy",
    }  # fmt: skip
    assert "UpdateManySummaryAndReturnOutputType" not in {t.name for t in built.output_object_types["model"]}


def test_the_query_schema_is_built_once_per_schema() -> None:
    first, second = schema_of("sqlite", USERS), schema_of("sqlite", USERS)
    assert query_schema_of(first) is query_schema_of(first)
    assert query_schema_of(second) is not query_schema_of(first)
    assert query_schema_of(second) == query_schema_of(first)
