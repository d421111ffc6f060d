"""Models: every model needs a way to identify one record."""

from __future__ import annotations

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.validation.context import Context


def has_a_strict_unique_criteria(ctx: Context) -> None:
    for model in ctx.models():
        if model.is_view:  # views are read through queries, not by a unique key
            continue
        if model.primary_key is not None:
            continue  # an id on an optional field is the resolver's error, not a missing id
        criteria = [c for c in model.unique_criteria() if c]
        fields = [[model.get_field(name.split(".", 1)[0]) for name in c] for c in criteria]
        if any(all(f is not None and _identifies(f) for f in group) for group in fields):
            continue
        message = (
            f'Error validating model "{model.name}": Each model must have at least one unique criteria that has only '
            "required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion with "
            "`@@id([])` or `@@unique([])` to the model."
        )
        loose = [", ".join(c) for c in criteria]
        if loose:
            message += (
                " The following unique criterias were not considered as they contain fields that are not required:\n"
                + "\n".join(f"- {c}" for c in loose)
            )
        ctx.error(message, model.span, "add `@id` to a required field that identifies a record")


def _identifies(f: ir.Field) -> bool:
    return f.is_required and f.kind != "unsupported" and not f.is_ignored


RULES = (has_a_strict_unique_criteria,)
