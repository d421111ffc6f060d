"""Quickstart: every query of Prisma Client Python's README, on SQLite, with no generate step.

Run from anywhere: `python examples/quickstart.py`. The first run creates `examples/dev.db`
from `examples/schema.prisma` (the same as `prisma-dynamic db push --schema examples/schema.prisma`).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from prisma_dynamic import Prisma
from prisma_dynamic.cli import main as prisma_dynamic_cli

SCHEMA = Path(__file__).resolve().parent / "schema.prisma"


def show(title: str, value: object) -> None:
    print(f"\n# {title}")
    for item in value if isinstance(value, list) else [value]:
        print(f"  {item!r}")


async def main() -> None:
    db = Prisma.from_schema(SCHEMA, auto_register=True)
    await db.connect()
    await db.post.delete_many()  # start from an empty database on every run
    await db.user.delete_many()

    user = await db.user.create(data={"name": "Robert", "email": "robert@craigie.dev"})
    show("create a user", user)

    User = db.models.User  # a model class, as `from prisma.models import User` gave
    tom = await User.prisma().create(data={"name": "Tom", "email": "tom@example.com"})
    show("create through the model class (auto_register=True)", tom)

    show("retrieve all User records", await db.user.find_many())

    show("include the posts relation", await db.user.find_many(include={"posts": True}))

    with_posts = await db.user.create(
        data={
            "name": "Alice",
            "email": "alice@example.com",
            "posts": {"create": {"title": "My first post from Prisma!"}},
        },
        include={"posts": True},
    )
    show("create a user and a post in the same query", with_posts)

    await db.post.create(data={"title": "Why prisma is nice", "author": {"connect": {"id": user.id}}})
    posts = await db.post.find_many(
        where={"OR": [{"title": {"contains": "prisma"}}, {"content": {"contains": "prisma"}}]}
    )
    show("posts that contain 'prisma'", posts)

    post = await db.post.update(where={"id": posts[0].id}, data={"views": {"increment": 1}})
    show("update a post (views incremented)", post)

    show(
        "find the first user whose name starts with 'R'",
        await db.user.find_first(where={"name": {"startswith": "R"}}, include={"posts": True}),
    )

    show("count the users", await db.user.count())
    await db.disconnect()


if __name__ == "__main__":
    # The client never changes the database by itself: push the schema first (a no-op once done).
    if prisma_dynamic_cli(["db", "push", "--schema", str(SCHEMA)]) != 0:
        raise SystemExit("db push failed")
    asyncio.run(main())
