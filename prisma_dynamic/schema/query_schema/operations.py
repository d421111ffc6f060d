"""Every operation a query may run: the fields of `Query` and `Mutation`, one per model action,
with their arguments in Prisma's order, and the mapping from each model's actions to them.

A model's actions depend on the model and the connector: a view is read-only, a model with a
required `Unsupported` field cannot be created (nor upserted), and the `*AndReturn` bulk writes
need RETURNING. The mappings are read off the same list, so they cannot disagree with the types.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema import aggregate_outputs, arguments, model_outputs, refs
from prisma_dynamic.schema.query_schema.context import BuildContext
from prisma_dynamic.schema.query_schema.types import (
    InputField,
    ModelOperations,
    OutputField,
    OutputObjectType,
    TypeRef,
)

RAW_OPERATIONS = ("executeRaw", "queryRaw")


@dataclass(frozen=True)
class Operation:
    action: str  # "findUniqueOrThrow"
    field: OutputField  # its field of Query or Mutation: "findUniqueUserOrThrow"
    is_write: bool


def field_name(action: str, model: str) -> str:
    """`findUniqueOrThrow` of `User` is `findUniqueUserOrThrow`; `createOne` is `createOneUser`."""
    for suffix in ("OrThrow", "AndReturn"):
        if action.endswith(suffix):
            return f"{action[: -len(suffix)]}{model}{suffix}"
    return f"{action}{model}"


def can_create(model: ir.Model) -> bool:
    """A required `Unsupported` column without a default cannot be given a value by the client."""
    return not any(
        f.kind == "unsupported" and f.is_required and not f.is_list and f.default is None for f in model.fields
    )


def model_operations(context: BuildContext, model: ir.Model) -> tuple[Operation, ...]:
    """The model's operations, reads first, in the order of Prisma's Query and Mutation types."""
    name = model.name
    output = refs.output_object(name, "model")
    many = refs.output_object(name, "model", is_list=True)
    strategy = (arguments.relation_load_strategy(),) if context.relation_load_strategy else ()
    find_many_args = arguments.many_records(name, distinct=True) + strategy
    unique_args = (arguments.where_unique(name), *strategy)

    ops: list[Operation] = []

    def add(action: str, output_type: TypeRef, args: tuple[InputField, ...], *, nullable: bool = False) -> None:
        is_write = not action.startswith(("find", "aggregate", "groupBy"))
        ops.append(Operation(action, OutputField(field_name(action, name), output_type, args, nullable), is_write))

    add("findFirst", output, find_many_args, nullable=True)
    add("findFirstOrThrow", output, find_many_args, nullable=True)
    add("findMany", many, find_many_args)
    aggregate = refs.output_object(refs.aggregate_type(name), "prisma")
    add("aggregate", aggregate, arguments.many_records(name, distinct=False))
    add("groupBy", refs.output_object(refs.group_by_output_type(name), "prisma", is_list=True), _group_by_args(name))
    add("findUnique", output, unique_args, nullable=True)
    add("findUniqueOrThrow", output, unique_args, nullable=True)
    if model.is_view:
        return tuple(ops)

    connector = context.connector
    affected = refs.output_object(aggregate_outputs.AFFECTED_ROWS, "prisma")
    if can_create(model):
        add("createOne", output, (_create_data(model), *strategy))
        upsert = (
            arguments.where_unique(name),
            _data("create", refs.create_input(name), refs.create_input(name, unchecked=True)),
            _data("update", refs.update_input(name), refs.update_input(name, unchecked=True)),
        )
        add("upsertOne", output, upsert + strategy)
        if connector.supports_create_many:
            create_many = _create_many_args(context, name)
            add("createMany", affected, create_many)
            if connector.supports_returning:
                returned = model_outputs.create_many_and_return_name(name)
                add("createManyAndReturn", refs.output_object(returned, "model", is_list=True), create_many)
    add("deleteOne", output, (arguments.where_unique(name), *strategy), nullable=True)
    update_data = _data("data", refs.update_input(name), refs.update_input(name, unchecked=True))
    add("updateOne", output, (update_data, arguments.where_unique(name), *strategy), nullable=True)
    limit = refs.arg("limit", refs.scalar("Int"))
    update_many = (
        _data("data", refs.update_many_input(name), refs.update_many_input(name, unchecked=True)),
        arguments.where(name),
        limit,
    )
    add("updateMany", affected, update_many)
    if connector.supports_returning:
        returned = model_outputs.update_many_and_return_name(name)
        add("updateManyAndReturn", refs.output_object(returned, "model", is_list=True), update_many)
    add("deleteMany", affected, (arguments.where(name), limit))
    return tuple(ops)


def _data(arg: str, checked: str, unchecked: str, *, required: bool = True) -> InputField:
    return refs.arg(arg, refs.input_object(checked), refs.input_object(unchecked), required=required)


def _create_data(model: ir.Model) -> InputField:
    # `data` may be left out when no column needs a value: every required scalar has a default
    # (`@updatedAt` is not a default: the client must still send the record).
    needs_value = any(f.is_required and not f.is_list and f.default is None for f in model.scalar_fields)
    name = model.name
    return _data("data", refs.create_input(name), refs.create_input(name, unchecked=True), required=needs_value)


def _create_many_args(context: BuildContext, model: str) -> tuple[InputField, ...]:
    rows = refs.one_or_many(refs.input_object(refs.create_many_input(model)), list_first=False)
    data = refs.arg("data", *rows, required=True)
    if context.connector.supports_skip_duplicates:
        return (data, refs.arg("skipDuplicates", refs.scalar("Boolean")))
    return (data,)


def _group_by_args(model: str) -> tuple[InputField, ...]:
    field_enum = refs.enum(refs.scalar_field_enum(model), "prisma")
    return (
        arguments.where(model),
        refs.arg("orderBy", *refs.one_or_many(refs.input_object(refs.order_by_with_aggregation_input(model)))),
        refs.arg("by", *refs.one_or_many(field_enum), required=True),
        refs.arg("having", refs.input_object(refs.scalar_where_with_aggregates_input(model))),
        refs.arg("take", refs.scalar("Int")),
        refs.arg("skip", refs.scalar("Int")),
    )


def root_types(operations: Sequence[tuple[ir.Model, Sequence[Operation]]]) -> tuple[OutputObjectType, ...]:
    """`Query` (every read) and `Mutation` (every write, then the raw queries)."""
    reads: list[OutputField] = []
    writes: list[OutputField] = []
    for _, ops in operations:
        for op in ops:
            (writes if op.is_write else reads).append(op.field)
    json = refs.scalar("Json")
    for raw in RAW_OPERATIONS:
        raw_args = (refs.arg("query", refs.scalar("String"), required=True), refs.arg("parameters", json))
        writes.append(OutputField(raw, json, raw_args))
    return OutputObjectType("Query", tuple(reads)), OutputObjectType("Mutation", tuple(writes))


def mappings(operations: Sequence[tuple[ir.Model, Sequence[Operation]]]) -> tuple[ModelOperations, ...]:
    """`{"model": "User", "aggregate": "aggregateUser", ...}`, actions in alphabetical order as Prisma
    writes them."""
    return tuple(
        ModelOperations(model.name, {op.action: op.field.name for op in sorted(ops, key=lambda o: o.action)})
        for model, ops in operations
    )
