"""`prisma-dynamic stubs`: `.pyi` files typing the client for Pyright and Pylance (no plugins)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from prisma_dynamic.cli.common import (
    add_examples,
    add_schema_option,
    report_missing_schema,
    report_schema_error,
    schema_path,
)
from prisma_dynamic.errors import GeneratorError, SchemaError
from prisma_dynamic.schema.load import find_schema, load_schema


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "stubs",
        help="write .pyi stubs typing the client for this schema (point Pyright's stubPath at --out)",
    )
    add_schema_option(parser)
    parser.add_argument("--out", metavar="DIR", default="typings", help="folder to write into (default: ./typings)")
    add_examples(parser, "prisma-dynamic stubs", "prisma-dynamic stubs --schema prisma/schema.prisma --out typings")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: the typing machinery is only loaded by the command that needs it.
    from stubs_plugin.stubs import write_stubs

    try:
        path = find_schema(schema_path(args))
        schema = load_schema(path)
    except SchemaError as error:
        return report_schema_error(error)
    except FileNotFoundError as error:
        return report_missing_schema(error)
    out = Path(args.out)
    try:
        written = write_stubs(schema, out, str(path))
    except (GeneratorError, ValueError, TypeError) as error:
        # a generator option the stubs cannot honour, or a partial its generator script cannot create
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: cannot write the stubs into {out}: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} files to {written[0].parent}")
    return 0
