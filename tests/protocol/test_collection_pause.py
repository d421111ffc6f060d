"""The cyclic collector is paused while a large result is built, and left as it was found."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from prisma_dynamic.collection_pause import without_collection


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
