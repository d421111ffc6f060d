"""References to query-schema types by name, and the names Prisma gives a model's types.

Each name is spelled once here, so the parts of the query schema that refer to one another
(a Query field's arguments, a relation field's arguments, a model's aggregate types) agree.

The references and arguments are immutable, so one instance serves every place (and every
schema) that names the same type: building the civitai schema makes some 30 000 of them, and
reusing them is most of what keeps the build fast. The caches are bounded.
"""

from __future__ import annotations

from functools import lru_cache

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema.types import InputField, Namespace, TypeRef

_CACHED = 1 << 14


@lru_cache(maxsize=_CACHED)
def scalar(name: str, *, is_list: bool = False) -> TypeRef:
    return TypeRef(name, "scalar", is_list)


@lru_cache(maxsize=_CACHED)
def input_object(name: str, *, is_list: bool = False) -> TypeRef:
    return TypeRef(name, "inputObjectTypes", is_list, "prisma")


@lru_cache(maxsize=_CACHED)
def output_object(name: str, namespace: Namespace, *, is_list: bool = False) -> TypeRef:
    return TypeRef(name, "outputObjectTypes", is_list, namespace)


@lru_cache(maxsize=_CACHED)
def enum(name: str, namespace: Namespace, *, is_list: bool = False) -> TypeRef:
    return TypeRef(name, "enumTypes", is_list, namespace)


@lru_cache(maxsize=_CACHED)
def one_or_many(ref: TypeRef, *, list_first: bool = True) -> tuple[TypeRef, ...]:
    """A value given as one or as a list (Prisma writes the two orders in different places)."""
    many = TypeRef(ref.type, ref.location, True, ref.namespace)
    return (many, ref) if list_first else (ref, many)


@lru_cache(maxsize=_CACHED)
def arg(name: str, *types: TypeRef, required: bool = False) -> InputField:
    return InputField(name, types, is_required=required)


def field_type(schema: ir.Schema, field: ir.Field) -> TypeRef:
    """The output type of a model field: a scalar, one of the schema's enums, a composite type or
    a related model."""
    if field.kind == "enum":
        return enum(field.type, "model", is_list=field.is_list)
    if field.kind in ("relation", "composite"):
        return output_object(field.type, "model", is_list=field.is_list)
    return scalar(field.type, is_list=field.is_list)


# ---- the names of a model's types -------------------------------------------------------------
# Prisma writes the model name as it is in input type names (`api_keysWhereInput`) and with its
# first letter in upper case in enum and aggregate type names (`Api_keysScalarFieldEnum`).


def capitalized(model: str) -> str:
    return model[:1].upper() + model[1:]


def where_input(model: str) -> str:
    return f"{model}WhereInput"


def where_unique_input(model: str) -> str:
    return f"{model}WhereUniqueInput"


def order_by_with_relation_input(model: str) -> str:
    return f"{model}OrderByWithRelationInput"


def order_by_with_aggregation_input(model: str) -> str:
    return f"{model}OrderByWithAggregationInput"


def scalar_where_with_aggregates_input(model: str) -> str:
    return f"{model}ScalarWhereWithAggregatesInput"


def create_input(model: str, *, unchecked: bool = False) -> str:
    """`UserCreateInput`; unchecked (foreign keys written as scalars): `UserUncheckedCreateInput`."""
    return f"{model}UncheckedCreateInput" if unchecked else f"{model}CreateInput"


def update_input(model: str, *, unchecked: bool = False) -> str:
    return f"{model}UncheckedUpdateInput" if unchecked else f"{model}UpdateInput"


def create_many_input(model: str) -> str:
    return f"{model}CreateManyInput"


def update_many_input(model: str, *, unchecked: bool = False) -> str:
    return f"{model}UncheckedUpdateManyInput" if unchecked else f"{model}UpdateManyMutationInput"


def scalar_field_enum(model: str) -> str:
    return f"{capitalized(model)}ScalarFieldEnum"


def count_output_type(model: str) -> str:
    return f"{capitalized(model)}CountOutputType"


def aggregate_output_type(model: str, aggregate: str) -> str:
    """`UserCountAggregateOutputType` for aggregate `Count` (`Count`, `Avg`, `Sum`, `Min`, `Max`)."""
    return f"{capitalized(model)}{aggregate}AggregateOutputType"


def aggregate_type(model: str) -> str:
    return f"Aggregate{capitalized(model)}"


def group_by_output_type(model: str) -> str:
    return f"{capitalized(model)}GroupByOutputType"
