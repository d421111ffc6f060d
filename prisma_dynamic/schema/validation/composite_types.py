"""Composite types (`type` blocks): MongoDB only, and no required cycle between them."""

from __future__ import annotations

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.validation.context import Context


def composite_types_are_supported(ctx: Context) -> None:
    connector = ctx.connector
    if connector is None or connector.supports_composite_types:
        return
    for composite in ctx.schema.composite_types:
        ctx.error(
            f"Error validating: Composite types are not supported on {connector.display_name}.",
            composite.span,
            "use a Json field or a related model",
        )


def composite_types_do_not_nest_endlessly(ctx: Context) -> None:
    """A required, non-list field of a composite type that leads back to that type could never end."""
    types = {t.name: t for t in ctx.schema.composite_types}
    reported: set[frozenset[str]] = set()
    for start in ctx.schema.composite_types:
        path = _cycle_from(start, types)
        if path is None or frozenset(path) in reported:
            continue
        reported.add(frozenset(path))
        first_field = next(f for f in start.fields if _nests(f) and f.type == path[1])
        if len(path) == 2:
            problem = (
                "The type is the same as the parent and causes an endless cycle. Please change the field to be "
                "either optional or a list."
            )
        else:
            problem = (
                f"The types cause an endless cycle in the path {' → '.join(f'`{n}`' for n in path)}. Please change "
                "one of the fields to be either optional or a list to break the cycle."
            )
        ctx.error(f'Error validating composite type "{start.name}": {problem}', first_field.span)


def _nests(f: ir.Field) -> bool:
    return f.kind == "composite" and f.is_required and not f.is_list


def _cycle_from(start: ir.CompositeType, types: dict[str, ir.CompositeType]) -> list[str] | None:
    def walk(current: ir.CompositeType, path: list[str]) -> list[str] | None:
        for f in current.fields:
            if not _nests(f):
                continue
            if f.type == start.name:
                return [*path, start.name]
            following = types.get(f.type)
            if following is not None and f.type not in path:
                found = walk(following, [*path, f.type])
                if found is not None:
                    return found
        return None

    return walk(start, [start.name])


RULES = (composite_types_are_supported, composite_types_do_not_nest_endlessly)
