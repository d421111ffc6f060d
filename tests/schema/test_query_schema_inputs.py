"""The query schema's input side equals Prisma's on every corpus schema with a `.query-schema.json`:
the input object types (by name; each with its meta, constraints and fields in order), the
`prisma` enums the inputs use and the field-reference types."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from prisma_dynamic.schema.load import load_schema
from prisma_dynamic.schema.query_schema.context import BuildContext
from prisma_dynamic.schema.query_schema.inputs import InputSection, build_inputs
from tests.conftest import SCHEMAS
from tests.corpus import accepted_schemas, beside

# `prisma` enums that are not the inputs' (the output side builds them).
_NOT_INPUT_ENUMS = ("TransactionIsolationLevel", "RelationLoadStrategy")

WITH_QUERY_SCHEMA = [s for s in accepted_schemas() if beside(s, ".query-schema.json").exists()]


def _inputs(schema: Path) -> InputSection:
    return build_inputs(BuildContext.of(load_schema(schema)))


def _by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in items}


def _differences(ours: dict[str, dict[str, Any]], theirs: dict[str, dict[str, Any]], kind: str) -> list[str]:
    found = [f"{kind} missing: {name}" for name in theirs if name not in ours]
    found += [f"{kind} not in Prisma's: {name}" for name in ours if name not in theirs]
    for name, expected in theirs.items():
        actual = ours.get(name)
        if actual is None or actual == expected:
            continue
        for key in sorted(set(actual) | set(expected)):
            if key == "fields" and isinstance(expected.get(key), list) and isinstance(actual.get(key), list):
                found += _field_differences(f"{kind} {name}", actual[key], expected[key])
            elif actual.get(key) != expected.get(key):
                ours_value, theirs_value = json.dumps(actual.get(key)), json.dumps(expected.get(key))
                found.append(f"{kind} {name}.{key}: ours {ours_value}, Prisma {theirs_value}")
    return found


def _field_differences(label: str, ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> list[str]:
    names_ours = [f["name"] for f in ours]
    names_theirs = [f["name"] for f in theirs]
    if names_ours != names_theirs:
        return [f"{label} fields: ours {names_ours}, Prisma {names_theirs}"]
    return [
        f"{label}.{a['name']}: ours {json.dumps(a)}, Prisma {json.dumps(b)}"
        for a, b in zip(ours, theirs, strict=True)
        if a != b
    ]


@pytest.mark.parametrize("schema", WITH_QUERY_SCHEMA, ids=lambda p: p.name)
def test_inputs_match_prisma(schema: Path) -> None:
    expected = json.loads(beside(schema, ".query-schema.json").read_text(encoding="utf-8"))["schema"]
    section = _inputs(schema)
    enums = [
        e
        for e in expected["enumTypes"].get("prisma", [])
        if e["name"] not in _NOT_INPUT_ENUMS and not e["name"].endswith("ScalarFieldEnum")
    ]
    found = _differences(
        _by_name([t.to_json() for t in section.input_object_types]),
        _by_name(expected["inputObjectTypes"].get("prisma", [])),
        "input",
    )
    found += _differences(_by_name([e.to_json() for e in section.enum_types]), _by_name(enums), "enum")
    found += _differences(
        _by_name([r.to_json() for r in section.field_ref_types]),
        _by_name(expected.get("fieldRefTypes", {}).get("prisma", [])),
        "fieldRef",
    )
    assert not found, f"{len(found)} differences:\n" + "\n".join(found[:40])
    # The types come in Prisma's render order too, which decides each shared type's `grouping`.
    ours_order = [t.name for t in section.input_object_types]
    theirs_order = [t["name"] for t in expected["inputObjectTypes"].get("prisma", [])]
    first = next((i for i, (a, b) in enumerate(zip(ours_order, theirs_order, strict=True)) if a != b), None)
    assert first is None, (
        f"order differs at {first}: ours {ours_order[first : first + 3]}, Prisma {theirs_order[first : first + 3]}"
    )


def test_corpus_has_query_schemas() -> None:
    assert len(WITH_QUERY_SCHEMA) == 48


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
