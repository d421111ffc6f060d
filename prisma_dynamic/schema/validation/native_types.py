"""`@db.X` native types: known to the connector, with the right number and kind of arguments, fit for the
field's type, with argument values the database accepts (the connector knows its limits)."""

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
        span = native.span or f.span  # Prisma points at the `@db.X(...)` attribute
        spec = connector.native_types.get(native.name)
        if spec is None:
            ctx.error(
                f"Native type {native.name} is not supported for {connector.name} connector.",
                span,
                _suggestion(connector, f),
            )
            continue
        # Prisma's order: the number of arguments, the field's type, the arguments' kind, their values.
        given = len(native.args)
        if given < spec.required_args or (given > spec.required_args and not spec.optional_args):
            ctx.error(f"Native type {native.name} takes {spec.required_args} arguments, but received {given}.", span)
            continue
        if given > spec.required_args + spec.optional_args:
            ctx.error(
                f"Native type {native.name} takes {spec.optional_args} optional arguments, but received {given}.",
                span,
            )
            continue
        if f.kind != "scalar" or f.type not in spec.scalars:
            ctx.error(
                f"Native type {native.name} is not compatible with declared field type {f.type}, expected field type "
                f"{' or '.join(spec.scalars)}.",
                span,
            )
            continue
        values = spec.parse_arguments(native.args)
        if values is None:
            ctx.error(f"Expected {spec.argument_description}, but found ({', '.join(native.args)}).", span)
            continue
        problem = connector.native_type_argument_problem(native.name, values, f.type)
        if problem is not None:
            ctx.error(problem, span)


def _suggestion(connector: Connector, f: ir.Field) -> str | None:
    fitting = sorted(name for name, spec in connector.native_types.items() if f.type in spec.scalars)
    if not connector.native_types:
        return f"{connector.display_name} has no native types; remove the `@db.` attribute"
    return f"native types for {f.type} on {connector.display_name}: {', '.join(fitting)}" if fitting else None


RULES = (native_types_are_valid,)
