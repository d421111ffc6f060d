"""`prisma-dynamic version` (also `prisma-dynamic --version`)."""

from __future__ import annotations

import argparse
import platform
from importlib.metadata import version
from typing import Any

from prisma_dynamic.cli.common import add_examples


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("version", help="print the version of prisma-dynamic")
    add_examples(parser, "prisma-dynamic version")
    parser.set_defaults(func=run)


def version_text() -> str:
    """What both `prisma-dynamic version` and `prisma-dynamic --version` print."""
    return f"prisma-dynamic {version('prisma-dynamic')} (Python {platform.python_version()})"


def run(args: argparse.Namespace) -> int:
    print(version_text())
    return 0
