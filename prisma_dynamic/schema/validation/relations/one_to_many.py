"""1:n relations: the single side holds `fields:` and `references:`, the list side never does."""

from __future__ import annotations

from prisma_dynamic.schema.validation.context import Context
from prisma_dynamic.schema.validation.relations.sides import relation_sides


def list_side_has_no_foreign_key(ctx: Context) -> None:
    for sides in relation_sides(ctx, "one_to_many"):
        listed = sides.other_attribute
        if listed.fields or listed.references:
            ctx.error(
                f'Error parsing attribute "@relation": The relation field `{sides.other_field.name}` on Model '
                f"`{sides.other_model.name}` must not specify the `fields` or `references` argument in the @relation "
                f"attribute. You must only specify it on the opposite field `{sides.field.name}` on model "
                f"`{sides.model.name}`.",
                sides.other_field.span,
            )


def single_side_has_the_foreign_key(ctx: Context) -> None:
    for sides in relation_sides(ctx, "one_to_many"):
        for argument, given in (("fields", sides.attribute.fields), ("references", sides.attribute.references)):
            if not given:
                ctx.error(
                    f'Error parsing attribute "@relation": The relation field `{sides.field.name}` on Model '
                    f"`{sides.model.name}` must specify the `{argument}` argument in the @relation attribute. You can "
                    "run `prisma-dynamic format` to fix this automatically.",
                    sides.field.span,
                    f"e.g. `@relation(fields: [{sides.other_model.name[0].lower()}{sides.other_model.name[1:]}Id], "
                    "references: [id])`",
                )


RULES = (list_side_has_no_foreign_key, single_side_has_the_foreign_key)
