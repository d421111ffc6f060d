"""The ORM benchmark ops A-N on SQLite, PostgreSQL and MariaDB, every system in the same run.

    python -m bench.orm [--quick] [--databases sqlite,postgresql,mysql] [-n 200] [--rounds 3]
                        [--systems raw,sqlalchemy,tortoise,pd embedded,pd http,pd sync embedded,pd sync http]
                        [--ops A,B,...]

The ops (the tortoise "orm-benchmarks" set, plus nested reads and writes and group_by):

    A insert one row            B 100 inserts in one transaction   C bulk insert 1000 rows
    D fetch 1000 rows           E limit 20 at an offset            F get by primary key
    I update a whole row        J update one field                 K delete by primary key
    L nested read: 100 authors, 10 posts each (include)
    M nested create: an author with 10 posts                       N a pair of group_by queries

Systems: `raw` (the driver with hand-written SQL: sqlite3, asyncpg, asyncmy; the floor),
`sqlalchemy` (SQLAlchemy 2 ORM, a session per op: AsyncSession on asyncpg/asyncmy, the sync
Session on pysqlite for SQLite, as the engine also runs SQLite on the loop's thread), `tortoise`
(Tortoise ORM: aiosqlite, asyncpg, asyncmy), and prisma-dynamic over the embedded and the HTTP
transport: async (`pd embedded`, `pd http`) and sync (`pd sync embedded`, `pd sync http`: its
latency timed in a thread without an event loop, as a script calls it; its 10 tasks are 10
threads). Each op is measured twice:
throughput with 10 concurrent tasks (ops/s) and single-task median latency (µs); the systems take
turns, `--rounds` times, and the median of the rounds is kept. Every op's result is checked
(row counts, ids, values) so that no system skips work. Ratios: to `raw`, and to the best peer
(the fastest ORM other than us) per op, with geometric means. JSON goes to `bench/results/`.

`--quick`: SQLite only, few calls, one round (about a minute).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bench.queries import environment

OPS = ("A", "B", "C", "D", "E", "F", "I", "J", "K", "L", "M", "N")
SYSTEMS = ("raw", "sqlalchemy", "tortoise", "pd embedded", "pd http", "pd sync embedded", "pd sync http")
OURS = ("pd embedded", "pd http", "pd sync embedded", "pd sync http")
DATABASES = ("sqlite", "postgresql", "mysql")
TASKS = 10
AUTHORS = 100  # L reads them with their posts
POSTS_EACH = 10
SINK = AUTHORS + 1  # the author of every post the writes add, so that L and D stay the same
SPARE = 1_000  # posts 1001..2000, of SINK: what F, E, I, J read and change
URLS = {
    "postgresql": "postgresql://postgres@127.0.0.1:5432/postgres",
    "mysql": "mysql://root@127.0.0.1:3306/mysql",
}

SCHEMA = """\
datasource db {{
  provider = "{provider}"
  url      = "{url}"
}}

generator client {{
  provider = "prisma-client-py"
}}

model Author {{
  id    Int    @id @default(autoincrement())
  name  String
  posts Post[]
}}

model Post {{
  id        Int     @id @default(autoincrement())
  title     String
  views     Int     @default(0)
  published Boolean @default(false)
  author    Author  @relation(fields: [authorId], references: [id])
  authorId  Int

  @@index([authorId])
}}
"""

Op = Callable[[int], Awaitable[Any]]
Ops = dict[str, Op]
Fetch = Callable[[str, Sequence[Any]], Awaitable[list[Any]]]
Execute = Callable[[str, Sequence[Any]], Awaitable[tuple[int, int]]]


@dataclass
class System:
    name: str
    ops: dict[str, Op]
    close: Callable[[], Awaitable[None]]
    # A sync client's ops as plain calls: its single-task latency is timed from a thread of its own.
    sync_ops: dict[str, Callable[[int], Any]] | None = None


# -- what every op must answer (checked on every call)


def expected(op: str, i: int) -> Any:
    return {
        "A": f"a{i}",
        "B": 100,
        "C": 1000,
        "D": (1000, 1, 1000),
        "E": (20, 1 + (i % 900)),
        "F": 1 + i % (AUTHORS * POSTS_EACH + SPARE),
        "I": (f"i{i}", i),
        "J": i,
        "K": 1,
        "L": (AUTHORS, AUTHORS * POSTS_EACH),
        "M": POSTS_EACH,
        "N": (2, AUTHORS),
    }[op]


def spare_id(i: int) -> int:
    return AUTHORS * POSTS_EACH + 1 + i % SPARE


# -- raw drivers: one SQL text per op, placeholders per driver


def raw_sql(mark: Callable[[int], str], quote: str) -> dict[str, str]:
    def q(name: str) -> str:
        return f"{quote}{name}{quote}"

    post, author = q("Post"), q("Author")
    cols = f"{q('id')}, {q('title')}, {q('views')}, {q('published')}, {q('authorId')}"
    return {
        "insert": f"INSERT INTO {post} ({q('title')}, {q('views')}, {q('published')}, {q('authorId')})"
        f" VALUES ({mark(1)}, 0, {mark(2)}, {mark(3)})",
        "fetch": f"SELECT {cols} FROM {post} ORDER BY {q('id')} LIMIT 1000",
        "page": f"SELECT {cols} FROM {post} ORDER BY {q('id')} LIMIT 20 OFFSET {mark(1)}",
        "get": f"SELECT {cols} FROM {post} WHERE {q('id')} = {mark(1)}",
        "update_row": f"UPDATE {post} SET {q('title')} = {mark(1)}, {q('views')} = {mark(2)},"
        f" {q('published')} = {mark(3)}, {q('authorId')} = {mark(4)} WHERE {q('id')} = {mark(5)}",
        "update_field": f"UPDATE {post} SET {q('views')} = {mark(1)} WHERE {q('id')} = {mark(2)}",
        "delete": f"DELETE FROM {post} WHERE {q('id')} = {mark(1)}",
        "authors": f"SELECT {q('id')}, {q('name')} FROM {author} WHERE {q('id')} <= {mark(1)} ORDER BY {q('id')}",
        "posts_of": f"SELECT {cols} FROM {post} WHERE {q('authorId')} IN (%s)",
        "author": f"INSERT INTO {author} ({q('name')}) VALUES ({mark(1)})",
        "group_published": f"SELECT {q('published')}, COUNT(*) FROM {post} GROUP BY {q('published')}",
        "group_author": f"SELECT {q('authorId')}, COUNT(*) FROM {post} WHERE {q('authorId')} <= {mark(1)}"
        f" GROUP BY {q('authorId')}",
    }


def raw_ops(
    sql: dict[str, str],
    mark: Callable[[int], str],
    fetch: Fetch,
    execute: Execute,
    transaction: Callable[[], contextlib.AbstractAsyncContextManager[tuple[Any, Any]]],
    victims: dict[int, int],
) -> dict[str, Op]:
    """The ops over three primitives (fetch rows; execute -> (rowcount, last id); a transaction
    yielding its own fetch/execute pair), so each driver writes only those."""
    in_marks = ", ".join(mark(n) for n in range(1, AUTHORS + 1))
    many_marks = ", ".join(f"({mark(3 * n + 1)}, 0, {mark(3 * n + 2)}, {mark(3 * n + 3)})" for n in range(1000))
    bulk = sql["insert"].split(" VALUES ")[0] + " VALUES " + many_marks
    children = (
        sql["insert"].split(" VALUES ")[0]
        + " VALUES "
        + ", ".join(f"({mark(3 * n + 1)}, 0, {mark(3 * n + 2)}, {mark(3 * n + 3)})" for n in range(POSTS_EACH))
    )

    async def a(i: int) -> Any:
        await execute(sql["insert"], (f"a{i}", False, SINK))
        return f"a{i}"

    async def b(i: int) -> Any:
        async with transaction() as (_, run):
            for k in range(100):
                await run(sql["insert"], (f"b{i}.{k}", False, SINK))
        return 100

    async def c(i: int) -> Any:
        values: list[Any] = []
        for k in range(1000):
            values.extend((f"c{i}.{k}", False, SINK))
        count, _ = await execute(bulk, values)
        return count

    async def d(i: int) -> Any:
        rows = await fetch(sql["fetch"], ())
        return (len(rows), rows[0][0], rows[-1][0])

    async def e(i: int) -> Any:
        rows = await fetch(sql["page"], (i % 900,))
        return (len(rows), rows[0][0])

    async def f(i: int) -> Any:
        return (await fetch(sql["get"], (1 + i % (AUTHORS * POSTS_EACH + SPARE),)))[0][0]

    async def i_(i: int) -> Any:
        await execute(sql["update_row"], (f"i{i}", i, True, SINK, spare_id(i)))
        return (f"i{i}", i)

    async def j(i: int) -> Any:
        count, _ = await execute(sql["update_field"], (i, spare_id(i)))
        return i if count == 1 else None

    async def k(i: int) -> Any:
        count, _ = await execute(sql["delete"], (victims[i],))
        return count

    async def l_(i: int) -> Any:
        authors = await fetch(sql["authors"], (AUTHORS,))
        posts = await fetch(sql["posts_of"] % in_marks, [row[0] for row in authors])
        by_author: dict[int, list[Any]] = {}
        for row in posts:
            by_author.setdefault(row[4], []).append(row)
        return (len(authors), sum(len(by_author.get(row[0], [])) for row in authors))

    async def m(i: int) -> Any:
        async with transaction() as (_, run):
            _, author_id = await run(sql["author"], (f"m{i}",))
            values: list[Any] = []
            for n in range(POSTS_EACH):
                values.extend((f"m{i}.{n}", False, author_id))
            count, _ = await run(children, values)
        return count

    async def n(i: int) -> Any:
        first = await fetch(sql["group_published"], ())
        second = await fetch(sql["group_author"], (AUTHORS,))
        return (len(first), len(second))

    return {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "I": i_, "J": j, "K": k, "L": l_, "M": m, "N": n}


async def raw_system(provider: str, url: str, victims: dict[int, int]) -> System:
    if provider == "sqlite":
        conn = sqlite3.connect(sqlite_path(url), isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        sql = raw_sql(lambda n: "?", '"')

        async def fetch(text: str, params: Sequence[Any]) -> list[Any]:
            return conn.execute(text, params).fetchall()

        async def execute(text: str, params: Sequence[Any]) -> tuple[int, int]:
            cursor = conn.execute(text, params)
            return cursor.rowcount, cursor.lastrowid or 0

        lock = asyncio.Lock()

        @contextlib.asynccontextmanager
        async def transaction() -> AsyncIterator[tuple[Any, Any]]:
            async with lock:
                conn.execute("BEGIN")
                try:
                    yield fetch, execute
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")

        async def close() -> None:
            conn.close()

        return System("raw", raw_ops(sql, lambda n: "?", fetch, execute, transaction, victims), close)
    if provider == "postgresql":
        import asyncpg

        pool = await asyncpg.create_pool(url, min_size=TASKS, max_size=TASKS)
        sql = raw_sql(lambda n: f"${n}", '"')
        sql = {k: v.replace("VALUES ($1)", 'VALUES ($1) RETURNING "id"') for k, v in sql.items()}

        def pg_pair(conn: Any) -> tuple[Fetch, Execute]:
            async def fetch(text: str, params: Sequence[Any]) -> list[Any]:
                return list(await conn.fetch(text, *params))

            async def execute(text: str, params: Sequence[Any]) -> tuple[int, int]:
                if "RETURNING" in text:
                    return 1, await conn.fetchval(text, *params)
                status = await conn.execute(text, *params)
                return int(status.rsplit(" ", 1)[-1]), 0

            return fetch, execute

        async def fetch(text: str, params: Sequence[Any]) -> list[Any]:
            async with pool.acquire() as conn:
                return await pg_pair(conn)[0](text, params)

        async def execute(text: str, params: Sequence[Any]) -> tuple[int, int]:
            async with pool.acquire() as conn:
                return await pg_pair(conn)[1](text, params)

        @contextlib.asynccontextmanager
        async def transaction() -> AsyncIterator[tuple[Any, Any]]:
            async with pool.acquire() as conn, conn.transaction():
                yield pg_pair(conn)

        async def close() -> None:
            await pool.close()

        return System("raw", raw_ops(sql, lambda n: f"${n}", fetch, execute, transaction, victims), close)
    import asyncmy

    parts = _url_parts(url)
    pool = await asyncmy.create_pool(minsize=TASKS, maxsize=TASKS, autocommit=True, **parts)
    sql = raw_sql(lambda n: "%s", "`")

    def my_pair(conn: Any) -> tuple[Fetch, Execute]:
        async def fetch(text: str, params: Sequence[Any]) -> list[Any]:
            async with conn.cursor() as cursor:
                await cursor.execute(text, params)
                return list(await cursor.fetchall())

        async def execute(text: str, params: Sequence[Any]) -> tuple[int, int]:
            async with conn.cursor() as cursor:
                count = await cursor.execute(text, params)
                return count, cursor.lastrowid or 0

        return fetch, execute

    async def my_fetch(text: str, params: Sequence[Any]) -> list[Any]:
        async with pool.acquire() as conn:
            return await my_pair(conn)[0](text, params)

    async def my_execute(text: str, params: Sequence[Any]) -> tuple[int, int]:
        async with pool.acquire() as conn:
            return await my_pair(conn)[1](text, params)

    @contextlib.asynccontextmanager
    async def my_transaction() -> AsyncIterator[tuple[Any, Any]]:
        async with pool.acquire() as conn:
            await conn.begin()
            try:
                yield my_pair(conn)
            except BaseException:
                await conn.rollback()
                raise
            await conn.commit()

    async def my_close() -> None:
        pool.close()
        await pool.wait_closed()

    return System("raw", raw_ops(sql, lambda n: "%s", my_fetch, my_execute, my_transaction, victims), my_close)


def sqlite_path(url: str) -> str:
    return url.removeprefix("file:").partition("?")[0]


def _url_parts(url: str) -> dict[str, Any]:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 3306,
        "user": parts.username or "root",
        "password": parts.password or "",
        "database": parts.path.lstrip("/"),
    }


# -- prisma-dynamic


async def pd_system(name: str, schema_path: Path, transport: str, victims: dict[int, int]) -> System:
    """`pd embedded` / `pd http`: the async client. `pd sync embedded` / `pd sync http`: the sync
    client, through the same op definitions (`_SyncAsAsync`), called in a thread of the default
    executor: for the throughput of 10 tasks (10 threads, as a threaded web server calls it), and
    for the latency straight from one thread with no event loop of its own (`System.sync_ops`)."""
    from prisma_dynamic import Prisma, SyncPrisma

    if " sync " in f" {name} ":
        sync_db = SyncPrisma.from_schema(schema_path, transport=transport)
        await asyncio.to_thread(sync_db.connect)
        immediate = _pd_ops(_SyncAsAsync(sync_db), victims)

        def threaded(op: Callable[[int], Awaitable[Any]]) -> Op:
            return lambda i: asyncio.to_thread(_drive, op(i))

        async def close_sync() -> None:
            await asyncio.to_thread(sync_db.disconnect)

        ops = {key: threaded(op) for key, op in immediate.items()}
        sync_ops = {key: (lambda i, op=op: _drive(op(i))) for key, op in immediate.items()}
        return System(name, ops, close_sync, sync_ops)
    db: Any = Prisma.from_schema(schema_path, transport=transport)
    await db.connect()
    return System(name, _pd_ops(db, victims), db.disconnect)


class _Immediate:
    """What a sync client's call gives `_SyncAsAsync`: awaiting it returns the value without
    yielding, so an op coroutine over a sync client completes in one step, with no event loop."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __await__(self) -> Any:
        return self.value
        yield  # a generator: `await` takes the return value

    async def __aenter__(self) -> Any:  # a transaction manager (`db.tx()`)
        return _SyncAsAsync(self.value.__enter__())

    async def __aexit__(self, *exc_info: Any) -> Any:
        return self.value.__exit__(*exc_info)


class _SyncAsAsync:
    """A sync client seen as the async one (`await db.post.create(...)`, `async with db.tx()`), so
    the ops are written once."""

    __slots__ = ("_target",)

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if callable(value):
            return lambda *args, **kwargs: _Immediate(value(*args, **kwargs))
        return _SyncAsAsync(value)


def _drive(coroutine: Awaitable[Any]) -> Any:
    """Run an op coroutine over `_SyncAsAsync` to its end in this thread (one step, no loop)."""
    assert isinstance(coroutine, Coroutine)
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise RuntimeError("an op over the sync client awaited something that was not immediate")


def _pd_ops(db: Any, victims: dict[int, int]) -> Ops:
    """The ops over the async client (or a sync one seen as async)."""

    async def a(i: int) -> Any:
        return (await db.post.create(data={"title": f"a{i}", "authorId": SINK})).title

    async def b(i: int) -> Any:
        async with db.tx(max_wait=60_000, timeout=60_000) as tx:  # ten queue for SQLite's one writer
            for k in range(100):
                await tx.post.create(data={"title": f"b{i}.{k}", "authorId": SINK})
        return 100

    async def c(i: int) -> Any:
        return await db.post.create_many(data=[{"title": f"c{i}.{k}", "authorId": SINK} for k in range(1000)])

    async def d(i: int) -> Any:
        rows = await db.post.find_many(take=1000, order={"id": "asc"})
        return (len(rows), rows[0].id, rows[-1].id)

    async def e(i: int) -> Any:
        rows = await db.post.find_many(take=20, skip=i % 900, order={"id": "asc"})
        return (len(rows), rows[0].id)

    async def f(i: int) -> Any:
        return (await db.post.find_unique(where={"id": 1 + i % (AUTHORS * POSTS_EACH + SPARE)})).id

    async def i_(i: int) -> Any:
        data = {"title": f"i{i}", "views": i, "published": True, "authorId": SINK}
        row = await db.post.update(where={"id": spare_id(i)}, data=data)
        return (row.title, row.views)

    async def j(i: int) -> Any:
        return (await db.post.update(where={"id": spare_id(i)}, data={"views": i})).views

    async def k(i: int) -> Any:
        return 1 if await db.post.delete(where={"id": victims[i]}) is not None else 0

    async def l_(i: int) -> Any:
        authors = await db.author.find_many(where={"id": {"lte": AUTHORS}}, include={"posts": True})
        return (len(authors), sum(len(a.posts) for a in authors))

    async def m(i: int) -> Any:
        posts = [{"title": f"m{i}.{n}"} for n in range(POSTS_EACH)]
        author = await db.author.create(data={"name": f"m{i}", "posts": {"create": posts}}, include={"posts": True})
        return len(author.posts)

    async def n(i: int) -> Any:
        first = await db.post.group_by(["published"], count=True)
        second = await db.post.group_by(["authorId"], where={"authorId": {"lte": AUTHORS}}, count=True)
        return (len(first), len(second))

    return {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "I": i_, "J": j, "K": k, "L": l_, "M": m, "N": n}


# -- SQLAlchemy 2 ORM


def sqlalchemy_models() -> tuple[Any, Any]:
    class Base(DeclarativeBase):
        pass

    class Author(Base):
        __tablename__ = "Author"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str]
        posts: Mapped[list[Post]] = relationship(back_populates="author")

    class Post(Base):
        __tablename__ = "Post"
        id: Mapped[int] = mapped_column(primary_key=True)
        title: Mapped[str]
        views: Mapped[int] = mapped_column(default=0)
        published: Mapped[bool] = mapped_column(default=False)
        authorId: Mapped[int] = mapped_column(ForeignKey("Author.id"))
        author: Mapped[Author] = relationship(back_populates="posts")

    return Author, Post


async def sqlalchemy_system(provider: str, url: str, victims: dict[int, int]) -> System:
    import sqlalchemy
    from sqlalchemy import delete, func, insert, select, update
    from sqlalchemy.orm import selectinload, sessionmaker

    Author, Post = sqlalchemy_models()
    if provider == "sqlite":
        engine = sqlalchemy.create_engine(f"sqlite:///{sqlite_path(url)}")
        sqlalchemy.event.listen(engine, "connect", lambda conn, _: conn.execute("PRAGMA foreign_keys = ON"))
        sync_sessions = sessionmaker(engine, expire_on_commit=False)

        @contextlib.asynccontextmanager
        async def session() -> AsyncIterator[Any]:
            with sync_sessions() as s:
                yield _Awaitable(s)

        async def close() -> None:
            engine.dispose()
    else:
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        driver = "postgresql+asyncpg" if provider == "postgresql" else "mysql+asyncmy"
        async_engine = create_async_engine(url.replace(url.split("://")[0], driver, 1), pool_size=TASKS)
        async_sessions = async_sessionmaker(async_engine, expire_on_commit=False)

        @contextlib.asynccontextmanager
        async def session() -> AsyncIterator[Any]:
            async with async_sessions() as s:
                yield s

        async def close() -> None:
            await async_engine.dispose()

    async def a(i: int) -> Any:
        async with session() as s:
            post = Post(title=f"a{i}", authorId=SINK)
            s.add(post)
            await s.commit()
            return post.title

    async def b(i: int) -> Any:
        async with session() as s:
            for k in range(100):
                s.add(Post(title=f"b{i}.{k}", authorId=SINK))
                await s.flush()  # one INSERT each, as the op asks
            await s.commit()
        return 100

    async def c(i: int) -> Any:
        async with session() as s:
            rows = [{"title": f"c{i}.{k}", "views": 0, "published": False, "authorId": SINK} for k in range(1000)]
            result = await s.execute(insert(Post).values(rows))  # one multi-row INSERT
            await s.commit()
            return result.rowcount

    async def d(i: int) -> Any:
        async with session() as s:
            rows = (await s.scalars(select(Post).order_by(Post.id).limit(1000))).all()
            return (len(rows), rows[0].id, rows[-1].id)

    async def e(i: int) -> Any:
        async with session() as s:
            rows = (await s.scalars(select(Post).order_by(Post.id).limit(20).offset(i % 900))).all()
            return (len(rows), rows[0].id)

    async def f(i: int) -> Any:
        async with session() as s:
            return (await s.get(Post, 1 + i % (AUTHORS * POSTS_EACH + SPARE))).id

    async def i_(i: int) -> Any:
        async with session() as s:
            post = await s.get(Post, spare_id(i))
            post.title, post.views, post.published, post.authorId = f"i{i}", i, True, SINK
            await s.commit()
            return (post.title, post.views)

    async def j(i: int) -> Any:
        async with session() as s:
            result = await s.execute(update(Post).where(Post.id == spare_id(i)).values(views=i))
            await s.commit()
            return i if result.rowcount == 1 else None

    async def k(i: int) -> Any:
        async with session() as s:
            result = await s.execute(delete(Post).where(Post.id == victims[i]))
            await s.commit()
            return result.rowcount

    async def l_(i: int) -> Any:
        async with session() as s:
            query = select(Author).where(Author.id <= AUTHORS).options(selectinload(Author.posts))
            authors = (await s.scalars(query)).all()
            return (len(authors), sum(len(a.posts) for a in authors))

    async def m(i: int) -> Any:
        async with session() as s:
            author = Author(name=f"m{i}", posts=[Post(title=f"m{i}.{n}") for n in range(POSTS_EACH)])
            s.add(author)
            await s.commit()
            return len(author.posts)

    async def n(i: int) -> Any:
        async with session() as s:
            first = (await s.execute(select(Post.published, func.count()).group_by(Post.published))).all()
            second = (
                await s.execute(
                    select(Post.authorId, func.count()).where(Post.authorId <= AUTHORS).group_by(Post.authorId)
                )
            ).all()
            return (len(first), len(second))

    ops: Ops = {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "I": i_, "J": j, "K": k, "L": l_, "M": m, "N": n}
    return System("sqlalchemy", ops, close)


class _Awaitable:
    """A sync Session with the AsyncSession methods the ops call (SQLite: no thread hop)."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def add(self, item: Any) -> None:
        self._session.add(item)

    async def flush(self) -> None:
        self._session.flush()

    async def commit(self) -> None:
        self._session.commit()

    async def execute(self, *args: Any) -> Any:
        return self._session.execute(*args)

    async def scalars(self, query: Any) -> Any:
        return self._session.scalars(query)

    async def get(self, *args: Any) -> Any:
        return self._session.get(*args)


# -- Tortoise ORM


async def tortoise_system(provider: str, url: str, victims: dict[int, int]) -> System:
    from tortoise import Tortoise
    from tortoise.backends.base.executor import EXECUTOR_CACHE
    from tortoise.functions import Count
    from tortoise.transactions import in_transaction

    from bench.tortoise_models import Author, Post

    if provider == "sqlite":
        db_url = f"sqlite://{sqlite_path(url)}"
    elif provider == "postgresql":
        db_url = url.replace("postgresql://", "postgres://", 1) + f"?minsize={TASKS}&maxsize={TASKS}"
    else:
        parts = _url_parts(url)
        db_url = (
            f"mysql://{parts['user']}:@{parts['host']}:{parts['port']}/{parts['database']}?minsize=1&maxsize={TASKS}"
        )
    # Tortoise caches each model's INSERT by connection name, not database: drop the last run's.
    EXECUTOR_CACHE.clear()
    await Tortoise.init(db_url=db_url, modules={"models": ["bench.tortoise_models"]})

    async def a(i: int) -> Any:
        return (await Post.create(title=f"a{i}", author_id=SINK)).title

    async def b(i: int) -> Any:
        async with in_transaction():
            for k in range(100):
                await Post.create(title=f"b{i}.{k}", author_id=SINK)
        return 100

    async def c(i: int) -> Any:
        await Post.bulk_create([Post(title=f"c{i}.{k}", author_id=SINK) for k in range(1000)])
        return 1000

    async def d(i: int) -> Any:
        rows = await Post.all().order_by("id").limit(1000)
        return (len(rows), rows[0].id, rows[-1].id)

    async def e(i: int) -> Any:
        rows = await Post.all().order_by("id").offset(i % 900).limit(20)
        return (len(rows), rows[0].id)

    async def f(i: int) -> Any:
        return (await Post.get(id=1 + i % (AUTHORS * POSTS_EACH + SPARE))).id

    async def i_(i: int) -> Any:
        post = await Post.get(id=spare_id(i))
        post.title, post.views, post.published, post.author_id = f"i{i}", i, True, SINK
        await post.save()
        return (post.title, post.views)

    async def j(i: int) -> Any:
        return i if await Post.filter(id=spare_id(i)).update(views=i) == 1 else None

    async def k(i: int) -> Any:
        return await Post.filter(id=victims[i]).delete()

    async def l_(i: int) -> Any:
        authors = await Author.filter(id__lte=AUTHORS).prefetch_related("posts")
        posts: list[Any] = [a.posts for a in authors]  # type: ignore[attr-defined]
        return (len(authors), sum(len(p) for p in posts))

    async def m(i: int) -> Any:
        async with in_transaction():
            author = await Author.create(name=f"m{i}")
            posts = [Post(title=f"m{i}.{n}", author_id=author.id) for n in range(POSTS_EACH)]
            await Post.bulk_create(posts)
        return await Post.filter(author_id=author.id).count()

    async def n(i: int) -> Any:
        first = await Post.all().annotate(count=Count("id")).group_by("published").values("published", "count")
        second = (
            await Post.filter(author_id__lte=AUTHORS)
            .annotate(count=Count("id"))
            .group_by("author_id")
            .values("author_id", "count")
        )
        return (len(first), len(second))

    async def close() -> None:
        await Tortoise.close_connections()

    ops: Ops = {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "I": i_, "J": j, "K": k, "L": l_, "M": m, "N": n}
    return System("tortoise", ops, close)


# -- databases: made, pushed and seeded here, dropped afterwards


@contextlib.asynccontextmanager
async def database(provider: str, folder: Path) -> AsyncIterator[tuple[str, Path]]:
    from prisma_dynamic.migrate import push
    from prisma_dynamic.schema.load import load_schema

    name = f"bench_orm_{uuid.uuid4().hex[:10]}"
    if provider == "sqlite":
        # Ten transactions of B queue for SQLite's one writer: more than the default 5 s lock wait.
        url = f"file:{folder / 'orm.db'}?socket_timeout=120"
    else:
        url = URLS[provider].rsplit("/", 1)[0] + f"/{name}"
        await _admin(provider, f'CREATE DATABASE "{name}"' if provider == "postgresql" else f"CREATE DATABASE `{name}`")
    schema_path = folder / f"{provider}.prisma"
    schema_path.write_text(SCHEMA.format(provider=provider, url=url))
    try:
        await push(load_schema(schema_path), url)
        yield url, schema_path
    finally:
        if provider != "sqlite":
            drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' if provider == "postgresql" else None
            await _admin(provider, drop or f"DROP DATABASE IF EXISTS `{name}`")


async def _admin(provider: str, statement: str) -> None:
    if provider == "postgresql":
        import asyncpg

        conn = await asyncpg.connect(URLS[provider])
        try:
            await conn.execute(statement)
        finally:
            await conn.close()
        return
    import asyncmy

    conn = await asyncmy.connect(autocommit=True, **_url_parts(URLS[provider]))
    try:
        async with conn.cursor() as cursor:
            await cursor.execute(statement)
    finally:
        conn.close()


# -- timing


async def open_systems(
    systems: Sequence[str], provider: str, url: str, schema_path: Path, victims: dict[int, int]
) -> dict[str, System]:
    """Each system by its name (`raw`, `sqlalchemy`, `tortoise`, `pd embedded`, `pd http`), connected."""
    opened: dict[str, System] = {}
    for name in systems:
        if name == "raw":
            opened[name] = await raw_system(provider, url, victims)
        elif name == "sqlalchemy":
            opened[name] = await sqlalchemy_system(provider, url, victims)
        elif name == "tortoise":
            opened[name] = await tortoise_system(provider, url, victims)
        else:
            opened[name] = await pd_system(name, schema_path, name.split()[-1], victims)
    return opened


async def throughput(op: Op, check: Callable[[int, Any], None], start: int, calls: int) -> float:
    """Ops per second with TASKS tasks sharing `calls` calls."""
    counter = iter(range(start, start + calls))

    async def worker() -> None:
        for i in counter:
            check(i, await op(i))

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(TASKS)))
    return calls / (time.perf_counter() - began)


async def latency(op: Op, check: Callable[[int, Any], None], start: int, calls: int) -> float:
    """Median microseconds of one call, one task."""
    samples = []
    for i in range(start, start + calls):
        began = time.perf_counter()
        result = await op(i)
        samples.append(time.perf_counter() - began)
        check(i, result)
    return statistics.median(samples) * 1e6


def latency_sync(op: Callable[[int], Any], check: Callable[[int, Any], None], start: int, calls: int) -> float:
    """`latency` for a sync client's op, called from this thread (run it in one without a loop)."""
    samples = []
    for i in range(start, start + calls):
        began = time.perf_counter()
        result = op(i)
        samples.append(time.perf_counter() - began)
        check(i, result)
    return statistics.median(samples) * 1e6


def checker(system: str, op: str) -> Callable[[int, Any], None]:
    def check(i: int, result: Any) -> None:
        want = expected(op, i)
        if result != want:
            raise AssertionError(f"{system} op {op}({i}) answered {result!r}, expected {want!r}")

    return check


def calls_for(op: str, n: int) -> int:
    # The heavy ops (100 or 1000 rows each) get fewer calls.
    return max(TASKS, n // 10) if op in ("B", "C", "D", "L") else n


# -- the run


async def run_database(
    provider: str, systems: Sequence[str], ops: Sequence[str], n: int, rounds: int, errors: list[dict[str, str]]
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        async with database(provider, Path(folder)) as (url, schema_path):
            await seed(provider, url)
            measured: dict[str, dict[str, dict[str, list[float]]]] = {
                s: {op: {"ops_per_s": [], "latency_us": []} for op in ops} for s in systems
            }
            serial = 0
            victims: dict[int, int] = {}  # K's call number -> the post it deletes
            opened = await open_systems(systems, provider, url, schema_path, victims)
            try:
                for _ in range(rounds):
                    for op in ops:
                        calls = calls_for(op, n)
                        for name in systems:
                            system = opened[name]
                            check = checker(name, op)
                            if op == "K":
                                ids = await make_victims(provider, url, 2 + 2 * calls)
                                victims.clear()
                                victims.update(zip(range(serial, serial + len(ids)), ids, strict=True))
                            figures = measured[name][op]
                            try:
                                await system.ops[op](serial)  # warm-up (plan caches, pools)
                                check(serial + 1, await system.ops[op](serial + 1))
                                serial += 2
                                figures["ops_per_s"].append(await throughput(system.ops[op], check, serial, calls))
                                serial += calls
                                if system.sync_ops is None:
                                    figures["latency_us"].append(await latency(system.ops[op], check, serial, calls))
                                else:
                                    figures["latency_us"].append(
                                        await asyncio.to_thread(latency_sync, system.sync_ops[op], check, serial, calls)
                                    )
                                serial += calls
                            except Exception as error:  # reported, and the op left out of the means
                                print(f"{provider} {name} {op} failed: {error!r}", file=sys.stderr, flush=True)
                                errors.append({"database": provider, "system": name, "op": op, "error": repr(error)})
                                figures["ops_per_s"].append(math.nan)
                                figures["latency_us"].append(math.nan)
                                serial += 2 + 2 * calls
            finally:
                for system in opened.values():
                    await system.close()
    return {
        name: {op: {metric: statistics.median(values) for metric, values in per.items()} for op, per in by_op.items()}
        for name, by_op in measured.items()
    }


async def seed(provider: str, url: str) -> None:
    """AUTHORS authors with POSTS_EACH posts each (posts 1..1000), the SINK author with SPARE posts."""
    authors = [(f"author {k}",) for k in range(1, SINK + 1)]
    posts = [(f"p{k}", k % 2 == 0, (k - 1) // POSTS_EACH + 1) for k in range(1, AUTHORS * POSTS_EACH + 1)]
    posts += [(f"s{k}", False, SINK) for k in range(SPARE)]
    if provider == "sqlite":
        conn = sqlite3.connect(sqlite_path(url))
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executemany('INSERT INTO "Author" ("name") VALUES (?)', authors)
        conn.executemany('INSERT INTO "Post" ("title", "published", "authorId") VALUES (?, ?, ?)', posts)
        conn.commit()
        conn.close()
    elif provider == "postgresql":
        import asyncpg

        conn = await asyncpg.connect(url)
        await conn.executemany('INSERT INTO "Author" ("name") VALUES ($1)', authors)
        await conn.executemany('INSERT INTO "Post" ("title", "published", "authorId") VALUES ($1, $2, $3)', posts)
        await conn.close()
    else:
        import asyncmy

        my = await asyncmy.connect(autocommit=True, **_url_parts(url))
        async with my.cursor() as cursor:
            await cursor.executemany("INSERT INTO `Author` (`name`) VALUES (%s)", authors)
            await cursor.executemany("INSERT INTO `Post` (`title`, `published`, `authorId`) VALUES (%s, %s, %s)", posts)
        my.close()


async def make_victims(provider: str, url: str, count: int) -> list[int]:
    """`count` new posts for K to delete, made by the driver; their ids in order."""
    marker = f"k-{uuid.uuid4().hex[:8]}-"
    rows = [(f"{marker}{k:06d}", False, SINK) for k in range(count)]
    if provider == "sqlite":
        conn = sqlite3.connect(sqlite_path(url))
        conn.executemany('INSERT INTO "Post" ("title", "published", "authorId") VALUES (?, ?, ?)', rows)
        conn.commit()
        found = conn.execute('SELECT "id" FROM "Post" WHERE "title" LIKE ? ORDER BY "id"', (marker + "%",)).fetchall()
        conn.close()
    elif provider == "postgresql":
        import asyncpg

        pg = await asyncpg.connect(url)
        await pg.executemany('INSERT INTO "Post" ("title", "published", "authorId") VALUES ($1, $2, $3)', rows)
        found = await pg.fetch('SELECT "id" FROM "Post" WHERE "title" LIKE $1 ORDER BY "id"', marker + "%")
        await pg.close()
    else:
        import asyncmy

        my = await asyncmy.connect(autocommit=True, **_url_parts(url))
        async with my.cursor() as cursor:
            await cursor.executemany("INSERT INTO `Post` (`title`, `published`, `authorId`) VALUES (%s, %s, %s)", rows)
            await cursor.execute("SELECT `id` FROM `Post` WHERE `title` LIKE %s ORDER BY `id`", (marker + "%",))
            found = await cursor.fetchall()
        my.close()
    return [int(row[0]) for row in found]


# -- report


def geomean(values: Sequence[float]) -> float:
    values = [v for v in values if v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def ratios(results: dict[str, Any], ops: Sequence[str]) -> dict[str, Any]:
    """Per system: per op and geometric mean, throughput and latency as ratios to raw and to the best peer."""
    peers = [s for s in results if s not in OURS and s != "raw"]
    out: dict[str, Any] = {}
    for name, by_op in results.items():
        per_op: dict[str, Any] = {}
        for op in ops:
            entry: dict[str, float] = {}
            if "raw" in results:
                entry["throughput_vs_raw"] = by_op[op]["ops_per_s"] / results["raw"][op]["ops_per_s"]
                entry["latency_vs_raw"] = by_op[op]["latency_us"] / results["raw"][op]["latency_us"]
            if peers:
                entry["throughput_vs_best_peer"] = by_op[op]["ops_per_s"] / max(
                    results[p][op]["ops_per_s"] for p in peers
                )
                entry["latency_vs_best_peer"] = by_op[op]["latency_us"] / min(
                    results[p][op]["latency_us"] for p in peers
                )
            per_op[op] = entry
        keys = next(iter(per_op.values())).keys() if per_op else []
        out[name] = {"ops": per_op, "geomean": {k: geomean([per_op[op][k] for op in ops]) for k in keys}}
    return out


def table(provider: str, results: dict[str, Any], relative: dict[str, Any], ops: Sequence[str]) -> str:
    """Markdown: one row per op, one column per system: ops/s with 10 tasks, median µs of one task."""
    names = list(results)
    lines = [f"### {provider}: ops/s (10 tasks) / median µs (1 task)", ""]
    lines += ["| op | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for op in ops:
        cells = [f"{results[n][op]['ops_per_s']:.0f} / {results[n][op]['latency_us']:.0f}" for n in names]
        lines.append(f"| {op} | " + " | ".join(cells) + " |")
    for key, label in (
        ("throughput_vs_raw", "geomean throughput x raw"),
        ("latency_vs_raw", "geomean latency x raw"),
        ("throughput_vs_best_peer", "geomean throughput x best peer"),
        ("latency_vs_best_peer", "geomean latency x best peer"),
    ):
        cells = [f"{relative[n]['geomean'].get(key, float('nan')):.2f}" for n in names]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def parse_list(text: str, allowed: Sequence[str], what: str) -> list[str]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise SystemExit(f"unknown {what}: {', '.join(unknown)}; expected some of {', '.join(allowed)}")
    return items


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="SQLite only, few calls, one round")
    parser.add_argument("--databases", default=",".join(DATABASES))
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--ops", default=",".join(OPS))
    parser.add_argument("-n", type=int, default=200, help="calls per op and measurement (heavy ops: n/10)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    args = parser.parse_args(argv)
    databases = ["sqlite"] if args.quick else parse_list(args.databases, DATABASES, "databases")
    n, rounds = (40, 1) if args.quick else (args.n, args.rounds)
    systems = parse_list(args.systems, SYSTEMS, "systems")
    ops = parse_list(args.ops, OPS, "ops")
    report: dict[str, Any] = {"environment": environment(databases[0], n, 0, 0), "databases": {}, "errors": []}
    report["environment"].update({"tasks": TASKS, "rounds": rounds, "systems": systems, "ops": ops})
    for provider in databases:
        results = asyncio.run(run_database(provider, systems, ops, n, rounds, report["errors"]))
        relative = ratios(results, ops)
        report["databases"][provider] = {"results": results, "ratios": relative}
        print(table(provider, results, relative, ops), flush=True)
        print(flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"orm-{time.strftime('%Y%m%d-%H%M%S')}{'-quick' if args.quick else ''}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"written {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
