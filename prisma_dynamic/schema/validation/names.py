"""Names: reserved model and enum names, and database constraint names that collide."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.ast import Span
from prisma_dynamic.schema.connectors import Connector
from prisma_dynamic.schema.naming import derived_name
from prisma_dynamic.schema.validation.context import Context

# Names the generated clients declare themselves, and JavaScript's keywords (Prisma's clients
# turn model and enum names into JavaScript identifiers).
RESERVED_NAMES = frozenset(
    {
        "PrismaClient",
        "Prisma",
        *[
            "async",
            "await",
            "break",
            "case",
            "catch",
            "class",
            "const",
            "continue",
            "debugger",
            "default",
            "delete",
            "do",
            "else",
            "enum",
            "export",
            "extends",
            "false",
            "finally",
            "for",
            "function",
            "if",
            "implements",
            "import",
            "in",
            "instanceof",
            "interface",
            "let",
            "new",
            "null",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "super",
            "switch",
            "this",
            "throw",
            "true",
            "try",
            "typeof",
            "var",
            "void",
            "while",
            "with",
            "yield",
        ],
    }
)


def model_names_are_not_reserved(ctx: Context) -> None:
    for model in ctx.schema.models:
        if model.name in RESERVED_NAMES:
            ctx.error(
                f'Error validating model "{model.name}": The model name `{model.name}` is invalid. It is a reserved '
                "name. Please change it. Read more at https://pris.ly/d/naming-models",
                model.span,
                f'rename it and keep the table with `@@map("{model.db_name}")`',
            )


def enum_names_are_not_reserved(ctx: Context) -> None:
    for enum in ctx.schema.enums:
        if enum.name in RESERVED_NAMES:
            ctx.error(
                f'Error validating enum "{enum.name}": The enum name `{enum.name}` is invalid. It is a reserved '
                "name. Please change it. Read more at https://pris.ly/d/naming-enums",
                enum.span,
            )


@dataclass(frozen=True)
class _Constraint:
    model: ir.Model
    name: str
    attribute: str  # "@id", "@@unique", ... as Prisma names it in the message
    span: Span


def constraint_names_are_unique(ctx: Context) -> None:
    connector = ctx.connector
    if connector is None:
        return
    seen: dict[tuple[str | None, str], _Constraint] = {}
    reported: set[int] = set()
    for model in ctx.models():
        if model.is_view:
            continue
        for constraint in _constraints(model, connector):
            scope = model.schema if connector.constraint_scope == "global" else f"{model.schema}.{model.name}"
            first = seen.setdefault((scope, constraint.name), constraint)
            if first is constraint:
                continue
            for clash in (first, constraint):
                if id(clash) not in reported:
                    reported.add(id(clash))
                    _report_clash(ctx, clash, connector)


def _report_clash(ctx: Context, constraint: _Constraint, connector: Connector) -> None:
    namespace = (
        "global for primary key, indexes and unique constraints"
        if connector.constraint_scope == "global"
        else f"model `{constraint.model.name}` for indexes and unique constraints"
    )
    ctx.error(
        f'Error parsing attribute "{constraint.attribute}": The given constraint name `{constraint.name}` has to be '
        f"unique in the following namespace: {namespace}. Please provide a different name using the `map` argument.",
        constraint.span,
    )


def _constraints(model: ir.Model, connector: Connector) -> Iterator[_Constraint]:
    key = model.primary_key
    if key is not None and key.span is not None and connector.names_primary_keys:
        name = key.map or derived_name([model.db_name], "_pkey", connector.max_identifier_length)
        yield _Constraint(model, name, "@id" if key.defined_on_field else "@@id", key.span)
    for index in model.indexes:
        if index.span is None or not index.fields:
            continue
        columns = tuple(_column(model, f.name) for f in index.fields)
        suffix = "_key" if index.kind == "unique" else "_idx"
        name = index.map or derived_name([model.db_name, *columns], suffix, connector.max_identifier_length)
        attribute = {"unique": "@@unique", "normal": "@@index", "fulltext": "@@fulltext"}[index.kind]
        if index.defined_on_field:
            attribute = "@unique"
        yield _Constraint(model, name, attribute, index.span)


def _column(model: ir.Model, path: str) -> str:
    f = model.get_field(path.split(".", 1)[0])
    return f.db_name if f is not None and "." not in path else path.replace(".", "_")


RULES = (model_names_are_not_reserved, enum_names_are_not_reserved, constraint_names_are_unique)
