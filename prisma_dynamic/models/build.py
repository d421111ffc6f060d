"""Turning IR fields into pydantic field definitions and classes."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Optional, TypeVar

from pydantic import BaseModel, BeforeValidator, Field, create_model

from prisma_dynamic.models.relations import RelationList, RelationTarget
from prisma_dynamic.models.scalars import python_type
from prisma_dynamic.schema import ir

__all__ = ["FieldSpec", "build_class", "scalar_element_type"]

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field as a class declares it: the IR field, whether the class requires it, and for a
    relation the class its records are parsed into."""

    field: ir.Field
    required: bool
    target: RelationTarget | None = None


def _none_to_empty(value: Any) -> Any:
    # Prisma returns no value for an empty scalar list on some databases; the field is a list.
    return [] if value is None else value


def _annotation(spec: FieldSpec, element_type: Callable[[ir.Field], Any]) -> tuple[Any, Any]:
    field = spec.field
    annotation: Any
    if spec.target is not None:
        # A to-many relation's list is validated as a whole (`RelationList`), not record by record.
        annotation = Annotated[list[Any], RelationList(spec.target)] if field.is_list else Annotated[Any, spec.target]
    else:
        element: Any = element_type(field)
        annotation = list[element] if field.is_list else element
    description = field.documentation
    if spec.required:
        if field.is_list and field.kind != "relation":
            annotation = Annotated[annotation, BeforeValidator(_none_to_empty)]
        return annotation, Field(..., description=description)
    return Optional[annotation], Field(None, description=description)  # noqa: UP045 (a run-time type)


def build_class(
    name: str,
    base: type[ModelT],
    specs: Iterable[FieldSpec],
    element_type: Callable[[ir.Field], Any],
    doc: str | None,
) -> type[ModelT]:
    """A pydantic class named `name` deriving from `base`, with one attribute per spec."""
    definitions: dict[str, Any] = {spec.field.name: _annotation(spec, element_type) for spec in specs}
    with warnings.catch_warnings():
        # Schema fields may be called `json`, `copy`, `schema`...: they shadow pydantic v1 aliases
        # that our models do not need.
        warnings.filterwarnings("ignore", message=r"Field name .* shadows an attribute", category=UserWarning)
        cls = create_model(name, __base__=base, __module__="prisma_dynamic.models", __doc__=doc, **definitions)
    return cls


def scalar_element_type(
    resolve_enum: Callable[[str], Any], resolve_composite: Callable[[str], Any]
) -> Callable[[ir.Field], Any]:
    """How a non-relation field's element type is found: scalars by name, enums and composite
    types through the registry."""

    def element(field: ir.Field) -> Any:
        if field.kind == "enum":
            return resolve_enum(field.type)
        if field.kind == "composite":
            return resolve_composite(field.type)
        return python_type(field.type) if field.kind == "scalar" else Any

    return element
