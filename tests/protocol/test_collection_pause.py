"""The cyclic collector is paused while a large result is built, and left as it was found."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from prisma_dynamic.collection_pause import settle_as_old, without_collection


@pytest.fixture
def collector_running() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was:
            gc.disable()


def test_the_collector_is_paused_inside_and_running_after(collector_running: None) -> None:
    seen = without_collection(lambda n: (gc.isenabled(), n * 2), 21)
    assert seen == (False, 42)
    assert gc.isenabled()


def test_a_failing_build_still_resumes_the_collector(collector_running: None) -> None:
    def fail(_: int) -> None:
        raise ValueError("bad record")

    with pytest.raises(ValueError, match="bad record"):
        without_collection(fail, 1)
    assert gc.isenabled()


def test_a_collector_the_program_disabled_stays_disabled(collector_running: None) -> None:
    gc.disable()
    assert without_collection(lambda n: gc.isenabled(), 0) is False
    assert not gc.isenabled()


class _Part:
    """A tracked object, as the query schema's parts are."""


def test_settled_objects_are_in_the_oldest_generation_unscanned(collector_running: None) -> None:
    gc.disable()
    try:
        part = _Part()
        assert any(o is part for o in gc.get_objects(0))
        settle_as_old()
    finally:
        gc.enable()
    assert not any(o is part for o in gc.get_objects(0))
    assert any(o is part for o in gc.get_objects(2))
    assert gc.get_freeze_count() == 0


def test_objects_the_program_froze_stay_frozen(collector_running: None) -> None:
    gc.disable()  # no young collection between making `young` and looking for it
    frozen = _Part()
    gc.freeze()
    try:
        young = _Part()
        settle_as_old()
        assert gc.get_freeze_count() > 0
        assert any(o is young for o in gc.get_objects(0))
        assert not any(o is frozen for o in gc.get_objects())
    finally:
        gc.unfreeze()
        gc.enable()
