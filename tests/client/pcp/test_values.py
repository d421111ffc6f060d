"""Values as Prisma Client Python returns them: Bytes defaults, Decimal, enum members."""

from __future__ import annotations

from prisma_dynamic import Base64
from tests.client.conftest import Api


def test_bytes_defaults_are_read_back(pcp: Api) -> None:
    made = pcp.defaults.create(data={})
    assert made.empty == Base64.encode(b"")
    assert made.word == Base64.encode(b"foo")
    assert made.optional == Base64.encode(b"")
    found = pcp.defaults.find_first(where={"empty": {"in": [Base64.encode(b"")]}})
    assert found is not None and found.id == made.id
