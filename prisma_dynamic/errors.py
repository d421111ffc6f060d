"""Every exception prisma-dynamic raises, in one hierarchy (the names Prisma Client Python used).

```
PrismaError
├── ClientNotRegisteredError, ClientAlreadyRegisteredError, ClientNotConnectedError, HTTPClientClosedError
├── UnsupportedDatabaseError
├── SchemaError                     the schema file is invalid (.diagnostics)
├── DataError                       the engine refused a query (.data .code .meta)
│   ├── UniqueViolationError        P2002
│   ├── ForeignKeyViolationError    P2003
│   ├── FieldNotFoundError          P2009 / meta.kind Unknown{Argument,InputField,SelectionField}
│   ├── RawQueryError               P2010
│   ├── MissingRequiredValueError   P2012 / "A value is required but not set"
│   ├── InputError                  P2019
│   ├── TableNotFoundError          P2021
│   ├── RecordNotFoundError         P2025
│   └── QueryValidationError        bad query arguments found before sending (.path), P2009; its
│                                   subclasses are also FieldNotFoundError, MissingRequiredValueError,
│                                   InputError, UnknownRelationalFieldError (as PCP raised them)
├── TransactionError                P2028
│   ├── TransactionExpiredError
│   ├── TransactionLostError        the engine died mid-transaction (also an EngineConnectionError)
│   └── TransactionNotStartedError
├── BuilderError ⊃ InvalidModelError, UnknownModelError, UnknownRelationalFieldError
├── GeneratorError ⊃ UnsupportedListTypeError
└── EngineError ⊃ BinaryNotFoundError, AlreadyConnectedError, NotConnectedError,
    MismatchedVersionsError, EngineConnectionError ⊃ RequestOutcomeUnknownError,
    EngineRequestError ⊃ UnprocessableEntityError
PrismaWarning ⊃ UnsupportedSubclassWarning
```

The engine reports errors as ``{"errors": [{"error": text, "user_facing_error": {"error_code": "P2002",
"message": ..., "meta": {...}}}]}``; :func:`error_from_response` turns such a body into one of these.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from prisma_dynamic.schema.diagnostics import Diagnostic, render_all

__all__ = [
    "AlreadyConnectedError",
    "BinaryNotFoundError",
    "BuilderError",
    "ClientAlreadyRegisteredError",
    "ClientNotConnectedError",
    "ClientNotRegisteredError",
    "DataError",
    "EngineConnectionError",
    "EngineError",
    "EngineRequestError",
    "FieldNotFoundError",
    "ForeignKeyViolationError",
    "GeneratorError",
    "HTTPClientClosedError",
    "InputError",
    "InvalidModelError",
    "MismatchedVersionsError",
    "MissingRequiredValueError",
    "NotConnectedError",
    "PrismaError",
    "PrismaWarning",
    "QueryFieldNotFoundError",
    "QueryInputError",
    "QueryMissingValueError",
    "QueryUnknownRelationError",
    "QueryValidationError",
    "RawQueryError",
    "RecordNotFoundError",
    "RequestOutcomeUnknownError",
    "SchemaError",
    "TableNotFoundError",
    "TransactionError",
    "TransactionExpiredError",
    "TransactionLostError",
    "TransactionNotStartedError",
    "UniqueViolationError",
    "UnknownModelError",
    "UnknownRelationalFieldError",
    "UnprocessableEntityError",
    "UnsupportedDatabaseError",
    "UnsupportedListTypeError",
    "UnsupportedSubclassWarning",
    "error_from_response",
]


class PrismaError(Exception):
    """Base class of every error raised by prisma-dynamic."""


# --- client state -------------------------------------------------------------------------------


class ClientNotRegisteredError(PrismaError):
    """``get_client()`` (or ``Model.prisma()`` without a client) was called before ``register()``."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "No client instance registered; you must call prisma_dynamic.register()")


class ClientAlreadyRegisteredError(PrismaError):
    """``register()`` was called a second time in the same process."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "A client has already been registered")


class ClientNotConnectedError(PrismaError):
    """A query was made on a client whose ``connect()`` has not been called (or was undone)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "Client is not connected to the query engine, you must call `connect()`")


class HTTPClientClosedError(PrismaError):
    """A request was made on an HTTP session that has already been closed."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "Cannot make a request from a closed client")


class UnsupportedDatabaseError(PrismaError):
    """A feature was used on a database that does not provide it (``context`` names the feature)."""

    def __init__(self, database: str, context: str) -> None:
        super().__init__(f"{context} is not supported by {database}")
        self.database = database
        self.context = context


class SchemaError(PrismaError):
    """The schema is invalid; `.diagnostics` holds every problem found, errors and warnings."""

    def __init__(self, diagnostics: Iterable[Diagnostic], sources: Mapping[str, str] | None = None) -> None:
        self.diagnostics = tuple(diagnostics)
        self.sources = dict(sources or {})
        errors = [d for d in self.diagnostics if d.severity == "error"]
        count = len(errors)
        summary = f"{count} error{'s' if count != 1 else ''} in the Prisma schema"
        super().__init__(f"{summary}\n\n{render_all(errors, self.sources)}")

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    def with_sources(self, sources: Mapping[str, str]) -> SchemaError:
        return SchemaError(self.diagnostics, sources)


# --- errors reported by the engine for a query --------------------------------------------------


class DataError(PrismaError):
    """The engine refused a query with a user-facing error (a Prisma ``P`` code).

    ``data`` is the engine's error entry (``{"error": ..., "user_facing_error": {...}}``); ``code`` and
    ``meta`` come from its ``user_facing_error``. Raised as such for codes without a subclass below.
    """

    def __init__(self, data: Any, *, message: str | None = None) -> None:
        self.data = data
        user_facing = _user_facing(data)
        code = user_facing.get("error_code")
        meta = user_facing.get("meta")
        self.code: str | None = code if isinstance(code, str) else None
        self.meta: dict[str, Any] = dict(meta) if isinstance(meta, Mapping) else {}
        if message is None:
            text = user_facing.get("message")
            message = text if isinstance(text, str) else str(data)
        super().__init__(message)


class UniqueViolationError(DataError):
    """P2002: a create or update would duplicate a value of a unique field or index."""


class ForeignKeyViolationError(DataError):
    """P2003: a write would break a foreign key (a related record is missing or still referenced)."""


class FieldNotFoundError(DataError):
    """P2009 (or ``meta.kind`` UnknownArgument/UnknownInputField/UnknownSelectionField): a field or
    argument named in the query does not exist on the model."""


class RawQueryError(DataError):
    """P2010: the database rejected a raw query; the message is the database's own."""

    def __init__(self, data: Any, *, message: str | None = None) -> None:
        if message is None:
            meta = _user_facing(data).get("meta")
            if isinstance(meta, Mapping) and isinstance(meta.get("message"), str):
                message = meta["message"]
        super().__init__(data, message=message)


class MissingRequiredValueError(DataError):
    """P2012 (or "A value is required but not set"): a required field got no value."""


class InputError(DataError):
    """P2019: the input value of a field is invalid for its type."""


class TableNotFoundError(DataError):
    """P2021: the table of a model does not exist in the database (``table`` names it)."""

    def __init__(self, data: Any, *, message: str | None = None) -> None:
        super().__init__(data, message=message)
        table = self.meta.get("table")
        self.table: str | None = table if isinstance(table, str) else None


class RecordNotFoundError(DataError):
    """P2025: a record that the operation depends on was not found (e.g. a nested ``connect``)."""


# --- transactions -------------------------------------------------------------------------------


class TransactionError(PrismaError):
    """P2028: the engine could not run a transaction operation (start, commit, rollback or a query
    inside it)."""


class TransactionExpiredError(TransactionError):
    """The transaction was already closed by the engine (timed out, committed or rolled back) when it
    was used."""


class TransactionNotStartedError(TransactionError):
    """``commit()`` or ``rollback()`` was called on a transaction manager before ``start()``."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "Transaction has not been started yet; call `start()` first")


# --- query builder and generator ----------------------------------------------------------------


class BuilderError(PrismaError):
    """The client could not build a query from the given models or arguments."""


class InvalidModelError(BuilderError):
    """A class given to the query builder is not a model of this schema."""


class UnknownModelError(BuilderError):
    """A model name is not defined by the schema."""

    def __init__(self, model: str) -> None:
        super().__init__(f"Model: {model!r} does not exist.")
        self.model = model


class UnknownRelationalFieldError(BuilderError):
    """An ``include`` names a field that is not a relation of the model."""

    def __init__(self, model: str, field: str) -> None:
        super().__init__(f"Field: {field!r} either does not exist or is not a relational field on the {model} model")
        self.model = model
        self.field = field


# --- problems found before anything reaches the engine ------------------------------------------


class QueryValidationError(DataError):
    """The arguments of a query are invalid; found by the client, before the query is sent.

    ``path`` locates the bad value inside the arguments, e.g. ``"where.author.is.emial"``. It is a
    :class:`DataError` with code P2009 (Prisma's "failed to validate the query"), as the engine of
    Prisma Client Python reported these; the subclasses below are also the class that client raised
    for that kind of problem, so code written for it catches them unchanged.
    """

    def __init__(self, message: str, path: str = "") -> None:
        text = f"{path}: {message}" if path else message
        meta = {"query_validation_error": message, "query_position": path}
        entry = {"error": text, "user_facing_error": {"error_code": "P2009", "message": text, "meta": meta}}
        # not super().__init__: the second base of a subclass may take other arguments
        self.data = entry
        self.code = "P2009"
        self.meta = dict(meta)
        self.path = path
        Exception.__init__(self, text)


class QueryFieldNotFoundError(QueryValidationError, FieldNotFoundError):
    """An unknown field or argument (Prisma Client Python: :class:`FieldNotFoundError`)."""


class QueryMissingValueError(QueryValidationError, MissingRequiredValueError):
    """A required value is missing or None (Prisma Client Python: :class:`MissingRequiredValueError`)."""


class QueryInputError(QueryValidationError, InputError):
    """Arguments that contradict each other (Prisma Client Python: :class:`InputError`)."""


class QueryUnknownRelationError(QueryValidationError, UnknownRelationalFieldError):
    """An ``include`` of a field that is not a relation of the model (Prisma Client Python:
    :class:`UnknownRelationalFieldError`); ``model`` and ``field`` name them."""

    def __init__(self, message: str, path: str = "", *, model: str = "", field: str = "") -> None:
        super().__init__(message, path)
        self.model = model
        self.field = field


class GeneratorError(PrismaError):
    """The schema's generator options, or a partial type definition, cannot be honoured."""


class UnsupportedListTypeError(GeneratorError):
    """A list field uses a type the database cannot store as a list."""

    def __init__(self, type_name: str) -> None:
        super().__init__(f"Cannot use {type_name} as a list yet; which is not supported by the database.")
        self.type = type_name


# --- the engine process and its HTTP connection -------------------------------------------------


class EngineError(PrismaError):
    """Base class of the errors about the query engine itself rather than about a query."""


class BinaryNotFoundError(EngineError):
    """The engine could not be found. Kept for API compatibility: our engine is Python code."""


class AlreadyConnectedError(EngineError):
    """``connect()`` was called on a client or transport that is already connected."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "Already connected to the query engine")


class NotConnectedError(EngineError):
    """A request was made on a transport that is not connected (or was closed)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "Not connected to the query engine")


class MismatchedVersionsError(EngineError):
    """The engine answering is not the version the client expects."""

    def __init__(self, *, expected: str, got: str) -> None:
        super().__init__(f"Expected query engine version `{expected}` but got `{got}`")
        self.expected = expected
        self.got = got


class EngineConnectionError(EngineError):
    """The engine could not be started, did not become ready in time, or died and could not be
    restarted. The message includes what the engine wrote to stderr when that is known."""


# Raised by the HTTP transports when the engine process dies with a request in flight.
class RequestOutcomeUnknownError(EngineConnectionError):
    """The engine died after a write (or batch, or commit) may have reached it: whether it was applied
    is unknown, so it was not sent again (that could apply it twice). The engine has been restarted;
    read back before retrying."""


class TransactionLostError(TransactionError, EngineConnectionError):
    """The engine died during an interactive transaction: the database rolled it back (it was never
    committed). The engine has been restarted; run the transaction again."""


class EngineRequestError(EngineError):
    """The engine answered a request with something that is not a user-facing error: an HTTP error
    without a Prisma code (refused token, unknown route, internal engine error) or an unreadable body.

    ``response`` is the HTTP response object when there was one; ``body`` the raw text;
    ``status_code`` the HTTP status when known.
    """

    def __init__(
        self,
        response: Any,
        body: str,
        *,
        status_code: int | None = None,
        message: str | None = None,
    ) -> None:
        if status_code is None:
            candidate = getattr(response, "status_code", None)
            status_code = candidate if isinstance(candidate, int) else None
        self.response = response
        self.body = body
        self.status_code = status_code
        text = message or body
        super().__init__(f"{status_code}: {text}" if status_code is not None else text)


class UnprocessableEntityError(EngineRequestError):
    """HTTP 422: the engine could not read the request body (not a JSON object of the expected shape)."""


# --- warnings -----------------------------------------------------------------------------------


class PrismaWarning(Warning):
    """Base class of the warnings emitted by prisma-dynamic."""


class UnsupportedSubclassWarning(PrismaWarning):
    """A model subclass defines something the query builder cannot honour."""


# --- mapping engine error bodies to exceptions --------------------------------------------------

_CODE_ERRORS: dict[str, type[DataError]] = {
    "P2002": UniqueViolationError,
    "P2003": ForeignKeyViolationError,
    "P2009": FieldNotFoundError,
    "P2010": RawQueryError,
    "P2012": MissingRequiredValueError,
    "P2019": InputError,
    "P2021": TableNotFoundError,
    "P2025": RecordNotFoundError,
}

# The engine reports unknown fields under several codes; the kind is the more precise signal.
_META_KIND_ERRORS: dict[str, type[DataError]] = {
    "UnknownArgument": FieldNotFoundError,
    "UnknownInputField": FieldNotFoundError,
    "UnknownSelectionField": FieldNotFoundError,
}

_VALUE_REQUIRED = "A value is required but not set"
_TRANSACTION_CLOSED = "Transaction already closed"
_TRANSACTION_API_PREFIX = "Transaction API error: "


def _user_facing(data: Any) -> Mapping[str, Any]:
    if isinstance(data, Mapping):
        user_facing = data.get("user_facing_error")
        if isinstance(user_facing, Mapping):
            return user_facing
    return {}


def _error_entries(payload: Any) -> list[Mapping[str, Any]]:
    if isinstance(payload, Mapping):
        errors = payload.get("errors")
        if isinstance(errors, list):
            return [entry for entry in errors if isinstance(entry, Mapping)]
        if "user_facing_error" in payload:
            return [payload]
    return []


def _error_entries_loose(payload: Any) -> list[Mapping[str, Any]]:
    # Error bodies without Prisma codes (401, 404, 500) still carry a readable "error" text.
    if isinstance(payload, Mapping):
        errors = payload.get("errors")
        if isinstance(errors, list):
            return [entry for entry in errors if isinstance(entry, Mapping)]
        return [payload]
    return []


def _transaction_error(entry: Mapping[str, Any], user_facing: Mapping[str, Any]) -> TransactionError:
    raw = entry.get("error")
    text = raw if isinstance(raw, str) and raw else str(user_facing.get("message", ""))
    bare = text.removeprefix(_TRANSACTION_API_PREFIX)
    if bare.startswith(_TRANSACTION_CLOSED):
        return TransactionExpiredError(text)
    return TransactionError(text)


def _from_entry(entry: Mapping[str, Any]) -> PrismaError | None:
    user_facing = _user_facing(entry)
    code = user_facing.get("error_code")
    if not isinstance(code, str):
        return None
    if code == "P2028":
        return _transaction_error(entry, user_facing)
    message = user_facing.get("message")
    if isinstance(message, str) and _VALUE_REQUIRED in message:
        return MissingRequiredValueError(entry)
    meta = user_facing.get("meta")
    kind = meta.get("kind") if isinstance(meta, Mapping) else None
    error_class = _META_KIND_ERRORS.get(kind) if isinstance(kind, str) else None
    if error_class is None:
        error_class = _CODE_ERRORS.get(code, DataError)
    return error_class(entry)


def error_from_response(
    payload: Any,
    *,
    status_code: int | None = None,
    response: Any = None,
) -> PrismaError:
    """Return the exception describing an engine error body (it is not raised here).

    ``payload`` is the decoded body ``{"errors": [...]}`` (a single error entry is accepted too). The
    first entry carrying a Prisma code decides, in this order: P2028 gives a
    :class:`TransactionError` (:class:`TransactionExpiredError` when the transaction was already
    closed); a "value is required" message gives :class:`MissingRequiredValueError`; then
    ``meta.kind``; then the code table; an unknown code gives :class:`DataError`. A body without any
    Prisma code gives :class:`EngineRequestError` (:class:`UnprocessableEntityError` for HTTP 422).
    """
    for entry in _error_entries(payload):
        error = _from_entry(entry)
        if error is not None:
            return error
    try:
        body = payload if isinstance(payload, str) else json.dumps(payload, default=repr)
    except (TypeError, ValueError):
        body = repr(payload)
    if status_code is None:
        candidate = getattr(response, "status_code", None)
        status_code = candidate if isinstance(candidate, int) else None
    texts = [entry["error"] for entry in _error_entries_loose(payload) if isinstance(entry.get("error"), str)]
    error_class = UnprocessableEntityError if status_code == 422 else EngineRequestError
    return error_class(response, body, status_code=status_code, message="; ".join(texts) or None)
