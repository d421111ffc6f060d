"""Rewrite the golden SQL of `test_<database>.py` from what the engine compiles now.

Run `python -m tests.dialects.regenerate && ruff check --fix tests/dialects && ruff format tests/dialects`
after a deliberate change of the SQL, then read the diff: every changed line is SQL we now send.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.dialects.cases import cases, group_by_order_cases, order_cases
from tests.dialects.compile import find_sql, group_by_sql, where_sql

_FOLDER = Path(__file__).parent
_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "mysql": "MySQL and MariaDB"}


def _golden(
    name: str, cases: dict[str, dict[str, Any]], compiled: Callable[[dict[str, Any]], tuple[str, list[Any]]]
) -> str:
    entries = []
    for case, request in cases.items():
        sql, params = compiled(request)
        entries.append(f"    {case!r}: (\n        {sql!r},\n        {params!r},\n    ),")
    body = "\n".join(entries)
    return f"{name}: dict[str, tuple[str, list[Any]]] = {{\n{body}\n}}\n"


def _tests(golden: str, cases: str, compile_name: str, what: str, provider: str) -> str:
    return (
        f"\n\ndef test_every_{what}_case_has_golden_sql() -> None:\n"
        f"    assert set({golden}) == set({cases}({provider!r}))\n\n\n"
        f'@pytest.mark.parametrize("name", sorted({golden}))\n'
        f"def test_{what}_sql(name: str) -> None:\n"
        f"    sql, params = {compile_name}({provider!r}, {cases}({provider!r})[name])\n"
        f"    assert (sql, params) == {golden}[name]\n"
    )


def module(provider: str) -> str:
    filters = _golden("GOLDEN", cases(provider), lambda where: where_sql(provider, where))
    orders = _golden("ORDER_GOLDEN", order_cases(provider), lambda arguments: find_sql(provider, arguments))
    groups = _golden(
        "GROUP_BY_GOLDEN", group_by_order_cases(provider), lambda arguments: group_by_sql(provider, arguments)
    )
    body = filters + orders + groups
    imports = ["import datetime"] if "datetime.datetime" in body else []
    imports += ["from decimal import Decimal"] if "Decimal(" in body else []
    return (
        "# ruff: noqa: E501  (each statement stays on one line, to be read and diffed whole)\n"
        f'"""Golden SQL for {_NAMES[provider]}: the condition (and parameters) the engine writes for every filter\n'
        "operator this database offers (`cases.py`), and the whole SELECT of a findMany for every kind of\n"
        "order and of a groupBy for every order of groups. A change here is a change of the SQL we send:\n"
        'review it (`regenerate.py` rewrites this file)."""\n\n'
        "from __future__ import annotations\n\n"
        + "".join(f"{line}\n" for line in imports)
        + "from typing import Any\n\nimport pytest\n\n"
        "from tests.dialects.cases import cases, group_by_order_cases, order_cases\n"
        "from tests.dialects.compile import find_sql, group_by_sql, where_sql\n\n"
        + filters
        + "\n"
        + orders
        + "\n"
        + groups
        + _tests("GOLDEN", "cases", "where_sql", "filter", provider)
        + _tests("ORDER_GOLDEN", "order_cases", "find_sql", "order", provider)
        + _tests("GROUP_BY_GOLDEN", "group_by_order_cases", "group_by_sql", "group_by_order", provider)
    )


def main() -> None:
    for provider in _NAMES:
        (_FOLDER / f"test_{provider}.py").write_text(module(provider))


if __name__ == "__main__":
    main()
