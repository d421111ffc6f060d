"""A pool of server connections, up to a limit, opened on demand: the PostgreSQL driver's.

Taking a free connection and giving it back are plain list operations, with no visit to the event
loop. asyncpg's own pool costs about 90 µs of CPU and two event loop passes per query on this kind
of machine (a queue, a task for `shield` on release, a timeout scope, a proxy object), measured
against the same query on a held connection (`bench/README.md`); that was a third of a `find_unique`.
What to do with a connection given back (keep it, roll it back, close it) is the driver's call.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import anyio

__all__ = ["Pool", "PoolClosedError"]

C = TypeVar("C")


class PoolClosedError(Exception):
    """The pool was closed before or while waiting for a connection."""


class Pool(Generic[C]):
    """`open_connection` makes a new connection; at most `limit` exist at once (open, or being
    opened). Waiters are served first come, first served. A free connection that `closed` says
    the server has closed (while it waited in the pool: an idle timeout, a restart, a terminated
    backend) is dropped when it comes up, not handed out to fail."""

    def __init__(self, open_connection: Callable[[], Awaitable[C]], limit: int, closed: Callable[[C], bool]) -> None:
        self._open = open_connection
        self._closed = closed
        self.limit = max(limit, 1)
        self.size = 0  # connections open or being opened
        self._free: list[C] = []  # last in, first out: the most recently used is the warmest
        # Each waiter's future gets a connection, or None: a slot came free, open one yourself.
        self._waiters: deque[asyncio.Future[C | None]] = deque()
        self.closed = False

    async def take(self, timeout: float | None) -> C:
        """A connection for the caller alone; TimeoutError when none came within `timeout` s."""
        if self.closed:
            raise PoolClosedError()
        while self._free:
            connection = self._free.pop()
            if not self._closed(connection):
                return connection
            self.size -= 1  # gone: its slot is free, and a new connection is opened below
        if self.size >= self.limit:
            waiter: asyncio.Future[C | None] = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                with anyio.fail_after(timeout):
                    handed = await waiter
            except BaseException:
                if not waiter.done():
                    waiter.cancel()
                    self._waiters.remove(waiter)
                elif not waiter.cancelled() and waiter.exception() is None:  # served as the wait ended: pass it on
                    late = waiter.result()
                    if late is None:
                        self.drop()
                    else:
                        self.put(late)
                raise
            if handed is not None:
                return handed
            # A slot came free and was reserved for us (`size` counts it already).
        else:
            self.size += 1
        try:
            return await self._open()
        except BaseException:
            self.drop()
            raise

    def put(self, connection: C) -> None:
        """A connection back, clean, for the next taker."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(connection)
                return
        self._free.append(connection)

    def drop(self) -> None:
        """One connection is gone (closed by the caller, or never opened): its slot is free."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)  # the waiter opens one in the slot, which stays counted
                return
        self.size -= 1

    def close(self) -> list[C]:
        """No more takes; waiters fail. -> the free connections, for the caller to close."""
        self.closed = True
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(PoolClosedError())
        free, self._free = self._free, []
        self.size -= len(free)
        return free
