"""The base classes every run-time model, partial and enum derives from."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    GetJsonSchemaHandler,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    model_serializer,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from prisma_dynamic.display.tables import record_html

if TYPE_CHECKING:
    from prisma_dynamic.models.registry import ModelRegistry

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
    __prisma_registry__: ClassVar[ModelRegistry]

    _count: dict[str, int] | None = PrivateAttr(default=None)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        # Pydantic initialises private attributes through a generic routine (defaults looked up and
        # deep-copied), wrapped once more by every subclass level: a third of the time of reading
        # 1,000 records. When `_count` is the only private attribute and no class defines its own
        # `model_post_init`, set it directly instead.
        if set(cls.__private_attributes__) == {"_count"} and _only_private_init(cls.model_post_init):
            cls.model_post_init = _init_count  # type: ignore[method-assign]
            cls.__pydantic_post_init__ = "model_post_init"

    @classmethod
    def prisma(cls, client: Any = None) -> Any:
        """The delegate of this model on `client` (or on the registered client), returning
        instances of this class."""
        if client is None:
            from prisma_dynamic.client.registry import get_client

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


def _init_count(self: BaseModel, context: Any, /) -> None:
    if getattr(self, "__pydantic_private__", None) is None:
        object.__setattr__(self, "__pydantic_private__", {"_count": None})


def _only_private_init(post_init: Any) -> bool:
    """Whether `post_init` only initialises private attributes: pydantic's routine or ours, each
    possibly wrapped (`functools.wraps`) by pydantic for a subclass, and nothing of a user's."""
    from pydantic._internal._model_construction import init_private_attributes

    seen = 0
    while post_init is not None and seen < 64:
        function = getattr(post_init, "__func__", post_init)
        if function is init_private_attributes or function is _init_count:
            return True
        code = getattr(function, "__code__", None)
        if code is None or code.co_name != "wrapped_model_post_init":  # (`wraps` renames it, not its code)
            return False
        post_init = getattr(function, "__wrapped__", None)
        seen += 1
    return False


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
