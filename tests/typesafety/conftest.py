"""One mypy run and one basedpyright run per fixture folder, shared by every test of the session,
run side by side; mypy's cache lives in the session's temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.typesafety.checkers import FIXTURES, Finding, mypy_config, run_mypy, run_pyright, write_stubs
from tests.typesafety.generated_modules import remove_generated_modules

CLIENT_FOLDERS = ("async_client", "sync_client")


def fixture_files(folder: str) -> list[Path]:
    return sorted((FIXTURES / folder).glob("*.py"))


@pytest.fixture(scope="session")
def findings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, str], list[Finding]]]:
    """(checker, folder) -> what the checker reported on the folder's programs."""
    work = tmp_path_factory.mktemp("typesafety")

    def mypy(folder: str) -> list[Finding]:
        directory = work / f"mypy-{folder}"
        directory.mkdir()
        return run_mypy(fixture_files(folder), FIXTURES / folder, mypy_config(directory), work / f"mypy-cache-{folder}")

    def pyright(folder: str) -> list[Finding]:
        stubs = work / f"typings-{folder}"
        write_stubs(FIXTURES / folder / "schema.prisma", stubs)
        (work / f"pyright-{folder}").mkdir()
        return run_pyright(fixture_files(folder), stubs, work / f"pyright-{folder}")

    runners = {"mypy": mypy, "pyright": pyright}
    with ThreadPoolExecutor(max_workers=len(runners) * len(CLIENT_FOLDERS)) as pool:
        futures = {
            (checker, folder): pool.submit(runner, folder)
            for checker, runner in runners.items()
            for folder in CLIENT_FOLDERS
        }
        results = {key: future.result() for key, future in futures.items()}
    yield results
    remove_generated_modules(FIXTURES)
