"""What every part of resolution shares: the diagnostics sink, top-level names, reading
expressions, and the vocabulary of Prisma's attributes and functions."""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from prisma_dynamic.schema import ast, ir
from prisma_dynamic.schema.connectors import provider_names
from prisma_dynamic.schema.diagnostics import Diagnostic

REFERENTIAL_ACTIONS = ("Cascade", "Restrict", "NoAction", "SetNull", "SetDefault")
FIELD_ATTRIBUTES = ("id", "unique", "default", "map", "updatedAt", "ignore", "relation", "shardKey")
COMPOSITE_FIELD_ATTRIBUTES = ("default", "map")
BLOCK_ATTRIBUTES = ("id", "unique", "index", "fulltext", "map", "ignore", "schema", "shardKey")
PROVIDERS = provider_names()
RELATION_MODES = ("prisma", "foreignKeys")
DEFAULT_FUNCTIONS = ("autoincrement", "sequence", "now", "uuid", "cuid", "ulid", "nanoid", "dbgenerated", "auto")
# The scalar types a default function can fill; absent means any type.
_FUNCTION_TYPES = {
    "autoincrement": ("Int", "BigInt"),
    "sequence": ("Int", "BigInt"),
    "now": ("DateTime",),
    "uuid": ("String",),
    "cuid": ("String",),
    "ulid": ("String",),
    "nanoid": ("String",),
}
# Preview features of Prisma 6: those a schema may still ask for, and those that became general
# availability (asking for them only warns). `metrics` is on its way out and says so.
PREVIEW_FEATURES = (
    "fullTextSearchPostgres",
    "metrics",
    "nativeDistinct",
    "postgresqlExtensions",
    "relationJoins",
    "schemaEngineDriverAdapters",
    "shardKeys",
    "strictUndefinedChecks",
    "views",
)
HIDDEN_PREVIEW_FEATURES = ("typedSql", "reactNative")
PROMOTED_PREVIEW_FEATURES = (
    "aggregateApi",
    "atomicNumberOperations",
    "clientExtensions",
    "cockroachdb",
    "connectOrCreate",
    "createMany",
    "dataProxy",
    "deno",
    "distinct",
    "driverAdapters",
    "extendedIndexes",
    "extendedWhereUnique",
    "fieldReference",
    "filteredRelationCount",
    "filterJson",
    "fullTextIndex",
    "fullTextSearch",
    "groupBy",
    "improvedQueryRaw",
    "interactiveTransactions",
    "jsonProtocol",
    "microsoftSqlServer",
    "middlewares",
    "mongoDb",
    "mongodb",
    "multiSchema",
    "namedConstraints",
    "napi",
    "nativeTypes",
    "omitApi",
    "orderByAggregateGroup",
    "orderByNulls",
    "orderByRelation",
    "prismaSchemaFolder",
    "queryCompiler",
    "referentialActions",
    "referentialIntegrity",
    "selectRelationCount",
    "tracing",
    "transactionApi",
    "uncheckedScalarInputs",
)
RETIRING_PREVIEW_FEATURES = ("metrics",)
# Generators of Prisma 6 and earlier read the connection URL from the schema; newer set-ups pass
# it from configuration (Prisma 7) or as a client argument, so only these require `url`.
_URL_READING_GENERATORS = ("prisma-client-py", "prisma-client-js")


@dataclass
class _Context:
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, span: ast.Span, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic("error", message, span, hint))

    def warning(self, message: str, span: ast.Span, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic("warning", message, span, hint))


# ---- names ---------------------------------------------------------------------------------


@dataclass
class _TopLevelNames:
    blocks: list[ast.Block]  # every block but those whose name was already taken
    models: set[str]
    enums: set[str]
    types: set[str]
    datasource: ir.Datasource | None = None

    @classmethod
    def collect(cls, blocks: list[ast.Block], ctx: _Context) -> _TopLevelNames:
        seen: dict[str, ast.Block] = {}
        seen_config: dict[tuple[str, str], ast.Block] = {}
        kept: list[ast.Block] = []
        for block in blocks:
            if block.kind in ("datasource", "generator"):
                key = (block.kind, block.name)
                if key in seen_config:
                    what = "datasource" if block.kind == "datasource" else "generator"
                    ctx.error(
                        f'The {what} "{block.name}" cannot be defined because a {what} with that name already exists.',
                        block.name_span,
                    )
                    continue
                seen_config[key] = block
                kept.append(block)
                continue
            previous = seen.get(block.name)
            if previous is not None:
                ctx.error(
                    f'The {_describe_kind(block.kind)} "{block.name}" cannot be defined because a '
                    f"{_describe_kind(previous.kind)} with that name already exists.",
                    block.name_span,
                )
                continue
            seen[block.name] = block
            kept.append(block)
        return cls(
            blocks=kept,
            models={n for n, b in seen.items() if b.kind in ("model", "view")},
            enums={n for n, b in seen.items() if b.kind == "enum"},
            types={n for n, b in seen.items() if b.kind == "type"},
        )


def _describe_kind(kind: str) -> str:
    return {"type": "composite type"}.get(kind, kind)


# ---- expressions ---------------------------------------------------------------------------


def _config_value(expr: ast.Expression) -> ir.ConfigValue | None:
    if isinstance(expr, ast.StringValue):
        return ir.ConfigValue(value=expr.value)
    if isinstance(expr, ast.FunctionCall) and expr.name == "env":
        positional = expr.arguments.positional()
        if positional and isinstance(positional[0].value, ast.StringValue):
            return ir.ConfigValue(env=positional[0].value.value)
    return None


def _string(expr: ast.Expression | None) -> str | None:
    return expr.value if isinstance(expr, ast.StringValue) else None


def _expr_text(expr: ast.Expression) -> str:
    """An expression as it is written, for messages that quote it."""
    if isinstance(expr, ast.StringValue):
        return json.dumps(expr.value, ensure_ascii=False)
    if isinstance(expr, ast.NumberValue):
        return expr.text
    if isinstance(expr, ast.ConstantValue):
        return expr.name
    if isinstance(expr, ast.ArrayValue):
        return "[" + ", ".join(_expr_text(item) for item in expr.items) + "]"
    arguments = ", ".join((f"{a.name}: " if a.name else "") + _expr_text(a.value) for a in expr.arguments.arguments)
    return f"{expr.name}({arguments})"


def _value_kind(expr: ast.Expression) -> str:
    if isinstance(expr, ast.StringValue):
        return "string"
    if isinstance(expr, ast.NumberValue):
        return "numeric"
    if isinstance(expr, ast.ConstantValue):
        return "literal"
    if isinstance(expr, ast.ArrayValue):
        return "array"
    return "function"


def _expect_string(expr: ast.Expression, ctx: _Context) -> str | None:
    if isinstance(expr, ast.StringValue):
        return expr.value
    ctx.error(
        f"Expected a string value, but received {_value_kind(expr)} value `{_expr_text(expr)}`.",
        expr.span,
    )
    return None


def _string_list(expr: ast.Expression) -> tuple[str, ...]:
    items = expr.items if isinstance(expr, ast.ArrayValue) else (expr,)
    result: list[str] = []
    for item in items:
        if isinstance(item, ast.StringValue):
            result.append(item.value)
        elif isinstance(item, (ast.ConstantValue, ast.FunctionCall)):
            result.append(item.name)
    return tuple(result)


def _field_refs(expr: ast.Expression | None) -> list[tuple[str, ast.ArgumentList | None, ast.Span]]:
    """`[a, b(sort: Desc)]` -> names with their arguments."""
    if expr is None:
        return []
    items = expr.items if isinstance(expr, ast.ArrayValue) else (expr,)
    refs: list[tuple[str, ast.ArgumentList | None, ast.Span]] = []
    for item in items:
        if isinstance(item, ast.ConstantValue):
            refs.append((item.name, None, item.span))
        elif isinstance(item, ast.FunctionCall):
            refs.append((item.name, item.arguments, item.span))
    return refs


def _argument_text(expr: ast.Expression) -> str:
    if isinstance(expr, ast.NumberValue):
        return expr.text
    if isinstance(expr, ast.StringValue):
        return expr.value
    if isinstance(expr, ast.ConstantValue):
        return expr.name
    return ""


def _did_you_mean(name: str, candidates: Sequence[str], prefix: str = "") -> str | None:
    lowered = {c.lower(): c for c in candidates}
    if name.lower() in lowered:
        return f"did you mean `{prefix}{lowered[name.lower()]}`?"
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.7)
    return f"did you mean `{prefix}{close[0]}`?" if close else None
