"""Every Python code block of `docs/guide/` runs, page by page, as a reader would run it.

Each page gets a fresh folder holding the guide's `schema.prisma`, pushed to a new SQLite file;
the page's blocks run in order in one namespace, top-level `await` allowed, inside one event loop
(so the sync client's blocks run inside a running loop too, as in Jupyter). A block that raises
fails the test with the page and the block's first line.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
from pathlib import Path
from typing import Any

import anyio
import pytest

from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema
from prisma_dynamic.testing import unregister_client

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide"
PAGES = sorted(GUIDE.glob("*.md"))
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(page: Path, language: str) -> list[str]:
    return [body for lang, body in _BLOCK.findall(page.read_text()) if lang == language]


def test_the_guide_has_its_pages() -> None:
    names = {p.stem for p in PAGES}
    assert {
        "README", "quickstart", "schema-and-client", "queries", "transactions", "raw-sql", "typing", "cli",
        "deployment", "observability", "porting", "benchmarks",
    } <= names  # fmt: skip


def test_the_quickstart_shows_the_guide_schema() -> None:
    assert blocks(GUIDE / "quickstart.md", "prisma")[0] == (GUIDE / "schema.prisma").read_text()


def test_every_link_between_pages_resolves() -> None:
    for page in PAGES:
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", page.read_text()):
            if target.endswith("pcp-compatibility.md"):
                continue  # written by the Prisma Client Python compatibility work, merged separately
            assert (page.parent / target).resolve().exists(), f"{page.name} links to a missing {target}"


async def _run(page: Path, namespace: dict[str, Any]) -> None:
    for number, source in enumerate(blocks(page, "python"), 1):
        code = compile(source, f"{page.name}, python block {number}", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        try:
            result = eval(code, namespace)
            if inspect.iscoroutine(result):
                await result
        except Exception as error:
            raise AssertionError(f"{page.name}, block {number} ({source.splitlines()[0]!r}): {error!r}") from error
    for value in list(namespace.values()):  # leave no client connected
        connected = getattr(value, "is_connected", None)
        if not isinstance(value, type) and callable(connected) and connected():
            outcome = value.disconnect()
            if inspect.iscoroutine(outcome):
                await outcome


@pytest.mark.parametrize("page", [p for p in PAGES if blocks(p, "python")], ids=lambda p: p.stem)
def test_the_python_blocks_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = tmp_path / "schema.prisma"
    schema.write_text((GUIDE / "schema.prisma").read_text())
    anyio.run(lambda: push(load_schema(schema), f"file:{tmp_path / 'dev.db'}"))
    monkeypatch.chdir(tmp_path)
    try:
        asyncio.run(_run(page, {"__name__": "__guide__"}))
    finally:
        unregister_client()  # pages that register a client leave none for the next
