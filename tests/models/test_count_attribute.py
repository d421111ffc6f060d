"""A record's `_count` is no pydantic private attribute, so validating a record runs no Python
`model_post_init`; it behaves as one (per instance, compared and copied), and a class of the user's
with its own `model_post_init` or private attributes keeps pydantic's."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from pydantic import PrivateAttr

from prisma_dynamic import Prisma

SCHEMA = """
datasource db {
  provider = "sqlite"
  url      = "file:dev.db"
}

model Post {
  id    Int    @id
  title String
}
"""


def _post_class(tmp_path: Path) -> Any:
    path = tmp_path / "schema.prisma"
    path.write_text(SCHEMA)
    return Prisma.from_schema(path).models.Post


def test_records_get_count_directly(tmp_path: Path) -> None:
    post_class = _post_class(tmp_path)
    assert post_class.__pydantic_post_init__ is None  # nothing of Python's runs per record
    post = post_class.model_validate({"id": 1, "title": "t"})
    assert post._count is None
    post._count = None
    assert post == post_class.model_validate({"id": 1, "title": "t"})
    post._count = {"tags": 2}
    assert post._count == {"tags": 2}
    assert post_class.model_validate({"id": 1, "title": "t"})._count is None  # not shared
    assert post != post_class.model_validate({"id": 1, "title": "t"})  # the counts are compared
    assert copy.deepcopy(post)._count == {"tags": 2} and post.model_copy()._count == {"tags": 2}


def test_a_users_post_init_and_private_attributes_still_run(tmp_path: Path) -> None:
    post_class = _post_class(tmp_path)
    calls: list[int] = []

    class WithHook(post_class):  # type: ignore[misc, valid-type]
        def model_post_init(self, context: Any, /) -> None:
            calls.append(self.id)

    class WithPrivate(post_class):  # type: ignore[misc, valid-type]
        _seen: list[int] = PrivateAttr(default_factory=list)

    hooked = WithHook.model_validate({"id": 7, "title": "t"})
    assert calls == [7] and hooked._count is None
    first, second = (WithPrivate.model_validate({"id": i, "title": "t"}) for i in (1, 2))
    first._seen.append(1)
    assert second._seen == [] and first._count is None
    first._count = {"tags": 1}
    assert first._count == {"tags": 1} and first._seen == [1] and second._count is None
