"""The contract between the engine's transport layer and the engine proper.

The HTTP application (:mod:`prisma_dynamic.engine.server`) and the embedded transport only ever call
an :class:`EngineCore`; how queries become SQL is the core's business. A core is built from the
engine's command-line namespace by a factory (``prisma_dynamic.engine.runtime:build_core``).

All bodies are plain JSON values (dicts, lists, str, int, float, bool, None): what the core returns
is sent as is, so it must not contain other types.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "READ_ACTIONS",
    "EngineCore",
    "EngineUserError",
    "foreign_key_violation",
    "record_not_found",
    "unique_violation",
]

# The JSON-protocol actions that only read (raw queries are not among them: their SQL may write).
READ_ACTIONS = frozenset(
    {"findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "aggregate", "groupBy"}
)


class EngineUserError(Exception):
    """An error the user caused (a Prisma ``P`` code); the client turns it into a ``DataError`` subclass.

    The HTTP app sends it as ``{"errors": [{"error": message, "user_facing_error": {"is_panic": false,
    "message": message, "meta": meta, "error_code": error_code}}]}`` with status 400. Any other
    exception leaving the core is an engine bug: logged, and sent as a 500 without a Prisma code.
    For an unknown or closed transaction, raise code ``P2028`` with a message starting
    ``"Transaction already closed"``.
    """

    def __init__(self, error_code: str, message: str, meta: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.error_code = error_code
        self.message = message
        self.meta: dict[str, Any] = dict(meta or {})

    def to_json(self) -> dict[str, Any]:
        """The engine's wire form of this error (one entry of ``"errors"``)."""
        return {
            "error": self.message,
            "user_facing_error": {
                "is_panic": False,
                "message": self.message,
                "meta": self.meta,
                "error_code": self.error_code,
            },
        }


# Prisma's texts for the errors that user code most often matches on (its error reference), built
# in one place so that every driver and write path says them alike.


def unique_violation(target: list[str], constraint: str | None = None) -> EngineUserError:
    """P2002; `meta.target` lists the fields (Prisma Client Python reads it)."""
    shown = f"constraint: `{constraint}`" if constraint else "fields: (" + ", ".join(f"`{f}`" for f in target) + ")"
    return EngineUserError("P2002", f"Unique constraint failed on the {shown}", {"target": target})


def foreign_key_violation(field_name: str) -> EngineUserError:
    """P2003; `meta.field_name` is the foreign key (its constraint name where the database gives one)."""
    return EngineUserError(
        "P2003", f"Foreign key constraint failed on the field: `{field_name}`", {"field_name": field_name}
    )


def record_not_found(cause: str, model: str) -> EngineUserError:
    """P2025; `meta.cause` says which record was missing."""
    return EngineUserError(
        "P2025",
        "An operation failed because it depends on one or more records that were required but not found. " + cause,
        {"cause": cause, "modelName": model},
    )


@runtime_checkable
class EngineCore(Protocol):
    """What the engine must provide. Methods are called concurrently from one event loop."""

    async def start(self) -> None:
        """Open database connections; called once before any other method. Failing here fails
        the engine start (the exception is reported on stderr)."""

    async def stop(self) -> None:
        """Close database connections and roll back open transactions; called once, last."""

    async def execute(self, body: dict[str, Any], tx_id: str | None) -> dict[str, Any]:
        """Run one JSON-protocol request and return its result.

        ``body`` is a query ``{"modelName": ..., "action": ..., "query": {"arguments": ...,
        "selection": ...}}`` answered with ``{"data": ...}``, or a batch ``{"batch": [query, ...],
        "transaction": {"isolationLevel": ...}?}`` answered with ``{"batchResult": [{"data": ...}
        | {"errors": [...]}, ...]}``. ``tx_id`` is the interactive transaction the request belongs to.
        Raises :class:`EngineUserError` for errors the user caused.
        """
        ...

    async def start_transaction(self, max_wait_ms: int, timeout_ms: int, isolation_level: str | None) -> str:
        """Begin an interactive transaction and return its id.

        ``max_wait_ms``: how long to wait for a connection; ``timeout_ms``: how long the transaction
        may live before the core rolls it back; ``isolation_level``: a Prisma level name such as
        ``"Serializable"``, or None for the database default.
        """
        ...

    async def commit_transaction(self, tx_id: str) -> None:
        """Commit; raise ``EngineUserError("P2028", "Transaction already closed: ...")`` when unknown."""

    async def rollback_transaction(self, tx_id: str) -> None:
        """Roll back; same error as :meth:`commit_transaction` when the id is unknown."""

    def metrics(self) -> dict[str, Any]:
        """``{"counters": [...], "gauges": [...], "histograms": [...]}`` as Prisma's engine reports them;
        each entry ``{"key", "labels", "value", "description"}``."""
        ...
