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


def test_enum_fields_hold_the_enums_members(pcp: Api) -> None:
    level = pcp.client.enums.Level
    made = pcp.defaults.create(data={})
    assert made.level is level.LOW and made.levels is None
    high = pcp.defaults.create(data={"level": level.HIGH, "levels": "LOW"})  # a member or its value
    assert high.level is level.HIGH and high.levels is level.LOW
    found = pcp.defaults.find_first(where={"level": "HIGH"})
    assert found is not None and found.level is level.HIGH
    assert found.level == "HIGH" and str(found.level) == "HIGH" and f"{found.level}" == "HIGH"
    assert found.model_dump(mode="json")["level"] == "HIGH"
