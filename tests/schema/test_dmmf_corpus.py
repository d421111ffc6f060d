"""`prisma-dynamic dmmf` agrees with Prisma's own parser on every schema of the corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from prisma_dynamic.schema.dmmf import to_dmmf
from prisma_dynamic.schema.load import build_schema, read_sources
from tests.corpus import accepted_schemas, beside


def differences(ours: Any, theirs: Any, path: str = "") -> list[str]:
    if isinstance(theirs, dict) and isinstance(ours, dict):
        found: list[str] = []
        for key in dict.fromkeys([*theirs, *ours]):
            if key not in ours:
                found.append(f"{path}.{key}: missing (Prisma: {json.dumps(theirs[key])[:120]})")
            elif key not in theirs:
                found.append(f"{path}.{key}: not in Prisma's output (ours: {json.dumps(ours[key])[:120]})")
            else:
                found.extend(differences(ours[key], theirs[key], f"{path}.{key}"))
        return found
    if isinstance(theirs, list) and isinstance(ours, list):
        if len(ours) != len(theirs):
            return [f"{path}: {len(ours)} entries, Prisma has {len(theirs)}"]
        found = []
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            label = b.get("name", i) if isinstance(b, dict) else i
            found.extend(differences(a, b, f"{path}[{label}]"))
        return found
    if ours != theirs or (type(ours) is not type(theirs) and not isinstance(theirs, (int, float))):
        return [f"{path}: ours {json.dumps(ours)[:120]}, Prisma {json.dumps(theirs)[:120]}"]
    return []


@pytest.mark.parametrize("schema", accepted_schemas(), ids=lambda p: p.name)
def test_dmmf_matches_prisma(schema: Path, schemas_dir: Path) -> None:
    expected = json.loads(beside(schema, ".dmmf.json").read_text(encoding="utf-8"))
    ours = to_dmmf(build_schema(read_sources(schema)))
    found = differences(ours, expected)
    assert not found, "\n".join(found[:30])


def test_corpus_is_there(schemas_dir: Path) -> None:
    # Guards against the parametrization above silently collecting nothing.
    assert len(accepted_schemas()) >= 60
