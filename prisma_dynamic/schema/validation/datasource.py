"""Datasource settings that depend on the database (the resolver checks what is written)."""

from __future__ import annotations

from prisma_dynamic.schema.validation.context import Context


def relation_mode_is_supported(ctx: Context) -> None:
    datasource = ctx.schema.datasource
    connector = ctx.connector
    if datasource is None or connector is None or "relationMode" not in datasource.properties:
        return
    if connector.default_relation_mode == "prisma" and datasource.relation_mode != "prisma":
        ctx.error(
            f"Error validating datasource `relationMode`: Invalid relation mode setting: "
            f'"{datasource.relation_mode}". Supported values: "prisma"',
            datasource.span,
            f"{connector.display_name} has no foreign keys; Prisma emulates relations",
        )


def schemas_are_supported(ctx: Context) -> None:
    datasource = ctx.schema.datasource
    connector = ctx.connector
    if datasource is None or connector is None or not datasource.schemas or connector.supports_multi_schema:
        return
    ctx.error("The `schemas` property is not supported on the current connector.", datasource.span)


RULES = (relation_mode_is_supported, schemas_are_supported)
