"""1:1 relations: exactly one side holds the foreign key, on unique fields; the other side is optional."""

from __future__ import annotations

from prisma_dynamic.schema.validation.context import Context
from prisma_dynamic.schema.validation.relations.sides import relation_sides


def one_side_holds_the_foreign_key(ctx: Context) -> None:
    for sides in relation_sides(ctx, "one_to_one"):
        mine, theirs = sides.attribute, sides.other_attribute
        # Prisma names the later-declared side first.
        pair = (
            f"The relation fields `{sides.other_field.name}` on Model `{sides.other_model.name}` and "
            f"`{sides.field.name}` on Model `{sides.model.name}`"
        )
        for argument, both in (
            ("references", mine.references and theirs.references),
            ("fields", mine.fields and theirs.fields),
        ):
            if both:
                for f in (sides.field, sides.other_field):
                    ctx.error(
                        f'Error parsing attribute "@relation": {pair} both provide the `{argument}` argument in the '
                        "@relation attribute. You have to provide it only on one of the two fields.",
                        f.span,
                        "keep `fields:` and `references:` on the side that stores the foreign key",
                    )
        if not mine.fields and not theirs.fields:
            for f in (sides.field, sides.other_field):
                ctx.error(
                    f'Error parsing attribute "@relation": {pair} do not provide the `fields` argument in the '
                    "@relation attribute. You have to provide it on one of the two fields.",
                    f.span,
                )


def foreign_key_is_unique(ctx: Context) -> None:
    for sides in relation_sides(ctx, "one_to_one"):
        scalars = sides.scalar_fields()
        if not scalars or sides.other_attribute.fields:
            continue
        names = {f.name for f in scalars}
        if any(set(c) == names for c in sides.model.unique_criteria()):
            continue
        listed = [f.name for f in scalars]
        fix = (
            f"add an `@unique` attribute to the field `{listed[0]}`"
            if len(listed) == 1
            else f"add an `@@unique([{', '.join(listed)}])` attribute to the model `{sides.model.name}`"
        )
        ctx.error(
            'Error parsing attribute "@relation": A one-to-one relation must use unique fields on the defining side. '
            f"Either {fix}, or change the relation to one-to-many.",
            sides.field.span,
        )


def back_side_is_optional(ctx: Context) -> None:
    for sides in relation_sides(ctx, "one_to_one"):
        back = sides.other_field
        if not sides.attribute.fields or sides.other_attribute.fields or not back.is_required:
            continue
        ctx.error(
            f'Error parsing attribute "@relation": The relation field `{back.name}` on Model '
            f"`{sides.other_model.name}` is required. This is no longer valid because it's not possible to enforce "
            f"this constraint on the database level. Please change the field type from `{back.type}` to "
            f"`{back.type}?` to fix this.",
            back.span,
        )


RULES = (one_side_holds_the_foreign_key, foreign_key_is_unique, back_side_is_optional)
