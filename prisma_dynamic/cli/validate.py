"""`prisma-dynamic validate`: every problem of a schema at once, for people, editors and CI."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from prisma_dynamic.cli.common import (
    add_examples,
    add_schema_option,
    diagnostic_as_json,
    plural,
    print_diagnostics,
    report_missing_schema,
    report_schema_error,
    schema_path,
)
from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema.diagnostics import Diagnostic
from prisma_dynamic.schema.load import find_schema, load_schema


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate", help="check the schema as Prisma does; exit 1 and list every error if it is invalid"
    )
    add_schema_option(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the diagnostics as a JSON list (file, line, col, endLine, endCol, severity, message, hint)",
    )
    add_examples(parser, "prisma-dynamic validate", "prisma-dynamic validate --schema prisma/schema.prisma --json")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        path = find_schema(schema_path(args))
        schema = load_schema(path)
    except FileNotFoundError as error:
        return report_missing_schema(error)
    except SchemaError as error:
        if args.json:
            _print_json(error.diagnostics)
            return 1
        return report_schema_error(error, with_warnings=True)
    warnings = [w for w in schema.warnings if isinstance(w, Diagnostic)]
    if args.json:
        _print_json(warnings)
        return 0
    if warnings:
        print_diagnostics(warnings, schema.sources)
        print(file=sys.stderr)
    summary = f"The schema at {path} is valid"
    print(summary + (f" ({plural(len(warnings), 'warning')})." if warnings else "."))
    return 0


def _print_json(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> None:
    print(json.dumps([diagnostic_as_json(d) for d in diagnostics], indent=2, ensure_ascii=False))
