"""`prisma-dynamic --version` and `prisma-dynamic version` print the installed version."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import pytest


@pytest.mark.parametrize("argument", ["--version", "version"])
def test_the_version_is_printed_with_exit_0(argument: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "prisma_dynamic", argument], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"prisma-dynamic {version('prisma-dynamic')} (Python ")
