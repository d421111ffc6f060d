"""What every input module works from: the build context, the registry, and the fields of each
model as the query schema sees them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema.context import BuildContext
from prisma_dynamic.schema.query_schema.inputs.registry import InputRegistry
from prisma_dynamic.schema.query_schema.types import InputField, TypeRef

NUMERIC_TYPES = frozenset({"Int", "BigInt", "Float", "Decimal"})


@cache
def capitalize(name: str) -> str:
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class ModelFields:
    """A model's fields as the query schema sees them: scalars and enums first, then relations, in
    schema order; ignored and `Unsupported` fields are not part of any input."""

    model: ir.Model
    scalars: tuple[ir.Field, ...]
    relations: tuple[ir.Field, ...]

    @property
    def all(self) -> tuple[ir.Field, ...]:
        return self.scalars + self.relations

    @cached_property
    def id_fields(self) -> tuple[str, ...]:
        return self.model.primary_key.field_names if self.model.primary_key is not None else ()

    @cached_property
    def supports_create(self) -> bool:
        """A required `Unsupported` field without a default cannot be written, so no record can be
        created through the client."""
        return not any(
            f.kind == "unsupported" and f.is_required and f.default is None and not f.is_list for f in self.model.fields
        )


class InputBuilder:
    def __init__(self, context: BuildContext) -> None:
        self.context = context
        self.schema = context.schema
        self.connector = context.connector
        self.registry = InputRegistry()
        self._fields: dict[str, ModelFields] = {}
        self._opposites: dict[tuple[str, str], ir.Field] = {}
        self._inlined: dict[tuple[str, str], bool] = {}

    # ---- the datamodel, as the query schema sees it ----------------------------------------
    def fields_of(self, model: ir.Model) -> ModelFields:
        found = self._fields.get(model.name)
        if found is None:
            visible = [f for f in model.fields if not f.is_ignored]
            scalars = tuple(f for f in visible if f.is_scalar_like)
            relations = tuple(f for f in visible if f.is_relation and not self.schema.model(f.type).is_ignored)
            found = self._fields[model.name] = ModelFields(model, scalars, relations)
        return found

    def related_model(self, field: ir.Field) -> ir.Model:
        return self.schema.model(field.type)

    def opposite(self, model: ir.Model, field: ir.Field) -> ir.Field:
        """The relation field on the other side of `field` (both sides exist in a valid schema)."""
        key = (model.name, field.name)
        other = self._opposites.get(key)
        if other is None:
            other = self.schema.opposite_field(model.name, field.name)
            assert other is not None, f"{model.name}.{field.name} has no opposite relation field"
            self._opposites[key] = other
        return other

    def is_inlined(self, model: ir.Model, field: ir.Field) -> bool:
        """Whether the relation's foreign key lives on `model` (the side with `fields:`)."""
        key = (model.name, field.name)
        inlined = self._inlined.get(key)
        if inlined is None:
            inlined = self._inlined[key] = self.schema.holds_foreign_key(model.name, field.name)
        return inlined

    def linking_fields(self, model: ir.Model, field: ir.Field) -> tuple[str, ...]:
        """The scalars of `model` that hold `field`'s foreign key (none on the other side)."""
        if not self.is_inlined(model, field):
            return ()
        return self.schema.relation_of(model.name, field.name).fields

    def is_many_to_many(self, model: ir.Model, field: ir.Field) -> bool:
        return self.schema.relation_of(model.name, field.name).is_implicit_many_to_many

    # ---- value types --------------------------------------------------------------------------
    def scalar_type(self, field: ir.Field, *, is_list: bool | None = None) -> TypeRef:
        """The type of a field's value: a scalar, or a schema enum."""
        listed = field.is_list if is_list is None else is_list
        return self.type_named(field.type, is_enum=field.kind == "enum", is_list=listed)

    @staticmethod
    @cache
    def type_named(name: str, *, is_enum: bool = False, is_list: bool = False) -> TypeRef:
        if is_enum:
            return TypeRef(name, "enumTypes", is_list=is_list, namespace="model")
        return TypeRef(name, "scalar", is_list=is_list)

    @cached_property
    def can_full_text_search(self) -> bool:
        """`search` in String filters and `_relevance` in order-by (MySQL always; PostgreSQL
        behind its preview feature)."""
        mode = self.connector.full_text_search
        if mode == "with_index":
            return True
        preview = self.connector.full_text_search_preview
        return mode == "without_index" and preview is not None and preview in self.context.preview_features


# One object per input field value: civitai's input types make 58 000 fields of 28 000 values (the
# `id` of many models' create inputs, a relation's `where` in several nested inputs). Each object
# the query schema keeps is scanned by the cyclic collector (named tuples stay tracked) and is one
# more dict in its JSON. Equal fields are interchangeable, whichever schema made them; the table is
# emptied when it grows large, as the bounded caches of `refs`.
_INTERNED: dict[InputField, InputField] = {}
_INTERNED_MAX = 1 << 17


def field(
    name: str,
    *types: TypeRef,
    required: bool = False,
    nullable: bool = False,
) -> InputField:
    """An input field; Prisma's `Null` type is added by the field's JSON when it is nullable."""
    # `tuple.__new__` skips the named tuple's `__new__`, a Python function: 60 000 calls on civitai.
    made = tuple.__new__(InputField, (name, types, required, nullable, None))
    if len(_INTERNED) >= _INTERNED_MAX:
        _INTERNED.clear()
    return _INTERNED.setdefault(made, made)


def list_union(typ: TypeRef, many: bool) -> tuple[TypeRef, ...]:
    """`T` or, for a to-many relation, `T | T[]`."""
    return (typ, as_list(typ)) if many else (typ,)


@lru_cache(maxsize=4096)
def as_list(typ: TypeRef) -> TypeRef:
    return TypeRef(typ.type, typ.location, True, typ.namespace)
