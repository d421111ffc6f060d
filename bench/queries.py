"""Everyday queries, timed against the raw driver and SQLAlchemy 2 ORM in the same run.

    python -m bench.queries [-n 1000] [--warmup 100] [--rounds 10] [--postgres [--postgres-url URL]]
                            [--json] [--ops find_unique,count] [--contenders raw,sqlalchemy,...]

One database (a temp SQLite file, or a fresh PostgreSQL database dropped afterwards) holds 1,000
users and 10,000 posts, seeded once through the raw driver. Every contender then runs the same
operations with the same argument sequence (one seeded random generator per operation):

    find_unique   a user by id
    find_many     20 published posts with views >= v, newest first
    include       20 users from id >= k, each with all their posts (about 10 each)
    create        one post for a random author, the new row returned
    update        views + 1 on a random post, the updated row returned
    count         the posts of one author

Contenders: `raw` is the driver alone (sqlite3 / asyncpg, rows as tuples, the include as its two
statements); `sqlalchemy` is the ORM with a fresh session per operation (sync Session on pysqlite
for SQLite, AsyncSession on asyncpg for PostgreSQL: the same driver the raw run uses); then
prisma-dynamic async over the embedded transport and over HTTP, and the sync client over both.
Before timing, every contender answers one fixed call per operation and the answers are compared
(same ids, same counts), so a contender that quietly does less work fails the run.

The contenders take turns (--rounds slices of the timed calls each) so that a slow spell of the
machine is shared. Per operation and contender: median and p95 latency of the timed calls, operations per second
(timed calls / their total time, one caller, back to back) and the median's ratio to the raw
driver's median.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import itertools
import json
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import anyio
import sqlalchemy
from anyio.from_thread import BlockingPortal, start_blocking_portal
from sqlalchemy import BigInteger, ForeignKey, func, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload, sessionmaker
from sqlalchemy.types import TypeDecorator

from prisma_dynamic import Prisma
from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema

USERS = 1_000
POSTS = 10_000
PAGE = 20
OPERATIONS = ("find_unique", "find_many", "include", "create", "update", "count")
CONTENDERS = ("raw", "sqlalchemy", "pd async embedded", "pd async http", "pd sync embedded", "pd sync http")

SCHEMA = """\
datasource db {{
  provider = "{provider}"
  url      = "{url}"
}}

generator client {{
  provider = "prisma-client-py"
}}

model User {{
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String
  createdAt DateTime @default(now())
  posts     Post[]
}}

model Post {{
  id        Int      @id @default(autoincrement())
  title     String
  content   String?
  published Boolean  @default(false)
  views     Int      @default(0)
  createdAt DateTime @default(now())
  author    User     @relation(fields: [authorId], references: [id])
  authorId  Int

  @@index([authorId])
  @@index([published, createdAt])
}}
"""

USER_COLUMNS = ("id", "email", "name", "createdAt")
POST_COLUMNS = ("id", "title", "content", "published", "views", "createdAt", "authorId")
CONTENT = "A post of the benchmark, long enough to look like a short paragraph of real text. " * 3
EPOCH = datetime(2024, 1, 1)


def _columns(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


# -- the data: one generator of rows, written by each backend's raw driver


def user_rows() -> Iterator[tuple[str, str, datetime]]:
    for index in range(1, USERS + 1):
        yield f"user{index}@example.com", f"User {index}", EPOCH + timedelta(minutes=index)


def post_rows() -> Iterator[tuple[str, str, bool, int, datetime, int]]:
    for index in range(1, POSTS + 1):
        # Authors interleave so that every user has about POSTS / USERS posts spread over time.
        author = (index - 1) % USERS + 1
        published = index % 3 != 0
        views = (index * 7919) % 1000
        yield f"Post {index}", CONTENT, published, views, EPOCH + timedelta(seconds=index * 37), author


def epoch_ms(value: datetime) -> int:
    # How Prisma's SQLite connector stores DateTime: milliseconds since the Unix epoch.
    return int(value.replace(tzinfo=timezone.utc).timestamp() * 1000)


# -- arguments: the same sequence for every contender


def arguments(operation: str, count: int, seed: int) -> list[Any]:
    rng = random.Random(f"{seed}:{operation}")
    if operation in ("find_unique", "count", "create"):
        return [rng.randint(1, USERS) for _ in range(count)]
    if operation == "find_many":
        return [rng.randint(0, 900) for _ in range(count)]
    if operation == "include":
        return [rng.randint(1, USERS - PAGE) for _ in range(count)]
    if operation == "update":
        return [rng.randint(1, POSTS) for _ in range(count)]
    raise ValueError(f"unknown operation {operation!r}; expected one of {', '.join(OPERATIONS)}")


# The fixed argument every contender answers before timing (see `summaries`).
CHECK_ARGUMENT = {"find_unique": 42, "find_many": 500, "include": 100, "create": 7, "update": 1234, "count": 77}


# -- contenders: a name and one callable per operation


@dataclass
class Contender:
    name: str
    operations: dict[str, Callable[[Any], Any]]
    is_async: bool
    # Reduces a result to what every contender must agree on (ids, counts).
    summary: Callable[[str, Any], Any]


def object_summary(operation: str, result: Any) -> Any:
    """Models (SQLAlchemy's or ours) -> comparable values."""
    if operation == "find_unique":
        return result.id
    if operation == "find_many":
        return [post.id for post in result]
    if operation == "include":
        return [(user.id, sorted(post.id for post in user.posts)) for user in result]
    if operation == "create":
        return (result.authorId, result.title)
    if operation == "update":
        return result.id
    return int(result)


def row_summary(operation: str, result: Any) -> Any:
    """Raw driver rows (tuples in USER_COLUMNS / POST_COLUMNS order) -> comparable values."""
    author = POST_COLUMNS.index("authorId")
    if operation == "find_unique":
        return result[0]
    if operation == "find_many":
        return [row[0] for row in result]
    if operation == "include":
        users, posts = result
        return [(user[0], sorted(post[0] for post in posts if post[author] == user[0])) for user in users]
    if operation == "create":
        return (result[author], result[POST_COLUMNS.index("title")])
    if operation == "update":
        return result[0]
    return int(result)


NEW_TITLE = "A new post"


def raw_sql(placeholder: Callable[[int], str]) -> dict[str, str]:
    """The statements an application would write by hand; `placeholder(n)` is the driver's nth marker."""
    users, posts = _columns(USER_COLUMNS), _columns(POST_COLUMNS)
    in_list = ", ".join(placeholder(n) for n in range(1, PAGE + 1))
    return {
        "find_unique": f'SELECT {users} FROM "User" WHERE "id" = {placeholder(1)}',
        "find_many": f'SELECT {posts} FROM "Post" WHERE "published" = {placeholder(1)} AND "views" >= {placeholder(2)}'
        f' ORDER BY "createdAt" DESC LIMIT {PAGE}',
        "include_users": f'SELECT {users} FROM "User" WHERE "id" >= {placeholder(1)} ORDER BY "id" LIMIT {PAGE}',
        "include_posts": f'SELECT {posts} FROM "Post" WHERE "authorId" IN ({in_list})',
        "create": f'INSERT INTO "Post" ("title", "content", "published", "views", "createdAt", "authorId")'
        f" VALUES ({', '.join(placeholder(n) for n in range(1, 7))}) RETURNING {posts}",
        "update": f'UPDATE "Post" SET "views" = "views" + 1 WHERE "id" = {placeholder(1)} RETURNING {posts}',
        "count": f'SELECT COUNT(*) FROM "Post" WHERE "authorId" = {placeholder(1)}',
    }


def sqlite_raw(path: Path) -> tuple[Contender, Callable[[], None]]:
    # The same settings as the engine's SQLite driver: autocommit, foreign keys enforced.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    sql = raw_sql(lambda n: "?")

    def include(start: int) -> tuple[list[Any], list[Any]]:
        users = conn.execute(sql["include_users"], (start,)).fetchall()
        return users, conn.execute(sql["include_posts"], [user[0] for user in users]).fetchall()

    def create(author: int) -> Any:
        now = epoch_ms(datetime.now(timezone.utc).replace(tzinfo=None))
        return conn.execute(sql["create"], (NEW_TITLE, CONTENT, False, 0, now, author)).fetchone()

    operations: dict[str, Callable[[Any], Any]] = {
        "find_unique": lambda id_: conn.execute(sql["find_unique"], (id_,)).fetchone(),
        "find_many": lambda views: conn.execute(sql["find_many"], (True, views)).fetchall(),
        "include": include,
        "create": create,
        "update": lambda id_: conn.execute(sql["update"], (id_,)).fetchone(),
        "count": lambda author: conn.execute(sql["count"], (author,)).fetchone()[0],
    }
    return Contender("raw", operations, False, row_summary), conn.close


async def postgres_raw(url: str) -> tuple[Contender, Callable[[], Awaitable[None]]]:
    import asyncpg

    conn = await asyncpg.connect(url)
    sql = raw_sql(lambda n: f"${n}")

    async def include(start: int) -> tuple[list[Any], list[Any]]:
        users = await conn.fetch(sql["include_users"], start)
        return users, await conn.fetch(sql["include_posts"], *[user[0] for user in users])

    async def create(author: int) -> Any:
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        return await conn.fetchrow(sql["create"], NEW_TITLE, CONTENT, False, 0, now, author)

    async def find_unique(id_: int) -> Any:
        return await conn.fetchrow(sql["find_unique"], id_)

    async def find_many(views: int) -> Any:
        return await conn.fetch(sql["find_many"], True, views)

    async def update_(id_: int) -> Any:
        return await conn.fetchrow(sql["update"], id_)

    async def count(author: int) -> Any:
        return await conn.fetchval(sql["count"], author)

    operations: dict[str, Callable[[Any], Any]] = {
        "find_unique": find_unique,
        "find_many": find_many,
        "include": include,
        "create": create,
        "update": update_,
        "count": count,
    }
    return Contender("raw", operations, True, row_summary), conn.close


# -- SQLAlchemy 2 ORM, mapped onto the tables prisma-dynamic created


class EpochMilliseconds(TypeDecorator[datetime]):
    """DateTime as Prisma's SQLite connector stores it (integer milliseconds, UTC)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> int | None:
        return None if value is None else int(value.timestamp() * 1000)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else datetime.fromtimestamp(int(value) / 1000, tz=timezone.utc)


def sqlalchemy_models(sqlite: bool) -> tuple[Any, Any]:
    """(User, Post) mapped classes; DateTime columns follow the database's storage."""
    date_type: Any = EpochMilliseconds() if sqlite else sqlalchemy.DateTime()

    class Base(DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = "User"
        id: Mapped[int] = mapped_column(primary_key=True)
        email: Mapped[str] = mapped_column(unique=True)
        name: Mapped[str]
        createdAt: Mapped[datetime] = mapped_column(date_type)
        posts: Mapped[list[Post]] = relationship(back_populates="author")

    class Post(Base):
        __tablename__ = "Post"
        id: Mapped[int] = mapped_column(primary_key=True)
        title: Mapped[str]
        content: Mapped[str | None]
        published: Mapped[bool] = mapped_column(default=False)
        views: Mapped[int] = mapped_column(default=0)
        createdAt: Mapped[datetime] = mapped_column(date_type, default=lambda: datetime.now(timezone.utc))
        authorId: Mapped[int] = mapped_column(ForeignKey("User.id"))
        author: Mapped[User] = relationship(back_populates="posts")

    return User, Post


def sqlalchemy_sync(path: Path) -> tuple[Contender, Callable[[], None]]:
    User, Post = sqlalchemy_models(sqlite=True)
    engine = sqlalchemy.create_engine(f"sqlite:///{path}")
    sqlalchemy.event.listen(engine, "connect", lambda conn, _: conn.execute("PRAGMA foreign_keys = ON"))
    sessions = sessionmaker(engine, expire_on_commit=False)

    def find_unique(id_: int) -> Any:
        with sessions() as session:
            return session.scalars(select(User).where(User.id == id_)).one_or_none()

    def find_many(views: int) -> Any:
        with sessions() as session:
            query = (
                select(Post)
                .where(Post.published.is_(True), Post.views >= views)
                .order_by(Post.createdAt.desc())
                .limit(PAGE)
            )
            return session.scalars(query).all()

    def include(start: int) -> Any:
        with sessions() as session:
            query = select(User).where(User.id >= start).order_by(User.id).limit(PAGE).options(selectinload(User.posts))
            return session.scalars(query).all()

    def create(author: int) -> Any:
        with sessions() as session:
            post = Post(title=NEW_TITLE, content=CONTENT, authorId=author)
            session.add(post)
            session.commit()
            return post

    def update_(id_: int) -> Any:
        with sessions() as session:
            statement = update(Post).where(Post.id == id_).values(views=Post.views + 1).returning(Post)
            post = session.scalars(statement).one()
            session.commit()
            return post

    def count(author: int) -> Any:
        with sessions() as session:
            return session.scalar(select(func.count()).select_from(Post).where(Post.authorId == author))

    operations: dict[str, Callable[[Any], Any]] = {
        "find_unique": find_unique,
        "find_many": find_many,
        "include": include,
        "create": create,
        "update": update_,
        "count": count,
    }
    return Contender("sqlalchemy", operations, False, object_summary), engine.dispose


def sqlalchemy_async(url: str) -> tuple[Contender, Callable[[], Awaitable[None]]]:
    # SQLAlchemy's asyncio layer needs greenlet, which the SQLite run does without.
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

    User, Post = sqlalchemy_models(sqlite=False)
    engine = create_async_engine(url.replace("postgresql://", "postgresql+asyncpg://", 1))
    sessions = async_sessionmaker(engine, expire_on_commit=False, class_=AsyncSession)

    async def find_unique(id_: int) -> Any:
        async with sessions() as session:
            return (await session.scalars(select(User).where(User.id == id_))).one_or_none()

    async def find_many(views: int) -> Any:
        async with sessions() as session:
            query = (
                select(Post)
                .where(Post.published.is_(True), Post.views >= views)
                .order_by(Post.createdAt.desc())
                .limit(PAGE)
            )
            return (await session.scalars(query)).all()

    async def include(start: int) -> Any:
        async with sessions() as session:
            query = select(User).where(User.id >= start).order_by(User.id).limit(PAGE).options(selectinload(User.posts))
            return (await session.scalars(query)).all()

    async def create(author: int) -> Any:
        async with sessions() as session:
            post = Post(title=NEW_TITLE, content=CONTENT, authorId=author, createdAt=datetime.now())
            session.add(post)
            await session.commit()
            return post

    async def update_(id_: int) -> Any:
        async with sessions() as session:
            statement = update(Post).where(Post.id == id_).values(views=Post.views + 1).returning(Post)
            post = (await session.scalars(statement)).one()
            await session.commit()
            return post

    async def count(author: int) -> Any:
        async with sessions() as session:
            return await session.scalar(select(func.count()).select_from(Post).where(Post.authorId == author))

    operations: dict[str, Callable[[Any], Any]] = {
        "find_unique": find_unique,
        "find_many": find_many,
        "include": include,
        "create": create,
        "update": update_,
        "count": count,
    }
    return Contender("sqlalchemy", operations, True, object_summary), engine.dispose


# -- prisma-dynamic: the same calls on the async and the sync client


def prisma_operations(db: Any) -> dict[str, Callable[[Any], Any]]:
    return {
        "find_unique": lambda id_: db.user.find_unique(where={"id": id_}),
        "find_many": lambda views: db.post.find_many(
            where={"published": True, "views": {"gte": views}}, order={"createdAt": "desc"}, take=PAGE
        ),
        "include": lambda start: db.user.find_many(
            where={"id": {"gte": start}}, order={"id": "asc"}, take=PAGE, include={"posts": True}
        ),
        "create": lambda author: db.post.create(data={"title": NEW_TITLE, "content": CONTENT, "authorId": author}),
        "update": lambda id_: db.post.update(where={"id": id_}, data={"views": {"increment": 1}}),
        "count": lambda author: db.post.count(where={"authorId": author}),
    }


# -- timing


@dataclass
class Result:
    operation: str
    contender: str
    iterations: int
    median_us: float
    p95_us: float
    ops_per_second: float
    ratio_to_raw: float | None = None


def percentile(ordered: Sequence[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def result_of(operation: str, contender: str, samples: list[float]) -> Result:
    ordered = sorted(samples)
    return Result(
        operation,
        contender,
        len(samples),
        statistics.median(ordered) * 1e6,
        percentile(ordered, 0.95) * 1e6,
        len(samples) / sum(samples),
    )


def time_sync(call: Callable[[Any], Any], args: Sequence[Any], warmup: int) -> list[float]:
    for value in args[:warmup]:
        call(value)
    samples = []
    clock = time.perf_counter
    for value in args[warmup:]:
        start = clock()
        call(value)
        samples.append(clock() - start)
    return samples


async def time_async(call: Callable[[Any], Awaitable[Any]], args: Sequence[Any], warmup: int) -> list[float]:
    for value in args[:warmup]:
        await call(value)
    samples = []
    clock = time.perf_counter
    for value in args[warmup:]:
        start = clock()
        await call(value)
        samples.append(clock() - start)
    return samples


async def _summaries_async(contender: Contender, operations: Sequence[str]) -> dict[str, Any]:
    return {op: contender.summary(op, await contender.operations[op](CHECK_ARGUMENT[op])) for op in operations}


def summaries(contender: Contender, operations: Sequence[str], portal: BlockingPortal) -> dict[str, Any]:
    if contender.is_async:
        return portal.call(_summaries_async, contender, operations)
    return {op: contender.summary(op, contender.operations[op](CHECK_ARGUMENT[op])) for op in operations}


class ResultMismatchError(Exception):
    pass


def check_agreement(answers: dict[str, dict[str, Any]], operations: Sequence[str]) -> None:
    reference_name, reference = next(iter(answers.items()))
    for name, answer in answers.items():
        for op in operations:
            if answer[op] != reference[op]:
                raise ResultMismatchError(
                    f"{op}: {name} answered {answer[op]!r} but {reference_name} answered {reference[op]!r}"
                    f" for argument {CHECK_ARGUMENT[op]!r}"
                )


def run(
    contenders: Sequence[Contender],
    operations: Sequence[str],
    n: int,
    warmup: int,
    rounds: int,
    seed: int,
    portal: BlockingPortal,
) -> list[Result]:
    check_agreement({c.name: summaries(c, operations, portal) for c in contenders}, operations)
    results = []
    for op in operations:
        args = arguments(op, warmup + n, seed)
        samples: dict[str, list[float]] = {c.name: [] for c in contenders}
        # The contenders take turns, a slice of the calls each, so that a slow spell of the machine
        # (another process, a disk flush) falls on all of them rather than on whoever ran then.
        bounds = [warmup + n * k // rounds for k in range(rounds + 1)]
        slices = [(args[:warmup], warmup)] + [(args[a:b], 0) for a, b in itertools.pairwise(bounds)]
        for part, skip in slices:
            for contender in contenders:
                call = contender.operations[op]
                if contender.is_async:
                    samples[contender.name] += portal.call(time_async, call, part, skip)
                else:
                    samples[contender.name] += time_sync(call, part, skip)
        raw = samples.get("raw")
        raw_median = statistics.median(raw) * 1e6 if raw else None
        for contender in contenders:
            result = result_of(op, contender.name, samples[contender.name])
            if raw_median is not None:
                result.ratio_to_raw = result.median_us / raw_median
            results.append(result)
        print(f"  {op}: done", file=sys.stderr)
    return results


# -- databases


def seed_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    # WAL is what a served SQLite database runs with; it stays set in the file for every contender.
    conn.execute("PRAGMA journal_mode = WAL")
    with conn:
        conn.executemany(
            'INSERT INTO "User" ("email", "name", "createdAt") VALUES (?, ?, ?)',
            ((email, name, epoch_ms(created)) for email, name, created in user_rows()),
        )
        conn.executemany(
            'INSERT INTO "Post" ("title", "content", "published", "views", "createdAt", "authorId")'
            " VALUES (?, ?, ?, ?, ?, ?)",
            ((t, c, p, v, epoch_ms(created), a) for t, c, p, v, created, a in post_rows()),
        )
    conn.execute("ANALYZE")
    conn.close()


async def seed_postgres(url: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.copy_records_to_table("User", records=list(user_rows()), columns=USER_COLUMNS[1:])
        await conn.copy_records_to_table("Post", records=list(post_rows()), columns=POST_COLUMNS[1:])
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def _postgres_admin(admin_url: str, statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


@contextmanager
def database(postgres_url: str | None, folder: Path) -> Iterator[tuple[str, str]]:
    """-> (provider, url) of a freshly pushed and seeded database, removed afterwards."""
    if postgres_url is None:
        path = folder / "bench.db"
        url = f"file:{path}"
        write_schema(folder, "sqlite", url)
        anyio.run(push, load_schema(folder / "schema.prisma"), url)
        seed_sqlite(path)
        yield "sqlite", url
        return
    name = f"pd_bench_{uuid.uuid4().hex[:12]}"
    base, _, _ = postgres_url.rpartition("/")
    url = f"{base}/{name}"
    anyio.run(_postgres_admin, postgres_url, f'CREATE DATABASE "{name}"')
    try:
        write_schema(folder, "postgresql", url)
        anyio.run(push, load_schema(folder / "schema.prisma"), url)
        anyio.run(seed_postgres, url)
        yield "postgresql", url
    finally:
        anyio.run(_postgres_admin, postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def write_schema(folder: Path, provider: str, url: str) -> None:
    (folder / "schema.prisma").write_text(SCHEMA.format(provider=provider, url=url))


# -- the run


def open_contenders(
    provider: str, url: str, folder: Path, wanted: Sequence[str], portal: BlockingPortal, stack: ExitStack
) -> list[Contender]:
    schema = folder / "schema.prisma"
    path = folder / "bench.db"
    opened: list[Contender] = []
    if "raw" in wanted:
        if provider == "sqlite":
            contender, close = sqlite_raw(path)
            stack.callback(close)
        else:
            contender, aclose = portal.call(postgres_raw, url)
            stack.callback(portal.call, aclose)
        opened.append(contender)
    if "sqlalchemy" in wanted:
        if provider == "sqlite":
            contender, close = sqlalchemy_sync(path)
            stack.callback(close)
        else:
            contender, aclose = sqlalchemy_async(url)
            stack.callback(portal.call, aclose)
        opened.append(contender)
    for transport in ("embedded", "http"):
        if f"pd async {transport}" in wanted:
            client = Prisma.from_schema(schema, transport=transport)
            portal.call(client.connect)
            stack.callback(portal.call, client.disconnect)
            opened.append(Contender(f"pd async {transport}", prisma_operations(client), True, object_summary))
    for transport in ("embedded", "http"):
        if f"pd sync {transport}" in wanted:
            sync_client = Prisma.from_schema(schema, transport=transport, interface="sync")
            sync_client.connect()
            stack.callback(sync_client.disconnect)
            opened.append(Contender(f"pd sync {transport}", prisma_operations(sync_client), False, object_summary))
    return opened


def table(results: Sequence[Result]) -> str:
    header = f"{'operation':<12} {'contender':<20} {'median us':>10} {'p95 us':>10} {'ops/s':>9} {'x raw':>7}"
    lines = [header, "-" * len(header)]
    previous = None
    for r in results:
        if previous is not None and r.operation != previous:
            lines.append("")
        previous = r.operation
        ratio = f"{r.ratio_to_raw:7.2f}" if r.ratio_to_raw is not None else f"{'-':>7}"
        lines.append(
            f"{r.operation:<12} {r.contender:<20} {r.median_us:10.0f} {r.p95_us:10.0f} {r.ops_per_second:9.0f} {ratio}"
        )
    return "\n".join(lines)


def environment(provider: str, n: int, warmup: int, seed: int) -> dict[str, Any]:
    return {
        "database": provider,
        "sqlite_version": sqlite3.sqlite_version,
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "sqlalchemy": sqlalchemy.__version__,
        "prisma_dynamic": importlib.metadata.version("prisma-dynamic"),
        "sqlalchemy_session": "sync Session (pysqlite)" if provider == "sqlite" else "AsyncSession (asyncpg)",
        "users": USERS,
        "posts": POSTS,
        "iterations": n,
        "warmup": warmup,
        "seed": seed,
    }


def parse_list(text: str, allowed: Sequence[str], what: str) -> list[str]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown {what} {', '.join(unknown)}; expected some of: {', '.join(allowed)}")
    return [item for item in allowed if item in items]  # the table keeps one order


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="timed calls per operation and contender (default 1000)")
    parser.add_argument("--warmup", type=int, default=100, help="untimed calls first (default 100)")
    parser.add_argument("--rounds", type=int, default=10, help="turns the contenders take per operation (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the argument sequences")
    parser.add_argument("--postgres", action="store_true", help="run on PostgreSQL instead of a SQLite file")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--ops", type=lambda t: parse_list(t, OPERATIONS, "operation"), default=list(OPERATIONS))
    parser.add_argument("--contenders", type=lambda t: parse_list(t, CONTENDERS, "contender"), default=list(CONTENDERS))
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    options = parser.parse_args(argv)
    if options.n < 1 or options.warmup < 0 or not 1 <= options.rounds <= options.n:
        parser.error("-n must be at least 1, --warmup at least 0 and --rounds between 1 and n")

    with tempfile.TemporaryDirectory(prefix="pd-bench-") as tmp:
        folder = Path(tmp)
        postgres_url = options.postgres_url if options.postgres else None
        with database(postgres_url, folder) as (provider, url), start_blocking_portal() as portal, ExitStack() as stack:
            contenders = open_contenders(provider, url, folder, options.contenders, portal, stack)
            try:
                results = run(contenders, options.ops, options.n, options.warmup, options.rounds, options.seed, portal)
            except ResultMismatchError as error:
                print(f"error: the contenders disagree, no timing is meaningful: {error}", file=sys.stderr)
                return 1
    if options.json:
        document = {
            "environment": environment(provider, options.n, options.warmup, options.seed),
            "results": [asdict(r) for r in results],
        }
        print(json.dumps(document, indent=2))
    else:
        env = environment(provider, options.n, options.warmup, options.seed)
        print(
            f"{env['database']}{f' {sqlite3.sqlite_version}' if provider == 'sqlite' else ''}, "
            f"Python {env['python']}, {env['machine']}, "
            f"SQLAlchemy {env['sqlalchemy']} {env['sqlalchemy_session']}; "
            f"{options.n} timed calls after {options.warmup} warm-up calls per row"
        )
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
