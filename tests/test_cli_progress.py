"""The progress line of long commands: drawn and erased on a terminal (a real pty), absent when the
output is piped."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.migrate.command_line import run_cli, sqlite_project

ERASE = "\r\x1b[2K"
# an erase, and the line drawn after it if any
_DRAWING = re.compile(r"\r\x1b\[2K([^\r\n]* \(\d+\.\d s\))?")


def _without_progress(output: str) -> str:
    return _DRAWING.sub("", output).replace("\r\n", "\n")


pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def _in_a_terminal(argv: list[str], cwd: Path, env: dict[str, str], answer_after: str | None = None) -> str:
    """Run ``argv`` with stdout and stderr on a pseudo-terminal; return everything it wrote. With
    ``answer_after``, a line is written to its stdin once that text has appeared."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=terminal, stderr=terminal, close_fds=True
    )
    os.close(terminal)
    output = b""
    if answer_after == "":
        assert process.stdin is not None
        process.stdin.write(b"go\n")
        process.stdin.flush()
        answer_after = None
    try:
        while True:
            ready, _, _ = select.select([controller], [], [], 60)
            if not ready:
                raise AssertionError(f"no output for 60 s; so far: {output!r}")
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            output += chunk
            if answer_after is not None and answer_after.encode() in output:
                assert process.stdin is not None
                process.stdin.write(b"go\n")
                process.stdin.flush()
                answer_after = None
    finally:
        os.close(controller)
        assert process.wait(60) == 0, output
    return output.decode("utf-8", "replace")


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TERM")}
    return {**env, "TERM": "xterm", "PYTHONIOENCODING": "utf-8", **extra}


SCRIPT = """
import sys
from prisma_dynamic.cli.progress import Progress

with Progress(delay=0, interval=0.01) as progress:
    progress.step("Pushing the schema")
    sys.stdin.readline()  # the test answers once it has seen the line
    progress.print("done")
print("after")
"""


def test_a_terminal_sees_one_line_redrawn_then_erased(tmp_path: Path) -> None:
    output = _in_a_terminal([sys.executable, "-c", SCRIPT], tmp_path, _environment(), answer_after="Pushing")
    drawn = output.split(ERASE)
    spinner = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
    shown = [part for part in drawn if part[:1] in spinner and part[1:].startswith(" Pushing the schema (")]
    assert shown and all(part.endswith(" s)") for part in shown), output
    # the line is erased before the command's own output, which then reads as without it
    before_done = output[: output.index("done")]
    assert before_done.endswith(ERASE)
    assert _without_progress(output) == "done\nafter\n"


def test_db_push_on_a_terminal_erases_its_line_before_reporting(tmp_path: Path) -> None:
    project = sqlite_project(tmp_path)
    argv = [sys.executable, "-m", "prisma_dynamic", "db", "push"]
    output = _in_a_terminal(argv, project, _environment())
    # whether or not the push lasted long enough to show the line, the text is the same as piped
    piped = run_cli("db", "push", "--force-reset", cwd=project)
    text = _without_progress(output)
    assert "\x1b" not in text and "Loading the schema" not in text and "Pushing" not in text
    assert (
        text.splitlines()[-1]
        == piped.stdout.splitlines()[-1]
        == "Your database is now in sync with your Prisma schema."
    )


def test_piped_output_has_no_progress_line(tmp_path: Path) -> None:
    project = sqlite_project(tmp_path)
    result = run_cli("db", "push", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stderr + result.stdout and "\x1b" not in result.stderr + result.stdout
    assert "Your database is now in sync with your Prisma schema." in result.stdout


def test_a_dumb_terminal_has_no_progress_line(tmp_path: Path) -> None:
    output = _in_a_terminal([sys.executable, "-c", SCRIPT], tmp_path, _environment(TERM="dumb"), answer_after="")
    assert output.replace("\r\n", "\n") == "done\nafter\n"
