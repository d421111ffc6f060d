"""`prisma-dynamic db push`: make the database match the schema (Prisma's `db push`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import anyio

from prisma_dynamic.cli.common import (
    add_examples,
    add_schema_option,
    report_missing_schema,
    report_schema_error,
    schema_path,
)
from prisma_dynamic.cli.progress import Progress
from prisma_dynamic.migrate import PushError, database_url, push
from prisma_dynamic.schema.diagnostics import SchemaError
from prisma_dynamic.schema.load import find_schema, load_schema


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("db", help="manage the database from the schema")
    commands = parser.add_subparsers(dest="db_command", metavar="COMMAND", required=True)
    push_parser = commands.add_parser(
        "push", help="create and alter tables to match the schema, without migration files"
    )
    add_schema_option(push_parser)
    push_parser.add_argument("--url", help="database URL (default: the datasource url of the schema)")
    push_parser.add_argument(
        "--accept-data-loss", action="store_true", help="apply changes that drop columns or tables holding data"
    )
    push_parser.add_argument(
        "--force-reset", action="store_true", help="drop every table first, then create the schema from scratch"
    )
    add_examples(
        push_parser,
        "prisma-dynamic db push",
        "prisma-dynamic db push --schema prisma/schema.prisma --url postgresql://postgres@localhost/app",
        "prisma-dynamic db push --accept-data-loss",
    )
    push_parser.set_defaults(func=run_push)


def run_push(args: argparse.Namespace) -> int:
    # Errors are reported once the progress line is gone (it leaves with the `with` block).
    try:
        with Progress() as progress:
            progress.step("Loading the schema")
            found = find_schema(schema_path(args))
            schema = load_schema(found)
            url = database_url(schema, found, args.url)
            progress.step("Pushing the schema to the database")
            result = anyio.run(
                lambda: push(schema, url, accept_data_loss=args.accept_data_loss, force_reset=args.force_reset)
            )
    except SchemaError as error:
        return report_schema_error(error)
    except FileNotFoundError as error:
        return report_missing_schema(error)
    except (PushError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for warning in result.accepted_data_loss:
        print(f"warning (accepted): {warning}")
    if not result.changed:
        print("The database is already in sync with the Prisma schema.")
        return 0
    for line in result.summary():
        print(line)
    print("Your database is now in sync with your Prisma schema.")
    return 0
