"""Fuzzing the client API and the engine's request routing with hypothesis: no input, however
wrong, gives anything but a `PrismaError` (client) or a 4xx answer (engine).

A few hundred examples per test in a normal run; `PRISMA_DYNAMIC_FUZZ_EXAMPLES=10000 python -m
pytest tests/fuzz` for the long run (docs/production.md).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from prisma_dynamic import Prisma, errors
from prisma_dynamic.engine.runtime import build_engine
from prisma_dynamic.engine.server import dispatch
from prisma_dynamic.fields import Json
from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema

EXAMPLES = int(os.environ.get("PRISMA_DYNAMIC_FUZZ_EXAMPLES", "300"))
# The suite's 300 s per test does not fit the long run: allow half a second per example.
pytestmark = pytest.mark.timeout(max(300, EXAMPLES // 2))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

SCHEMA = """
datasource db {{
  provider = "sqlite"
  url      = "file:{file}"
}}

enum Role {{
  USER
  ADMIN
}}

model User {{
  id      Int      @id @default(autoincrement())
  email   String   @unique
  age     Int?
  score   Float    @default(0)
  big     BigInt?
  role    Role     @default(USER)
  born    DateTime @default(now())
  meta    Json?
  posts   Post[]
}}

model Post {{
  id       Int    @id @default(autoincrement())
  title    String
  author   User   @relation(fields: [authorId], references: [id])
  authorId Int
}}
"""

FIELDS = ["id", "email", "age", "score", "big", "role", "born", "meta", "posts", "author", "authorId", "title"]
OPERATORS = [
    "equals", "not", "in", "not_in", "lt", "lte", "gt", "gte", "contains", "startswith", "endswith", "mode",
    "AND", "OR", "NOT", "some", "every", "none", "is", "is_not", "path", "array_contains", "has",
    "set", "increment", "decrement", "multiply", "divide", "create", "connect", "connect_or_create",
    "disconnect", "delete", "update", "upsert", "where", "data", "_count", "_sum", "_avg", "asc", "desc",
]  # fmt: skip
KEYS = st.sampled_from(FIELDS + OPERATORS) | st.text(max_size=6)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**62, max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["USER", "ADMIN", "asc", "desc", "insensitive", "2024-01-01T00:00:00Z", "\x00"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=25,
)
DICTS = st.dictionaries(KEYS, VALUES, max_size=4)


def deep(depth: int, kind: str) -> Any:
    value: Any = {"id": 1}
    for _ in range(depth):
        value = {"NOT": value} if kind == "dict" else [value]
    return value


# Values too deep for hypothesis to print: drawn by name, built in the test.
EXTREME_VALUES = {
    "@where-300": lambda: deep(300, "dict"),
    "@where-3000": lambda: deep(3000, "dict"),
    "@list-1200": lambda: deep(1200, "list"),
    "@json-1200": lambda: {"email": "deep@example.com", "meta": Json(deep(1200, "list"))},
    "@long-list": lambda: list(range(5000)),
}
EXTREMES = st.sampled_from(sorted(EXTREME_VALUES))


def built(args: dict[str, Any]) -> dict[str, Any]:
    return {k: EXTREME_VALUES[v]() if isinstance(v, str) and v in EXTREME_VALUES else v for k, v in args.items()}


@pytest.fixture(scope="module")
def schema_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "schema.prisma"
    path.write_text(SCHEMA.format(file=folder / "fuzz.db"))
    anyio.run(functools.partial(push, load_schema(path), f"file:{folder / 'fuzz.db'}"))
    return path


@pytest.fixture(scope="module")
def db(schema_path: Path) -> Iterator[Any]:
    client = Prisma.from_schema(schema_path, interface="sync", transport="embedded")
    client.connect()
    client.user.create(data={"email": "seed@example.com"})
    try:
        yield client
    finally:
        client.disconnect()


CALLS = st.sampled_from(
    ["find_many", "find_first", "find_unique", "count", "create", "update", "update_many", "delete_many",
     "upsert", "group_by", "aggregate", "create_many"]
)  # fmt: skip


def _call(db: Any, name: str, args: dict[str, Any]) -> Any:
    users = db.user
    if name == "find_many":
        return users.find_many(**{k: args.get(k) for k in ("where", "take", "skip", "order", "distinct", "cursor")})
    if name == "find_first":
        return users.find_first(where=args.get("where"), order=args.get("order"), skip=args.get("skip"))
    if name == "find_unique":
        return users.find_unique(where=args.get("where"), include=args.get("include"))
    if name == "count":
        return users.count(where=args.get("where"), take=args.get("take"))
    if name == "create":
        return users.create(data=args.get("data"))
    if name == "update":
        return users.update(where=args.get("where"), data=args.get("data"))
    if name == "update_many":
        return users.update_many(where=args.get("where"), data=args.get("data"))
    if name == "delete_many":
        # never everything: the seed row keeps later reads meaningful
        return users.delete_many(where={"AND": [{"email": {"not": "seed@example.com"}}, args.get("where") or {}]})
    if name == "upsert":
        return users.upsert(where=args.get("where"), data={"create": args.get("data"), "update": args.get("data")})
    if name == "group_by":
        return users.group_by(by=args.get("by"), where=args.get("where"))
    if name == "aggregate":
        return users.aggregate(count=args.get("count"), where=args.get("where"), take=args.get("take"))
    return users.create_many(data=args.get("data"))


ARGUMENTS = st.fixed_dictionaries(
    {},
    optional={
        "where": DICTS | VALUES | EXTREMES,
        "data": DICTS | VALUES | st.builds(Json, VALUES) | EXTREMES,
        "take": VALUES,
        "skip": VALUES,
        "order": VALUES,
        "distinct": VALUES,
        "cursor": DICTS | VALUES,
        "include": DICTS,
        "by": VALUES,
        "count": VALUES,
    },
)


@FUZZ
@given(name=CALLS, args=ARGUMENTS)
# inputs that once escaped as RecursionError, TypeError or OverflowError
@example(name="find_many", args={"where": "@where-300"})
@example(name="find_many", args={"where": "@where-3000"})
@example(name="create", args={"data": "@json-1200"})
@example(name="find_many", args={"distinct": [["id"]]})
@example(name="find_many", args={"take": 2**63})
@example(name="find_many", args={"skip": 2**64})
@example(name="create", args={"data": {"email": "big@example.com", "big": 2**70}})
def test_client_calls_raise_only_prisma_errors(db: Any, name: str, args: dict[str, Any]) -> None:
    with contextlib.suppress(errors.PrismaError):
        _call(db, name, built(args))
    # still serving (asked of no table: a fuzzed update_many or upsert may rewrite any row)
    assert db.query_raw("SELECT 1 AS one") == [{"one": 1}]


QUERIES = st.fixed_dictionaries(
    {},
    optional={
        "modelName": st.sampled_from(["User", "Post", "Nope"]) | VALUES,
        "action": st.sampled_from(
            ["findMany", "findUnique", "findFirst", "createOne", "updateMany", "deleteMany", "aggregate",
             "groupBy", "upsertOne", "queryRaw", "executeRaw", "createManyAndReturn"]
        ) | VALUES,
        "query": st.fixed_dictionaries(
            {}, optional={"arguments": DICTS | VALUES, "selection": DICTS | VALUES}
        ) | VALUES,
    },
)  # fmt: skip
BODIES = QUERIES | st.fixed_dictionaries(
    {"batch": st.lists(QUERIES, max_size=3) | VALUES}, optional={"transaction": VALUES}
)


@pytest.fixture(scope="module")
def portal(schema_path: Path) -> Iterator[Any]:
    from anyio.from_thread import start_blocking_portal

    with start_blocking_portal() as portal:
        engine = build_engine(schema_path)
        portal.call(engine.start)
        try:
            yield portal, engine
        finally:
            portal.call(engine.stop)


@FUZZ
@given(
    route=st.sampled_from(["/", "/", "/", "/transaction/start", "/transaction/x/commit", "/metrics", "/x"]),
    body=BODIES | VALUES,
)
def test_engine_requests_get_no_500(portal: Any, route: str, body: Any) -> None:
    blocking, engine = portal
    method = "GET" if route == "/metrics" else "POST"
    status, payload = blocking.call(dispatch, engine, method, route, body)
    assert status != 500, payload
    if status >= 400:
        assert isinstance(payload["errors"][0]["error"], str)
    if route == "/transaction/start" and status == 200:
        blocking.call(engine.rollback_transaction, payload["id"])
