"""The query schema's input side where the corpus has no oracle: the largest schema builds a closed
input section, and `fullTextSearchPostgres` adds `search` and `_relevance` (equality with Prisma's
query schemas is `test_query_schema_corpus.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prisma_dynamic.schema.load import load_schema
from prisma_dynamic.schema.query_schema.context import BuildContext
from prisma_dynamic.schema.query_schema.inputs import InputSection, build_inputs
from tests.conftest import SCHEMAS


def _inputs(schema: Path) -> InputSection:
    return build_inputs(BuildContext.of(load_schema(schema)))


def _by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in items}


def _closed(section: InputSection) -> list[str]:
    """References to input objects, prisma enums or field refs that the section does not define."""
    names = {
        "inputObjectTypes": {t.name for t in section.input_object_types},
        "enumTypes": {e.name for e in section.enum_types},
        "fieldRefTypes": {r.name for r in section.field_ref_types},
    }
    return [
        f"{t.name}.{f.name}: {ref.type}"
        for t in section.input_object_types
        for f in t.fields
        for ref in f.input_types
        if ref.namespace == "prisma" and ref.type not in names[ref.location]
    ]


def test_largest_schema_builds_a_closed_input_section() -> None:
    # civitai (302 models) is too large for the corpus's query-schema files; it must still build,
    # with every referenced type defined and each type built once.
    section = _inputs(SCHEMAS / "real" / "civitai__civitai.prisma")
    names = [t.name for t in section.input_object_types]
    assert len(names) == len(set(names)) > 5000
    assert _closed(section) == []


_FULL_TEXT = """
datasource db {{
  provider = "postgresql"
  url      = "postgresql://localhost/db"
}}

generator client {{
  provider        = "prisma-client-py"
  previewFeatures = [{features}]
}}

model Post {{
  id    Int    @id
  title String
  views Int
}}
"""


def _inputs_of(tmp_path: Path, text: str) -> dict[str, dict[str, Any]]:
    path = tmp_path / "schema.prisma"
    path.write_text(text, encoding="utf-8")
    return _by_name([t.to_json() for t in _inputs(path).input_object_types])


def _field_names(types: dict[str, dict[str, Any]], name: str) -> list[str]:
    return [f["name"] for f in types[name]["fields"]]


def test_full_text_search_on_postgresql_follows_its_preview_feature(tmp_path: Path) -> None:
    # No corpus schema turns `fullTextSearchPostgres` on; Prisma then offers `search` in String
    # filters and `_relevance` over the String fields in order-by.
    plain = _inputs_of(tmp_path, _FULL_TEXT.format(features=""))
    assert "search" not in _field_names(plain, "StringFilter")
    assert "_relevance" not in _field_names(plain, "PostOrderByWithRelationInput")
    assert "PostOrderByRelevanceInput" not in plain

    searching = _inputs_of(tmp_path, _FULL_TEXT.format(features='"fullTextSearchPostgres"'))
    string_filter = _field_names(searching, "StringFilter")
    assert string_filter.index("search") == string_filter.index("endsWith") + 1
    assert "search" in _field_names(searching, "NestedStringFilter")
    assert _field_names(searching, "PostOrderByWithRelationInput")[-1] == "_relevance"
    assert _field_names(searching, "PostOrderByRelevanceInput") == ["fields", "sort", "search"]
    relevance_fields = searching["PostOrderByRelevanceInput"]["fields"][0]["inputTypes"]
    assert [(t["type"], t["isList"]) for t in relevance_fields] == [
        ("PostOrderByRelevanceFieldEnum", False),
        ("PostOrderByRelevanceFieldEnum", True),
    ]
    # groupBy's order-by has no `_relevance`.
    assert "_relevance" not in _field_names(searching, "PostOrderByWithAggregationInput")
