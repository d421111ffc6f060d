"""Validation agrees with Prisma on the whole corpus: the same errors on the same lines, in
Prisma's words, and no error (only Prisma's warnings) on any schema Prisma accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema.diagnostics import Diagnostic
from prisma_dynamic.schema.load import build_schema, read_sources
from tests.corpus import accepted_schemas, beside, invalid_schemas

# Errors we report beyond Prisma's, by schema and line, with the reason. Prisma stops validating
# after the first kind of error; we report every independent mistake at once.
EXTRA_ERRORS: dict[str, dict[int, str]] = {
    "multi-relations-and-defaults": {
        23: "Post.authorId is an Int, User.id a String: a real mismatch Prisma reports only once the default "
        "errors are fixed",
    },
    "multi-three-model-errors": {
        16: "Post has no id or unique; Prisma skips model validation once a type is unknown",
    },
    "relation-ambiguous-without-names": {
        18: "Post.author and Post.editor are ambiguous too; Prisma stops at the first ambiguous relation",
    },
}


# Our one rewording of Prisma's messages: the repair Prisma's formatter makes is ours to make.
OUR_FORMATTER, PRISMAS_FORMATTER = "`prisma-dynamic format`", "`prisma format`"


def in_prismas_words(message: str) -> str:
    return message.replace(OUR_FORMATTER, PRISMAS_FORMATTER)


def diagnostics_of(schema: Path) -> tuple[Diagnostic, ...]:
    try:
        built = build_schema(read_sources(schema))
    except SchemaError as error:
        return error.diagnostics
    return tuple(d for d in built.warnings if isinstance(d, Diagnostic))


def prisma_entries(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    entries: list[dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return entries


@pytest.mark.parametrize("schema", invalid_schemas(), ids=lambda p: p.stem)
def test_invalid_schema_is_rejected_on_every_line_prisma_reports(schema: Path, schemas_dir: Path) -> None:
    expected = [e for e in prisma_entries(beside(schema, ".errors.json")) if not e.get("isWarning")]
    errors = [d for d in diagnostics_of(schema) if d.severity == "error"]
    assert errors, "accepted, Prisma rejects it"
    prisma_lines = {e["line"] for e in expected}
    our_lines = {d.span.line for d in errors}
    assert prisma_lines <= our_lines, f"no error on line(s) {sorted(prisma_lines - our_lines)}"
    assert our_lines - prisma_lines == set(EXTRA_ERRORS.get(schema.stem, {}))


@pytest.mark.parametrize("schema", invalid_schemas(), ids=lambda p: p.stem)
def test_invalid_schema_errors_use_prismas_words(schema: Path, schemas_dir: Path) -> None:
    expected = [e for e in prisma_entries(beside(schema, ".errors.json")) if not e.get("isWarning")]
    ours = {(d.span.line, in_prismas_words(d.message)) for d in diagnostics_of(schema) if d.severity == "error"}
    missing = [f"{e['line']}: {e['message']}" for e in expected if (e["line"], e["message"]) not in ours]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("schema", accepted_schemas(), ids=lambda p: p.name)
def test_accepted_schema_has_no_error_and_prismas_warnings(schema: Path, schemas_dir: Path) -> None:
    diagnostics = diagnostics_of(schema)
    errors = [f"{d.span.file}:{d.span.line}: {d.message}" for d in diagnostics if d.severity == "error"]
    assert not errors, "\n".join(errors[:20])
    expected = sorted(
        (Path(str(e.get("file", schema.name))).name, e["line"], e["message"])
        for e in prisma_entries(beside(schema, ".warnings.json"))
    )
    ours = sorted((Path(d.span.file).name, d.span.line, d.message) for d in diagnostics)
    assert ours == expected


def test_the_corpus_is_there(schemas_dir: Path) -> None:
    # Guards against the parametrizations above silently collecting nothing.
    assert len(invalid_schemas()) >= 77
    assert len(accepted_schemas()) >= 60
