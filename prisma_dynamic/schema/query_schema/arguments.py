"""Arguments shared by several output fields: reading many records, filtering a to-one relation,
choosing how relations are loaded."""

from __future__ import annotations

from functools import lru_cache

from prisma_dynamic.schema.query_schema import refs
from prisma_dynamic.schema.query_schema.types import InputField

RELATION_LOAD_STRATEGY = "RelationLoadStrategy"
RELATION_LOAD_STRATEGY_VALUES = ("query", "join")


@lru_cache(maxsize=4096)
def many_records(model: str, *, distinct: bool) -> tuple[InputField, ...]:
    """`where`, `orderBy`, `cursor`, `take`, `skip` (and `distinct`) of findMany, findFirst,
    aggregate and a to-many relation field."""
    args = [
        refs.arg("where", refs.input_object(refs.where_input(model))),
        refs.arg("orderBy", *refs.one_or_many(refs.input_object(refs.order_by_with_relation_input(model)))),
        refs.arg("cursor", refs.input_object(refs.where_unique_input(model))),
        refs.arg("take", refs.scalar("Int")),
        refs.arg("skip", refs.scalar("Int")),
    ]
    if distinct:
        field_enum = refs.enum(refs.scalar_field_enum(model), "prisma")
        args.append(refs.arg("distinct", *refs.one_or_many(field_enum, list_first=False)))
    return tuple(args)


@lru_cache(maxsize=4096)
def where(model: str, *, required: bool = False) -> InputField:
    return refs.arg("where", refs.input_object(refs.where_input(model)), required=required)


@lru_cache(maxsize=4096)
def where_unique(model: str) -> InputField:
    return refs.arg("where", refs.input_object(refs.where_unique_input(model)), required=True)


@lru_cache(maxsize=4096)
def relation_load_strategy() -> InputField:
    return refs.arg("relationLoadStrategy", refs.enum(RELATION_LOAD_STRATEGY, "prisma"))
