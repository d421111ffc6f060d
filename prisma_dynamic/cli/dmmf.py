"""`prisma-dynamic dmmf`: the resolved schema as JSON shaped like Prisma's DMMF datamodel."""

from __future__ import annotations

import argparse
import json
from typing import Any

from prisma_dynamic.cli.common import add_schema_option, report_missing_schema, report_schema_error, schema_path
from prisma_dynamic.schema.diagnostics import SchemaError
from prisma_dynamic.schema.dmmf import to_dmmf
from prisma_dynamic.schema.load import load_schema


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("dmmf", help="print the resolved schema as Prisma's DMMF datamodel (JSON)")
    add_schema_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        schema = load_schema(schema_path(args))
    except SchemaError as error:
        return report_schema_error(error)
    except FileNotFoundError as error:
        return report_missing_schema(error)
    print(json.dumps(to_dmmf(schema), indent=2, ensure_ascii=False))
    return 0
