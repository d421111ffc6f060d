"""aiomysql against asyncmy on the MySQL workloads the engine sends, same window, same server.

    python -m bench.mysql_drivers [-n 200] [--rounds 5] [--url mysql://root@127.0.0.1:3306]

Ops, each on one pooled connection of each driver (text protocol, autocommit), row values as the
engine gets them: D reads 1000 rows of `bench.orm`'s Post shape (id, title, views, published,
authorId), W reads 200 rows of every type the engine converts (DATETIME(3), DECIMAL(65,30),
BIGINT, JSON, LONGBLOB, TINYINT(1), ENUM), F one row by primary key, A an INSERT, U an UPDATE by
primary key. Reported per op: CPU microseconds per call (`time.process_time`, the best of the
rounds, rounds alternating between drivers so a slow spell falls on both) and Python function
calls per call under cProfile (deterministic). Wall-clock latency is printed too, but on a shared
machine the CPU time and the calls are what to compare. asyncmy is also measured with its
server-side prepared statements (`stmt_cache_size`, binary protocol). aiomysql is not a
dependency of the project any more (docs/decisions/mysql-driver.md): `pip install aiomysql` to
run this. A scratch database `bench_drivers_<pid>` is created and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

Call = Callable[[Any, int], Awaitable[Any]]

SETUP = [
    """CREATE TABLE Post (id INT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(191) NOT NULL,
       views INT NOT NULL DEFAULT 0, published BOOLEAN NOT NULL DEFAULT 0, authorId INT NOT NULL)""",
    """CREATE TABLE Wide (id INT AUTO_INCREMENT PRIMARY KEY, createdAt DATETIME(3) NOT NULL,
       price DECIMAL(65,30) NOT NULL, big BIGINT NOT NULL, doc JSON NOT NULL, data LONGBLOB NOT NULL,
       flag BOOLEAN NOT NULL, role ENUM('USER','ADMIN') NOT NULL)""",
]


async def seed(cursor: Any) -> None:
    for statement in SETUP:
        await cursor.execute(statement)
    await cursor.executemany(
        "INSERT INTO Post (title, views, published, authorId) VALUES (%s, %s, %s, %s)",
        [(f"post {i}", i, i % 2, 1 + i % 100) for i in range(1000)],
    )
    await cursor.executemany(
        "INSERT INTO Wide (createdAt, price, big, doc, data, flag, role) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        [
            (
                datetime(2024, 1, 1, 12, 0, i % 60, 123000),
                Decimal("12345.678901"),
                2**40 + i,
                '{"a": [1, 2, 3], "b": "x"}',
                bytes(range(64)),
                i % 2,
                "ADMIN" if i % 3 else "USER",
            )
            for i in range(200)
        ],
    )


async def fetch(cursor: Any, sql: str, args: tuple[Any, ...]) -> list[Any]:
    await cursor.execute(sql, args)
    return list(await cursor.fetchall())


def ops() -> dict[str, Call]:
    async def d(cursor: Any, i: int) -> Any:
        rows = await fetch(cursor, "SELECT id, title, views, published, authorId FROM Post LIMIT %s", (1000,))
        assert len(rows) == 1000
        return rows

    async def w(cursor: Any, i: int) -> Any:
        rows = await fetch(
            cursor, "SELECT id, createdAt, price, big, doc, data, flag, role FROM Wide WHERE id > %s", (0,)
        )
        assert len(rows) == 200 and isinstance(rows[0][1], datetime) and isinstance(rows[0][2], Decimal)
        return rows

    async def f(cursor: Any, i: int) -> Any:
        rows = await fetch(
            cursor, "SELECT id, title, views, published, authorId FROM Post WHERE id = %s", (1 + i % 1000,)
        )
        assert len(rows) == 1
        return rows

    async def a(cursor: Any, i: int) -> Any:
        await cursor.execute(
            "INSERT INTO Post (title, views, published, authorId) VALUES (%s, %s, %s, %s)", (f"a{i}", i, 1, 1)
        )
        assert cursor.lastrowid > 1000
        return cursor.lastrowid

    async def u(cursor: Any, i: int) -> Any:
        await cursor.execute("UPDATE Post SET views = views + %s WHERE id = %s", (1, 1 + i % 1000))
        return cursor.rowcount

    return {"D": d, "W": w, "F": f, "A": a, "U": u}


async def connect(name: str, parts: dict[str, Any]) -> Any:
    if name == "aiomysql":
        import aiomysql

        return await aiomysql.connect(autocommit=True, charset="utf8mb4", **parts)
    import asyncmy

    kwargs = dict(parts, database=parts["db"])
    del kwargs["db"]
    if name == "asyncmy prepared":
        kwargs["stmt_cache_size"] = 64
    return await asyncmy.connect(autocommit=True, charset="utf8mb4", **kwargs)


async def run(args: argparse.Namespace) -> None:
    url = urlsplit(args.url)
    base = {"host": url.hostname or "127.0.0.1", "port": url.port or 3306, "user": url.username or "root"}
    base["password"] = url.password or ""
    scratch = f"bench_drivers_{os.getpid()}"
    import asyncmy

    admin = await asyncmy.connect(autocommit=True, **base)
    async with admin.cursor() as cursor:
        await cursor.execute(f"CREATE DATABASE `{scratch}`")
    try:
        parts = dict(base, db=scratch)
        names = ["aiomysql", "asyncmy", "asyncmy prepared"]
        conns = {name: await connect(name, parts) for name in names}
        async with conns["asyncmy"].cursor() as cursor:
            await seed(cursor)
        cpu: dict[tuple[str, str], float] = {}
        wall: dict[tuple[str, str], float] = {}
        calls: dict[tuple[str, str], float] = {}
        for op_name, op in ops().items():
            for name in names:  # warm-up, then the calls under cProfile
                async with conns[name].cursor() as cursor:
                    for i in range(20):
                        await op(cursor, i)
                    profile = cProfile.Profile()
                    profile.enable()
                    for i in range(20):
                        await op(cursor, i)
                    profile.disable()
                calls[op_name, name] = pstats.Stats(profile).total_calls / 20  # type: ignore[attr-defined]
            for _ in range(args.rounds):
                for name in names:
                    async with conns[name].cursor() as cursor:
                        began_cpu, began = time.process_time(), time.perf_counter()
                        for i in range(args.n):
                            await op(cursor, i)
                        spent_cpu = (time.process_time() - began_cpu) / args.n * 1e6
                        spent = (time.perf_counter() - began) / args.n * 1e6
                    cpu[op_name, name] = min(cpu.get((op_name, name), spent_cpu), spent_cpu)
                    wall[op_name, name] = min(wall.get((op_name, name), spent), spent)
        for conn in conns.values():
            conn.close()
        print(f"per call, best of {args.rounds} rounds of {args.n}; load: {os.getloadavg()[0]:.1f}")
        print(f"{'op':<3} {'driver':<17} {'CPU us':>9} {'wall us':>9} {'py calls':>9}")
        for op_name in ops():
            for name in names:
                key = (op_name, name)
                print(f"{op_name:<3} {name:<17} {cpu[key]:>9.0f} {wall[key]:>9.0f} {calls[key]:>9.0f}")
    finally:
        async with admin.cursor() as cursor:
            await cursor.execute(f"DROP DATABASE IF EXISTS `{scratch}`")
        admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--url", default="mysql://root@127.0.0.1:3306")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
