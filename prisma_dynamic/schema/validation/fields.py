"""Fields: types and shapes the database can store."""

from __future__ import annotations

from prisma_dynamic.schema.validation.context import Context, has_known_type


def scalar_lists_are_supported(ctx: Context) -> None:
    connector = ctx.connector
    if connector is None or connector.supports_scalar_lists:
        return
    for model in ctx.models():
        for f in model.fields:
            if f.is_list and f.kind in ("scalar", "enum") and has_known_type(f) and not f.is_ignored:
                ctx.error(
                    f'Field "{f.name}" in model "{model.name}" can\'t be a list. The current connector does not '
                    "support lists of primitive types.",
                    f.span,
                    "store the values in a related model, or in a Json field",
                )


def scalar_types_are_supported(ctx: Context) -> None:
    connector = ctx.connector
    if connector is None:
        return
    unsupported = {"Json": connector.supports_json, "Decimal": connector.supports_decimal}
    for model in ctx.models():
        for f in model.fields:
            if f.kind == "scalar" and not unsupported.get(f.type, True):
                ctx.error(
                    f"Error validating field `{f.name}` in model `{model.name}`: Field `{f.name}` in model "
                    f"`{model.name}` can't be of type {f.type}. The current connector does not support the {f.type} "
                    "type.",
                    f.span,
                )


def ids_map_to_the_id_column(ctx: Context) -> None:
    connector = ctx.connector
    if connector is None or connector.id_column is None:
        return
    for model in ctx.models():
        key = model.primary_key
        if key is None or len(key.fields) != 1:
            continue
        f = model.get_field(key.fields[0].name)
        if f is not None and f.db_name != connector.id_column:
            ctx.error(
                f"Error validating field `{f.name}` in model `{model.name}`: MongoDB model IDs must have an "
                f'@map("{connector.id_column}") annotation.',
                f.span,
                f'add `@map("{connector.id_column}")`',
            )


def fields_have_columns_of_their_own(ctx: Context) -> None:
    """A `@map` may not name the column of another field: Prisma reports it on the mapped field,
    once for an earlier `@map` to the same column and once for a field of that name."""
    for model in ctx.schema.models:
        stored = [f for f in model.fields if not f.is_relation]
        by_name = {f.name: f for f in stored}
        mapped_to: set[str] = set()
        for f in stored:
            if not f.mapped:
                continue
            earlier_map = f.db_name in mapped_to
            mapped_to.add(f.db_name)
            namesake = by_name.get(f.db_name)
            namesake_keeps_it = namesake is not None and namesake is not f and namesake.db_name == f.db_name
            for _ in range(int(earlier_map) + int(namesake_keeps_it)):
                ctx.error(
                    f'Field "{f.name}" is already defined on {"view" if model.is_view else "model"} "{model.name}".',
                    f.span,
                    f'the column "{f.db_name}" belongs to another field: give one of them another `@map`',
                )


RULES = (
    scalar_lists_are_supported,
    scalar_types_are_supported,
    ids_map_to_the_id_column,
    fields_have_columns_of_their_own,
)
