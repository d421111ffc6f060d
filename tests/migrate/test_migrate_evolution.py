"""A schema evolved in realistic steps with `migrate dev`, on SQLite, PostgreSQL and MariaDB:
each step writes a migration (or none, for a rename with @map), keeps the rows it should, and
the end is the catalog `db push` makes of the final schema. `migrate deploy` of the folder on an
empty database gives that catalog again; an applied migration edited afterwards is reported by
its checksum."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest

from prisma_dynamic.migrate import push
from prisma_dynamic.migrate.deploy import migrate_deploy
from prisma_dynamic.migrate.errors import MigrateError
from prisma_dynamic.migrate.state import read_state
from prisma_dynamic.migrate.status import migrate_status
from tests.migrate.migrating import KINDS, catalog, databases, dev, execute, fetch, project

USER = """
model User {{
  id    Int     @id @default(autoincrement())
  email String  @unique
  {name}
{user_extra}}}
"""
POST = """
model Post {{
  id       Int    @id @default(autoincrement())
  title    String{title_type}
{post_extra}}}
"""
DRAFT = """
model Draft {
  id   Int    @id @default(autoincrement())
  body String
}
"""
TAG = """
model Tag {
  id    Int    @id @default(autoincrement())
  label String @unique
  posts Post[]
}
"""
ROLE = "\nenum Role {{\n  {values}\n}}\n"


def steps(native: str) -> list[tuple[str, str, bool]]:
    """(migration name, models, data loss accepted) for each step; `native` changes the title's type."""
    optional = "name  String?"
    required = 'fullName String @default("") @map("name")'
    relation = "  author   User   @relation(fields: [authorId], references: [id])\n  authorId Int\n"
    published = "  published Boolean @default(false)\n"

    def schema(
        *,
        name: str = optional,
        posts: bool = True,
        related: bool = False,
        published_column: bool = True,
        role: str | None = None,
        unique: bool = False,
        title_type: str = "",
        tags: bool = False,
        draft: bool = True,
    ) -> str:
        user_extra = "  posts Post[]\n" if related else ""
        if role is not None:
            user_extra += "  role  Role   @default(USER)\n"
        post_extra = (published if published_column else "") + (relation if related else "")
        if unique:
            post_extra += "\n  @@unique([title, authorId])\n"
        if tags:
            post_extra = "  tags     Tag[]\n" + post_extra
        text = USER.format(name=name, user_extra=user_extra)
        if posts:
            text += POST.format(title_type=title_type, post_extra=post_extra)
        if draft:
            text += DRAFT
        if tags:
            text += TAG
        if role is not None:
            text += ROLE.format(values=role)
        return text

    evolved = [
        ("init", schema(posts=False, draft=False), False),
        ("add_post_and_draft", schema(), False),
        ("add_author", schema(related=True), False),
        ("rename_with_map", schema(related=True, name='fullName String? @map("name")'), False),
        ("require_name", schema(related=True, name=required), True),
        ("add_role", schema(related=True, name=required, role="USER"), False),
        ("add_admin", schema(related=True, name=required, role="USER\n  ADMIN"), False),
        ("drop_published", schema(related=True, name=required, role="USER\n  ADMIN", published_column=False), True),
    ]
    last = {"related": True, "name": required, "role": "USER\n  ADMIN", "published_column": False}
    evolved.append(("title_author_unique", schema(**last, unique=True), False))  # type: ignore[arg-type]
    if native:
        evolved.append(("title_type", schema(**last, unique=True, title_type=native), True))  # type: ignore[arg-type]
    evolved.append(("add_tags", schema(**last, unique=True, title_type=native, tags=True), False))  # type: ignore[arg-type]
    evolved.append(
        ("drop_draft", schema(**last, unique=True, title_type=native, tags=True, draft=False), True)  # type: ignore[arg-type]
    )
    return evolved


NATIVE = {"sqlite": "", "postgresql": " @db.VarChar(200)", "mysql": " @db.VarChar(200)"}
# Steps that change no column: a rename with @map, and an enum value where enums are TEXT.
UNCHANGED = {
    "sqlite": {"rename_with_map", "add_admin"},
    "postgresql": {"rename_with_map"},
    "mysql": {"rename_with_map"},
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_schema_evolves_step_by_step(kind: str, tmp_path: Path) -> None:
    evolved = steps(NATIVE[kind])
    migrations = tmp_path / "migrations"
    with databases(kind, tmp_path) as made:
        url = made.new()
        created = 0
        for name, models, accept in evolved:
            current = project(kind, models, url, migrations)
            result = dev(current, name, accept=accept)
            if name in UNCHANGED[kind]:
                assert result.created is None, f"{name} changes no column"
                continue
            created += 1
            assert result.created is not None, name
            assert result.created.name.endswith(f"_{name}")
            assert result.created_applied
            q = current.dialect.quote
            if name == "add_author":
                # Rows that later steps must keep: a user without a name, two posts.
                execute(
                    current,
                    f"INSERT INTO {q('User')} ({q('email')}) VALUES ('a@example.com')",
                    f"INSERT INTO {q('Post')} ({q('title')}, {q('authorId')}) VALUES ('one', 1), ('two', 1)",
                )
            if name == "require_name":
                assert fetch(current, f"SELECT {q('name')} FROM {q('User')}") == [("",)]
            if name == "add_post_and_draft":
                execute(current, f"INSERT INTO {q('Draft')} ({q('body')}) VALUES ('kept until dropped')")
            assert len(current.folder.migrations()) == created

        final = project(kind, evolved[-1][1], url, migrations)
        scripts = {m.name.split("_", 1)[1]: m.text() for m in final.folder.migrations()}
        assert "You are about to drop the column `published` on the `Post` table" in scripts["drop_published"]
        assert "You are about to drop the `Draft` table" in scripts["drop_draft"]
        assert final.folder.locked_provider() == final.provider
        q = final.dialect.quote
        assert fetch(final, f"SELECT COUNT(*) FROM {q('Post')}") == [(2,)]
        assert fetch(final, f"SELECT {q('role')} FROM {q('User')}") == [("USER",)]

        # The end of the road is what db push makes of the final schema.
        pushed = project(kind, evolved[-1][1], made.new(), tmp_path / "unused")
        anyio.run(push, pushed.schema, pushed.url)
        assert catalog(final) == catalog(pushed)

        # The folder deployed on an empty database gives the same catalog, and a full history.
        deployed = project(kind, evolved[-1][1], made.new(), migrations)
        applied = anyio.run(migrate_deploy, deployed, lambda _: None)
        assert list(applied) == [m.name for m in final.folder.migrations()]
        assert catalog(deployed) == catalog(pushed)
        status = anyio.run(migrate_status, deployed)
        assert status.state.up_to_date
        assert anyio.run(migrate_deploy, deployed, lambda _: None) == ()

        # An applied migration edited afterwards is found by its checksum.
        edited = final.folder.migrations()[1]
        edited.script_path.write_bytes(edited.script() + b"\n-- edited by hand\n")
        status = anyio.run(migrate_status, deployed)
        assert [m.name for m in status.state.edited] == [edited.name]
        assert not status.state.up_to_date
        # ... and migrate dev refuses to go on without resetting.
        with pytest.raises(MigrateError, match="was modified after it was applied"):
            dev(final, "after_edit")


@pytest.mark.parametrize("kind", KINDS)
def test_line_endings_changed_by_git_are_not_an_edit(kind: str, tmp_path: Path) -> None:
    with databases(kind, tmp_path) as made:
        current = project(kind, USER.format(name="name String?", user_extra=""), made.new(), tmp_path / "m")
        dev(current, "init")
        (migration,) = current.folder.migrations()
        migration.script_path.write_bytes(migration.script().replace(b"\n", b"\r\n"))
        status = anyio.run(migrate_status, current)
        assert status.state.up_to_date
        rows = fetch(current, "SELECT migration_name, applied_steps_count, logs FROM _prisma_migrations")
        assert rows == [(migration.name, 1, None)]
        assert read_state(current.folder.migrations(), []).pending == (migration,)
