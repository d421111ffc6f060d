"""`prisma-dynamic dmmf`: the resolved schema as JSON shaped like Prisma's DMMF datamodel; with
`--full`, Prisma's whole DMMF: `{"datamodel", "schema", "mappings"}` (the query schema)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from prisma_dynamic import json_body
from prisma_dynamic.cli.common import (
    add_examples,
    add_schema_option,
    report_missing_schema,
    report_schema_error,
    schema_path,
)
from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.dmmf import to_dmmf
from prisma_dynamic.schema.load import load_schema
from prisma_dynamic.schema.query_schema import build_query_schema


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("dmmf", help="print the resolved schema as Prisma's DMMF datamodel (JSON)")
    add_schema_option(parser)
    parser.add_argument(
        "--full",
        action="store_true",
        help='print the whole DMMF: {"datamodel", "schema", "mappings"}, with the query schema',
    )
    add_examples(parser, "prisma-dynamic dmmf --schema prisma/schema.prisma", "prisma-dynamic dmmf --full > dmmf.json")
    parser.set_defaults(func=run)


def full_dmmf(schema: ir.Schema) -> dict[str, Any]:
    """Prisma's DMMF document: the datamodel, then the query schema and its operation mappings."""
    return {"datamodel": to_dmmf(schema), **build_query_schema(schema).to_json()}


def run(args: argparse.Namespace) -> int:
    try:
        schema = load_schema(schema_path(args))
    except SchemaError as error:
        return report_schema_error(error)
    except FileNotFoundError as error:
        return report_missing_schema(error)
    document = full_dmmf(schema) if args.full else to_dmmf(schema)
    sys.stdout.flush()  # the document goes to the bytes below it
    sys.stdout.buffer.write(json_body.dumps_indented(document))
    sys.stdout.buffer.write(b"\n")
    return 0
