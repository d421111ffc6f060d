"""`@db.X` native types: known to the connector, fit for the field's type, right argument count."""

from __future__ import annotations

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.connectors import Connector
from prisma_dynamic.schema.validation.context import Context, has_known_type


def native_types_are_valid(ctx: Context) -> None:
    connector = ctx.connector
    if connector is None:
        return
    for model in ctx.models():
        _check_fields(ctx, connector, model.fields)
    for composite in ctx.schema.composite_types:
        _check_fields(ctx, connector, composite.fields)


def _check_fields(ctx: Context, connector: Connector, fields: tuple[ir.Field, ...]) -> None:
    for f in fields:
        native = f.native_type
        if native is None or not has_known_type(f):
            continue
        spec = connector.native_types.get(native.name)
        if spec is None:
            ctx.error(
                f"Native type {native.name} is not supported for {connector.name} connector.",
                f.span,
                _suggestion(connector, f),
            )
            continue
        if f.kind != "scalar" or f.type not in spec.scalars:
            ctx.error(
                f"Native type {native.name} is not compatible with declared field type {f.type}, expected field type "
                f"{' or '.join(spec.scalars)}.",
                f.span,
            )
            continue
        given = len(native.args)
        if not spec.required_args <= given <= spec.required_args + spec.optional_args:
            expected = (
                f"{spec.required_args}"
                if not spec.optional_args
                else f"{spec.required_args} to {spec.required_args + spec.optional_args}"
            )
            ctx.error(
                f"Native type {native.name} takes {expected} arguments, but received {given}.",
                f.span,
            )


def _suggestion(connector: Connector, f: ir.Field) -> str | None:
    fitting = sorted(name for name, spec in connector.native_types.items() if f.type in spec.scalars)
    if not connector.native_types:
        return f"{connector.display_name} has no native types; remove the `@db.` attribute"
    return f"native types for {f.type} on {connector.display_name}: {', '.join(fitting)}" if fitting else None


RULES = (native_types_are_valid,)
