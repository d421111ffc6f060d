"""The base classes every run-time model, partial and enum derives from."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Protocol

from pydantic import (
    BaseModel,
    ConfigDict,
    GetJsonSchemaHandler,
    SerializerFunctionWrapHandler,
    model_serializer,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from prisma_dynamic.display.tables import record_html
from prisma_dynamic.models.registration import get_client

__all__ = ["CountedModel", "PrismaComposite", "PrismaEnum", "PrismaModel"]

# Models are built from field names, as Prisma Client Python's were. Enum fields hold the enum's
# members (`user.role is Role.ADMIN`), where Prisma Client Python kept the plain string: a member
# is a `str` equal to that string, so code comparing with either keeps working; inputs accept both.
_CONFIG = ConfigDict(
    use_enum_values=False,
    arbitrary_types_allowed=True,
    populate_by_name=True,
    protected_namespaces=(),
)


class PartialMaker(Protocol):
    """What a model asks of the registry of its schema (`models.registry.ModelRegistry`, which
    builds the classes of this module's kinds, and so sits above it)."""

    def create_partial(self, model: str, name: str, **options: Any) -> type[PrismaModel]: ...


class PrismaEnum(str, enum.Enum):
    """A schema enum; each member's name is its value."""

    def __str__(self) -> str:
        return str(self.value)


class PrismaComposite(BaseModel):
    """A composite `type` block (MongoDB embedded documents)."""

    model_config = _CONFIG


class PrismaModel(BaseModel):
    """A schema model, one of its partials, or a user class derived from them.

    The schema model is named by `__prisma_model__`; the query builder selects the scalar fields
    the class declares, so a class with fewer fields reads fewer columns. Relation counts asked for
    with `include={"_count": ...}` are kept in `_count`.
    """

    model_config = _CONFIG

    __prisma_model__: ClassVar[str]
    __prisma_registry__: ClassVar[PartialMaker]

    # The relation counts, kept in the instance's `__pydantic_private__` slot (compared, copied and
    # pickled with it, as a private attribute's value is) but declared as a property, not as a
    # pydantic private attribute: a model with private attributes has pydantic call a Python
    # `model_post_init` for every record it validates (a fifth of the time of reading 1,000
    # records) only to set them; without, nothing runs per record and the slot stays None.
    @property
    def _count(self) -> dict[str, int] | None:
        private = self.__pydantic_private__
        return None if private is None else private.get("_count")

    @_count.setter
    def _count(self, counts: dict[str, int] | None) -> None:
        private = self.__pydantic_private__
        if private is None and counts is None:
            return  # (no counts is what an instance without any holds, so that they compare equal)
        if private is None:
            object.__setattr__(self, "__pydantic_private__", {"_count": counts})
        else:  # a subclass with private attributes of its own
            private["_count"] = counts

    @classmethod
    def prisma(cls, client: Any = None) -> Any:
        """The delegate of this model on `client` (or on the registered client), returning
        instances of this class."""
        if client is None:
            client = get_client()
        return client._make_delegate(cls.__prisma_model__).bind(cls)

    def _repr_html_(self) -> str:
        """A table in Jupyter: the schema type of each field in the header."""
        return record_html(self)

    @classmethod
    def create_partial(
        cls,
        name: str,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
        required: Iterable[str] | None = None,
        optional: Iterable[str] | None = None,
        relations: Mapping[str, str] | None = None,
        exclude_relational_fields: bool = False,
    ) -> type[PrismaModel]:
        """A class with a chosen subset of this model's fields, registered as `partials.<name>`."""
        return cls.__prisma_registry__.create_partial(
            cls.__prisma_model__,
            name,
            include=include,
            exclude=exclude,
            required=required,
            optional=optional,
            relations=relations,
            exclude_relational_fields=exclude_relational_fields,
        )


class CountedModel(PrismaModel):
    """Mixed into the class of records read with `_count`: pydantic keeps no field whose name
    starts with `_`, so the counts live in the private `_count` and this serializer writes them
    back under Prisma's key, in `model_dump()` and in JSON alike."""

    @model_serializer(mode="wrap")
    def _with_counts(self, handler: SerializerFunctionWrapHandler) -> Any:
        dumped = handler(self)
        if self._count is not None and isinstance(dumped, dict):
            dumped["_count"] = dict(self._count)
        return dumped

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        # The serializer above would make the serialization schema opaque: describe the fields
        # as pydantic would, plus `_count` (FastAPI response schemas read this).
        plain = handler({k: v for k, v in schema.items() if k != "serialization"})
        resolved = handler.resolve_ref_schema(plain)
        resolved.setdefault("properties", {})["_count"] = {
            "title": "Count",
            "type": "object",
            "additionalProperties": {"type": "integer"},
        }
        return plain
