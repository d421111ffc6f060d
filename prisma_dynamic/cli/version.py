"""`prisma-dynamic version`."""

from __future__ import annotations

import argparse
import platform
from importlib.metadata import version
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("version", help="print the version of prisma-dynamic")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print(f"prisma-dynamic {version('prisma-dynamic')} (Python {platform.python_version()})")
    return 0
