"""Values as Prisma Client Python returns them: Bytes defaults, Decimal, enum members."""

from __future__ import annotations

from decimal import Decimal

from prisma_dynamic import Base64
from tests.client.conftest import Api


def test_bytes_defaults_are_read_back(pcp: Api) -> None:
    made = pcp.defaults.create(data={})
    assert made.empty == Base64.encode(b"")
    assert made.word == Base64.encode(b"foo")
    assert made.optional == Base64.encode(b"")
    found = pcp.defaults.find_first(where={"empty": {"in": [Base64.encode(b"")]}})
    assert found is not None and found.id == made.id


def test_decimals_are_normalised_as_prisma_does(pcp: Api) -> None:
    # PostgreSQL's and MySQL's DECIMAL(65,30) pad to 30 digits; Prisma gives the number itself
    made = pcp.defaults.create(data={"maybe": Decimal("0.1428571428571429")})
    assert str(made.amount) == "1"
    assert str(made.maybe) == "0.1428571428571429"
    zero = pcp.defaults.create(data={"amount": Decimal("0"), "maybe": Decimal("100")})
    found = pcp.defaults.find_unique(where={"id": zero.id})
    assert found is not None and str(found.amount) == "0" and str(found.maybe) == "100"
