"""The query schema's input side: input object types, and the enum and field-reference types they use."""

from __future__ import annotations

from dataclasses import dataclass

from prisma_dynamic.schema.query_schema.context import BuildContext
from prisma_dynamic.schema.query_schema.types import EnumType, FieldRefType, InputObjectType


@dataclass(frozen=True)
class InputSection:
    input_object_types: tuple[InputObjectType, ...]
    enum_types: tuple[EnumType, ...]  # the `prisma` enums the inputs use (SortOrder, QueryMode, ...)
    field_ref_types: tuple[FieldRefType, ...]


def build_inputs(context: BuildContext) -> InputSection:
    return InputSection((), (), ())
