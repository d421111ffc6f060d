"""`fields:` and `references:` of 1:1 and 1:n relations: what they name must fit together."""

from __future__ import annotations

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.validation.context import Context
from prisma_dynamic.schema.validation.relations.sides import RelationSides, relation_sides


def references_exist(ctx: Context) -> None:
    for sides in relation_sides(ctx, "one_to_one", "one_to_many"):
        missing = [n for n in sides.attribute.references if sides.other_model.get_field(n) is None]
        if missing:
            ctx.error(
                "Error validating: The argument `references` must refer only to existing fields in the related model "
                f"`{sides.other_model.name}`. The following fields do not exist in the related model: "
                f"{', '.join(missing)}",
                sides.field.span,
            )


def _comparable(sides: RelationSides) -> tuple[list[ir.Field], list[ir.Field]] | None:
    """Both lists when every name resolves and the counts agree (otherwise already reported)."""
    scalars, referenced = sides.scalar_fields(), sides.referenced_fields()
    if scalars is None or referenced is None or not scalars or len(scalars) != len(referenced):
        return None
    return scalars, referenced


def types_match(ctx: Context) -> None:
    for sides in relation_sides(ctx, "one_to_one", "one_to_many"):
        pair = _comparable(sides)
        if pair is None:
            continue
        for scalar, target in zip(*pair, strict=True):
            if scalar.type != target.type:
                ctx.error(
                    f'Error parsing attribute "@relation": The type of the field `{scalar.name}` in the model '
                    f"`{sides.model.name}` is not matching the type of the referenced field `{target.name}` in model "
                    f"`{sides.other_model.name}`.",
                    sides.field.span,
                    f"make `{scalar.name}` a {target.type}",
                )


def references_are_unique(ctx: Context) -> None:
    for sides in relation_sides(ctx, "one_to_one", "one_to_many"):
        pair = _comparable(sides)
        if pair is None:
            continue
        names = {f.name for f in pair[1]}
        if any(set(c) == names for c in sides.other_model.unique_criteria()):
            continue
        referenced = sides.attribute.references
        suggestion = (
            f"Consider adding an `@unique` attribute to the field `{referenced[0]}` in the model "
            f"`{sides.other_model.name}`."
            if len(referenced) == 1
            else f"Consider adding an `@@unique([{', '.join(referenced)}])` attribute to the model "
            f"`{sides.other_model.name}`."
        )
        ctx.error(
            'Error parsing attribute "@relation": The argument `references` must refer to a unique criterion in the '
            f"related model. {suggestion}",
            sides.field.span,
        )


def optional_fields_make_an_optional_relation(ctx: Context) -> None:
    for sides in relation_sides(ctx, "one_to_one", "one_to_many"):
        scalars = sides.scalar_fields()
        if not scalars or not sides.field.is_required or all(f.is_required for f in scalars):
            continue
        ctx.error(
            f'Error parsing attribute "@relation": The relation field `{sides.field.name}` uses the scalar fields '
            f"{', '.join(f.name for f in scalars)}. At least one of those fields is optional. Hence the relation field "
            "must be optional as well.",
            sides.field.span,
            f"write `{sides.field.type}?`",
        )


def referential_actions_are_supported(ctx: Context) -> None:
    connector = ctx.connector
    if connector is None:
        return
    emulated = ctx.relation_mode == "prisma"
    allowed = (
        tuple(a for a in connector.foreign_key_actions if a != "SetDefault")
        if emulated
        else connector.foreign_key_actions
    )
    for sides in relation_sides(ctx, "one_to_one", "one_to_many"):
        for action in (sides.attribute.on_delete, sides.attribute.on_update):
            if action is not None and action not in allowed:
                ctx.error(
                    f"Error validating: Invalid referential action: `{action}`. Allowed values: "
                    f"({', '.join(f'`{a}`' for a in allowed)})",
                    sides.field.span,
                    'without foreign keys (`relationMode = "prisma"`) Prisma cannot set defaults'
                    if emulated and action == "SetDefault"
                    else None,
                )


def set_null_needs_optional_fields(ctx: Context) -> None:
    for sides in relation_sides(ctx, "one_to_one", "one_to_many"):
        scalars = sides.scalar_fields()
        if not scalars or all(not f.is_required for f in scalars):
            continue
        for key, action in (("onDelete", sides.attribute.on_delete), ("onUpdate", sides.attribute.on_update)):
            if action == "SetNull":
                # Prisma's message ends with a space; it is kept as Prisma prints it.
                ctx.warning(
                    f"The `{key}` referential action of a relation should not be set to `SetNull` when a referenced "
                    "field is required. We recommend either to choose another referential action, or to make the "
                    "referenced fields optional. Read more at https://pris.ly/d/postgres-set-null ",
                    sides.field.span,
                )


def emulated_relations_have_an_index(ctx: Context) -> None:
    connector = ctx.connector
    if connector is None or connector.default_relation_mode == "prisma" or ctx.relation_mode != "prisma":
        return
    for sides in relation_sides(ctx, "one_to_one", "one_to_many"):
        names = sides.attribute.fields
        if not names or _leads_an_index(sides.model, names):
            continue
        ctx.warning(
            'With `relationMode = "prisma"`, no foreign keys are used, so relation fields will not benefit from the '
            "index usually created by the relational database under the hood. This can lead to poor performance when "
            "querying these fields. We recommend adding an index manually. Learn more at "
            'https://pris.ly/d/relation-mode-prisma-indexes" ',
            sides.field.span,
            f"add `@@index([{', '.join(names)}])`",
        )


def _leads_an_index(model: ir.Model, names: tuple[str, ...]) -> bool:
    keys = [model.primary_key.field_names] if model.primary_key is not None else []
    keys.extend(i.field_names for i in model.indexes)
    return any(set(key[: len(names)]) == set(names) for key in keys)


RULES = (
    references_exist,
    types_match,
    references_are_unique,
    optional_fields_make_an_optional_relation,
    referential_actions_are_supported,
    set_null_needs_optional_fields,
    emulated_relations_have_an_index,
)
