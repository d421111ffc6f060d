"""Python's cyclic garbage collector paused while many long-lived objects are built: a large
result, the Schema IR, the query schema.

Building a result of many records allocates several containers per record (a dict in the engine,
then a model with its `__dict__` and private attributes): every 700 allocations start a young
collection, which finds nothing to free (the records are alive and hold no cycles) but moves them
to older generations, and every tenth of those escalates until a full collection walks the whole
heap. Measured on `bench.orm`'s D (1000 rows) on PostgreSQL: 4.7-5.0 ms CPU with the collector
running, 2.1-2.5 ms with it paused over the two loops that build records (bench/README.md).

The pause is synchronous (no other task runs inside it), restores the collector's state as it
found it (a program that disabled it keeps it disabled), and covers only results of at least
:data:`PAUSE_FROM` records, where a collection would start anyway.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["PAUSE_FROM", "paused", "settle_as_old", "without_collection"]

T = TypeVar("T")
A = TypeVar("A")

PAUSE_FROM = 64  # records; a smaller result seldom reaches a collection's threshold


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector paused over the block (and resumed if it was running). Building the
    IR or the query schema allocates many small objects that all stay alive, which only makes the
    collector run again and again (a quarter of the time on big schemas)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def without_collection(build: Callable[[A], T], argument: A) -> T:
    """`build(argument)` with the cyclic collector `paused`."""
    with paused():
        return build(argument)


def settle_as_old() -> None:
    """Move every object the collector tracks into its oldest generation, without scanning them.

    For a build that made many objects meant to live as long as the program (the query schema:
    180 000 tracked parts on civitai) with the collector paused: they are all in the youngest
    generation, so the first allocation after the pause starts a young collection that walks them
    all (45-60 ms on civitai), finds nothing to free, and moves them one generation up, where the
    next middle collection walks them again. `gc.freeze()` then `gc.unfreeze()` moves them to the
    oldest generation at once (two list splices); a full collection still walks them, as it would
    have. Other young objects move too, which only delays freeing the cyclic garbage among them
    to the next full collection. Skipped when the program froze objects itself (`gc.freeze()`
    before forking workers): unfreezing would undo that."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
