"""The mypy plugin across runs: schema edits reach an unchanged program through mypy's cache,
schema problems are reported where the client is created, and the configured schema types `Prisma()`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.typesafety.checkers import Finding, mypy_config, run_mypy
from tests.typesafety.generated_modules import remove_generated_modules

SCHEMA = """
datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
%s}
"""
POST = """
model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}
"""

PROGRAM = """\
from prisma_dynamic import Prisma


async def main() -> None:
    db = Prisma.from_schema("schema.prisma")
    user = await db.user.find_unique_or_raise(where={"id": 1})
    reveal_type(user.nickname)
"""


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "schema.prisma").write_text(SCHEMA % "", encoding="utf-8")
    (tmp_path / "program.py").write_text(PROGRAM, encoding="utf-8")
    yield tmp_path
    remove_generated_modules(tmp_path)


def check(project: Path, program: str = "program.py", schema: Path | None = None) -> list[Finding]:
    config = mypy_config(project, schema)
    return run_mypy([project / program], project, config, project / ".mypy_cache")


def errors(findings: list[Finding]) -> list[str]:
    return [f"{f.line}: {f.message}" for f in findings if f.kind == "error"]


def test_editing_the_schema_changes_the_next_run(project: Path) -> None:
    first = check(project)
    assert errors(first) == ['7: "User" has no attribute "nickname"  [attr-defined]']

    (project / "schema.prisma").write_text(SCHEMA % "  nickname String?\n", encoding="utf-8")
    second = check(project)
    assert errors(second) == []
    assert [f.message for f in second if f.kind == "reveal"] == ["str | None"]

    (project / "schema.prisma").write_text(SCHEMA % "  nickname Int\n", encoding="utf-8")
    third = check(project)
    assert [f.message for f in third if f.kind == "reveal"] == ["int"]


def test_an_invalid_schema_is_reported_at_the_call(project: Path) -> None:
    (project / "schema.prisma").write_text(SCHEMA % "  posts Post[]\n", encoding="utf-8")
    found = errors(check(project))
    assert len(found) == 1
    assert found[0].startswith("5: prisma-dynamic: the schema ")
    assert 'schema.prisma:10:9: Type "Post" is neither a built-in type' in found[0]
    assert found[0].endswith("[prisma-dynamic]")


def test_a_missing_schema_is_reported_at_the_call(project: Path) -> None:
    (project / "program.py").write_text(PROGRAM.replace('"schema.prisma"', '"nowhere.prisma"'), encoding="utf-8")
    found = errors(check(project))
    assert len(found) == 1
    assert found[0].startswith("5: prisma-dynamic: ") and "nowhere.prisma does not exist" in found[0]


def test_a_path_that_is_not_a_literal_is_reported(project: Path) -> None:
    program = PROGRAM.replace('Prisma.from_schema("schema.prisma")', "Prisma.from_schema(str(1))")
    (project / "program.py").write_text(program, encoding="utf-8")
    found = errors(check(project))
    assert (
        found[0]
        == "5: prisma-dynamic: the schema path must be a string literal for the client to be typed  [prisma-dynamic]"
    )


def test_the_configured_schema_types_the_constructor(project: Path) -> None:
    configured = project / "elsewhere"
    configured.mkdir()
    (configured / "app.prisma").write_text(SCHEMA % "  karma Int\n", encoding="utf-8")
    program = PROGRAM.replace('Prisma.from_schema("schema.prisma")', "Prisma()").replace("nickname", "karma")
    (project / "program.py").write_text(program, encoding="utf-8")
    findings = check(project, schema=configured / "app.prisma")
    assert errors(findings) == []
    assert [f.message for f in findings if f.kind == "reveal"] == ["int"]


def test_importing_from_the_client_module_is_typed_too(project: Path) -> None:
    program = PROGRAM.replace("from prisma_dynamic import Prisma", "from prisma_dynamic.client import Prisma")
    (project / "program.py").write_text(program, encoding="utf-8")
    assert errors(check(project)) == ['7: "User" has no attribute "nickname"  [attr-defined]']


def test_a_narrowed_result_survives_the_cache(project: Path) -> None:
    """The classes the plugin makes for `select=` live in the checked module's symbol table, so a
    module read back from mypy's cache still has them for the modules that import from it."""
    (project / "program.py").write_text(
        "from prisma_dynamic import Prisma\n\n"
        'db = Prisma.from_schema("schema.prisma", interface="sync")\n'
        'picked = db.user.find_unique_or_raise(where={"id": 1}, select={"email": True})\n',
        encoding="utf-8",
    )
    reader = "from program import picked\n\nreveal_type(picked)\n"
    (project / "reader.py").write_text(reader, encoding="utf-8")
    config = mypy_config(project)
    first = run_mypy([project / "program.py", project / "reader.py"], project, config, project / ".mypy_cache")
    (project / "reader.py").write_text(reader + "print(picked.email)\n", encoding="utf-8")
    second = run_mypy([project / "program.py", project / "reader.py"], project, config, project / ".mypy_cache")
    for findings in (first, second):
        assert errors(findings) == []
        assert [f.message for f in findings if f.kind == "reveal"] == ["User{email}"]


def test_the_imported_models_follow_the_schema_the_project_names(project: Path) -> None:
    """`from prisma_dynamic.models import User` is the `User` of the schema found as the run time
    finds it (`[tool.prisma] schema` here), and pointing the project at another schema reaches a
    cached run (the schema found is part of the plugin's configuration data)."""
    for name, field in (("first", "karma Int"), ("second", "karma String")):
        (project / "db").mkdir(exist_ok=True)
        (project / "db" / f"{name}.prisma").write_text(SCHEMA % f"  {field}\n", encoding="utf-8")
    program = "from prisma_dynamic.models import User\n\n\ndef show(user: User) -> None:\n    reveal_type(user.karma)\n"
    (project / "program.py").write_text(program, encoding="utf-8")
    (project / "schema.prisma").unlink()
    revealed = []
    for name in ("first", "second"):
        (project / "pyproject.toml").write_text(f'[tool.prisma]\nschema = "db/{name}.prisma"\n', encoding="utf-8")
        findings = check(project)
        assert errors(findings) == []
        revealed += [f.message for f in findings if f.kind == "reveal"]
    assert revealed == ["int", "str"]


def test_the_input_types_the_plugin_declares_survive_the_cache(project: Path) -> None:
    """The plugin makes the input TypedDicts itself (`stubs_plugin.mypy_declare`); a later run reads
    them from mypy's cache and reports a wrong key, a wrong value and a missing key the same way."""
    (project / "schema.prisma").write_text(SCHEMA % "  posts Post[]\n" + POST, encoding="utf-8")
    program = (
        "from prisma_dynamic import Prisma\n\n"
        'db = Prisma.from_schema("schema.prisma", interface="sync")\n'
        'db.user.find_many(where={"emial": "a"})\n'
        'db.user.find_many(where={"posts": {"some": {"title": 3}}})\n'
        "db.user.create(data={})\n"
    )
    (project / "program.py").write_text(program, encoding="utf-8")
    expected = [
        '4: Extra key "emial" for TypedDict "UserWhereInput"  [typeddict-unknown-key]',
        '5: Incompatible types (expression has type "int", TypedDict item "title" has type "str | StringFilter")'
        "  [typeddict-item]",
        '6: Missing key "email" for TypedDict "UserCreateInput"  [typeddict-item]',
    ]
    assert errors(check(project)) == expected
    # Changed, the program is checked again, against the schema's module as mypy's cache has it.
    (project / "program.py").write_text(program + "db.user.count()\n", encoding="utf-8")
    assert errors(check(project)) == expected


PARTIALS_PROGRAM = """\
from prisma_dynamic.partials import UserLogin


def login(user: UserLogin) -> None:
    reveal_type(user.email)
"""


def test_editing_the_partial_type_generator_changes_the_next_run(project: Path) -> None:
    """The partials module's digest covers the script: an edit reaches a program mypy has cached."""
    (project / "prisma").mkdir()
    script = project / "prisma" / "partial_types.py"
    script.write_text(
        'from prisma_dynamic.models import User\n\nUser.create_partial("UserLogin", include=["id", "email"])\n',
        encoding="utf-8",
    )
    (project / "program.py").write_text(PARTIALS_PROGRAM, encoding="utf-8")
    first = check(project)
    assert errors(first) == []
    assert [f.message for f in first if f.kind == "reveal"] == ["str"]

    script.write_text(script.read_text(encoding="utf-8").replace("])", '], optional=["email"])'), encoding="utf-8")
    assert [f.message for f in check(project) if f.kind == "reveal"] == ["str | None"]

    script.write_text(script.read_text(encoding="utf-8").replace('"id", "email"', '"id"'), encoding="utf-8")
    assert errors(check(project)) == ['5: "UserLogin" has no attribute "email"  [attr-defined]']


def test_a_failing_partial_type_generator_stops_mypy_with_its_error(project: Path) -> None:
    (project / "prisma").mkdir()
    script = project / "prisma" / "partial_types.py"
    script.write_text(
        'from prisma_dynamic.models import User\n\nUser.create_partial("UserLogin", include=["nope"])\n',
        encoding="utf-8",
    )
    (project / "program.py").write_text(PARTIALS_PROGRAM, encoding="utf-8")
    config = mypy_config(project)
    found = errors(run_mypy([project / "program.py"], project, config, project / ".mypy_cache", blocked=True))
    assert len(found) == 1, found
    assert "prisma-dynamic: the partial type generator 'prisma/partial_types.py' failed: ValueError: " in found[0]
    assert "'nope' is not a field of User" in found[0]

    # Fixed, the next run types the partial (a failure is not kept as current).
    script.write_text(script.read_text(encoding="utf-8").replace('"nope"', '"email"'), encoding="utf-8")
    assert [f.message for f in check(project) if f.kind == "reveal"] == ["str"]
