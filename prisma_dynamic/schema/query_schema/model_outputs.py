"""The output type of each model (what a read returns), and the `*AndReturn` types of the bulk
writes that return records."""

from __future__ import annotations

from dataclasses import dataclass

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema import arguments, refs
from prisma_dynamic.schema.query_schema.context import BuildContext
from prisma_dynamic.schema.query_schema.types import InputField, OutputField, OutputObjectType


@dataclass(frozen=True)
class ModelFields:
    """A model's fields as the output types show them, worked out once per model: the model type,
    its `*AndReturn` types, its group-by type and its aggregates all read them."""

    model: ir.Model
    scalars: tuple[ir.Field, ...]  # in schema order
    relations: tuple[ir.Field, ...]
    scalar_outputs: tuple[OutputField, ...]
    relation_outputs: tuple[OutputField, ...]

    @property
    def to_many(self) -> tuple[ir.Field, ...]:
        return tuple(f for f in self.relations if f.is_list)


def fields_of(context: BuildContext, model: ir.Model) -> ModelFields:
    scalars, relations = model.scalar_fields, model.relation_fields
    return ModelFields(
        model,
        scalars,
        relations,
        tuple(_field(context.schema, f) for f in scalars),
        tuple(_field(context.schema, f) for f in relations),
    )


def model_type(fields: ModelFields) -> OutputObjectType:
    """`User`: its scalar fields, then its relation fields, then `_count` of its to-many
    relations when it has any."""
    outputs = fields.scalar_outputs + fields.relation_outputs
    if fields.to_many:
        count = refs.output_object(refs.count_output_type(fields.model.name), "prisma")
        outputs += (OutputField("_count", count),)
    return OutputObjectType(fields.model.name, outputs)


def create_many_and_return_name(model: str) -> str:
    return f"CreateMany{model}AndReturnOutputType"


def update_many_and_return_name(model: str) -> str:
    return f"UpdateMany{model}AndReturnOutputType"


def and_return_type(context: BuildContext, fields: ModelFields, name: str) -> OutputObjectType:
    """A record returned by createManyAndReturn/updateManyAndReturn: the scalar fields and the
    relations whose foreign key this model holds (a bulk write returns no other relation)."""
    model = fields.model.name
    held = tuple(
        output
        for field, output in zip(fields.relations, fields.relation_outputs, strict=True)
        if context.schema.holds_foreign_key(model, field.name)
    )
    return OutputObjectType(name, fields.scalar_outputs + held)


def _field(schema: ir.Schema, field: ir.Field) -> OutputField:
    # Lists are nullable in Prisma's output types, as are optional fields.
    return OutputField(
        field.name,
        refs.field_type(schema, field),
        args=_relation_args(field) if field.is_relation else (),
        is_nullable=field.is_list or not field.is_required,
    )


def _relation_args(field: ir.Field) -> tuple[InputField, ...]:
    if field.is_list:
        return arguments.many_records(field.type, distinct=True)
    if not field.is_required:
        return (arguments.where(field.type),)
    return ()
