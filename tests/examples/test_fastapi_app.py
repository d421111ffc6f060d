"""`examples/fastapi_app/`: the app through httpx's ASGI transport on SQLite and PostgreSQL, its
OpenAPI document, the app served by uvicorn, and its HTML page in headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

pytest.importorskip("fastapi", reason="pip install -e '.[dev]' installs fastapi")

from examples.fastapi_app.app import create_app
from prisma_dynamic.migrate import push
from prisma_dynamic.schema.load import load_schema
from tests.client.conftest import pushed_database

APP_DIR = Path(__file__).resolve().parents[2] / "examples" / "fastapi_app"
CHROMIUM = "/usr/bin/chromium"


def _schema_for(provider: str, directory: Path) -> Path:
    text = (APP_DIR / "schema.prisma").read_text()
    path = directory / "schema.prisma"
    path.write_text(text.replace('provider = "sqlite"', f'provider = "{provider}"'))
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """(schema path, database URL) with the app's tables pushed."""
    provider = request.param
    schema = _schema_for(provider, tmp_path)
    with pushed_database(provider, schema, "app.db", "pd_fastapi") as made:
        yield schema, made.url


async def _scenario(schema: Path, url: str) -> None:
    app = create_app(schema, url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as http:
            created = await http.post(
                "/users",
                json={"email": "ada@example.com", "name": "Ada", "bio": "<b>math</b>", "posts": [{"title": "Notes"}]},
            )
            assert created.status_code == 201, created.text
            ada = created.json()
            assert ada["profile"]["bio"] == "<b>math</b>"
            assert [p["title"] for p in ada["posts"]] == ["Notes"]
            for i in range(3):
                assert (await http.post("/users", json={"email": f"u{i}@example.com"})).status_code == 201

            duplicate = await http.post("/users", json={"email": "ada@example.com"})
            assert duplicate.status_code == 409 and "email" in duplicate.json()["detail"]

            page = (await http.get("/users", params={"skip": 1, "take": 2})).json()
            assert page["total"] == 4 and [u["email"] for u in page["items"]] == ["u0@example.com", "u1@example.com"]
            assert (await http.get("/users", params={"take": 0})).status_code == 422

            post = await http.post(f"/users/{ada['id']}/posts", json={"title": "More", "published": True})
            assert post.status_code == 201 and post.json()["author"]["email"] == "ada@example.com"
            published = (await http.get("/posts", params={"published": "true"})).json()
            assert [p["title"] for p in published] == ["More"]

            patched = await http.patch(f"/users/{ada['id']}", json={"name": "Ada L.", "bio": "engines"})
            assert patched.json()["name"] == "Ada L." and patched.json()["profile"]["bio"] == "engines"

            summaries = (await http.get("/users/summaries")).json()
            assert summaries[0] == {"id": ada["id"], "email": "ada@example.com", "name": "Ada L."}

            assert (await http.delete(f"/users/{ada['id']}")).status_code == 204
            assert (await http.get(f"/users/{ada['id']}")).status_code == 404
            assert (await http.delete(f"/users/{ada['id']}")).status_code == 404
            assert (await http.get("/posts")).json() == []  # the posts went with their author (Cascade)


def test_crud_with_nested_include_and_pagination(database: tuple[Path, str]) -> None:
    anyio.run(_scenario, *database)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_the_openapi_document_validates_and_relations_are_refs(tmp_path: Path) -> None:
    from openapi_spec_validator import validate

    document = create_app(_schema_for("sqlite", tmp_path)).openapi()
    validate(document)  # type: ignore[arg-type]
    schemas = document["components"]["schemas"]
    assert {"User", "Post", "Profile", "UserSummary", "UserPage"} <= set(schemas)
    user = schemas["User"]["properties"]
    assert {"$ref": "#/components/schemas/Profile"} in user["profile"]["anyOf"]
    assert {"type": "array", "items": {"$ref": "#/components/schemas/Post"}} in user["posts"]["anyOf"]
    assert {"$ref": "#/components/schemas/User"} in schemas["Post"]["properties"]["author"]["anyOf"]
    # No relation of our models is an opaque object: each has properties or is a reference.
    for name in ("User", "Post", "Profile", "UserSummary", "UserPage"):
        for field, prop in schemas[name]["properties"].items():
            for option in prop.get("anyOf", [prop]):
                target = option.get("items", option)
                assert not (
                    target.get("type") == "object"
                    and "properties" not in target
                    and "additionalProperties" not in target
                ), (name, field)
    assert set(schemas["UserSummary"]["properties"]) == {"id", "email", "name"}
    assert all(ref.removeprefix("#/components/schemas/") in schemas for ref in _refs(document))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """The app served by a real uvicorn process on a free 127.0.0.1 port, with two users."""
    schema = _schema_for("sqlite", tmp_path)
    url = f"file:{tmp_path / 'app.db'}"
    anyio.run(lambda: push(load_schema(schema), url))
    port = _free_port()
    env = {**os.environ, "APP_SCHEMA": str(schema), "APP_DATABASE_URL": url}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(APP_DIR),
            "app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if server.poll() is not None:
                raise AssertionError(f"uvicorn exited: {server.stderr.read().decode() if server.stderr else ''}")
            try:
                httpx.get(base + "/docs", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        for email, name, posts in [("grace@example.com", "Grace", 3), ("linus@example.com", "Linus", 1)]:
            body = {"email": email, "name": name, "posts": [{"title": f"p{i}"} for i in range(posts)]}
            assert httpx.post(base + "/users", json=body).status_code == 201
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_uvicorn_serves_the_app(served: str) -> None:
    page = httpx.get(served + "/users").json()
    assert [u["name"] for u in page["items"]] == ["Grace", "Linus"]
    assert [len(u["posts"]) for u in page["items"]] == [3, 1]
    assert "Grace" in httpx.get(served + "/").text


def _chromium() -> str:
    """Debian's chromium: installed if missing (root, as in CI), else the test skips, never under CI."""
    if not Path(CHROMIUM).exists() and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, capture_output=True)
    if not Path(CHROMIUM).exists():
        message = f"no {CHROMIUM}: `apt-get install -y chromium` (.ci/run does it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


def test_the_users_page_renders_in_headless_chromium(served: str, tmp_path: Path) -> None:
    from PIL import Image

    chromium = _chromium()
    shot = tmp_path / "users.png"
    subprocess.run(
        [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=800,400",
            served + "/",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    image = Image.open(shot).convert("RGB")
    assert image.size == (800, 400)
    colours = image.getcolors(maxcolors=800 * 400) or []
    pixels = {colour: count for count, colour in colours}

    def near(target: tuple[int, int, int]) -> int:
        return sum(n for c, n in pixels.items() if all(abs(a - b) <= 12 for a, b in zip(c, target, strict=True)))

    # The header row (blue) and the two post-count cells (green) are drawn: the page rendered the data.
    assert near((0x1D, 0x4E, 0xD8)) > 500
    assert near((0x16, 0xA3, 0x4A)) > 300
    assert near((255, 255, 255)) > 800 * 400 // 3  # and the rest of the page is the white background
    # One green band per user: the rows of the table are the two users served.
    green_rows = [y for y in range(image.height) if any(_is_green(image.getpixel((x, y))) for x in range(0, 800, 2))]
    bands = sum(1 for i, y in enumerate(green_rows) if i == 0 or green_rows[i - 1] != y - 1)
    assert bands == 2


def _is_green(pixel: Any) -> bool:
    return bool(abs(pixel[0] - 0x16) <= 12 and abs(pixel[1] - 0xA3) <= 12 and abs(pixel[2] - 0x4A) <= 12)
