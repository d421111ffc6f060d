"""The fixture programs under mypy (with the plugin) and basedpyright (on the written stubs):
every `# E:` line fails with that error, every `# R:` reveals that type, nothing else is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.typesafety.checkers import Finding, compare, expectations
from tests.typesafety.conftest import CLIENT_FOLDERS, fixture_files

CASES = [(folder, path) for folder in CLIENT_FOLDERS for path in fixture_files(folder)]


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
@pytest.mark.parametrize(("folder", "path"), CASES, ids=[f"{f}/{p.name}" for f, p in CASES])
def test_program_checks_as_marked(
    findings: dict[tuple[str, str], list[Finding]], checker: str, folder: str, path: Path
) -> None:
    problems = compare(checker, path, findings[(checker, folder)])
    assert not problems, "\n".join(problems)


def test_at_least_40_wrong_programs_fail_most_under_both_checkers() -> None:
    failing_under: dict[tuple[str, int], set[str]] = {}
    for _, path in CASES:
        for expectation in expectations(path):
            if expectation.kind == "error":
                checkers = {expectation.checker} if expectation.checker else {"mypy", "pyright"}
                failing_under.setdefault((path.name, expectation.line), set()).update(checkers)
    assert len(failing_under) >= 40
    # Those left to mypy alone are the results narrowed by select/omit, which Pyright cannot express.
    assert sum(1 for checkers in failing_under.values() if checkers == {"mypy", "pyright"}) >= 40


def test_correct_programs_use_every_delegate_action() -> None:
    text = (fixture_files("async_client")[0]).read_text(encoding="utf-8")
    actions = (
        "create", "create_many", "create_many_and_return", "find_unique", "find_unique_or_raise", "find_first",
        "find_first_or_raise", "find_many", "update", "upsert", "update_many", "update_many_and_return", "delete",
        "delete_many", "count", "group_by", "aggregate", "query_raw",
    )  # fmt: skip
    missing = [a for a in actions if f".{a}(" not in text]
    assert not missing
