"""`prisma-dynamic engine`: run the query engine process (the client normally starts it itself)."""

from __future__ import annotations

import argparse
from typing import Any

from prisma_dynamic.cli.common import add_examples
from prisma_dynamic.engine import process


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "engine",
        help="run the query engine process",
        description=(process.__doc__ or "").split("\n\n", 1)[0],
    )
    process.add_arguments(parser)
    add_examples(
        parser,
        "prisma-dynamic engine --schema prisma/schema.prisma",
        "prisma-dynamic engine --schema prisma/schema.prisma --listen 127.0.0.1:4466 --ignore-stdin",
        "prisma-dynamic engine --schema prisma/schema.prisma --listen 0.0.0.0:4466 --ignore-stdin "
        "--tls-cert engine.pem --tls-key engine.key",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return process.run(args)
