"""Every `prisma-dynamic` command's `--help` ends with example command lines of that command, and
diagnostics are coloured on a terminal only, never with `NO_COLOR` set."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from collections.abc import Iterator

import pytest

from prisma_dynamic.cli import build_parser
from prisma_dynamic.cli.common import use_color


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The leaf commands of the parser tree: ("validate",), ("migrate", "dev"), ..."""
    groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not groups:
        yield prefix
    for group in groups:
        for name, sub in group.choices.items():
            yield from _commands(sub, (*prefix, name))


COMMANDS = sorted(_commands(build_parser()))


def test_the_commands_are_found() -> None:
    assert ("validate",) in COMMANDS and ("migrate", "dev") in COMMANDS and ("db", "push") in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_ends_with_examples_of_the_command(command: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "prisma_dynamic", *command, "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    examples = result.stdout.split("\nexamples:\n", 1)[1].splitlines()
    assert examples and all(line.startswith("  prisma-dynamic " + " ".join(command)) for line in examples)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colours_on_a_terminal_only_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(_Terminal()) and not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(_Terminal())
