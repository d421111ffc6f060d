"""Pieces shared by sub-commands: the --schema option and turning schema problems into output."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema.diagnostics import Diagnostic, render_all


def add_schema_option(parser: Any) -> None:
    parser.add_argument(
        "--schema",
        metavar="PATH",
        help="schema file or folder (default: [tool.prisma] schema in pyproject.toml, ./schema.prisma, "
        "./prisma/schema.prisma, ./prisma/schema/)",
    )


def report_schema_error(error: SchemaError, *, with_warnings: bool = False) -> int:
    """Print every error of an invalid schema (and its warnings, when asked) to stderr, colored on
    a terminal; exit code 1."""
    errors = error.errors
    shown = error.diagnostics if with_warnings else errors
    print_diagnostics(shown, error.sources)
    print(f"\n{plural(len(errors), 'error')} in the Prisma schema.", file=sys.stderr)
    return 1


def print_diagnostics(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str]) -> None:
    print(render_all(diagnostics, sources, color=use_color(sys.stderr)), file=sys.stderr)


def use_color(stream: TextIO) -> bool:
    """Colours only on a terminal, and never when `NO_COLOR` is set to anything (no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def add_examples(parser: argparse.ArgumentParser, *examples: str) -> None:
    """Show example command lines at the end of a command's `--help`."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = "examples:\n" + "\n".join(f"  {example}" for example in examples)


def diagnostic_as_json(diagnostic: Diagnostic) -> dict[str, object]:
    """One diagnostic for editors and CI: 1-based positions, end exclusive."""
    span = diagnostic.span
    return {
        "file": span.file,
        "line": span.line,
        "col": span.column,
        "endLine": span.end_line,
        "endCol": span.end_column,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
    }


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def report_missing_schema(error: FileNotFoundError) -> int:
    print(f"error: {error}", file=sys.stderr)
    return 1


def schema_path(args: argparse.Namespace) -> str | None:
    value: str | None = args.schema
    return value
