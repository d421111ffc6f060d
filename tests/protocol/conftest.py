from __future__ import annotations

import pytest

from prisma_dynamic.protocol import QueryBuilder
from tests.models.schemas import POSTGRES, SQLITE, schema
from tests.protocol.senders import Harness

_POSTGRES = schema(POSTGRES)
_SQLITE = schema(SQLITE)


@pytest.fixture(scope="session")
def builder() -> QueryBuilder:
    return QueryBuilder(_POSTGRES)


@pytest.fixture(scope="session")
def sqlite_builder() -> QueryBuilder:
    return QueryBuilder(_SQLITE)


@pytest.fixture(params=["async", "sync"])
def harness(request: pytest.FixtureRequest, builder: QueryBuilder) -> Harness:
    return Harness(request.param, builder)
