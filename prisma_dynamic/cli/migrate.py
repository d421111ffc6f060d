"""`prisma-dynamic migrate ...`: Prisma Migrate's commands (dev, deploy, status, reset, resolve,
diff) on Prisma's migrations folder and `_prisma_migrations` table."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio

from prisma_dynamic.cli.common import (
    add_examples,
    add_schema_option,
    report_missing_schema,
    report_schema_error,
    schema_path,
)
from prisma_dynamic.cli.progress import Progress
from prisma_dynamic.errors import SchemaError
from prisma_dynamic.migrate import PushError
from prisma_dynamic.migrate.compare import Source, migrate_diff
from prisma_dynamic.migrate.deploy import migrate_deploy
from prisma_dynamic.migrate.dev import migrate_dev
from prisma_dynamic.migrate.folder import SCRIPT
from prisma_dynamic.migrate.project import Project
from prisma_dynamic.migrate.reset import migrate_reset
from prisma_dynamic.migrate.resolve import resolve_applied, resolve_rolled_back
from prisma_dynamic.migrate.script import render_script
from prisma_dynamic.migrate.state import describe_problems
from prisma_dynamic.migrate.status import migrate_status
from prisma_dynamic.migrate.summary import summarize
from prisma_dynamic.schema.load import find_schema, load_schema

T = TypeVar("T")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("migrate", help="migrations: create, apply and inspect them (Prisma Migrate)")
    commands = parser.add_subparsers(dest="migrate_command", metavar="COMMAND", required=True)

    dev = commands.add_parser("dev", help="create a migration from schema changes and apply it (development)")
    _common(dev)
    dev.add_argument("--name", "-n", default=None, help="name of the new migration")
    dev.add_argument("--create-only", action="store_true", help="write the migration without applying it")
    dev.add_argument(
        "--accept-data-loss",
        action="store_true",
        help="apply a migration that loses data without asking (non-interactive use)",
    )
    dev.add_argument("--force-reset", action="store_true", help="reset the database without asking when it has drifted")
    dev.add_argument("--skip-seed", action="store_true", help="accepted for Prisma compatibility (no seeding)")
    dev.add_argument("--skip-generate", action="store_true", help="accepted for Prisma compatibility (no generate)")
    add_examples(
        dev,
        "prisma-dynamic migrate dev --name add_posts",
        "prisma-dynamic migrate dev --create-only --name rename_column",
    )
    dev.set_defaults(func=run_dev)

    deploy = commands.add_parser("deploy", help="apply pending migrations (production; never prompts)")
    _common(deploy)
    add_examples(
        deploy, "prisma-dynamic migrate deploy", "prisma-dynamic migrate deploy --url postgresql://localhost/app"
    )
    deploy.set_defaults(func=run_deploy)

    status = commands.add_parser("status", help="compare the migrations folder with the database's history")
    _common(status)
    add_examples(status, "prisma-dynamic migrate status")
    status.set_defaults(func=run_status)

    reset = commands.add_parser("reset", help="drop the database's tables and apply every migration again")
    _common(reset)
    reset.add_argument("--force", "-f", action="store_true", help="do not ask for confirmation")
    reset.add_argument("--skip-seed", action="store_true", help="accepted for Prisma compatibility (no seeding)")
    reset.add_argument("--skip-generate", action="store_true", help="accepted for Prisma compatibility")
    add_examples(reset, "prisma-dynamic migrate reset", "prisma-dynamic migrate reset --force")
    reset.set_defaults(func=run_reset)

    resolve = commands.add_parser("resolve", help="record a migration as applied or rolled back, without running it")
    _common(resolve)
    group = resolve.add_mutually_exclusive_group(required=True)
    group.add_argument("--applied", metavar="NAME", help="record the migration as applied")
    group.add_argument("--rolled-back", metavar="NAME", help="record a failed migration as rolled back")
    add_examples(
        resolve,
        "prisma-dynamic migrate resolve --applied 20240101000000_init",
        "prisma-dynamic migrate resolve --rolled-back 20240102000000_add_posts",
    )
    resolve.set_defaults(func=run_resolve)

    diff = commands.add_parser("diff", help="compare two database structures (schema, migrations, database, empty)")
    for side in ("from", "to"):
        sources = diff.add_mutually_exclusive_group(required=True)
        sources.add_argument(f"--{side}-empty", action="store_true", help="an empty database")
        sources.add_argument(f"--{side}-schema-datamodel", metavar="PATH", help="a schema file or folder")
        sources.add_argument(f"--{side}-schema", metavar="PATH", help="a schema file or folder (Prisma 6 spelling)")
        sources.add_argument(f"--{side}-migrations", metavar="PATH", help="a migrations folder, replayed")
        sources.add_argument(f"--{side}-url", metavar="URL", help="a live database")
    diff.add_argument("--shadow-database-url", metavar="URL", help="where a migrations folder is replayed")
    diff.add_argument("--script", action="store_true", help="print the SQL script instead of a summary")
    diff.add_argument("--output", "-o", metavar="PATH", help="write to this file instead of standard output")
    diff.add_argument(
        "--exit-code", action="store_true", help="exit 2 when there are differences, 0 when there are none"
    )
    add_schema_option(diff)
    add_examples(
        diff,
        "prisma-dynamic migrate diff --from-empty --to-schema-datamodel prisma/schema.prisma --script",
        "prisma-dynamic migrate diff --from-url postgresql://localhost/app --to-schema schema.prisma --exit-code",
    )
    diff.set_defaults(func=run_diff)


def _common(parser: argparse.ArgumentParser) -> None:
    add_schema_option(parser)
    parser.add_argument("--url", help="database URL (default: the datasource url of the schema)")


def _project(args: argparse.Namespace) -> Project:
    found = find_schema(schema_path(args))
    return Project.of(load_schema(found), found, args.url)


def _run(args: argparse.Namespace, body: Callable[[Project], Awaitable[int]]) -> int:
    """Load the project, run the command, turn every expected failure into a message and exit 1."""
    return _reporting_failures(lambda: anyio.run(body, _project(args)))


def _run_with_progress(
    args: argparse.Namespace, label: str, body: Callable[[Project, Progress], Awaitable[int]]
) -> int:
    """:func:`_run` for a command that never prompts, with a progress line (``label`` once the
    schema is loaded); the command prints through ``progress.print``."""

    def command() -> int:
        with Progress() as progress:
            progress.step("Loading the schema")
            project = _project(args)
            progress.step(label)
            return anyio.run(body, project, progress)

    return _reporting_failures(command)


def _reporting_failures(command: Callable[[], int]) -> int:
    """Run the command; a bad schema, a missing file or a refused change is a message and exit 1."""
    try:
        return command()
    except SchemaError as error:
        return report_schema_error(error)
    except FileNotFoundError as error:
        return report_missing_schema(error)
    except (PushError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask(question: str) -> bool:
    answer = input(f"{question} [y/N] ").strip().lower()
    return answer in ("y", "yes")


def _folder_tree(project: Project, names: tuple[str, ...]) -> list[str]:
    lines = [f"{project.folder.path.name}/"]
    for name in names:
        lines.extend([f"  └─ {name}/", f"    └─ {SCRIPT}"])
    return lines


# ---- dev ---------------------------------------------------------------------------------------
def run_dev(args: argparse.Namespace) -> int:
    def allow_reset(problems: list[str]) -> bool:
        if not (args.force_reset or _interactive()):
            return False  # the error says what is wrong
        print("\n\n".join(problems))
        return bool(args.force_reset) or _ask("Do you want to continue?")

    def accept_data_loss(warnings: list[str]) -> bool:
        print("\n⚠️  Warnings for the current datasource:\n")
        print("\n".join(f"  • {w}" for w in warnings))
        if args.accept_data_loss:
            return True
        if not _interactive():
            print("\nThe migration loses data: run again with --accept-data-loss to apply it.", file=sys.stderr)
            return False
        return _ask("Are you sure you want to create and apply this migration?")

    async def body(project: Project) -> int:
        name = args.name
        if name is None and _interactive():
            name = input("Enter a name for the new migration: ")
        started = time.perf_counter()
        result = await migrate_dev(
            project,
            name=name or "",
            create_only=args.create_only,
            allow_reset=allow_reset,
            accept_data_loss=accept_data_loss,
            report=print,
        )
        if result.reset:
            print("Database reset successful.")
        if result.created is None:
            print("Already in sync, no schema change or pending migration was found.")
            return 0
        created = (result.created.name,)
        if result.created_applied:
            print("\nThe following migration(s) have been created and applied from new schema changes:\n")
        else:
            print("Prisma Migrate created the following migration without applying it:\n")
        print("\n".join(_folder_tree(project, created)))
        if result.created_applied:
            print(f"\nYour database is now in sync with your schema. ({_elapsed(started)})")
        else:
            print("\nYou can now edit it and apply it by running prisma-dynamic migrate dev.")
        return 0

    return _run(args, body)


# ---- deploy ------------------------------------------------------------------------------------
def run_deploy(args: argparse.Namespace) -> int:
    async def body(project: Project, progress: Progress) -> int:
        local = project.folder.migrations()
        progress.print(f"{len(local)} migration{'s' if len(local) != 1 else ''} found in {project.folder}")
        if not local:
            progress.print("No migration found in the migrations folder.")
            return 0
        started = time.perf_counter()
        applied = await migrate_deploy(project, progress.print)
        if not applied:
            progress.print("\nNo pending migrations to apply.")
            return 0
        progress.print("\nThe following migration(s) have been applied:\n")
        progress.print("\n".join(_folder_tree(project, applied)))
        progress.print(f"\nAll migrations have been successfully applied. ({_elapsed(started)})")
        return 0

    return _run_with_progress(args, "Applying migrations", body)


# ---- status ------------------------------------------------------------------------------------
def run_status(args: argparse.Namespace) -> int:
    async def body(project: Project) -> int:
        status = await migrate_status(project)
        state = status.state
        print(f"{len(state.local)} migration{'s' if len(state.local) != 1 else ''} found in {project.folder}")
        if not status.managed and not status.empty:
            print("\nThe current database is not managed by Prisma Migrate.")
            print("Read more about how to baseline an existing production database: https://pris.ly/d/migrate-baseline")
            return 1
        for problem in describe_problems(state):
            print(f"\n{problem}")
        if state.pending:
            listed = "\n".join(m.name for m in state.pending)
            have = "s have" if len(state.pending) != 1 else " has"
            print(f"\nFollowing migration{have} not yet been applied:\n{listed}")
            print("\nTo apply migrations in development run prisma-dynamic migrate dev.")
            print("To apply migrations in production run prisma-dynamic migrate deploy.")
        if state.up_to_date:
            print("\nDatabase schema is up to date!")
            return 0
        return 1

    return _run(args, body)


# ---- reset -------------------------------------------------------------------------------------
def run_reset(args: argparse.Namespace) -> int:
    async def body(project: Project) -> int:
        if not args.force:
            if not _interactive():
                print(
                    "error: migrate reset drops every table; run it in a terminal to confirm, or pass --force.",
                    file=sys.stderr,
                )
                return 1
            if not _ask("Are you sure you want to reset your database? All data will be lost."):
                print("Reset cancelled.")
                return 1
        started = time.perf_counter()
        applied = await migrate_reset(project, print)
        print(f"\nDatabase reset successful ({_elapsed(started)})")
        if applied:
            print("\nThe following migration(s) have been applied:\n")
            print("\n".join(_folder_tree(project, applied)))
        return 0

    return _run(args, body)


# ---- resolve -----------------------------------------------------------------------------------
def run_resolve(args: argparse.Namespace) -> int:
    async def body(project: Project) -> int:
        if args.applied is not None:
            await resolve_applied(project, args.applied)
            print(f"Migration {args.applied} marked as applied.")
        else:
            await resolve_rolled_back(project, args.rolled_back)
            print(f"Migration {args.rolled_back} marked as rolled back.")
        return 0

    return _run(args, body)


# ---- diff --------------------------------------------------------------------------------------
def _source(args: argparse.Namespace, side: str) -> Source:
    if getattr(args, f"{side}_empty"):
        return Source("empty")
    for option in ("schema_datamodel", "schema"):
        value = getattr(args, f"{side}_{option}")
        if value is not None:
            return Source("schema", value)
    if getattr(args, f"{side}_migrations") is not None:
        return Source("migrations", getattr(args, f"{side}_migrations"))
    return Source("url", getattr(args, f"{side}_url"))


def run_diff(args: argparse.Namespace) -> int:
    async def body() -> int:
        provider_schema = None
        if args.schema is not None:
            provider_schema = load_schema(find_schema(args.schema))
        result = await migrate_diff(
            _source(args, "from"),
            _source(args, "to"),
            shadow_url=args.shadow_database_url,
            provider_schema=provider_schema,
        )
        text = (
            render_script(result.statements, result.warnings)
            if args.script
            else "\n".join(summarize(result.diff)) + "\n"
        )
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 2 if args.exit_code and not result.diff.is_empty else 0

    return _reporting_failures(lambda: anyio.run(body))


def _elapsed(started: float) -> str:
    return f"{(time.perf_counter() - started) * 1000:.0f} ms"
