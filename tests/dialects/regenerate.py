"""Rewrite the golden SQL of `test_<database>.py` from what the engine compiles now.

Run `python -m tests.dialects.regenerate && ruff check --fix tests/dialects && ruff format tests/dialects`
after a deliberate change of the SQL, then read the diff: every changed line is SQL we now send.
"""

from __future__ import annotations

from pathlib import Path

from tests.dialects.cases import cases
from tests.dialects.compile import find_sql, where_sql

_FOLDER = Path(__file__).parent
_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "mysql": "MySQL and MariaDB"}
_RELEVANCE = {"orderBy": [{"_relevance": {"fields": ["title", "body"], "search": "cat", "sort": "desc"}}]}


def module(provider: str) -> str:
    entries = []
    for name, where in cases(provider).items():
        sql, params = where_sql(provider, where)
        entries.append(f"    {name!r}: (\n        {sql!r},\n        {params!r},\n    ),")
    body = "\n".join(entries)
    relevance = ""
    if provider != "sqlite":
        sql, params = find_sql(provider, _RELEVANCE)
        relevance = (
            "\n\ndef test_relevance_order() -> None:\n"
            f"    sql, params = find_sql({provider!r}, {_RELEVANCE!r})\n"
            f"    assert sql == {sql!r}\n"
            f"    assert params == {params!r}\n"
        )
    imports = ["import datetime"] if "datetime.datetime" in body else []
    imports += ["from decimal import Decimal"] if "Decimal(" in body else []
    return (
        "# ruff: noqa: E501  (each statement stays on one line, to be read and diffed whole)\n"
        f'"""Golden SQL for {_NAMES[provider]}: the condition (and parameters) the engine writes for every filter\n'
        "operator this database offers (`cases.py`). A change here is a change of the SQL we send: review it\n"
        '(`regenerate.py` rewrites this file)."""\n\n'
        "from __future__ import annotations\n\n"
        + "".join(f"{line}\n" for line in imports)
        + "from typing import Any\n\nimport pytest\n\n"
        "from tests.dialects.cases import cases\n"
        f"from tests.dialects.compile import {'find_sql, ' if relevance else ''}where_sql\n\n"
        f"GOLDEN: dict[str, tuple[str, list[Any]]] = {{\n{body}\n}}\n\n\n"
        "def test_every_case_has_golden_sql() -> None:\n"
        f"    assert set(GOLDEN) == set(cases({provider!r}))\n\n\n"
        '@pytest.mark.parametrize("name", sorted(GOLDEN))\n'
        "def test_filter_sql(name: str) -> None:\n"
        f"    sql, params = where_sql({provider!r}, cases({provider!r})[name])\n"
        "    assert (sql, params) == GOLDEN[name]\n" + relevance
    )


def main() -> None:
    for provider in _NAMES:
        (_FOLDER / f"test_{provider}.py").write_text(module(provider))


if __name__ == "__main__":
    main()
