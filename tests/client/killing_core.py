"""The real query engine, made to SIGKILL its own process at a chosen moment, once.

The test writes the moment into the file named by ``$KILLING_CORE_FLAG``: ``before`` (the next
query dies before it runs), ``after`` (the next query runs, commits, and the engine dies before
answering), ``commit`` (the next transaction commit commits, then the engine dies). The flag is
removed when it fires, so the restarted engine runs normally. Loaded by the engine process with
``PRISMA_DYNAMIC_ENGINE_CORE=killing_core:build_core``.
"""

from __future__ import annotations

import argparse
import os
import signal
from typing import Any

from prisma_dynamic.engine.runtime import build_core as build_real_core


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class KillingCore:
    def __init__(self, args: argparse.Namespace) -> None:
        self.inner = build_real_core(args)
        self.flag = os.environ["KILLING_CORE_FLAG"]

    def _fires(self, moment: str) -> bool:
        try:
            with open(self.flag) as file:
                armed = file.read().strip()
        except FileNotFoundError:
            return False
        if armed != moment:
            return False
        os.unlink(self.flag)
        return True

    async def start(self) -> None:
        await self.inner.start()

    async def stop(self) -> None:
        await self.inner.stop()

    async def execute(self, body: dict[str, Any], tx_id: str | None) -> dict[str, Any]:
        if self._fires("before"):
            _die()
        result = await self.inner.execute(body, tx_id)
        if self._fires("after"):
            _die()
        return result

    async def start_transaction(self, max_wait_ms: int, timeout_ms: int, isolation_level: str | None) -> str:
        return await self.inner.start_transaction(max_wait_ms, timeout_ms, isolation_level)

    async def commit_transaction(self, tx_id: str) -> None:
        await self.inner.commit_transaction(tx_id)
        if self._fires("commit"):
            _die()

    async def rollback_transaction(self, tx_id: str) -> None:
        await self.inner.rollback_transaction(tx_id)

    def metrics(self) -> dict[str, Any]:
        return self.inner.metrics()


def build_core(args: argparse.Namespace) -> KillingCore:
    return KillingCore(args)
