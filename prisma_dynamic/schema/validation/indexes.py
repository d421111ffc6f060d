"""Indexes: kinds the database has, and no two indexes over the same fields where that is refused."""

from __future__ import annotations

from prisma_dynamic.schema.validation.context import Context

_ATTRIBUTE = {"unique": "@@unique", "normal": "@@index", "fulltext": "@@fulltext"}


def fulltext_indexes_are_supported(ctx: Context) -> None:
    if ctx.connector is None or ctx.connector.supports_fulltext_index:
        return
    for model in ctx.models():
        for index in model.indexes:
            if index.kind == "fulltext" and index.span is not None:
                ctx.error(
                    'Error parsing attribute "@@fulltext": Defining fulltext indexes is not supported with the current '
                    "connector.",
                    index.span,
                )


def indexes_cover_distinct_fields(ctx: Context) -> None:
    if ctx.connector is None or not ctx.connector.distinct_index_fields:
        return
    for model in ctx.models():
        by_fields: dict[tuple[str, ...], int] = {}
        for index in model.indexes:
            by_fields[index.field_names] = by_fields.get(index.field_names, 0) + 1
        for index in model.indexes:
            if index.field_names and by_fields[index.field_names] > 1 and index.span is not None:
                ctx.error(
                    f'Error parsing attribute "{_ATTRIBUTE[index.kind]}": Index already exists in the model.',
                    index.span,
                    "keep one index over these fields",
                )


RULES = (fulltext_indexes_are_supported, indexes_cover_distinct_fields)
