"""Validation: the rules that judge a resolved schema, one small module per topic.

Each rule is a function over a `Context` (the IR, its connector) that reports diagnostics;
`validate` runs them all so that every problem is reported at once. The resolver reports what
is malformed as written; these rules know nothing of syntax and never raise on a partly
resolved schema (unknown types, unpaired relations): they skip what the resolver reported.
The loader (`schema.load`) runs `validate` after resolution.
"""

from __future__ import annotations

from collections.abc import Callable

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.diagnostics import Diagnostic
from prisma_dynamic.schema.validation import (
    composite_types,
    datasource,
    default_value,
    enums,
    fields,
    indexes,
    models,
    multi_schema,
    names,
    native_types,
    relations,
    views,
)
from prisma_dynamic.schema.validation.context import Context

Rule = Callable[[Context], None]

RULES: tuple[Rule, ...] = (
    *datasource.RULES,
    *names.RULES,
    *models.RULES,
    *views.RULES,
    *multi_schema.RULES,
    *fields.RULES,
    *native_types.RULES,
    *default_value.RULES,
    *enums.RULES,
    *composite_types.RULES,
    *indexes.RULES,
    *relations.RULES,
)


def validate(schema: ir.Schema) -> list[Diagnostic]:
    ctx = Context.for_schema(schema)
    for rule in RULES:
        rule(ctx)
    return ctx.diagnostics
