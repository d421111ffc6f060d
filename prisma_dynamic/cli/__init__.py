"""The `prisma-dynamic` command line: one small module per sub-command.

Each module in ``COMMANDS`` exposes ``register(subparsers)``, which adds its parser and sets
``func`` (taking the parsed namespace, returning the exit code).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from prisma_dynamic.cli.version import version_text

# Sub-command modules, imported lazily so `prisma-dynamic --help` stays fast.
COMMANDS = ("db", "dmmf", "engine", "format", "migrate", "stubs", "validate", "version")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prisma-dynamic",
        description="Prisma schemas in Python: no code generation, no downloaded binary.",
    )
    parser.add_argument(
        "--version", action="version", version=version_text(), help="print the version of prisma-dynamic and exit"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"prisma_dynamic.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    code: int = func(args)
    return code
