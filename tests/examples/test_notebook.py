"""`examples/explore.ipynb` executed in a real Jupyter kernel (nbclient + ipykernel) on SQLite.

The outputs are what a user sees: HTML tables with types in the header, escaped values, nested
relations, and the schema as model cards. The sync client runs inside the kernel's event loop.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[dev]' installs nbformat, nbclient, ipykernel")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _html(cell: Any) -> str:
    return "".join(
        output["data"]["text/html"]
        for output in cell.get("outputs", [])
        if output.get("output_type") == "execute_result" and "text/html" in output.get("data", {})
    )


def _text(cell: Any) -> str:
    return "".join(
        output["data"].get("text/plain", "")
        for output in cell.get("outputs", [])
        if output.get("output_type") == "execute_result"
    )


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The notebook run from a copy of `examples/` (it pushes its schema to `dev.db` there)."""
    workdir = tmp_path_factory.mktemp("explore")
    shutil.copy(EXAMPLES / "schema.prisma", workdir / "schema.prisma")
    notebook = nbformat.read(EXAMPLES / "explore.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    # Index the cells by their first line, so a reordered notebook fails clearly here.
    return {c.source.splitlines()[0]: c for c in cells}


def test_every_cell_ran_without_an_error(executed: dict[str, Any]) -> None:
    for source, cell in executed.items():
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{source}: {errors}"


def test_the_client_shows_the_schema_as_model_cards(executed: dict[str, Any]) -> None:
    html = _html(executed["db"])
    assert "SyncPrisma · sqlite · http · connected" in html
    assert '<th colspan="3">User</th>' in html and '<th colspan="3">Post</th>' in html
    assert "<td>posts</td><td>Post[]</td>" in html
    assert "→ User (1:n) by author_id" in html
    assert "<td>PostToUser</td><td>1:n</td><td>Post.author</td><td>User.posts</td>" in html


def test_a_list_of_records_is_a_table_with_types_relations_and_counts(executed: dict[str, Any]) -> None:
    html = _html(
        executed[
            'db.user.find_many(include={"posts": True, "_count": {"select": {"posts": True}}}, order={"id": "asc"})'
        ]
    )
    assert "<caption" in html and "3 User records" in html
    assert 'email<span class="pd-type">String</span>' in html
    assert 'name<span class="pd-type">String?</span>' in html
    assert 'posts<span class="pd-type">Post[]</span>' in html
    assert '_count.posts<span class="pd-type">Int</span>' in html
    assert "<details><summary>2 Post</summary>" in html  # Alice's posts, nested
    assert "<td>0 Post</td>" in html  # Carol has none
    assert "Hello &lt;world&gt;" in html and "<world>" not in html  # values are escaped


def test_one_record_nests_its_to_one_relation(executed: dict[str, Any]) -> None:
    html = _html(executed['db.post.find_first(where={"title": {"contains": "world"}}, include={"author": True})'])
    assert 'author<span class="pd-type">User?</span>' in html
    nested = html.split('author<span class="pd-type">User?</span>', 1)[1]
    assert "<td>alice@example.com</td>" in nested  # the author as a nested table


def test_a_selection_shows_only_the_selected_columns(executed: dict[str, Any]) -> None:
    html = _html(executed['db.post.find_many(select={"title": True, "views": True}, order={"views": "desc"})'])
    assert "title<span" in html and "views<span" in html
    assert "author_id" not in html and ">id<" not in html


def test_group_by_and_aggregate_results_are_tables(executed: dict[str, Any]) -> None:
    grouped = _html(
        executed["from prisma_dynamic.display import table"]  # table(db.post.group_by(...), db.models.Post)
    )
    assert 'author_id<span class="pd-type">Int?</span>' in grouped
    assert '_count._all<span class="pd-type">Int</span>' in grouped
    assert '_sum.views<span class="pd-type">Int?</span>' in grouped
    assert "<tr><td>" in grouped
    aggregated = _html(executed['db.post.aggregate(count=True, avg={"views": True}, max={"views": True})'])
    assert '_avg.views<span class="pd-type">Float?</span>' in aggregated
    assert "<td>3</td>" in aggregated  # three posts


def test_the_async_client_runs_with_top_level_await(executed: dict[str, Any]) -> None:
    assert _text(executed['adb = Prisma.from_schema("schema.prisma")']) == "3"
