"""`@default`: values the field's type admits and functions the database can run."""

from __future__ import annotations

from collections.abc import Iterator

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.validation.context import Context


def enum_defaults_are_enum_values(ctx: Context) -> None:
    for model in ctx.models():
        for f in model.fields:
            enum = ctx.schema.get_enum(f.type) if f.kind == "enum" else None
            if enum is None or f.default is None or f.default.value is None:
                continue
            for value in _enum_refs(f.default.value):
                if value.name not in enum.value_names:
                    ctx.error(
                        f'Error parsing attribute "@default": The defined default value `{value.name}` is not a valid '
                        "value of the enum specified for the field.",
                        f.span,
                        f"values of {enum.name}: {', '.join(enum.value_names)}",
                    )


def _enum_refs(value: ir.LiteralValue) -> Iterator[ir.EnumValueRef]:
    if isinstance(value, ir.EnumValueRef):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _enum_refs(item)


def default_functions_are_supported(ctx: Context) -> None:
    connector = ctx.connector
    if connector is None:
        return
    for model in ctx.models():
        for f in model.fields:
            function = f.default.function if f.default is not None else None
            if function is None:
                continue
            if function.name == "autoincrement":
                problem = {
                    "none": "is used with a datasource that does not support it.",
                    "id": None
                    if f.is_id
                    else "is used on a non-id field even though the datasource does not support this.",
                    "indexed": None
                    if _is_indexed(model, f.name)
                    else "is used on a non-indexed field even though the datasource does not support this.",
                    "any": None,
                }[connector.autoincrement]
                if problem is not None:
                    ctx.error(
                        f'Error parsing attribute "@default": The `autoincrement()` default value {problem}', f.span
                    )
            elif (function.name == "auto" and not connector.supports_auto_object_id) or (
                function.name == "sequence" and not connector.supports_sequence
            ):
                ctx.error(
                    f'Error parsing attribute "@default": The `{function.name}()` default value is used with a '
                    "datasource that does not support it.",
                    f.span,
                )


def _is_indexed(model: ir.Model, name: str) -> bool:
    """The field leads some index, unique or the id (MySQL's condition for AUTO_INCREMENT)."""
    keys = [model.primary_key.field_names] if model.primary_key is not None else []
    keys.extend(i.field_names for i in model.indexes)
    return any(key and key[0] == name for key in keys)


RULES = (enum_defaults_are_enum_values, default_functions_are_supported)
