"""`prisma-dynamic format`: rewrite a schema (file or folder) as `prisma format` does: missing
relation fields added, then Prisma's canonical layout.

With `--check` nothing is written: the files that would change are listed and the exit code is
1 when there are any, which is what a pre-commit hook or CI step needs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from prisma_dynamic.cli.common import (
    add_examples,
    add_schema_option,
    plural,
    report_missing_schema,
    report_schema_error,
    schema_path,
)
from prisma_dynamic.cli.progress import Progress
from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema.format import format_sources
from prisma_dynamic.schema.load import find_schema, read_sources, schema_files


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "format", help="rewrite the schema as `prisma format` does (layout, missing relation fields)"
    )
    add_schema_option(parser)
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; list the files that would change and exit 1 if there are any",
    )
    add_examples(parser, "prisma-dynamic format", "prisma-dynamic format --check --schema prisma/schema.prisma")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        found = find_schema(schema_path(args))
        files = schema_files(found)
        sources = read_sources(found)
    except FileNotFoundError as error:
        return report_missing_schema(error)
    try:
        with Progress() as progress:
            progress.step(f"Formatting {plural(len(files), 'file')}")
            formatted = format_sources(sources)
    except SchemaError as error:
        return report_schema_error(error)  # nothing is written when any file does not parse
    # Compared with the bytes on disk, so that CRLF line endings count as a change.
    changed = [
        (path, name, text)
        for path, (name, text) in zip(files, formatted, strict=True)
        if path.read_bytes() != text.encode()
    ]
    for path, name, text in changed:
        if not args.check:
            write_atomically(path, text)
        print(name)
    count = len(changed)
    files_word = "file" if count == 1 else "files"
    if args.check:
        if changed:
            print(f"{count} {files_word} would be reformatted.", file=sys.stderr)
            return 1
        print(f"{len(files)} {'file' if len(files) == 1 else 'files'} already formatted.", file=sys.stderr)
        return 0
    print(f"{count} {files_word} reformatted, {len(files) - count} unchanged.", file=sys.stderr)
    return 0


def write_atomically(path: Path, text: str) -> None:
    """Replace the file in one step: a reader sees the old schema or the new one, never half."""
    mode = path.stat().st_mode & 0o7777
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
