"""One validator call for a whole list of records of one class.

pydantic-core validates a list of dicts into instances in one call, the loop in Rust; a Python
call per record (`model_validate`) costs more than the validation itself for small records. Used
by the decoder for a level of records and by a to-many relation field for the records inside it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter

__all__ = ["records_validator"]

M = TypeVar("M", bound=BaseModel)

_validators: weakref.WeakKeyDictionary[type[BaseModel], Callable[[Any], list[Any]]] = weakref.WeakKeyDictionary()


def records_validator(cls: type[M]) -> Callable[[Any], list[M]]:
    """`cls`'s validator of a list of records, made once per class (weakly held: classes made
    for one schema go with it)."""
    validate = _validators.get(cls)
    if validate is None:
        # The core validator itself: `TypeAdapter.validate_python` is a Python wrapper around it,
        # a call per nested list (L reads 100 lists of posts).
        validate = _validators[cls] = TypeAdapter(list[cls]).validator.validate_python  # type: ignore[valid-type]
    return validate
