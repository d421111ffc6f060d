"""Per-database facts live in the places docs/adding-a-database.md lists, and nowhere else.

An AST scan of the package (and of the stub writer) fails on any comparison or lookup with a
provider name outside the connectors, the dialects, the drivers and the `db push` backends the
connectors name; each served connector's modules exist and are what the connector says; the
document names every place a new database needs.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from prisma_dynamic.dialects import Dialect, dialect_for
from prisma_dynamic.engine.drivers.base import ConnectionSource
from prisma_dynamic.migrate.backend import SchemaBackend
from prisma_dynamic.schema.connectors import Connector, connector_for, load, provider_names, served_connectors
from tests.conftest import REPO


def _named_modules(connector: Connector) -> list[str]:
    modules = connector.sql
    assert modules is not None
    return [p for p in (modules.dialect, modules.driver, modules.schema_backend) if p is not None]


PROVIDERS = frozenset(provider_names())
# The classes of one database: importing one is deciding by database.
DATABASE_CLASSES = frozenset(
    [type(connector_for(p)).__name__ for p in PROVIDERS]
    + [load(path).__name__ for c in served_connectors() for path in _named_modules(c)]
)
DOC = REPO / "docs" / "adding-a-database.md"

# Folders whose modules are per database by design.
PER_DATABASE_FOLDERS = (
    "prisma_dynamic/schema/connectors/",
    "prisma_dynamic/dialects/",
    "prisma_dynamic/engine/drivers/",
)

# (file, why it may name a provider). Keep this short: a new entry needs a reason that holds.
ALLOWED = {
    # The IR imports nothing of ours, so it normalises Prisma's `postgres` alias itself.
    "prisma_dynamic/schema/ir.py": "the IR imports nothing, not even the connectors",
}


def _backend_modules() -> set[str]:
    """The `db push` backend modules the connectors name (per database by design)."""
    paths = set()
    for connector in served_connectors():
        assert connector.sql is not None
        if connector.sql.schema_backend is not None:
            module = connector.sql.schema_backend.partition(":")[0]
            paths.add(module.replace(".", "/") + ".py")
    return paths


def _scanned_files() -> Iterator[Path]:
    exempt = _backend_modules() | set(ALLOWED)
    for folder in ("prisma_dynamic", "stubs_plugin"):
        for path in sorted((REPO / folder).rglob("*.py")):
            relative = path.relative_to(REPO).as_posix()
            if relative.startswith(PER_DATABASE_FOLDERS) or relative in exempt:
                continue
            yield path


def _is_provider(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in PROVIDERS


def _provider_collection(node: ast.AST) -> bool:
    """A tuple/list/set literal (or frozenset/set of one) made only of provider names."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("frozenset", "set"):
        return len(node.args) == 1 and _provider_collection(node.args[0])
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts:
        return all(_is_provider(e) for e in node.elts)
    return False


def provider_branches(source: str) -> list[tuple[int, str]]:
    """Where a module decides something by provider name: comparisons, lookup tables keyed by
    provider, subscripts and `.get()` with one, sets of provider names, imports of one
    database's module."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_is_provider(o) or _provider_collection(o) for o in operands):
                found.append((node.lineno, "comparison with a provider name"))
        elif isinstance(node, ast.Dict):
            if any(key is not None and _is_provider(key) for key in node.keys):
                found.append((node.lineno, "a table keyed by provider name"))
        elif isinstance(node, ast.Subscript) and _is_provider(node.slice):
            found.append((node.lineno, "a lookup by provider name"))
        elif isinstance(node, ast.Call):
            is_get = isinstance(node.func, ast.Attribute) and node.func.attr == "get"
            if is_get and node.args and _is_provider(node.args[0]):
                found.append((node.lineno, "a lookup by provider name"))
            elif _provider_collection(node):
                found.append((node.lineno, "a set of provider names"))
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) and _provider_collection(node):
            found.append((node.lineno, "a set of provider names"))
        elif isinstance(node, ast.ImportFrom) and node.module:
            last = node.module.rsplit(".", 1)[-1]
            per_database = node.module.startswith(
                ("prisma_dynamic.dialects.", "prisma_dynamic.engine.drivers.", "prisma_dynamic.schema.connectors.")
            )
            if per_database and last in PROVIDERS:
                found.append((node.lineno, f"an import of one database's module ({node.module})"))
            for alias in node.names:
                if alias.name in DATABASE_CLASSES:
                    found.append((node.lineno, f"an import of one database's class ({alias.name})"))
    return sorted(set(found))


def test_no_provider_name_is_compared_outside_the_per_database_modules() -> None:
    offences = [
        f"{path.relative_to(REPO)}:{line}: {what}"
        for path in _scanned_files()
        for line, what in provider_branches(path.read_text())
    ]
    assert not offences, "ask the connector (or the dialect) instead:\n" + "\n".join(offences)


@pytest.mark.parametrize(
    "source",
    [
        'if provider == "mysql": pass',
        'x = provider in ("sqlite", "sqlserver")',
        '_NO = frozenset({"sqlite", "mongodb"})',
        'x = {"postgresql": 1}',
        'x = table["sqlite"]',
        'x = table.get("mysql")',
        "from prisma_dynamic.dialects.mysql import MysqlDialect",
        "from prisma_dynamic.dialects import PostgresqlDialect",
    ],
)
def test_the_scan_sees_each_kind_of_provider_branch(source: str) -> None:
    assert provider_branches(source)


def test_the_scan_leaves_other_strings_alone() -> None:
    # A preview feature list that happens to hold a provider's name decides nothing by provider.
    assert not provider_branches('FEATURES = ("mongodb", "views", "metrics")\nNAME = "sqlite"')


def test_allowed_files_still_need_their_entry() -> None:
    for relative in ALLOWED:
        assert provider_branches((REPO / relative).read_text()), f"{relative} no longer needs its ALLOWED entry"


@pytest.mark.parametrize("connector", served_connectors(), ids=lambda c: c.name)
def test_each_served_connector_names_its_modules(connector: Connector) -> None:
    modules = connector.sql
    assert modules is not None
    dialect_class = load(modules.dialect)
    assert issubclass(dialect_class, Dialect)
    assert dialect_for(connector.name).connector is connector
    assert issubclass(load(modules.driver), ConnectionSource)
    if modules.schema_backend is not None:
        assert issubclass(load(modules.schema_backend), SchemaBackend)
    pyproject = (REPO / "pyproject.toml").read_text()
    if modules.extra is not None:
        assert re.search(rf"^{modules.extra} = \[", pyproject, re.MULTILINE), f"no [{modules.extra}] extra"


def test_the_document_lists_every_place() -> None:
    text = DOC.read_text()
    for connector in served_connectors():
        assert connector.sql is not None
        for path in (connector.sql.dialect, connector.sql.driver, connector.sql.schema_backend):
            if path is not None:
                file = path.partition(":")[0].replace(".", "/") + ".py"
                assert (REPO / file).is_file()
                pattern = re.sub(rf"\b{connector.name}\b", "<db>", file)
                assert pattern in text, f"{DOC.name} does not list {pattern}"
    # Every path the document names exists, for each served database where it says `<db>`.
    for place in re.findall(r"`((?:prisma_dynamic|tests|docs|\.ci)/[^`]*|pyproject\.toml)`", text):
        names = [c.name for c in served_connectors()] if "<db>" in place else [""]
        for name in names:
            path = place.replace("<db>", name)
            assert (REPO / path).exists(), f"{DOC.name} names {path}, which does not exist"
    assert "prisma_dynamic/schema/connectors/<db>.py" in text
    assert "tests/test_database_places.py" in text


@pytest.mark.parametrize("connector", served_connectors(), ids=lambda c: c.name)
def test_the_dialect_spells_every_native_type_its_connector_accepts(connector: Connector) -> None:
    assert set(dialect_for(connector.name).native_types) == set(connector.native_types)
