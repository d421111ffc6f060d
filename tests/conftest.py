"""Shared test fixtures: where Prisma's reference outputs live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PRISMA_DYNAMIC_SHARED", REPO.parent / "shared")).resolve()
SCHEMAS = SHARED / "schemas"


@pytest.fixture(scope="session")
def schemas_dir() -> Path:
    if not SCHEMAS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the shared schema corpus is missing at {SCHEMAS}")
        pytest.skip(f"the shared schema corpus is not at {SCHEMAS}; set PRISMA_DYNAMIC_SHARED to its folder")
    return SCHEMAS
