"""One value per schema object, built on first use and kept for the life of the process.

Schemas are frozen and cached by `load_schema`, so the object's identity names it; the schema is
kept beside the value so that an id reused after a schema is collected never answers with the
other schema's value. Two threads asking at once build once (double-checked under a lock).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from prisma_dynamic.schema import ir

__all__ = ["PerSchema"]

T = TypeVar("T")


class PerSchema(Generic[T]):
    """`build(schema)`, once per schema object: `per_schema(schema)` gives the value."""

    def __init__(self, build: Callable[[ir.Schema], T]) -> None:
        self._build = build
        self._built: dict[int, tuple[ir.Schema, T]] = {}
        self._lock = threading.Lock()

    def __call__(self, schema: ir.Schema) -> T:
        entry = self._built.get(id(schema))
        if entry is None or entry[0] is not schema:
            with self._lock:
                entry = self._built.get(id(schema))
                if entry is None or entry[0] is not schema:
                    entry = (schema, self._build(schema))
                    self._built[id(schema)] = entry
        return entry[1]
