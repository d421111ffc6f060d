"""A small FastAPI app on prisma-dynamic: users, their profile and posts.

- the client is made once and connected in the app's lifespan, and reaches each route through a
  dependency (`Db`), so tests and other apps can build their own with `create_app(...)`;
- our run-time models are the response models (`db.models.User`): FastAPI validates and documents
  them, relations as `$ref`s to their own schemas; a `select=` read answers a partial model
  (`UserSummary`) that has only the selected fields;
- CRUD with nested writes and nested include, and `skip`/`take` pagination.

Run it (from this folder, after `prisma-dynamic db push`):

    uvicorn app:app --reload

`APP_DATABASE_URL` overrides the schema's datasource URL (e.g. a PostgreSQL database, with a schema
whose provider is `postgresql`: `APP_SCHEMA`).
"""

from __future__ import annotations

import html
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field, create_model

from prisma_dynamic import Prisma
from prisma_dynamic.errors import UniqueViolationError

SCHEMA = Path(os.environ.get("APP_SCHEMA", Path(__file__).with_name("schema.prisma")))


class PostIn(BaseModel):
    title: str
    published: bool = False


class UserIn(BaseModel):
    email: str
    name: str | None = None
    bio: str | None = Field(None, description="creates the user's profile")
    posts: list[PostIn] = []


class UserPatch(BaseModel):
    name: str | None = None
    bio: str | None = None


def get_db(request: Request) -> Any:
    """The app's connected client (set up by the lifespan)."""
    return request.app.state.db


Db = Annotated[Any, Depends(get_db)]


def create_app(schema: str | os.PathLike[str] = SCHEMA, database_url: str | None = None) -> FastAPI:
    url = database_url or os.environ.get("APP_DATABASE_URL")
    db = Prisma.from_schema(schema, datasource={"url": url} if url else None)
    User, Post = db.models.User, db.models.Post
    # The response model of a `select=` read: only the fields it selects.
    summary_fields = ["id", "email", "name"]
    UserSummary = (
        db.partials.UserSummary
        if "UserSummary" in db.partials
        else User.create_partial("UserSummary", include=summary_fields)
    )
    UserPage = create_model("UserPage", items=(list[User], ...), total=(int, ...), skip=(int, ...), take=(int, ...))
    with_relations = {"posts": {"order_by": {"id": "asc"}}, "profile": True}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await db.connect()
        app.state.db = db
        try:
            yield
        finally:
            await db.disconnect()

    app = FastAPI(title="prisma-dynamic example", lifespan=lifespan)

    @app.exception_handler(UniqueViolationError)
    async def conflict(request: Request, error: UniqueViolationError) -> JSONResponse:
        # Prisma's P2002, e.g. a second user with the same email.
        return JSONResponse({"detail": str(error)}, status_code=409)

    async def found(db: Any, user_id: int) -> Any:
        user = await db.user.find_unique(where={"id": user_id}, include=with_relations)
        if user is None:
            raise HTTPException(404, f"no user with id {user_id}")
        return user

    @app.post("/users", response_model=User, status_code=201)
    async def create_user(body: UserIn, db: Db) -> Any:
        data: dict[str, Any] = {"email": body.email, "name": body.name}
        if body.posts:
            data["posts"] = {"create": [p.model_dump() for p in body.posts]}
        if body.bio is not None:
            data["profile"] = {"create": {"bio": body.bio}}
        return await db.user.create(data=data, include=with_relations)

    @app.get("/users", response_model=UserPage)
    async def list_users(
        db: Db, skip: Annotated[int, Query(ge=0)] = 0, take: Annotated[int, Query(ge=1, le=100)] = 10
    ) -> Any:
        items = await db.user.find_many(skip=skip, take=take, order={"id": "asc"}, include=with_relations)
        return {"items": items, "total": await db.user.count(), "skip": skip, "take": take}

    @app.get("/users/summaries", response_model=list[UserSummary])
    async def user_summaries(db: Db) -> Any:
        return await db.user.find_many(select={name: True for name in summary_fields}, order={"id": "asc"})

    @app.get("/users/{user_id}", response_model=User)
    async def get_user(user_id: int, db: Db) -> Any:
        return await found(db, user_id)

    @app.patch("/users/{user_id}", response_model=User)
    async def update_user(user_id: int, body: UserPatch, db: Db) -> Any:
        await found(db, user_id)
        data: dict[str, Any] = {}
        if body.name is not None:
            data["name"] = body.name
        if body.bio is not None:
            data["profile"] = {"upsert": {"create": {"bio": body.bio}, "update": {"bio": body.bio}}}
        return await db.user.update(where={"id": user_id}, data=data, include=with_relations)

    @app.delete("/users/{user_id}", status_code=204)
    async def delete_user(user_id: int, db: Db) -> Response:
        if await db.user.delete(where={"id": user_id}) is None:
            raise HTTPException(404, f"no user with id {user_id}")
        return Response(status_code=204)

    @app.post("/users/{user_id}/posts", response_model=Post, status_code=201)
    async def add_post(user_id: int, body: PostIn, db: Db) -> Any:
        await found(db, user_id)
        data = {**body.model_dump(), "author": {"connect": {"id": user_id}}}
        return await db.post.create(data=data, include={"author": True})

    @app.get("/posts", response_model=list[Post])
    async def list_posts(db: Db, published: bool | None = None) -> Any:
        where = {} if published is None else {"published": published}
        return await db.post.find_many(where=where, include={"author": True}, order={"id": "asc"})

    @app.get("/", response_class=HTMLResponse)
    async def home(db: Db) -> str:
        users = await db.user.find_many(include={"_count": {"select": {"posts": True}}}, order={"id": "asc"})
        rows = "".join(
            f"<tr><td>{html.escape(u.email)}</td><td>{html.escape(u.name or '')}</td>"
            f"<td class='count'>{u._count['posts']}</td></tr>"
            for u in users
        )
        return (
            "<!doctype html><html><head><title>Users</title><style>"
            "body{font:16px sans-serif;margin:24px;background:#fff}"
            "table{border-collapse:collapse}td,th{border:1px solid #333;padding:6px 12px}"
            "th{background:#1d4ed8;color:#fff}.count{background:#16a34a;color:#fff;text-align:right}"
            "</style></head><body><h1>Users</h1>"
            f"<table><tr><th>email</th><th>name</th><th>posts</th></tr>{rows}</table></body></html>"
        )

    return app


app = create_app()
