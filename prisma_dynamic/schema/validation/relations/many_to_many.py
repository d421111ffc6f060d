"""Implicit m:n relations: Prisma keys the join table on each model's single-field id."""

from __future__ import annotations

from prisma_dynamic.schema.validation.context import Context
from prisma_dynamic.schema.validation.relations.sides import relation_sides


def models_have_a_single_field_id(ctx: Context) -> None:
    # MongoDB stores m:n as id lists named in `fields:`; there is no join table to key.
    if ctx.connector is not None and ctx.connector.default_relation_mode == "prisma":
        return
    for sides in relation_sides(ctx, "many_to_many"):
        for field, target in ((sides.field, sides.other_model), (sides.other_field, sides.model)):
            owner = sides.model if field is sides.field else sides.other_model
            key = target.primary_key
            if key is None or len(key.fields) != 1:
                ctx.error(
                    f"Error validating: The relation field `{field.name}` on Model `{owner.name}` references "
                    f"`{target.name}` which does not have an `@id` field. Models without `@id` cannot be part of a "
                    "many to many relation. Use an explicit intermediate Model to represent this relationship.",
                    field.span,
                )


RULES = (models_have_a_single_field_id,)
