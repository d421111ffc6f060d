"""The sync embedded transport's event loop, run by its callers (`transports/caller_loop.py`):
calls from several threads run at once, a caller whose call is done returns while another's is
still waiting, and calls from a thread with a running loop of its own go through a helper."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator

import pytest

from prisma_dynamic.transports.caller_loop import CallerLoop

GUARD = 30.0  # s: only a deadlock gets near it


@pytest.fixture
def caller_loop() -> Iterator[CallerLoop]:
    loop = CallerLoop()
    yield loop
    loop.close()


def _in_thread(target: Callable[[], object]) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def test_calls_from_threads_wait_for_each_other_on_one_loop(caller_loop: CallerLoop) -> None:
    """Eight calls wait until all eight have arrived: they can only finish if they run at once."""
    arrived: list[int] = []
    everyone = asyncio.Event()
    loops: set[asyncio.AbstractEventLoop] = set()

    async def meet(number: int) -> int:
        loops.add(asyncio.get_running_loop())
        arrived.append(number)
        if len(arrived) == 8:
            everyone.set()
        await everyone.wait()
        return number

    results: dict[int, int] = {}
    threads = [_in_thread(lambda n=n: results.__setitem__(n, caller_loop.call(meet, n))) for n in range(8)]
    for thread in threads:
        thread.join(GUARD)
    assert not any(thread.is_alive() for thread in threads)
    assert results == {n: n for n in range(8)} and loops == {caller_loop.loop}


def test_a_caller_whose_call_is_done_does_not_wait_for_the_others(caller_loop: CallerLoop) -> None:
    """B's call waits for what A does after its own call has returned (as a transaction's BEGIN
    waits for the commit of the caller holding the lock)."""
    a_running = threading.Event()
    b_running = asyncio.Event()
    released = asyncio.Event()

    async def first() -> str:
        a_running.set()
        await b_running.wait()  # B has joined this call's loop as a guest
        return "a"

    async def second() -> str:
        b_running.set()
        await released.wait()
        return "b"

    async def release() -> None:
        released.set()

    outcome: dict[str, str] = {}
    a = _in_thread(lambda: outcome.__setitem__("a", caller_loop.call(first)))
    assert a_running.wait(GUARD)
    b = _in_thread(lambda: outcome.__setitem__("b", caller_loop.call(second)))
    a.join(GUARD)
    assert not a.is_alive() and outcome["a"] == "a" and "b" not in outcome
    caller_loop.call(release)  # after A returned: only then can B's call finish
    b.join(GUARD)
    assert not b.is_alive() and outcome["b"] == "b"


def test_a_thread_with_a_running_loop_calls_through_the_helper(caller_loop: CallerLoop) -> None:
    async def where() -> tuple[str, asyncio.AbstractEventLoop]:
        return threading.current_thread().name, asyncio.get_running_loop()

    async def from_a_coroutine() -> tuple[str, asyncio.AbstractEventLoop]:
        return caller_loop.call(where)  # blocking, as code in Jupyter does

    thread, loop = asyncio.run(from_a_coroutine())
    assert thread == "prisma-engine-caller" and loop is caller_loop.loop
    assert caller_loop.call(where) == (threading.current_thread().name, caller_loop.loop)


def test_a_call_from_inside_the_loop_is_refused(caller_loop: CallerLoop) -> None:
    async def reenter() -> None:
        caller_loop.call(asyncio.sleep, 0)

    with pytest.raises(RuntimeError, match="from inside its own engine"):
        caller_loop.call(reenter)


def test_an_error_reaches_its_caller_and_the_loop_goes_on(caller_loop: CallerLoop) -> None:
    async def fail() -> None:
        raise ValueError("on purpose")

    with pytest.raises(ValueError, match="on purpose"):
        caller_loop.call(fail)
    assert caller_loop.call(asyncio.sleep, 0, "still") == "still"


def test_a_call_with_wrong_arguments_leaves_the_loop_free(caller_loop: CallerLoop) -> None:
    async def one(value: int) -> int:
        return value

    with pytest.raises(TypeError):
        caller_loop.call(one, 1, 2)
    assert caller_loop.call(one, 3) == 3


def test_close_cancels_what_is_left_and_closes_the_loop() -> None:
    caller_loop = CallerLoop()
    cancelled = []

    async def forever() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    async def start_background() -> None:
        asyncio.get_running_loop().create_task(forever())
        await asyncio.sleep(0)

    caller_loop.call(start_background)
    caller_loop.close()
    assert cancelled == [True] and caller_loop.loop.is_closed()
