"""Several database schemas: once the datasource lists them, every model and enum names its own."""

from __future__ import annotations

from prisma_dynamic.schema.validation.context import Context


def every_block_names_its_schema(ctx: Context) -> None:
    datasource = ctx.schema.datasource
    if datasource is None or not datasource.schemas:
        return
    hint = f'add `@@schema("{datasource.schemas[0]}")` (declared: {", ".join(datasource.schemas)})'
    for model in ctx.schema.models:
        if model.schema is None:
            ctx.error("This model is missing an `@@schema` attribute.", model.span, hint)
    for enum in ctx.schema.enums:
        if enum.schema is None:
            ctx.error("This enum is missing an `@@schema` attribute.", enum.span, hint)


RULES = (every_block_names_its_schema,)
