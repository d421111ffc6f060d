"""When a request may be sent again to a restarted engine, and what to raise when it may not.

An engine that dies with a request in flight may have finished it (committed a write) just before
dying. Sending that request again to the restarted engine would apply it twice, so only requests
that are safe to repeat are re-sent: reads, status and metrics, and starting a transaction (one the
dead engine had started died with it). Writes, batches with a write, raw queries (their SQL may
write) and commits fail with :class:`~prisma_dynamic.errors.RequestOutcomeUnknownError`; anything
inside an interactive transaction fails with :class:`~prisma_dynamic.errors.TransactionLostError`
(the transaction died with the engine's database connection, uncommitted). A request that provably
never reached the engine (the connection was refused) is always sent again.
"""

from __future__ import annotations

from typing import Any

from prisma_dynamic.engine.core import READ_ACTIONS
from prisma_dynamic.errors import EngineConnectionError, RequestOutcomeUnknownError, TransactionLostError

__all__ = ["lost_request_error", "replay_safe", "transaction_of"]

_TRANSACTION_PREFIX = "/transaction/"


def _is_read(query: Any) -> bool:
    return isinstance(query, dict) and query.get("action") in READ_ACTIONS


def replay_safe(method: str, path: str, body: Any) -> bool:
    """True when sending the request twice has the same effect as sending it once."""
    if method == "GET":
        return True
    if path == "/transaction/start":
        return True
    if path == "/" and isinstance(body, dict):
        if "batch" in body:
            batch = body["batch"]
            return isinstance(batch, list) and all(_is_read(query) for query in batch)
        return _is_read(body)
    return False


def transaction_of(path: str, tx_id: str | None) -> str | None:
    """The interactive transaction a request belongs to (header, or the commit/rollback path)."""
    if tx_id:
        return tx_id
    if path.startswith(_TRANSACTION_PREFIX):
        parts = path.split("/")
        if len(parts) == 4 and parts[3] in ("commit", "rollback"):
            return parts[2]
    return None


def lost_request_error(
    method: str, path: str, tx_id: str | None, died: str, restarted: bool = True
) -> EngineConnectionError:
    """The error for a request that was in flight when the engine died (``died`` says how)."""
    transaction = transaction_of(path, tx_id)
    after = " The engine has been restarted;" if restarted else ""
    if path.endswith("/commit"):
        return RequestOutcomeUnknownError(
            f"{died} while committing transaction {transaction}: whether it was committed is unknown; "
            f"it was not sent again.{after.rstrip(';') + '.' if after else ''}"
        )
    if transaction is not None:
        return TransactionLostError(
            f"{died} during transaction {transaction}: the transaction was not committed (the database "
            f"rolled it back).{after} run the transaction again."
        )
    return RequestOutcomeUnknownError(
        f"{died} while handling {method} {path}: the request writes, and whether it was applied is "
        f"unknown, so it was not sent again (that could apply it twice).{after} read back before retrying."
    )
