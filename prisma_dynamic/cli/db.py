"""`prisma-dynamic db push`: make the database match the schema (Prisma's `db push`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import anyio

from prisma_dynamic.cli.common import (
    add_examples,
    add_schema_option,
    report_missing_schema,
    report_schema_error,
    schema_path,
)
from prisma_dynamic.cli.format import write_atomically
from prisma_dynamic.cli.progress import Progress
from prisma_dynamic.errors import SchemaError
from prisma_dynamic.migrate import PushError, database_url, push
from prisma_dynamic.migrate.pull import EmptyDatabaseError, pull
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
    push_parser.add_argument(
        "--skip-generate", action="store_true", help="accepted for Prisma compatibility (there is nothing to generate)"
    )
    add_examples(
        push_parser,
        "prisma-dynamic db push",
        "prisma-dynamic db push --schema prisma/schema.prisma --url postgresql://postgres@localhost/app",
        "prisma-dynamic db push --accept-data-loss",
    )
    push_parser.set_defaults(func=run_push)

    pull_parser = commands.add_parser(
        "pull", help="write the database's tables into the schema as models (introspection)"
    )
    add_schema_option(pull_parser)
    pull_parser.add_argument("--url", help="database URL (default: the datasource url of the schema)")
    pull_parser.add_argument("--print", action="store_true", help="print the schema instead of writing it")
    pull_parser.add_argument(
        "--force",
        action="store_true",
        help="ignore the models of the current schema (their names, @map, docs and order are kept otherwise)",
    )
    add_examples(
        pull_parser,
        "prisma-dynamic db pull",
        "prisma-dynamic db pull --print",
        "prisma-dynamic db pull --force --schema prisma/schema.prisma",
    )
    pull_parser.set_defaults(func=run_pull)


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


def run_pull(args: argparse.Namespace) -> int:
    try:
        found = find_schema(schema_path(args))
        if found.is_dir():
            print(f"error: db pull writes one schema file; {found} is a folder.", file=sys.stderr)
            return 1
        text = found.read_text(encoding="utf-8")
        schema = load_schema(found)
    except SchemaError as error:
        return report_schema_error(error)
    except FileNotFoundError as error:
        return report_missing_schema(error)
    datasource = schema.datasource
    if datasource is None:
        print(f"error: {found} has no datasource block to introspect.", file=sys.stderr)
        return 1
    try:
        url = database_url(schema, found, args.url)
        result = anyio.run(lambda: pull(text, schema.provider, url, None if args.force else schema, datasource.schemas))
    except EmptyDatabaseError as error:
        print(f"error: {error}", file=sys.stderr)
        print(
            "db pull could not create any models in your schema: create a table in the database, or point the "
            "datasource url at a database that has one.",
            file=sys.stderr,
        )
        return 1
    except (PushError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.print:
        print(result.schema, end="")
        for warning in result.warnings:
            print("\n// *** WARNING ***\n//")
            print("\n".join(f"// {line}".rstrip() for line in warning.splitlines()))
        return 0
    shown = _relative(found)
    print(f"Introspecting based on datasource defined in {shown}")
    for warning in result.warnings:
        print(f"\n*** WARNING ***\n\n{warning}\n")
    write_atomically(found, result.schema)
    print(result.summary(shown))
    return 0


def _relative(path: Path) -> str:
    """The path as Prisma shows it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
