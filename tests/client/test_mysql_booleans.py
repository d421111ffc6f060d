"""MySQL's two Boolean columns read back as the bools written: TINYINT(1) (Prisma's default, the
driver gives 0 or 1) and BIT(1) (`@db.Bit(1)`, the driver gives the bytes b"\\x00" or b"\\x01",
whose bool() is always True), in records, filters and group_by, on both transports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from prisma_dynamic import Prisma
from tests.client.conftest import pushed_database

SCHEMA = """
datasource db {
  provider = "mysql"
  url      = env("PD_MYSQL_BOOLEANS_URL")
}

model Flag {
  id    Int      @id @default(autoincrement())
  bit   Boolean  @db.Bit(1)
  maybe Boolean? @db.Bit(1)
  tiny  Boolean
}
"""


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    schema = tmp_path_factory.mktemp("mysql-booleans") / "schema.prisma"
    schema.write_text(SCHEMA.replace('env("PD_MYSQL_BOOLEANS_URL")', '"mysql://placeholder/db"'))
    with pushed_database("mysql", schema, prefix="pd_booleans") as made:
        schema.write_text(SCHEMA)
        yield made.url


@pytest.mark.parametrize("transport", ["embedded", "http"])
def test_booleans_read_back_as_written(
    url: str, transport: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = tmp_path / "schema.prisma"
    schema.write_text(SCHEMA)
    monkeypatch.setenv("PD_MYSQL_BOOLEANS_URL", url)
    with Prisma.from_schema(schema, interface="sync", transport=transport) as db:
        db.flag.delete_many()
        off = db.flag.create(data={"bit": False, "maybe": False, "tiny": False})
        on = db.flag.create(data={"bit": True, "maybe": None, "tiny": True})
        assert (off.bit, off.maybe, off.tiny) == (False, False, False)
        assert (on.bit, on.maybe, on.tiny) == (True, None, True)
        assert db.flag.find_unique(where={"id": off.id}) == off
        assert [f.id for f in db.flag.find_many(where={"bit": False})] == [off.id]
        assert [f.id for f in db.flag.find_many(where={"bit": True, "tiny": True})] == [on.id]
        groups = db.flag.group_by(["bit"], count=True, order={"bit": "asc"})
        assert groups == [{"bit": False, "_count": {"_all": 1}}, {"bit": True, "_count": {"_all": 1}}]
