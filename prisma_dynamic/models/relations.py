"""Relation fields whose target class is looked up when a value arrives, not when the class is built.

Building a model's pydantic schema with its related models inlined would pull in every model
reachable through relations (most of a large schema) the first time any model is touched; a
relation field instead validates through its target class on demand, so each class costs only
its own fields.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from prisma_dynamic.models.list_validation import records_validator

__all__ = ["RelationList", "RelationTarget"]

# The models whose JSON schema is being written in this context (see `__get_pydantic_json_schema__`).
_writing: ContextVar[frozenset[str]] = ContextVar("prisma_dynamic_json_schema_writing", default=frozenset())


class RelationTarget:
    """Annotation metadata: the value is an instance of the related model's class (a dict is
    validated into `resolve()`; any instance of `accepts()` is kept as it is, so partial and
    selected classes of the same model pass through)."""

    __slots__ = ("_accepted", "accepts", "resolve")

    def __init__(self, resolve: Callable[[], type[Any]], accepts: Callable[[], type[Any]]) -> None:
        self.resolve = resolve
        self.accepts = accepts
        self._accepted: type[Any] | None = None

    def accepted(self) -> type[Any]:
        """The class whose instances are kept as they are (a model's base class, made once per
        registry), looked up on the first record only."""
        accepted = self._accepted
        if accepted is None:
            accepted = self._accepted = self.accepts()
        return accepted

    def _validate(self, value: Any) -> Any:
        if isinstance(value, self.accepted()):
            return value
        return self.resolve().model_validate(value)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        # No serializer is given: pydantic then serializes the instance by its own class, in
        # Python or JSON mode as the caller asked.
        return core_schema.no_info_plain_validator_function(self._validate)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # A `$ref` to the related model's own schema, which pydantic adds to the document's
        # definitions. Relations are cycles (User.posts -> Post.author -> User): a model whose
        # schema is being written already is referred to without being written again.
        model_schema = self.resolve().__pydantic_core_schema__
        ref = model_schema.get("ref")
        # `handler(...)` would write the model inline; the generator itself files it under its ref.
        generator = getattr(handler, "generate_json_schema", None)
        if ref is None or generator is None:
            return handler(model_schema)
        writing = _writing.get()
        if ref in writing:
            referred: JsonSchemaValue = generator.generate_inner(core_schema.definition_reference_schema(ref))
            return referred
        token = _writing.set(writing | {ref})
        try:
            written: JsonSchemaValue = generator.generate_inner(model_schema)
            return written
        finally:
            _writing.reset(token)


class RelationList:
    """Annotation metadata of a to-many relation field: its list validated as a whole. The
    decoder gives it instances it made already, or records with nothing to decode: one C-level
    pass checks the instances, one validator call parses the records, where a validator per
    record was a Python call per record (1000 for 100 authors' 10 posts)."""

    __slots__ = ("_records", "item")

    def __init__(self, item: RelationTarget) -> None:
        self.item = item
        self._records: Callable[[Any], list[Any]] | None = None

    def records(self) -> Callable[[Any], list[Any]]:
        """The validator of a list of records of the related class, looked up on the first list."""
        records = self._records
        if records is None:
            records = self._records = records_validator(self.item.resolve())
        return records

    def _validate(self, value: Any) -> Any:
        if type(value) is list:
            if set(map(type, value)) == {dict}:
                # Records (the decoder's, when they hold nothing to decode): one call for all.
                return self.records()(value)
            if all(map(self.item.accepted().__instancecheck__, value)):
                return value.copy()  # a list of its own, as pydantic's list validation gives
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"Input should be a valid list of records, got {type(value).__name__}")
        return [self.item._validate(item) for item in value]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(self._validate)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "array", "items": self.item.__get_pydantic_json_schema__(schema, handler)}
