"""Views: behind the `views` preview feature, and never with a primary key."""

from __future__ import annotations

from prisma_dynamic.schema.validation.context import Context


def views_need_the_preview_feature(ctx: Context) -> None:
    if ctx.has_preview_feature("views"):
        return
    for model in ctx.schema.models:
        if model.is_view:
            ctx.error(
                "Error validating: View definitions are only available with the `views` preview feature.",
                model.span,
                'add `previewFeatures = ["views"]` to the generator',
            )


def views_have_no_primary_key(ctx: Context) -> None:
    for model in ctx.schema.models:
        key = model.primary_key
        if model.is_view and key is not None and key.span is not None:
            ctx.error("Error validating: Views cannot have primary keys.", key.span, "use `@unique` instead")


RULES = (views_need_the_preview_feature, views_have_no_primary_key)
