"""Enums, and the `@map`/`@@map`/`@@schema` attributes that enums and models share."""

from __future__ import annotations

from collections.abc import Sequence

from prisma_dynamic.schema import ast, ir
from prisma_dynamic.schema.resolve.common import _Context, _expect_string, _TopLevelNames

# ---- enums ---------------------------------------------------------------------------------


def _enum(block: ast.Block, names: _TopLevelNames, ctx: _Context) -> ir.Enum:
    values: list[ir.EnumValue] = []
    seen: set[str] = set()
    for value in block.values:
        if value.name in seen:
            ctx.error(f'Value "{value.name}" is already defined on enum "{block.name}".', value.name_span)
            continue
        seen.add(value.name)
        mapped = _mapped_name(value.attributes, ctx)
        values.append(
            ir.EnumValue(
                value.name,
                value.name if mapped is None else mapped,
                value.span,
                mapped is not None,
                value.documentation,
            )
        )
    block_map = _mapped_name(block.attributes, ctx)
    return ir.Enum(
        name=block.name,
        db_name=block.name if block_map is None else block_map,
        values=tuple(values),
        span=block.span,
        mapped=block_map is not None,
        schema=_schema_attribute(block.attributes, names, ctx),
        documentation=block.documentation,
    )


def _mapped_name(attributes: Sequence[ast.Attribute], ctx: _Context) -> str | None:
    for attribute in attributes:
        if attribute.name == "map":
            argument = attribute.arguments.named("name") or next(iter(attribute.arguments.positional()), None)
            if argument is None:
                ctx.error(
                    f'Error parsing attribute "{_attribute_display(attribute)}": Missing the name argument.',
                    attribute.span,
                )
                return None
            return _expect_string(argument.value, ctx)
    return None


def _attribute_display(attribute: ast.Attribute) -> str:
    """How Prisma names an attribute in its messages: with one `@`, block attributes included."""
    return f"@{attribute.name}"


def _schema_attribute(attributes: Sequence[ast.Attribute], names: _TopLevelNames, ctx: _Context) -> str | None:
    for attribute in attributes:
        if attribute.name == "schema":
            positional = attribute.arguments.positional()
            if not positional:
                ctx.error('Error parsing attribute "@schema": Missing the schema name argument.', attribute.span)
                return None
            value = _expect_string(positional[0].value, ctx)
            declared = names.datasource.schemas if names.datasource is not None else ()
            if value is not None and value not in declared:
                ctx.error(
                    "This schema is not defined in the datasource. Read more on `@@schema` at "
                    "https://pris.ly/d/multi-schema",
                    positional[0].value.span,
                    f"add it to `schemas = [...]` in the datasource{_listed(declared)}",
                )
            return value
    return None


def _listed(declared: Sequence[str]) -> str:
    return f" (declared: {', '.join(declared)})" if declared else ""
