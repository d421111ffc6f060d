"""Quickstart: load examples/schema.prisma and show what prisma-dynamic resolved from it.

Run from anywhere: `python examples/quickstart.py`.
"""

from __future__ import annotations

from pathlib import Path

from prisma_dynamic.schema.load import load_schema

SCHEMA = Path(__file__).resolve().parent / "schema.prisma"


def main() -> None:
    schema = load_schema(SCHEMA)
    print(f"provider: {schema.provider}")
    for model in schema.models:
        print(f"model {model.name} (table {model.db_name})")
        for field in model.fields:
            shape = "[]" if field.is_list else "" if field.is_required else "?"
            print(f"  {field.name}: {field.type}{shape} ({field.kind})")
    for relation in schema.relations:
        print(
            f"relation {relation.name}: {relation.kind}, {relation.referencing.model}.{relation.referencing.field}"
            f" -> {relation.referenced.model}.{relation.referenced.field}"
        )


if __name__ == "__main__":
    main()
