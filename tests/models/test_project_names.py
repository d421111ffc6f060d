"""`from prisma_dynamic.models import User` (and `.enums`, `.types`) before any client exists: the
names come from the schema a client would find, and the client made later from it builds its
records from those very classes. Real SQLite database, real engine."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Literal

import anyio
import pytest

from prisma_dynamic import errors
from prisma_dynamic.client import Prisma
from prisma_dynamic.migrate import push
from prisma_dynamic.models.registration import registered
from prisma_dynamic.schema.load import load_schema

SCHEMA = """
datasource db {
  provider = "sqlite"
  url      = "file:%s"
}

enum Role {
  USER
  ADMIN
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  role  Role    @default(USER)
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  author   User?  @relation(fields: [authorId], references: [id])
  authorId Int?
}
"""


def write_schema(folder: Path, relative: str = "schema.prisma") -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SCHEMA % (folder / "dev.db"), encoding="utf-8")
    return path


def test_names_import_before_any_client_and_are_the_client_classes(project: Path) -> None:
    write_schema(project)
    from prisma_dynamic.enums import Role
    from prisma_dynamic.models import Post, User
    from prisma_dynamic.types import UserCreateInput, UserWhereInput

    assert registered() is None
    assert (User.__name__, Post.__name__, [m.value for m in Role]) == ("User", "Post", ["USER", "ADMIN"])
    assert UserCreateInput.__required_keys__ == {"email"} and "email" in UserWhereInput.__optional_keys__
    # Enum inputs take the member or its value.
    assert typing.get_type_hints(UserCreateInput)["role"] == Role | Literal["USER", "ADMIN"]

    anyio.run(push, load_schema(project / "schema.prisma"), f"file:{project / 'dev.db'}")
    db = Prisma(interface="sync", transport="embedded")
    assert db.models.User is User and db.enums.Role is Role
    with db:
        by_value = db.user.create(data={"email": "ada@example.com", "role": "ADMIN"})
        by_member = db.user.create(data={"email": "bob@example.com", "role": Role.USER})
        assert isinstance(by_value, User) and isinstance(by_member, User)
        assert by_value.role is Role.ADMIN and by_member.role is Role.USER
        assert [u.email for u in db.user.find_many(where={"role": {"in": ["ADMIN"]}})] == ["ada@example.com"]

        with pytest.raises(errors.QueryValidationError) as caught:
            db.user.create(data={"email": "eve@example.com", "role": "SUPERUSER"})
        assert "data.role" in str(caught.value) and "SUPERUSER" in str(caught.value)
        with pytest.raises(errors.QueryValidationError, match=r"where\.role"):
            db.user.find_many(where={"role": "admin"})

        picked = db.user.find_unique_or_raise(where={"email": "ada@example.com"}, select={"id": True, "email": True})
        assert isinstance(picked, User)
        assert picked.model_dump() == {"id": by_value.id, "email": "ada@example.com"}
        assert not hasattr(picked, "name") and not hasattr(picked, "role")
        with pytest.raises(AttributeError):
            _ = picked.name

        db.post.create(data={"title": "Notes", "author": {"connect": {"id": by_value.id}}})
        with_posts = db.user.find_unique_or_raise(where={"id": by_value.id}, include={"posts": True})
        assert with_posts.posts is not None and isinstance(with_posts.posts[0], Post)
        omitted = db.user.find_first_or_raise(omit={"name": True}, where={"id": by_value.id})
        assert "name" not in omitted.model_dump() and omitted.email == "ada@example.com"


def test_the_schema_is_found_as_the_client_finds_it(project: Path) -> None:
    write_schema(project, "db/app.prisma")
    (project / "pyproject.toml").write_text('[tool.prisma]\nschema = "db/app.prisma"\n', encoding="utf-8")
    from prisma_dynamic.models import User

    assert Prisma(interface="sync").models.User is User


def test_without_a_schema_the_import_says_why(project: Path) -> None:
    with pytest.raises(ImportError, match="cannot import name 'User'"):
        from prisma_dynamic.models import User  # noqa: F401
    import prisma_dynamic.enums

    with pytest.raises(AttributeError, match="no client is registered and no schema was found"):
        _ = prisma_dynamic.enums.Role


def test_a_name_the_schema_lacks(project: Path) -> None:
    write_schema(project)
    import prisma_dynamic.models
    import prisma_dynamic.types

    with pytest.raises(AttributeError, match="The schema has no model named 'Usr'"):
        _ = prisma_dynamic.models.Usr
    with pytest.raises(AttributeError, match="no input type named 'UserWhere'"):
        _ = prisma_dynamic.types.UserWhere


def test_input_types_name_only_types_that_exist(tmp_path: Path) -> None:
    """Building the run-time types evaluates every key's type: a name the stubs refer to but never
    declare fails here (a lower-case model's `_count` selection did: Prisma capitalises
    `UsersCountOutputType`)."""
    from prisma_dynamic.types import input_types

    path = tmp_path / "schema.prisma"
    path.write_text(
        SCHEMA.replace("model User", "model users").replace("User?", "users?") % (tmp_path / "dev.db"),
        encoding="utf-8",
    )
    types = input_types(load_schema(path))
    assert typing.get_type_hints(types["usersCountRelationsArgs"]) == {"select": types["usersCountRelationsSelect"]}
    assert typing.get_type_hints(types["usersInclude"])["_count"] == bool | types["usersCountRelationsArgs"]


def test_a_fastapi_service_module_imports_and_annotates_with_the_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """The typesafety fixture `service.py`, imported for real: FastAPI reads its annotations
    (`-> list[User]`, `role: Role | None`) when the routes are declared, before any client connects."""
    import importlib.util

    folder = Path(__file__).resolve().parents[1] / "typesafety" / "fixtures" / "async_client"
    monkeypatch.chdir(folder)
    spec = importlib.util.spec_from_file_location("typed_service", folder / "service.py")
    assert spec is not None and spec.loader is not None
    service = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(service)

    assert service.db.models.User is service.User and service.db.enums.Role is service.Role
    assert not service.db.is_connected() and registered() is None
    openapi = service.app.openapi()
    assert openapi["components"]["schemas"]["Role"]["enum"] == ["USER", "ADMIN"]
    listed = openapi["paths"]["/users"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed["items"] == {"$ref": "#/components/schemas/User"}
    assert service.users_matching(service.Role.ADMIN, "example.com") == {
        "role": service.Role.ADMIN,
        "email": {"endswith": "@example.com"},
    }
