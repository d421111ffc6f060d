"""Value types for the schema's ``Json`` and ``Bytes`` fields, Json null sentinels and field references.

``Json`` marks a Python value as a JSON document when it is sent (``Json({"a": 1})``, ``Json.keys(a=1)``);
values read back from the database are the decoded JSON values themselves. ``Base64`` holds binary data
as its base64 text, the form in which Prisma's JSON protocol carries ``Bytes``.

``JsonNull``, ``DbNull`` and ``AnyNull`` are Prisma's Json null sentinels: in writes ``JsonNull`` stores
a JSON ``null`` and ``DbNull`` stores SQL NULL (nullable Json fields only); in filters ``equals`` (or
``not``) ``JsonNull`` matches a JSON ``null``, ``DbNull`` an SQL NULL and ``AnyNull`` either.
``FieldRef(model, field)`` compares a field with another field of the same row (Prisma's
``prisma.<model>.fields.<field>``): ``where={"views": {"gt": FieldRef("Post", "likes")}}``.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

__all__ = ["AnyNull", "Base64", "DbNull", "FieldRef", "Json", "JsonNull", "JsonNullSentinel"]


class Json:
    """A JSON value to be stored in a ``Json`` field.

    Wrapping is needed where a bare value would be ambiguous (a ``dict`` may also be a filter or a
    nested write); as a pydantic field type it accepts any JSON value and yields it unwrapped.
    """

    __slots__ = ("data",)

    def __init__(self, data: Any) -> None:
        self.data = data

    @classmethod
    def keys(cls, **data: Any) -> Json:
        """``Json.keys(a=1)`` is ``Json({"a": 1})``, for documents whose keys are identifiers."""
        return cls(data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Json):
            return bool(self.data == other.data)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # wraps mutable data

    def __repr__(self) -> str:
        return f"Json({self.data!r})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _unwrap_json,
            serialization=core_schema.plain_serializer_function_ser_schema(_unwrap_json),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {}


def _unwrap_json(value: Any) -> Any:
    return value.data if isinstance(value, Json) else value


class Base64:
    """Binary data kept as its base64 text (the ``Bytes`` wire form), decoded only on request.

    ``Base64(b"aGVsbG8=")`` wraps text that is already base64; ``Base64.encode(b"hello")`` encodes raw
    bytes. Equal when the encoded text is equal; ``str()`` is the base64 text. As a pydantic field
    type it accepts ``Base64``, ``str`` or ``bytes`` (base64 text) and rejects text that is not base64.
    """

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes) -> None:
        self._raw = raw

    @classmethod
    def encode(cls, value: bytes) -> Base64:
        """Encode raw bytes."""
        return cls(base64.b64encode(value))

    @classmethod
    def fromb64(cls, value: str | bytes) -> Base64:
        """Wrap base64 text received from elsewhere (e.g. the engine)."""
        return cls(value.encode("ascii") if isinstance(value, str) else bytes(value))

    def decode(self) -> bytes:
        """The raw bytes."""
        return base64.b64decode(self._raw)

    def decode_str(self, encoding: str = "utf-8") -> str:
        """The raw bytes decoded as text."""
        return self.decode().decode(encoding)

    def __str__(self) -> str:
        return self._raw.decode("ascii")

    def __repr__(self) -> str:
        return f"Base64({self._raw!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Base64):
            return self._raw == other._raw
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._raw)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_base64,
            serialization=core_schema.plain_serializer_function_ser_schema(_serialize_base64, info_arg=True),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "format": "byte"}


def _validate_base64(value: Any) -> Base64:
    if isinstance(value, Base64):
        return value
    if isinstance(value, (str, bytes, bytearray)):
        try:
            raw = value.encode("ascii") if isinstance(value, str) else bytes(value)
            base64.b64decode(raw, validate=True)
        except (UnicodeEncodeError, binascii.Error) as exc:
            raise ValueError(f"invalid base64 data: {exc}") from None
        return Base64(raw)
    raise ValueError(f"expected Base64, str or bytes, got {type(value).__name__}")


def _serialize_base64(value: Base64, info: core_schema.SerializationInfo) -> Base64 | str:
    # Python-mode dumps keep the object so round trips preserve the type; JSON needs the text.
    return str(value) if info.mode_is_json() else value


class JsonNullSentinel:
    """One of Prisma's Json null values: `JsonNull`, `DbNull` or `AnyNull` (compare with `is`)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name

    def __reduce__(self) -> str:
        return self.name  # pickles as the module-level singleton


JsonNull = JsonNullSentinel("JsonNull")
DbNull = JsonNullSentinel("DbNull")
AnyNull = JsonNullSentinel("AnyNull")


class FieldRef:
    """A reference to a field of the filtered model, as a filter's operand.

    ``model`` is the model's name or its model class (``db.models.Post``); the field must have the same
    type as the field it is compared with.
    """

    __slots__ = ("field", "model")

    def __init__(self, model: str | type, field: str) -> None:
        self.model: str = model if isinstance(model, str) else str(getattr(model, "__prisma_model__", model.__name__))
        self.field = field

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FieldRef):
            return (self.model, self.field) == (other.model, other.field)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.model, self.field))

    def __repr__(self) -> str:
        return f"FieldRef({self.model!r}, {self.field!r})"
