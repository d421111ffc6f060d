"""Pieces shared by sub-commands: the --schema option and turning schema problems into output."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from prisma_dynamic.schema.diagnostics import SchemaError, render_all


def add_schema_option(parser: Any) -> None:
    parser.add_argument(
        "--schema",
        metavar="PATH",
        help="schema file or folder (default: [tool.prisma] schema in pyproject.toml, ./schema.prisma, "
        "./prisma/schema.prisma, ./prisma/schema/)",
    )


def report_schema_error(error: SchemaError) -> int:
    """Print every error of an invalid schema to stderr, colored on a terminal; exit code 1."""
    errors = error.errors
    color = sys.stderr.isatty()
    print(render_all(errors, error.sources, color=color), file=sys.stderr)
    count = len(errors)
    print(f"\n{count} error{'s' if count != 1 else ''} in the Prisma schema.", file=sys.stderr)
    return 1


def report_missing_schema(error: FileNotFoundError) -> int:
    print(f"error: {error}", file=sys.stderr)
    return 1


def schema_path(args: argparse.Namespace) -> str | None:
    value: str | None = args.schema
    return value
