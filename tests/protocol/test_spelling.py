"""The table of Python spellings (`query_schema.spelling`) names real query schema names, and
reads both ways."""

from __future__ import annotations

from pathlib import Path

from prisma_dynamic.schema.load import load_schema
from prisma_dynamic.schema.query_schema import query_schema_of
from prisma_dynamic.schema.query_schema.spelling import prisma_names, prisma_spelling, python_spelling

SCHEMA = Path(__file__).parents[1] / "typesafety" / "agreement.prisma"


def _names_in_query_schema() -> tuple[set[str], set[str]]:
    schema = query_schema_of(load_schema(SCHEMA))
    fields = {f.name for types in schema.input_object_types.values() for t in types for f in t.fields}
    arguments = {
        a.name for types in schema.output_object_types.values() for t in types for f in t.fields for a in f.args
    }
    return fields, arguments


def test_every_respelt_name_is_one_the_query_schema_uses() -> None:
    fields, arguments = _names_in_query_schema()
    # `isSet` is MongoDB's (composite types), which the agreement schema cannot have.
    assert set(prisma_names("field")) - {"isSet"} <= fields | arguments
    assert set(prisma_names("argument")) - {"isSet"} <= fields | arguments


def test_spellings_read_both_ways() -> None:
    for context in ("field", "argument"):
        table = prisma_names(context)
        assert len(set(table.values())) == len(table)
        for prisma, python in table.items():
            assert python_spelling(prisma, context) == python
            assert prisma_spelling(python, context) == prisma
    assert python_spelling("orderBy") == "order_by"
    assert python_spelling("orderBy", "argument") == "order"
    assert python_spelling("equals") == prisma_spelling("equals") == "equals"
