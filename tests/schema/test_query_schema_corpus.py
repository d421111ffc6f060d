"""The query schema equals Prisma's own (`<name>.query-schema.json`) on every schema of the corpus
that has one: input and output object types, enum and field-reference types, compared type by
type, the input types in Prisma's render order, and the operation mappings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from prisma_dynamic.cli.dmmf import full_dmmf
from prisma_dynamic.schema.load import build_schema, read_sources
from prisma_dynamic.schema.query_schema import build_query_schema
from tests.conftest import REPO
from tests.corpus import accepted_schemas, beside

Json = dict[str, Any]


def with_query_schema() -> list[Path]:
    return [s for s in accepted_schemas() if beside(s, ".query-schema.json").exists()]


def value_differences(ours: Any, theirs: Any, path: str) -> list[str]:
    """Every place where two JSON values differ; lists of named entries are compared in order and
    labelled by name, so a missing field or argument reads as such."""
    if isinstance(theirs, dict) and isinstance(ours, dict):
        found: list[str] = []
        for key in dict.fromkeys([*theirs, *ours]):
            if key not in ours:
                found.append(f"{path}.{key}: missing (Prisma: {json.dumps(theirs[key])[:160]})")
            elif key not in theirs:
                found.append(f"{path}.{key}: not in Prisma's (ours: {json.dumps(ours[key])[:160]})")
            else:
                found.extend(value_differences(ours[key], theirs[key], f"{path}.{key}"))
        return found
    if isinstance(theirs, list) and isinstance(ours, list):
        if all(isinstance(x, dict) and "name" in x for x in [*theirs, *ours]) and (theirs or ours):
            ours_names = [x["name"] for x in ours]
            theirs_names = [x["name"] for x in theirs]
            if ours_names != theirs_names:
                return [f"{path}: names ours {ours_names}, Prisma {theirs_names}"]
            found = []
            for a, b in zip(ours, theirs, strict=True):
                found.extend(value_differences(a, b, f"{path}[{b['name']}]"))
            return found
        if ours != theirs:
            return [f"{path}: ours {json.dumps(ours)[:200]}, Prisma {json.dumps(theirs)[:200]}"]
        return []
    if ours != theirs or type(ours) is not type(theirs):
        return [f"{path}: ours {json.dumps(ours)}, Prisma {json.dumps(theirs)}"]
    return []


def section_differences(ours: Json, theirs: Json, section: str) -> list[str]:
    """Compare one section of `schema` (`outputObjectTypes`, `enumTypes`, `inputObjectTypes`,
    `fieldRefTypes`) type by type, per namespace."""
    found: list[str] = []
    ours_section, theirs_section = ours["schema"].get(section, {}), theirs["schema"].get(section, {})
    for namespace in dict.fromkeys([*theirs_section, *ours_section]):
        ours_types = {t["name"]: t for t in ours_section.get(namespace, [])}
        theirs_types = {t["name"]: t for t in theirs_section.get(namespace, [])}
        for name in dict.fromkeys([*theirs_types, *ours_types]):
            path = f"{section}.{namespace}.{name}"
            if name not in ours_types:
                found.append(f"{path}: missing")
            elif name not in theirs_types:
                found.append(f"{path}: not in Prisma's")
            else:
                found.extend(value_differences(ours_types[name], theirs_types[name], path))
    return found


def mapping_differences(ours: Json, theirs: Json) -> list[str]:
    return value_differences(ours["mappings"], theirs["mappings"], "mappings")


def query_schema_differences(ours: Json, theirs: Json) -> list[str]:
    found: list[str] = []
    for section in ("inputObjectTypes", "outputObjectTypes", "enumTypes", "fieldRefTypes"):
        found += section_differences(ours, theirs, section)
    return found + mapping_differences(ours, theirs) + input_order_differences(ours, theirs)


def input_order_differences(ours: Json, theirs: Json) -> list[str]:
    """The input types come in Prisma's render order, which decides each shared type's `grouping`."""
    ours_order = [t["name"] for t in ours["schema"]["inputObjectTypes"].get("prisma", [])]
    theirs_order = [t["name"] for t in theirs["schema"]["inputObjectTypes"].get("prisma", [])]
    for index, (a, b) in enumerate(zip(ours_order, theirs_order)):  # noqa: B905 - lengths compared by name above
        if a != b:
            ours_next, theirs_next = ours_order[index : index + 3], theirs_order[index : index + 3]
            return [f"input order differs at {index}: ours {ours_next}, Prisma {theirs_next}"]
    return []


@pytest.mark.parametrize("schema", with_query_schema(), ids=lambda p: p.name)
def test_query_schema_matches_prisma(schema: Path, schemas_dir: Path) -> None:
    expected = json.loads(beside(schema, ".query-schema.json").read_text(encoding="utf-8"))
    ours = build_query_schema(build_schema(read_sources(schema))).to_json()
    found = query_schema_differences(ours, expected)
    assert not found, f"{len(found)} differences from Prisma's query schema:\n" + "\n".join(found[:40])


def test_the_corpus_has_query_schemas(schemas_dir: Path) -> None:
    # Guards against the parametrization above silently collecting nothing.
    assert len(with_query_schema()) >= 48


def test_the_comparison_sees_a_difference() -> None:
    theirs: Json = {
        "schema": {"outputObjectTypes": {"prisma": [{"name": "T", "fields": [{"name": "a", "isNullable": False}]}]}},
        "mappings": {},
    }
    ours: Json = {
        "schema": {"outputObjectTypes": {"prisma": [{"name": "T", "fields": [{"name": "a", "isNullable": True}]}]}},
        "mappings": {},
    }
    assert section_differences(ours, theirs, "outputObjectTypes") == [
        "outputObjectTypes.prisma.T.fields[a].isNullable: ours true, Prisma false"
    ]
    assert section_differences(theirs, theirs, "outputObjectTypes") == []


def test_dmmf_full_prints_the_datamodel_the_schema_and_the_mappings(schemas_dir: Path) -> None:
    schema = schemas_dir / "real" / "RobertCraigie__prisma-client-py.prisma"
    result = subprocess.run(
        [sys.executable, "-m", "prisma_dynamic", "dmmf", "--full", "--schema", str(schema)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["datamodel", "schema", "mappings"]
    built = build_schema(read_sources(schema))
    # Round trip: the printed JSON is exactly what the builders give.
    assert document == json.loads(json.dumps(full_dmmf(built)))
    assert [m["name"] for m in document["datamodel"]["models"]][:2] == ["Post", "User"]
    expected = json.loads(beside(schema, ".query-schema.json").read_text(encoding="utf-8"))
    assert query_schema_differences(document, expected) == []
