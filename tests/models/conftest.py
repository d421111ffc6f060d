"""Fixtures of the tests of the project's names (`prisma_dynamic.models`, `.partials`, ...)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from prisma_dynamic.models.registration import registered, unregister


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty project folder, the working directory, with no client registered before or after."""
    assert registered() is None, "a test left a client registered"
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    unregister()
