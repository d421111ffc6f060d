"""An event loop that the threads calling into it run themselves: the sync embedded transport's.

Handing each request to a loop that runs in a thread of its own costs two thread wake-ups, about
160 µs per call on the issue's 2-core machine (more than a find by primary key), where running
the loop in the calling thread costs about 15 µs (`python -m bench.sync_call`; `bench/README.md`,
"The sync client and DateTime reads"). So the first caller runs the loop itself, and owns it
while its call runs; a call from another thread meanwhile joins as a guest: its coroutine is
handed to the running loop. An owner whose call is done while guests still wait returns at once
and hands the loop to a drainer thread, which runs it until every guest has its answer: callers
on several threads are served at the same time, as by a loop thread of its own, and none waits
for another's call (a request waiting for a lock of the database does not hold up the caller
that will release it).

A thread that has an event loop of its own running (Jupyter; async code calling the sync client)
cannot run a second one: its calls go to a helper thread, which calls as any other thread does.

Between calls nothing runs the loop: a background timer of the engine (an interactive
transaction's timeout) fires at the next call, which is why the engine also checks a transaction's
deadline whenever it is used (`engine.query_engine`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import queue
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

__all__ = ["CallerLoop"]

T = TypeVar("T")

_Job = tuple[Callable[[], Any], concurrent.futures.Future[Any]]

_IDLE = 1.0  # s without a call after which a call first lets the loop read what has arrived


class CallerLoop:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._mutex = threading.Lock()  # guards the five below
        self._owned = False  # a thread is running the loop
        self._guests = 0  # calls of other threads that the owner runs for them
        self._drained: asyncio.Future[None] | None = None  # the drainer waits on it for the guests
        self._helper: queue.SimpleQueue[_Job | None] | None = None
        self._drainer: queue.SimpleQueue[bool] | None = None  # True: take the loop over; False: stop
        self._last_run = time.monotonic()  # when a caller last ran the loop

    def call(self, function: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
        """`await function(*args)` on the loop, from any thread; blocks until it is done."""
        try:
            running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            raise RuntimeError("the sync client cannot be called from inside its own engine (a callback of a query)")
        if running is not None:
            return self._in_helper(lambda: self.call(function, *args))
        coroutine = function(*args)  # before the loop is taken: a bad call leaves nothing held
        with self._mutex:
            owner = not self._owned
            if owner:
                self._owned = True
            else:
                self._guests += 1
        if owner:
            return self._run_as_owner(coroutine)
        return self._run_as_guest(coroutine)

    def close(self) -> None:
        """Cancel what is left on the loop, let it finish, and close the loop (and the helper).
        A call still running on another thread is waited for; no call runs after."""
        while True:
            with self._mutex:
                if not self._owned:
                    self._owned = True  # for good: a later call fails on the closed loop
                    helper, self._helper = self._helper, None
                    drainer, self._drainer = self._drainer, None
                    break
            time.sleep(0.001)
        if helper is not None:
            helper.put(None)
        if drainer is not None:
            drainer.put(False)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            self._close_loop()
        else:  # not in a thread with a running loop: asyncio would refuse to run ours there
            thread = threading.Thread(target=self._close_loop, name="prisma-engine-close", daemon=True)
            thread.start()
            thread.join()

    # ---- the owner, the guests, the helper --------------------------------------------------------
    def _run_as_owner(self, coroutine: Coroutine[Any, Any, T]) -> T:
        loop = self.loop
        if time.monotonic() - self._last_run > _IDLE:
            # One pass over what arrived while nobody ran the loop (a connection the server closed
            # meanwhile), so that the pool knows of it before the call takes a connection.
            loop.run_until_complete(asyncio.sleep(0))
        task = loop.create_task(coroutine)
        try:
            return loop.run_until_complete(task)
        except BaseException:
            if not task.done():  # interrupted (Ctrl+C) while it ran: cancelled, as asyncio.run does
                task.cancel()
                self._finish(task)
            raise
        finally:
            self._release()

    def _release(self) -> None:
        """The owner's call is done: the loop is free, or the drainer runs it for the guests."""
        self._last_run = time.monotonic()
        with self._mutex:
            if self._guests == 0:
                self._owned = False
                return
            if self._drainer is None:
                self._drainer = queue.SimpleQueue()
                drainer_thread = threading.Thread(
                    target=self._drain_when_told, args=(self._drainer,), name="prisma-engine-drainer", daemon=True
                )
                drainer_thread.start()
            drainer = self._drainer
        drainer.put(True)

    def _drain_when_told(self, drainer: queue.SimpleQueue[bool]) -> None:
        while drainer.get():
            self._drain()

    def _finish(self, task: asyncio.Task[Any]) -> None:
        """Run the loop until `task`, cancelled, has ended (its cleanup runs), however it ends."""
        while not task.done():
            with contextlib.suppress(BaseException):  # interrupted again: the cleanup still has to run
                self.loop.run_until_complete(asyncio.wait([task]))

    def _drain(self) -> None:
        """In the drainer thread: run the loop until no guest is waiting, then give it up."""
        while True:
            with self._mutex:
                if self._guests == 0:
                    self._owned = False
                    self._drained = None
                    return
                drained = self._drained = self.loop.create_future()
            # A task that lets SystemExit out stops this run, not the drainer: the guests still
            # wait for their answers.
            with contextlib.suppress(BaseException):
                self.loop.run_until_complete(drained)

    def _run_as_guest(self, coroutine: Coroutine[Any, Any, T]) -> T:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        # Counted off when the answer is in (or the call was given up), in whichever thread that is.
        future.add_done_callback(self._guest_done)
        try:
            return future.result()
        except BaseException:
            future.cancel()  # interrupted while waiting: the request is cancelled too
            raise

    def _guest_done(self, _: concurrent.futures.Future[Any]) -> None:
        with self._mutex:
            self._guests -= 1
            drained = self._drained if self._guests == 0 else None
        if drained is not None:
            self.loop.call_soon_threadsafe(_settle, drained)

    def _in_helper(self, job: Callable[[], T]) -> T:
        with self._mutex:
            if self._helper is None:
                jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
                threading.Thread(target=_serve, args=(jobs,), name="prisma-engine-caller", daemon=True).start()
                self._helper = jobs
            helper = self._helper
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        helper.put((job, future))
        return future.result()

    def _close_loop(self) -> None:
        loop = self.loop
        if loop.is_closed():
            return
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.wait(pending))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _serve(jobs: queue.SimpleQueue[_Job | None]) -> None:
    """The helper thread: runs each job and hands its outcome back, until told to stop (None)."""
    while (item := jobs.get()) is not None:
        job, future = item
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(job())
            except BaseException as error:
                future.set_exception(error)
