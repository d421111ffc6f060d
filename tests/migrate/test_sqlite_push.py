"""`db push` on a live SQLite file: no-op when in sync, alterations that keep the rows,
destructive changes refused with what would be lost, --accept-data-loss, --force-reset."""

from __future__ import annotations

from pathlib import Path

import pytest

from prisma_dynamic.migrate import DataLossError, UnexecutableChangeError
from tests.migrate.sqlite_facts import catalog_facts, master_sql
from tests.migrate.sqlite_pushing import push_schema_text, push_text, query

USER = """
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}
"""
POST = """
model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "dev.db"
    push_text(path, USER + POST)
    query(path, "INSERT INTO User (email, name) VALUES ('a@x', 'Ann'), ('b@x', NULL)")
    query(path, "INSERT INTO Post (title, authorId) VALUES ('one', 1), ('two', 1), ('three', 2)")
    return path


def fresh_facts(tmp_path: Path, models: str) -> dict[str, object]:
    """The catalog a push of `models` into an empty file makes: what an altered file must equal."""
    path = tmp_path / "fresh.db"
    push_text(path, models)
    return catalog_facts(path)


def test_pushing_twice_is_a_no_op(db: Path) -> None:
    before = master_sql(db)
    result = push_text(db, USER + POST)
    assert not result.changed
    assert result.statements == ()
    assert master_sql(db) == before


def test_adding_an_optional_field_alters_the_table_and_keeps_rows(db: Path, tmp_path: Path) -> None:
    models = USER + POST.replace("  authorId Int\n", "  authorId Int\n  body String?\n")
    result = push_text(db, models)
    assert result.summary() == ["Altered table `Post`: added column `body`"]
    assert any(s.startswith('ALTER TABLE "Post" ADD COLUMN "body" TEXT') for s in result.statements)
    assert query(db, "SELECT title, body FROM Post ORDER BY id") == [("one", None), ("two", None), ("three", None)]
    assert catalog_facts(db) == fresh_facts(tmp_path, models)
    assert not push_text(db, models).changed


def test_adding_a_required_field_with_a_default_redefines_the_table(db: Path, tmp_path: Path) -> None:
    models = USER + POST.replace("  authorId Int\n", "  authorId Int\n  createdAt DateTime @default(now())\n")
    result = push_text(db, models)
    assert any(s.startswith('CREATE TABLE "new_Post"') for s in result.statements)
    rows = query(db, "SELECT id, title, authorId, createdAt IS NOT NULL FROM Post ORDER BY id")
    assert rows == [(1, "one", 1, 1), (2, "two", 1, 1), (3, "three", 2, 1)]
    assert catalog_facts(db) == fresh_facts(tmp_path, models)
    assert query(db, "PRAGMA foreign_key_check") == []


def test_adding_a_model_and_an_index(db: Path, tmp_path: Path) -> None:
    models = (
        USER.replace("  posts Post[]\n", "  posts Post[]\n\n  @@index([name])\n")
        + POST
        + "model Tag {\n  id Int @id\n  label String @unique\n}\n"
    )
    result = push_text(db, models)
    assert "Created table `Tag`" in result.summary()
    assert "Altered table `User`: created index `User_name_idx`" in result.summary()
    assert catalog_facts(db) == fresh_facts(tmp_path, models)
    assert query(db, "SELECT COUNT(*) FROM User") == [(2,)]


def test_changing_a_referential_action_keeps_rows(db: Path, tmp_path: Path) -> None:
    models = USER + POST.replace("references: [id])", "references: [id], onDelete: Cascade)")
    push_text(db, models)
    assert catalog_facts(db) == fresh_facts(tmp_path, models)
    query(db, "PRAGMA foreign_keys = ON")
    assert query(db, "SELECT COUNT(*) FROM Post") == [(3,)]


def test_dropping_a_column_with_data_is_refused_then_accepted(db: Path, tmp_path: Path) -> None:
    models = USER.replace("  name  String?\n", "") + POST
    before = master_sql(db)
    with pytest.raises(DataLossError) as refused:
        push_text(db, models)
    message = str(refused.value)
    assert "column `name` on the `User` table, which still contains 1 non-null value" in message
    assert "--accept-data-loss" in message
    assert master_sql(db) == before

    result = push_text(db, models, accept_data_loss=True)
    assert result.accepted_data_loss == refused.value.warnings
    assert query(db, "SELECT id, email FROM User ORDER BY id") == [(1, "a@x"), (2, "b@x")]
    assert catalog_facts(db) == fresh_facts(tmp_path, models)


def test_dropping_an_empty_column_needs_no_confirmation(tmp_path: Path) -> None:
    path = tmp_path / "dev.db"
    push_text(path, USER.replace("  posts Post[]\n", ""))
    query(path, "INSERT INTO User (email) VALUES ('a@x')")
    result = push_text(path, USER.replace("  posts Post[]\n", "").replace("  name  String?\n", ""))
    assert result.summary() == ["Altered table `User`: dropped column `name`"]


def test_dropping_a_table_with_rows_is_refused(db: Path) -> None:
    with pytest.raises(DataLossError, match=r"drop the `Post` table, which is not empty \(3 rows\)"):
        push_text(db, USER.replace("  posts Post[]\n", ""))
    assert query(db, "SELECT COUNT(*) FROM Post") == [(3,)]
    push_text(db, USER.replace("  posts Post[]\n", ""), accept_data_loss=True)
    assert query(db, "SELECT name FROM sqlite_master WHERE name = 'Post'") == []


def test_making_a_column_with_nulls_required_is_refused_even_when_accepting_loss(db: Path) -> None:
    models = USER.replace("name  String?", "name  String") + POST
    for accept in (False, True):
        with pytest.raises(UnexecutableChangeError, match=r"column `name` on the `User` table required.*1 NULL value"):
            push_text(db, models, accept_data_loss=accept)
    assert query(db, "SELECT name FROM User ORDER BY id") == [("Ann",), (None,)]


def test_making_a_column_with_nulls_required_with_a_default_fills_them_once_accepted(db: Path) -> None:
    models = USER.replace("name  String?", 'name  String @default("anon")') + POST
    with pytest.raises(DataLossError, match=r"its 1 NULL value will be replaced by the default 'anon'"):
        push_text(db, models)
    push_text(db, models, accept_data_loss=True)
    assert query(db, "SELECT name FROM User ORDER BY id") == [("Ann",), ("anon",)]


def test_a_required_column_without_default_cannot_be_added_to_a_table_with_rows(db: Path) -> None:
    models = USER.replace("  name  String?\n", "  name  String?\n  age   Int\n") + POST
    with pytest.raises(UnexecutableChangeError, match=r"required column `age` to the `User` table.*2 rows"):
        push_text(db, models, accept_data_loss=True)


def test_a_type_change_on_a_column_with_data_is_data_loss(db: Path) -> None:
    models = USER + POST.replace("title    String", "title    Int")
    with pytest.raises(DataLossError, match=r"column `title` on the `Post` table changes type from TEXT to INTEGER"):
        push_text(db, models)


def test_a_unique_index_over_duplicates_is_refused(db: Path) -> None:
    models = USER + POST.replace("  authorId Int\n", "  authorId Int\n\n  @@unique([authorId])\n")
    with pytest.raises(UnexecutableChangeError, match=r"`Post_authorId_key`.*1 value is duplicated"):
        push_text(db, models)


def test_force_reset_drops_everything_and_recreates(db: Path, tmp_path: Path) -> None:
    query(db, "CREATE TABLE Stray (x INTEGER)")
    result = push_text(db, USER + POST, force_reset=True)
    assert result.reset
    assert query(db, "SELECT COUNT(*) FROM User") == [(0,)]
    assert catalog_facts(db) == fresh_facts(tmp_path, USER + POST)


def test_implicit_many_to_many_table_follows_prismas_names(tmp_path: Path) -> None:
    path = tmp_path / "dev.db"
    push_text(path, "model Tag {\n  id Int @id\n  posts Post[]\n}\nmodel Post {\n  id String @id\n  tags Tag[]\n}\n")
    facts = catalog_facts(path)["_PostToTag"]
    assert [(c[1], c[2], c[3]) for c in facts["columns"]] == [("A", "TEXT", 1), ("B", "INTEGER", 1)]
    assert set(facts["indexes"]) == {"_PostToTag_AB_unique", "_PostToTag_B_index"}
    assert sorted((fk[2], fk[3], fk[5], fk[6]) for fk in facts["foreign_keys"]) == [
        ("Post", "A", "CASCADE", "CASCADE"),
        ("Tag", "B", "CASCADE", "CASCADE"),
    ]


def test_relation_mode_prisma_makes_no_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "dev.db"
    schema = USER + POST
    push_text(path, schema)
    prisma_mode = tmp_path / "prisma-mode.db"
    push_schema_text(
        prisma_mode,
        'datasource db {\n  provider = "sqlite"\n  url = "file:x.db"\n  relationMode = "prisma"\n}\n' + schema,
    )
    assert catalog_facts(prisma_mode)["Post"]["foreign_keys"] == []
    assert catalog_facts(path)["Post"]["foreign_keys"] != []
