"""Enums: the database must have them, and an enum must have values."""

from __future__ import annotations

from prisma_dynamic.schema.validation.context import Context


def enums_are_supported(ctx: Context) -> None:
    if ctx.connector is None or ctx.connector.supports_enums:
        return
    for enum in ctx.schema.enums:
        ctx.error(
            f"Error validating: You defined the enum `{enum.name}`. But the current connector does not support enums.",
            enum.span,
            "use a String field, or a related model holding the allowed values",
        )


def enums_have_values(ctx: Context) -> None:
    for enum in ctx.schema.enums:
        if not enum.values:
            ctx.error(f'Error validating enum "{enum.name}": An enum must have at least one value.', enum.span)


RULES = (enums_are_supported, enums_have_values)
