"""The type surface as data: built for every schema of the corpus, consistent with itself and
with the run-time client's names, honouring the generator's options."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from prisma_dynamic.schema.load import build_schema, load_schema
from stubs_plugin.actions import DELEGATE_SUBCLASSES
from stubs_plugin.build import build_surface
from stubs_plugin.declared import plugin_declared
from stubs_plugin.generated import DECLARE_TYPES
from stubs_plugin.render import render_module
from stubs_plugin.surface import DELEGATE_PARAMETERS
from tests.conftest import SCHEMAS
from tests.typesafety.checkers import FIXTURES

SCHEMA_WITH_DEPTH = """
generator client {{
  provider             = "prisma-client-py"
  recursive_type_depth = {depth}
}}

model User {{
  id      Int   @id
  friends User[] @relation("friends")
  of      User[] @relation("friends")
}}
"""
CORPUS = sorted(
    p for folder in ("real", "valid") for p in (SCHEMAS / folder).glob("*.prisma") if ".formatted" not in p.name
)


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_every_corpus_schema_has_a_consistent_surface(path: Path) -> None:
    schema = load_schema(path)
    surface = build_surface(schema)
    declared = {t.name for t in surface.typed_dicts} | {a.name for a in surface.aliases}
    declared |= {m.name for m in surface.models} | {e.name for e in surface.enums}
    for delegate in surface.delegates:
        assert len(delegate.type_args) == len(DELEGATE_PARAMETERS)
        assert set(delegate.type_args) <= declared, delegate.model
    assert len({t.name for t in surface.typed_dicts}) == len(surface.typed_dicts)
    models = [m for m in schema.models if not m.is_ignored]
    assert [d.attribute for d in surface.delegates] == [m.instance_name for m in models]


def test_create_input_requires_exactly_the_fields_without_a_value() -> None:
    surface = build_surface(load_schema(FIXTURES / "async_client" / "schema.prisma"))
    assert surface.typed_dict("UserCreateInput").required_keys == {"email"}
    # The foreign key may come through the relation's `connect` instead.
    assert surface.typed_dict("ProfileCreateInput").required_keys == {"bio"}
    assert surface.typed_dict("PersonCreateInput").required_keys == {"firstName", "lastName", "age"}


def test_unique_where_offers_each_id_and_unique_with_prismas_names() -> None:
    surface = build_surface(load_schema(FIXTURES / "async_client" / "schema.prisma"))
    unique = {a.name: a.type for a in surface.aliases}["MembershipWhereUniqueInput"]
    assert unique == "_MembershipWhereUnique_levelKey_Input | _MembershipWhereUnique_member_Input"
    assert surface.typed_dict("_PersonWhereUnique_firstName_lastName_Input").required_keys == {"firstName_lastName"}


def test_filters_follow_the_database() -> None:
    postgres = build_surface(load_schema(FIXTURES / "async_client" / "schema.prisma"))
    sqlite = build_surface(load_schema(FIXTURES / "sync_client" / "schema.prisma"))
    assert "mode" in postgres.typed_dict("StringFilter").key_names
    assert "mode" not in sqlite.typed_dict("StringFilter").key_names
    assert "has_some" in postgres.typed_dict("StringListFilter").key_names
    assert not any(t.name == "StringListFilter" for t in sqlite.typed_dicts)


def test_recursive_type_depth_unrolls_relation_types_down_to_plain_dicts() -> None:
    surface = build_surface(load_schema(FIXTURES / "sync_client" / "schema.prisma"))
    names = {t.name for t in surface.typed_dicts}
    assert {"UserWhereInput", "UserWhereInputRecursive1", "UserRelationFilterRecursive1"} <= names
    assert "UserWhereInputRecursive2" not in names
    assert surface.typed_dict("UserRelationFilter").key("is").type == "UserWhereInputRecursive1 | None"
    assert surface.typed_dict("UserRelationFilterRecursive1").key("is").type == "dict[str, _Any] | None"
    default = build_surface(load_schema(FIXTURES / "async_client" / "schema.prisma"))
    assert "UserWhereInputRecursive4" in {t.name for t in default.typed_dicts}
    assert "UserWhereInputRecursive5" not in {t.name for t in default.typed_dicts}
    recursive = build_schema([("schema.prisma", SCHEMA_WITH_DEPTH.format(depth=-1))])
    assert build_surface(recursive).typed_dict("UserListRelationFilter").key("some").type == "UserWhereInput"
    assert not any("Recursive" in t.name for t in build_surface(recursive).typed_dicts)


def test_the_mypy_plugins_types_are_truly_recursive_whatever_the_depth() -> None:
    schema = build_schema([("schema.prisma", SCHEMA_WITH_DEPTH.format(depth=3))])
    surface = build_surface(schema, truly_recursive=True)
    assert surface.typed_dict("UserListRelationFilter").key("some").type == "UserWhereInput"
    assert not any("Recursive" in t.name for t in surface.typed_dicts)
    with pytest.raises(ValueError, match="recursive_type_depth must be"):
        build_surface(build_schema([("schema.prisma", SCHEMA_WITH_DEPTH.format(depth=1))]), truly_recursive=True)


def test_a_depth_prisma_client_python_rejects_is_an_error() -> None:
    schema = build_schema([("schema.prisma", SCHEMA_WITH_DEPTH.format(depth=1))])
    with pytest.raises(ValueError, match="recursive_type_depth must be -1 or an integer of at least 2, not 1"):
        build_surface(schema)


def test_stubs_command_writes_a_partial_stub_package(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "prisma_dynamic",
        "stubs",
        "--schema",
        str(FIXTURES / "sync_client" / "schema.prisma"),
    ]
    result = subprocess.run([*command, "--out", str(tmp_path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    package = tmp_path / "prisma_dynamic-stubs"
    assert (package / "py.typed").read_text() == "partial\n"
    assert "Prisma = SyncPrisma" in (package / "_typed.pyi").read_text()
    assert "from prisma_dynamic._models import User as User" in (package / "models" / "__init__.pyi").read_text()


def test_stubs_command_reports_a_missing_schema(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "prisma_dynamic", "stubs", "--schema", str(tmp_path / "none.prisma")]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert result.returncode == 1
    assert "none.prisma does not exist" in result.stderr
    assert not (tmp_path / "typings").exists()


@pytest.mark.parametrize(
    "path", [FIXTURES / "async_client" / "schema.prisma", SCHEMAS / "real" / "civitai__civitai.prisma"]
)
def test_the_mypy_module_leaves_to_the_plugin_exactly_what_it_declares(path: Path) -> None:
    """The module the plugin writes has every top-level name of the Pyright module, as a statement
    or among what the plugin declares (`plugin_declared`), and names the latter only after the
    `_declared = _declare()` statement, where the plugin makes them."""
    surface = build_surface(load_schema(path), truly_recursive=True)
    declared = plugin_declared(surface)
    made = {t.name for t in declared.typed_dicts} | {a.name for a in declared.aliases}
    made |= {d.model + suffix for d in declared.delegates for suffix, _ in DELEGATE_SUBCLASSES}
    pyright = _top_level_names(ast.parse(render_module(surface)))
    module = ast.parse(render_module(surface, declared_by=DECLARE_TYPES))
    assert _top_level_names(module) | made == pyright | {"_declare", "_declared"}
    assert not _top_level_names(module) & made
    hook = next(
        i for i, s in enumerate(module.body) if isinstance(s, ast.Assign) and ast.unparse(s) == "_declared = _declare()"
    )
    before = {node.id for statement in module.body[:hook] for node in ast.walk(statement) if isinstance(node, ast.Name)}
    assert not before & made
    after = {node.id for statement in module.body[hook:] for node in ast.walk(statement) if isinstance(node, ast.Name)}
    assert after & made  # the clients name the delegate classes


def _top_level_names(module: ast.Module) -> set[str]:
    names: set[str] = set()
    for statement in module.body:
        if isinstance(statement, (ast.ClassDef, ast.FunctionDef)):
            names.add(statement.name)
        elif isinstance(statement, ast.Assign):
            names |= {target.id for target in statement.targets if isinstance(target, ast.Name)}
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            names.add(statement.target.id)
        elif isinstance(statement, (ast.Import, ast.ImportFrom)):
            names |= {alias.asname or alias.name for alias in statement.names}
    return names
