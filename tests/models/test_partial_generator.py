"""A project's partial type generator (`prisma/partial_types.py`, or the generator option
`partial_type_generator`): `from prisma_dynamic.partials import X` runs it before any client
exists, a client made later reads its records into those partials, and `prisma-dynamic stubs`
types them. Real SQLite database, real engine, real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import anyio
import pytest

from prisma_dynamic import errors
from prisma_dynamic.client import Prisma
from prisma_dynamic.migrate import push
from prisma_dynamic.models.registration import registered, unregister
from prisma_dynamic.schema.load import load_schema
from tests.models.test_project_names import SCHEMA

SCRIPT = """\
from prisma_dynamic.models import Post, User

Post.create_partial("PostTitle", include=["title"])
User.create_partial("UserInLogin", include=["id", "email", "name"], required=["name"])
User.create_partial("UserWithPosts", include=["id", "posts"], relations={"posts": "PostTitle"})
"""


def write_project(folder: Path, generator: str = "", script: str = "prisma/partial_types.py") -> None:
    block = f'generator client {{\n  provider = "prisma-client-py"\n{generator}}}\n'
    (folder / "schema.prisma").write_text(SCHEMA % (folder / "dev.db") + block, encoding="utf-8")
    (folder / script).parent.mkdir(parents=True, exist_ok=True)
    (folder / script).write_text(SCRIPT, encoding="utf-8")


def test_declared_partials_import_before_any_client_and_read_records(project: Path) -> None:
    write_project(project)
    from prisma_dynamic.bases import BaseUser
    from prisma_dynamic.partials import PostTitle, UserInLogin, UserWithPosts

    assert registered() is None
    assert set(UserInLogin.model_fields) == {"id", "email", "name"}
    assert UserInLogin.model_fields["name"].is_required() and issubclass(UserInLogin, BaseUser)
    with pytest.raises(ValueError, match="name"):
        UserInLogin(id=1, email="a@b.c")

    anyio.run(push, load_schema(project / "schema.prisma"), f"file:{project / 'dev.db'}")
    db = Prisma(interface="sync", transport="embedded")
    assert db.partials.UserInLogin is UserInLogin
    with db:
        user = db.user.create(data={"email": "ada@example.com", "name": "Ada"})
        db.post.create(data={"title": "Notes", "author": {"connect": {"id": user.id}}})
        login = UserInLogin.prisma(db).find_unique_or_raise(where={"id": user.id})
        assert type(login) is UserInLogin and login.model_dump() == {
            "id": user.id,
            "email": "ada@example.com",
            "name": "Ada",
        }
        with_posts = UserWithPosts.prisma(db).find_unique_or_raise(where={"id": user.id}, include={"posts": True})
        assert [type(p) for p in with_posts.posts or []] == [PostTitle]
        assert with_posts.posts[0].model_dump() == {"title": "Notes"}


def test_the_generator_option_names_a_path_or_a_module(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(project, '  partial_type_generator = "scripts/partials.py"\n', "scripts/partials.py")
    from prisma_dynamic import partials

    assert partials.PostTitle.__prisma_model__ == "Post"
    unregister()

    other = project / "other"
    other.mkdir()
    monkeypatch.chdir(other)
    monkeypatch.syspath_prepend(str(other))
    write_project(other, '  partial_type_generator = "declared.partials_module"\n', "declared/partials_module.py")
    assert partials.UserInLogin.__prisma_model__ == "User"


def test_a_missing_generator_script_is_a_clear_error(project: Path) -> None:
    write_project(project, '  partial_type_generator = "nowhere.py"\n')
    from prisma_dynamic import partials

    with pytest.raises(errors.GeneratorError, match=r"partial_type_generator: nowhere\.py does not exist"):
        _ = partials.UserInLogin


def test_a_script_importing_prisma_client_python_is_a_clear_error(project: Path) -> None:
    write_project(project)
    (project / "prisma/partial_types.py").write_text("from prisma.models import User\n", encoding="utf-8")
    from prisma_dynamic import partials

    with pytest.raises(errors.GeneratorError, match=r"the models are imported from prisma_dynamic\.models"):
        _ = partials.UserInLogin


def test_unknown_partial_names_the_declared_ones(project: Path) -> None:
    write_project(project)
    from prisma_dynamic import partials

    with pytest.raises(AttributeError, match="UserInLogn"):
        _ = partials.UserInLogn
    assert partials.UserInLogin.__name__ == "UserInLogin"


def test_stubs_report_a_partial_the_script_cannot_create(project: Path) -> None:
    write_project(project)
    (project / "prisma/partial_types.py").write_text(
        'from prisma_dynamic.models import User\nUser.create_partial("Bad", include=["nope"])\n', encoding="utf-8"
    )
    command = [sys.executable, "-m", "prisma_dynamic", "stubs", "--schema", "schema.prisma"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "error: include: 'nope' is not a field of User." in result.stderr
