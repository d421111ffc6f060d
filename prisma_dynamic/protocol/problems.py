"""How the query builder reports bad arguments: the argument path, what was expected, a hint."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, NoReturn

from prisma_dynamic.errors import (
    QueryFieldNotFoundError,
    QueryInputError,
    QueryMissingValueError,
    QueryUnknownRelationError,
    QueryValidationError,
)

__all__ = ["conflict", "describe", "fail", "join", "missing", "not_found", "unknown_key", "unknown_relation"]

_SHOWN = 30  # a large model has hundreds of fields; the hint matters more than the list


def join(path: str, key: str | int) -> str:
    if type(key) is str:
        return f"{path}.{key}" if path else key
    return f"{path}[{key}]"


def describe(value: Any) -> str:
    """A short name of a value's type for messages: `str`, `int`, `None`, `dict`."""
    return "None" if value is None else type(value).__name__


def fail(path: str, message: str) -> NoReturn:
    raise QueryValidationError(message, path)


def missing(path: str, message: str) -> NoReturn:
    """A required value that is absent or None (a `MissingRequiredValueError` too)."""
    raise QueryMissingValueError(message, path)


def conflict(path: str, message: str) -> NoReturn:
    """Arguments that each are valid but not together (an `InputError` too)."""
    raise QueryInputError(message, path)


def not_found(field: str, enclosing: str, allowed: Iterable[str]) -> NoReturn:
    """A field that a model class declares but the model lacks, so it cannot be selected."""
    text = f"Field {field!r} not found in enclosing type {enclosing}"
    close = difflib.get_close_matches(field, sorted(allowed), n=1, cutoff=0.6)
    raise QueryFieldNotFoundError(text + (f" (did you mean {close[0]!r}?)" if close else ""), "select")


def unknown_relation(path: str, key: object, model: str, allowed: Iterable[str]) -> NoReturn:
    """An `include` of something that is not a relation of `model` (a model or a class of one), an
    `UnknownRelationalFieldError` too, in the words Prisma Client Python used."""
    text = f'Field: "{key}" either does not exist or is not a relational field on the {model} model'
    hint = _unknown_text(key, "relation", allowed).removeprefix(f"{key!r} is not a valid relation")
    raise QueryUnknownRelationError(text + hint, path, model=model, field=str(key))


def unknown_key(path: str, key: object, what: str, allowed: Iterable[str]) -> NoReturn:
    """An unknown field or argument at `path` (which ends with it), with the closest allowed spelling."""
    raise QueryFieldNotFoundError(_unknown_text(key, what, allowed), path)


def _unknown_text(key: object, what: str, allowed: Iterable[str]) -> str:
    choices = sorted(allowed)
    text = f"{key!r} is not a valid {what}"
    if isinstance(key, str):
        # The same word in another spelling first (`notIn` is `not_in`), then the closest one.
        lowered = {c.lower().replace("_", ""): c for c in choices}
        match = lowered.get(key.lower().replace("_", ""))
        close = [match] if match else difflib.get_close_matches(key, choices, n=1, cutoff=0.6)
        if close:
            text += f" (did you mean {close[0]!r}?)"
    if not choices:
        text += ". Nothing is accepted here."
    else:
        shown = ", ".join(choices[:_SHOWN]) + (", ..." if len(choices) > _SHOWN else "")
        text += f". Expected one of: {shown}."
    return text
