"""Syntax tree -> Schema IR: names resolved, attributes read, relations paired.

Resolution reports what stops it from building a consistent IR (unknown types, duplicate
names, unpaired relations, malformed attributes) as diagnostics and carries on, so that every
problem is reported at once. The rules that only judge an already consistent schema live in
`prisma_dynamic/schema/validation/`.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import cast

from prisma_dynamic.schema import ast, ir
from prisma_dynamic.schema.diagnostics import Diagnostic

REFERENTIAL_ACTIONS = ("Cascade", "Restrict", "NoAction", "SetNull", "SetDefault")
FIELD_ATTRIBUTES = ("id", "unique", "default", "map", "updatedAt", "ignore", "relation", "shardKey")
COMPOSITE_FIELD_ATTRIBUTES = ("default", "map")
BLOCK_ATTRIBUTES = ("id", "unique", "index", "fulltext", "map", "ignore", "schema", "shardKey")
PROVIDERS = ("postgresql", "postgres", "mysql", "sqlite", "sqlserver", "mongodb", "cockroachdb")
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


def resolve(files: Sequence[ast.SchemaFile]) -> tuple[ir.Schema, list[Diagnostic]]:
    """Build the IR from parsed files (given in the order Prisma reads them: by file name)."""
    ctx = _Context()
    names = _TopLevelNames.collect([block for file in files for block in file.blocks], ctx)
    blocks = names.blocks

    datasources = [b for b in blocks if b.kind == "datasource"]
    if len(datasources) > 1:
        for block in datasources:
            ctx.error(
                f"Error validating datasource `{block.name}`: You defined more than one datasource. This is not "
                "allowed yet because support for multiple databases has not been implemented yet.",
                block.span,
            )
    generator_blocks = [b for b in blocks if b.kind == "generator"]
    generators = tuple(_generator(b, ctx) for b in generator_blocks)
    datasource = _datasource(datasources[0], generators, ctx) if datasources else None
    names.datasource = datasource

    enums = tuple(_enum(b, names, ctx) for b in blocks if b.kind == "enum")
    composite_types = tuple(
        ir.CompositeType(b.name, _fields(b, names, ctx), b.span, b.documentation) for b in blocks if b.kind == "type"
    )
    model_blocks = [b for b in blocks if b.kind in ("model", "view")]
    models = [_model(b, names, ctx) for b in model_blocks]
    _check_table_names(model_blocks, models, ctx)
    models, relations = _pair_relations(models, ctx)

    schema = ir.Schema(
        datasource=datasource,
        generators=generators,
        models=tuple(models),
        enums=enums,
        composite_types=composite_types,
        relations=tuple(relations),
        sources={f.path: f.text for f in files},
        _models={m.name: m for m in models},
        _enums={e.name: e for e in enums},
        _types={t.name: t for t in composite_types},
        _relations={
            (side.model, side.field): relation
            for relation in relations
            for side in (relation.referencing, relation.referenced)
            if side.field is not None
        },
    )
    return schema, ctx.diagnostics


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


# ---- datasource and generators --------------------------------------------------------------


def _datasource(block: ast.Block, generators: Sequence[ir.Generator], ctx: _Context) -> ir.Datasource:
    props = {p.key: p for p in block.properties}
    provider_prop = props.get("provider")
    provider = _expect_string(provider_prop.value, ctx) if provider_prop else None
    if provider_prop is None:
        ctx.error('Argument "provider" is missing in data source block "' + block.name + '".', block.span)
    elif provider is not None and provider not in PROVIDERS:
        ctx.error(
            f'Datasource provider not known: "{provider}".',
            provider_prop.value.span,
            _did_you_mean(provider, PROVIDERS) or f"one of {', '.join(PROVIDERS)}",
        )
    url_prop = props.get("url")
    if url_prop is None and any(g.provider.value in _URL_READING_GENERATORS for g in generators):
        ctx.error(
            f'Argument "url" is missing in data source block "{block.name}".',
            block.span,
            'add `url = env("DATABASE_URL")`',
        )
    relation_mode: str = "foreignKeys"
    for key in ("relationMode", "referentialIntegrity"):
        prop = props.get(key)
        if prop is None:
            continue
        if key == "referentialIntegrity":
            ctx.warning(
                "The `referentialIntegrity` attribute is deprecated. Please use `relationMode` instead. "
                "Learn more at https://pris.ly/d/relation-mode",
                prop.span,
            )
        value = _expect_string(prop.value, ctx)
        if value is not None and value not in RELATION_MODES:
            ctx.error(
                f'Error validating datasource `{key}`: Invalid relation mode setting: "{value}". Supported values: '
                + ", ".join(f'"{mode}"' for mode in RELATION_MODES),
                block.span,
            )
        relation_mode = value or relation_mode
    features = {f for g in generators for f in g.preview_features}
    if "extensions" in props and "postgresqlExtensions" not in features:
        ctx.error(
            "The `extensions` property is only available with the `postgresqlExtensions` preview feature.",
            props["extensions"].span,
        )
    properties: dict[str, object] = {}
    for prop in block.properties:
        properties[prop.key] = _generator_option(prop.value)
    return ir.Datasource(
        name=block.name,
        provider=provider or "",
        url=_config_value(url_prop.value) if url_prop else None,
        span=block.span,
        direct_url=_config_value(props["directUrl"].value) if "directUrl" in props else None,
        shadow_database_url=_config_value(props["shadowDatabaseUrl"].value) if "shadowDatabaseUrl" in props else None,
        relation_mode="prisma" if relation_mode == "prisma" else "foreignKeys",
        schemas=_string_list(props["schemas"].value) if "schemas" in props else (),
        extensions=_string_list(props["extensions"].value) if "extensions" in props else (),
        properties=properties,
    )


def _generator_option(expr: ast.Expression) -> ir.GeneratorOption:
    if isinstance(expr, ast.StringValue):
        return expr.value
    if isinstance(expr, ast.NumberValue):
        return int(expr.text) if expr.text.lstrip("-").isdigit() else float(expr.text)
    if isinstance(expr, ast.ConstantValue):
        return {"true": True, "false": False}.get(expr.name, expr.name)
    if isinstance(expr, ast.ArrayValue):
        return _string_list(expr)
    value = _config_value(expr)
    return value if value is not None else expr.name


def _generator(block: ast.Block, ctx: _Context) -> ir.Generator:
    props = {p.key: p for p in block.properties}
    provider = _config_value(props["provider"].value) if "provider" in props else None
    if provider is None:
        ctx.error(f'Argument "provider" is missing in generator block "{block.name}".', block.span)
        provider = ir.ConfigValue(value="")
    if "previewFeatures" in props:
        _check_preview_features(props["previewFeatures"].value, ctx)
    return ir.Generator(
        name=block.name,
        provider=provider,
        span=block.span,
        output=_config_value(props["output"].value) if "output" in props else None,
        preview_features=_string_list(props["previewFeatures"].value) if "previewFeatures" in props else (),
        binary_targets=_string_list(props["binaryTargets"].value) if "binaryTargets" in props else (),
        config={p.key: _generator_option(p.value) for p in block.properties},
    )


def _check_preview_features(expr: ast.Expression, ctx: _Context) -> None:
    # Prisma points every feature's diagnostic at the whole list.
    for feature in _string_list(expr):
        if feature in RETIRING_PREVIEW_FEATURES:
            ctx.warning(
                f'Preview feature "{feature}" is deprecated. It will be removed in a future version of Prisma.',
                expr.span,
            )
        elif feature in PROMOTED_PREVIEW_FEATURES:
            ctx.warning(
                f'Preview feature "{feature}" is deprecated. The functionality can be used without specifying it '
                "as a preview feature.",
                expr.span,
            )
        elif feature not in PREVIEW_FEATURES and feature not in HIDDEN_PREVIEW_FEATURES:
            ctx.error(
                f'The preview feature "{feature}" is not known. Expected one of: {", ".join(PREVIEW_FEATURES)}',
                expr.span,
                _did_you_mean(feature, (*PREVIEW_FEATURES, *PROMOTED_PREVIEW_FEATURES)),
            )


# ---- enums ---------------------------------------------------------------------------------


def _enum(block: ast.Block, names: _TopLevelNames, ctx: _Context) -> ir.Enum:
    values: list[ir.EnumValue] = []
    seen: set[str] = set()
    for value in block.values:
        if value.name in seen:
            ctx.error(f'Value "{value.name}" is already defined on enum "{block.name}".', value.name_span)
            continue
        seen.add(value.name)
        mapped = _mapped_name(value.attributes, ctx)
        values.append(
            ir.EnumValue(
                value.name,
                value.name if mapped is None else mapped,
                value.span,
                mapped is not None,
                value.documentation,
            )
        )
    block_map = _mapped_name(block.attributes, ctx)
    return ir.Enum(
        name=block.name,
        db_name=block.name if block_map is None else block_map,
        values=tuple(values),
        span=block.span,
        mapped=block_map is not None,
        schema=_schema_attribute(block.attributes, names, ctx),
        documentation=block.documentation,
    )


def _mapped_name(attributes: Sequence[ast.Attribute], ctx: _Context) -> str | None:
    for attribute in attributes:
        if attribute.name == "map":
            argument = attribute.arguments.named("name") or next(iter(attribute.arguments.positional()), None)
            if argument is None:
                ctx.error(
                    f'Error parsing attribute "{_attribute_display(attribute)}": Missing the name argument.',
                    attribute.span,
                )
                return None
            return _expect_string(argument.value, ctx)
    return None


def _attribute_display(attribute: ast.Attribute) -> str:
    """How Prisma names an attribute in its messages: with one `@`, block attributes included."""
    return f"@{attribute.name}"


def _schema_attribute(attributes: Sequence[ast.Attribute], names: _TopLevelNames, ctx: _Context) -> str | None:
    for attribute in attributes:
        if attribute.name == "schema":
            positional = attribute.arguments.positional()
            if not positional:
                ctx.error('Error parsing attribute "@schema": Missing the schema name argument.', attribute.span)
                return None
            value = _expect_string(positional[0].value, ctx)
            declared = names.datasource.schemas if names.datasource is not None else ()
            if value is not None and value not in declared:
                ctx.error(
                    "This schema is not defined in the datasource. Read more on `@@schema` at "
                    "https://pris.ly/d/multi-schema",
                    positional[0].value.span,
                    f"add it to `schemas = [...]` in the datasource{_listed(declared)}",
                )
            return value
    return None


def _listed(declared: Sequence[str]) -> str:
    return f" (declared: {', '.join(declared)})" if declared else ""


# ---- fields --------------------------------------------------------------------------------


def _fields(block: ast.Block, names: _TopLevelNames, ctx: _Context) -> tuple[ir.Field, ...]:
    fields: list[ir.Field] = []
    seen: set[str] = set()
    for node in block.fields:
        if node.type is None:
            ctx.error(
                f'Error validating {_describe_kind(block.kind)} "{block.name}": This field declaration is invalid. '
                "It is either missing a name or a type.",
                node.span,
            )
            continue
        if node.name in seen:
            ctx.error(
                f'Field "{node.name}" is already defined on {_describe_kind(block.kind)} "{block.name}".',
                node.name_span,
            )
            continue
        seen.add(node.name)
        fields.append(_field(node, node.type, block, names, ctx))
    return tuple(fields)


def _field_kind(
    node: ast.Field, field_type: ast.FieldType, block: ast.Block, names: _TopLevelNames, ctx: _Context
) -> tuple[ir.FieldKind, str]:
    if field_type.unsupported is not None:
        return "unsupported", field_type.unsupported
    type_name = field_type.name
    if type_name in ir.SCALAR_TYPES:
        return "scalar", type_name
    if type_name in names.enums:
        return "enum", type_name
    if type_name in names.types:
        return "composite", type_name
    if type_name in names.models and block.kind != "type":
        return "relation", type_name
    if type_name in names.models:
        ctx.error(
            f'Error validating composite type "{block.name}": {type_name} refers to a model, making this a relation '
            "field. Relation fields inside composite types are not supported.",
            field_type.span,
        )
    else:
        ctx.error(
            f'Type "{type_name}" is neither a built-in type, nor refers to another model, composite type, or enum.',
            field_type.span,
            _did_you_mean(type_name, [*ir.SCALAR_TYPES, *names.enums, *names.types, *names.models]),
        )
    # Kept as a scalar of an unknown type: validation skips types it does not know.
    return "scalar", type_name


def _field_attributes(
    node: ast.Field, block: ast.Block, names: _TopLevelNames, ctx: _Context
) -> tuple[dict[str, ast.Attribute], ir.NativeType | None]:
    allowed = COMPOSITE_FIELD_ATTRIBUTES if block.kind == "type" else FIELD_ATTRIBUTES
    attrs: dict[str, ast.Attribute] = {}
    native_type: ir.NativeType | None = None
    counts: dict[str, int] = {}
    for attribute in node.attributes:
        counts[attribute.name] = counts.get(attribute.name, 0) + 1
    for attribute in node.attributes:
        if "." in attribute.name:
            prefix, _, type_name = attribute.name.partition(".")
            datasource = names.datasource
            if datasource is not None and prefix != datasource.name:
                ctx.error(
                    f"The prefix {prefix} is invalid. It must be equal to the name of an existing datasource e.g. "
                    f"{datasource.name}. Did you mean to use {datasource.name}.{type_name}?",
                    attribute.name_span,
                )
                continue
            native_type = ir.NativeType(
                type_name, tuple(_argument_text(a.value) for a in attribute.arguments.arguments)
            )
            continue
        if attribute.name not in allowed:
            if block.kind == "type" and attribute.name == "id":
                ctx.error(
                    "Error validating: Defining `@id` attribute for a field in a composite type is not allowed.",
                    node.span,
                )
            ctx.error(
                f'Attribute not known: "@{attribute.name}".',
                attribute.span,
                _did_you_mean(attribute.name, allowed, "@") if block.kind != "type" else None,
            )
            continue
        if counts[attribute.name] > 1:
            # Prisma reports every occurrence, so each one is underlined.
            ctx.error(f'Attribute "@{attribute.name}" can only be defined once.', attribute.span)
            continue
        attrs[attribute.name] = attribute
    return attrs, native_type


def _field(
    node: ast.Field, field_type: ast.FieldType, block: ast.Block, names: _TopLevelNames, ctx: _Context
) -> ir.Field:
    kind, type_name = _field_kind(node, field_type, block, names, ctx)
    if field_type.optional_list:
        ctx.error("Optional lists are not supported. Use either `Type[]` or `Type?`.", field_type.span)
    attrs, native_type = _field_attributes(node, block, names, ctx)
    is_list = field_type.arity == "list"
    is_required = field_type.arity != "optional"

    relation = _relation_attribute(attrs["relation"], node, block, ctx) if "relation" in attrs else None
    if relation is not None and kind != "relation":
        relation = None
    if kind == "relation":
        for key, what in (("unique", "made unique"), ("id", "declared as id")):
            if key in attrs:
                suggestion = (
                    f" Did you mean to put it on `{', '.join(relation.fields)}`?"
                    if relation and relation.fields
                    else ""
                )
                ctx.error(
                    f'Error parsing attribute "@{key}": The field `{node.name}` is a relation field and cannot be '
                    f"marked with `{key}`. Only scalar fields can be {what}.{suggestion}",
                    attrs.pop(key).span,
                )
    if "id" in attrs and not is_required:
        ctx.error('Error parsing attribute "@id": Fields that are marked as id must be required.', attrs["id"].span)
    if "updatedAt" in attrs:
        attribute = attrs["updatedAt"]
        if type_name != "DateTime" or kind != "scalar":
            ctx.error(
                'Error parsing attribute "@updatedAt": Fields that are marked with @updatedAt must be of type '
                "DateTime.",
                attribute.span,
            )
        elif is_list:
            ctx.error(
                'Error parsing attribute "@updatedAt": Fields that are marked with @updatedAt cannot be lists.',
                attribute.span,
            )

    mapped = _mapped_name(node.attributes, ctx) if "map" in attrs else None
    default = None
    if "default" in attrs:
        if kind == "relation":
            ctx.error(
                'Error parsing attribute "@default": Cannot set a default value on a relation field.',
                attrs["default"].span,
            )
        else:
            default = _default(attrs["default"], type_name, kind, is_list, ctx)
    return ir.Field(
        name=node.name,
        db_name=node.name if mapped is None else mapped,
        kind=kind,
        type=type_name,
        is_required=is_required,
        is_list=is_list,
        span=node.span,
        mapped=mapped is not None,
        native_type=native_type,
        default=default,
        is_id="id" in attrs,
        is_unique="unique" in attrs,
        is_updated_at="updatedAt" in attrs,
        is_ignored="ignore" in attrs or kind == "unsupported",
        documentation=node.documentation,
        relation=relation,
    )


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


def _default(
    attribute: ast.Attribute, type_name: str, kind: ir.FieldKind, is_list: bool, ctx: _Context
) -> ir.DefaultValue | None:
    positional = attribute.arguments.positional()
    map_arg = attribute.arguments.named("map")
    if not positional:
        value_arg = attribute.arguments.named("value")
        if value_arg is None:
            ctx.error('Error parsing attribute "@default": Missing an argument for the default value.', attribute.span)
            return None
        expr = value_arg.value
    else:
        expr = positional[0].value
    map_name = _string(map_arg.value) if map_arg else None
    if isinstance(expr, ast.FunctionCall):
        function = _default_function(expr, attribute, type_name, kind, ctx)
        return None if function is None else ir.DefaultValue(function=function, map=map_name)
    if kind == "unsupported":
        ctx.error(
            'Error parsing attribute "@default": Only @default(dbgenerated("...")) can be used for Unsupported types.',
            attribute.span,
        )
        return None
    if is_list and not isinstance(expr, ast.ArrayValue):
        ctx.error(
            'Error parsing attribute "@default": The default value of a list field must be a list.', attribute.span
        )
        return None
    value = _literal(expr, type_name, kind, is_list, attribute, ctx)
    if value is None:
        return None
    return ir.DefaultValue(value=value, map=map_name)


_VERSIONED_DEFAULTS = {"uuid": 4, "cuid": 1}


def _default_function(
    call: ast.FunctionCall, attribute: ast.Attribute, type_name: str, kind: ir.FieldKind, ctx: _Context
) -> ir.DefaultFunction | None:
    if call.name not in DEFAULT_FUNCTIONS:
        ctx.error(
            f"Unknown function in @default(): `{call.name}` is not known. You can read about the available "
            "functions here: https://pris.ly/d/attribute-functions",
            call.span,
            _did_you_mean(call.name, DEFAULT_FUNCTIONS),
        )
        return None
    if kind == "unsupported" and call.name != "dbgenerated":
        ctx.error(
            'Error parsing attribute "@default": Only @default(dbgenerated("...")) can be used for Unsupported types.',
            attribute.span,
        )
        return None
    accepted = _FUNCTION_TYPES.get(call.name)
    if accepted is not None and (kind != "scalar" or type_name not in accepted):
        if kind != "scalar" or type_name in ir.SCALAR_TYPES:  # an unknown type is reported already
            ctx.error(
                f'Error parsing attribute "@default": The function `{call.name}()` cannot be used on fields of type '
                f"`{type_name}`.",
                attribute.span,
            )
        return None
    args: list[str | int | float] = []
    named: list[tuple[str, str | int | float]] = []
    for argument in call.arguments.arguments:
        value: str | int | float
        if isinstance(argument.value, ast.NumberValue):
            text = argument.value.text
            value = int(text) if text.lstrip("-").isdigit() else float(text)
        else:
            value = _argument_text(argument.value)
        if argument.name is None:
            args.append(value)
        else:
            named.append((argument.name, value))
    if not args and call.name in _VERSIONED_DEFAULTS:
        args.append(_VERSIONED_DEFAULTS[call.name])
    return ir.DefaultFunction(call.name, tuple(args), tuple(named))


def _literal(
    expr: ast.Expression, type_name: str, kind: ir.FieldKind, is_list: bool, attribute: ast.Attribute, ctx: _Context
) -> ir.LiteralValue | None:
    if is_list and isinstance(expr, ast.ArrayValue):
        items = [_literal(item, type_name, kind, False, attribute, ctx) for item in expr.items]
        if any(item is None for item in items):
            return None
        return tuple(cast("list[ir.LiteralValue]", items))

    def wrong() -> None:
        expected = "an enum" if kind == "enum" else f"a {type_name}"
        ctx.error(
            f'Error parsing attribute "@default": Expected {expected} value, but found `{_expr_text(expr)}`.',
            attribute.span,
        )

    if kind == "enum":
        if isinstance(expr, ast.ConstantValue):
            return ir.EnumValueRef(expr.name)
        wrong()
        return None
    if kind == "scalar" and type_name not in ir.SCALAR_TYPES:
        return None  # an unknown type, reported already
    if type_name in ("Int", "BigInt"):
        if isinstance(expr, ast.NumberValue) and expr.text.lstrip("-").isdigit():
            return int(expr.text)
        wrong()
        return None
    if type_name == "Float":
        if isinstance(expr, ast.NumberValue):
            return float(expr.text) if not expr.text.lstrip("-").isdigit() else int(expr.text)
        wrong()
        return None
    if type_name == "Decimal":
        # Prisma also accepts a Decimal default written as a string: @default("2.00").
        if isinstance(expr, (ast.NumberValue, ast.StringValue)):
            try:
                return Decimal(expr.text if isinstance(expr, ast.NumberValue) else expr.value)
            except InvalidOperation:
                pass
        wrong()
        return None
    if type_name == "Boolean":
        if isinstance(expr, ast.ConstantValue) and expr.name in ("true", "false"):
            return expr.name == "true"
        wrong()
        return None
    if isinstance(expr, ast.StringValue):
        return expr.value
    wrong()
    return None


def _relation_attribute(
    attribute: ast.Attribute, node: ast.Field, block: ast.Block, ctx: _Context
) -> ir.RelationAttribute:
    args = attribute.arguments
    name_arg = args.named("name") or next(iter(args.positional()), None)
    name = _string(name_arg.value) if name_arg else None

    def action(key: str) -> ir.ReferentialAction | None:
        argument = args.named(key)
        if argument is None:
            return None
        value = argument.value.name if isinstance(argument.value, ast.ConstantValue) else None
        if value not in REFERENTIAL_ACTIONS:
            ctx.error(
                f'Error parsing attribute "@relation": Invalid referential action: `{_expr_text(argument.value)}`',
                argument.value.span,
                _did_you_mean(_expr_text(argument.value), REFERENTIAL_ACTIONS)
                or f"one of {', '.join(REFERENTIAL_ACTIONS)}",
            )
            return None
        return cast("ir.ReferentialAction", value)

    fields_arg, references_arg, map_arg = args.named("fields"), args.named("references"), args.named("map")
    fields = tuple(n for n, _, _ in _field_refs(fields_arg.value if fields_arg else None))
    references = tuple(n for n, _, _ in _field_refs(references_arg.value if references_arg else None))
    if fields_arg is not None:
        declared = {f.name for f in block.fields}
        unknown = [n for n in fields if n not in declared]
        if unknown:
            ctx.error(
                "Error validating: The argument fields must refer only to existing fields. The following fields do "
                f"not exist in this model: {', '.join(unknown)}",
                fields_arg.value.span,
                _did_you_mean(unknown[0], sorted(declared)),
            )
    if fields_arg is not None and references_arg is not None and len(fields) != len(references):
        ctx.error(
            "Error validating: You must specify the same number of fields in `fields` and `references`.",
            attribute.span,
        )
    return ir.RelationAttribute(
        name=name,
        fields=fields,
        references=references,
        on_delete=action("onDelete"),
        on_update=action("onUpdate"),
        map=_string(map_arg.value) if map_arg else None,
    )


# ---- models --------------------------------------------------------------------------------


def _model(block: ast.Block, names: _TopLevelNames, ctx: _Context) -> ir.Model:
    fields = list(_fields(block, names, ctx))
    by_name = {f.name: f for f in fields}

    block_attrs: list[ast.Attribute] = []
    for attribute in block.attributes:
        if attribute.name not in BLOCK_ATTRIBUTES:
            # Prisma names block attributes with one `@` in this message.
            ctx.error(
                f'Attribute not known: "@{attribute.name}".',
                attribute.span,
                _did_you_mean(attribute.name, BLOCK_ATTRIBUTES, "@@"),
            )
        else:
            block_attrs.append(attribute)

    primary_key = _primary_key(block, fields, block_attrs, by_name, ctx)
    if primary_key is not None and not primary_key.defined_on_field and len(primary_key.fields) == 1:
        # A one-field @@id makes that field the id, exactly like @id on it.
        only = primary_key.fields[0].name
        fields = [replace(f, is_id=True) if f.name == only else f for f in fields]
        by_name = {f.name: f for f in fields}
    indexes = _indexes(block, fields, block_attrs, by_name, ctx)
    mapped = _mapped_name(block_attrs, ctx)
    return ir.Model(
        name=block.name,
        db_name=block.name if mapped is None else mapped,
        fields=tuple(fields),
        primary_key=primary_key,
        indexes=tuple(indexes),
        span=block.span,
        mapped=mapped is not None,
        is_view=block.kind == "view",
        is_ignored=any(a.name == "ignore" for a in block_attrs),
        schema=_schema_attribute(block_attrs, names, ctx),
        documentation=block.documentation,
        _by_name=by_name,
    )


def _index_fields(
    expr: ast.Expression | None, by_name: dict[str, ir.Field], model: str, attribute: ast.Attribute, ctx: _Context
) -> tuple[ir.IndexField, ...]:
    result: list[ir.IndexField] = []
    for name, arguments, span in _field_refs(expr):
        root = name.split(".", 1)[0]
        if root not in by_name:
            ctx.error(
                f'Error validating model "{model}": The {_attribute_label(attribute)} definition refers to the '
                f"unknown fields: {name}.",
                span,
            )
            continue
        sort = length = ops = None
        if arguments is not None:
            sort_arg, length_arg, ops_arg = arguments.named("sort"), arguments.named("length"), arguments.named("ops")
            sort = _argument_text(sort_arg.value) if sort_arg else None
            length = (
                int(_argument_text(length_arg.value))
                if length_arg and _argument_text(length_arg.value).isdigit()
                else None
            )
            if ops_arg is not None:
                value = ops_arg.value
                if isinstance(value, ast.FunctionCall) and value.name == "raw":
                    positional = value.arguments.positional()
                    ops = _string(positional[0].value) if positional else None
                else:
                    ops = _argument_text(value)
        result.append(ir.IndexField(name, cast("ir.SortOrder | None", sort), length, ops))
    return tuple(result)


def _attribute_label(attribute: ast.Attribute) -> str:
    return {"id": "id", "unique": "unique index", "index": "index", "fulltext": "fulltext index"}.get(
        attribute.name, attribute.name
    )


def _field_level_index_field(field_node: ir.Field, attribute: ast.Attribute) -> ir.IndexField:
    sort_arg, length_arg = attribute.arguments.named("sort"), attribute.arguments.named("length")
    sort = _argument_text(sort_arg.value) if sort_arg else None
    length_text = _argument_text(length_arg.value) if length_arg else ""
    return ir.IndexField(
        field_node.name, cast("ir.SortOrder | None", sort), int(length_text) if length_text.isdigit() else None
    )


def _bool_argument(arguments: ast.ArgumentList, key: str) -> bool | None:
    argument = arguments.named(key)
    if argument is None or not isinstance(argument.value, ast.ConstantValue):
        return None
    return argument.value.name == "true"


def _field_attribute(block: ast.Block, field_name: str, attribute_name: str) -> ast.Attribute | None:
    for node in block.fields:
        if node.name == field_name:
            for attribute in node.attributes:
                if attribute.name == attribute_name:
                    return attribute
    return None


def _primary_key(
    block: ast.Block,
    fields: list[ir.Field],
    block_attrs: list[ast.Attribute],
    by_name: dict[str, ir.Field],
    ctx: _Context,
) -> ir.PrimaryKey | None:
    keys: list[ir.PrimaryKey] = []
    for f in fields:
        if f.is_id:
            attribute = _field_attribute(block, f.name, "id")
            assert attribute is not None
            map_arg = attribute.arguments.named("map")
            keys.append(
                ir.PrimaryKey(
                    (_field_level_index_field(f, attribute),),
                    None,
                    _string(map_arg.value) if map_arg else None,
                    True,
                    _bool_argument(attribute.arguments, "clustered"),
                    attribute.span,
                )
            )
    for attribute in block_attrs:
        if attribute.name != "id":
            continue
        fields_arg = attribute.arguments.named("fields") or next(iter(attribute.arguments.positional()), None)
        name_arg, map_arg = attribute.arguments.named("name"), attribute.arguments.named("map")
        keys.append(
            ir.PrimaryKey(
                _index_fields(fields_arg.value if fields_arg else None, by_name, block.name, attribute, ctx),
                _string(name_arg.value) if name_arg else None,
                _string(map_arg.value) if map_arg else None,
                False,
                _bool_argument(attribute.arguments, "clustered"),
                attribute.span,
            )
        )
    # Counted on the written fields: a duplicated field's `@id` counts too, as Prisma counts it.
    on_fields = sum(1 for node in block.fields if any(a.name == "id" for a in node.attributes))
    if on_fields + sum(1 for key in keys if not key.defined_on_field) > 1:
        problem = (
            "At most one field must be marked as the id field with the `@id` attribute."
            if on_fields > 1
            else "Each model must have at most one id criteria. You can't have `@id` and `@@id` at the same time."
        )
        ctx.error(f'Error validating model "{block.name}": {problem}', block.span)
    return keys[0] if keys else None


def _indexes(
    block: ast.Block,
    fields: list[ir.Field],
    block_attrs: list[ast.Attribute],
    by_name: dict[str, ir.Field],
    ctx: _Context,
) -> list[ir.Index]:
    indexes: list[ir.Index] = []
    for f in fields:
        if not f.is_unique:
            continue
        attribute = _field_attribute(block, f.name, "unique")
        assert attribute is not None
        map_arg = attribute.arguments.named("map")
        indexes.append(
            ir.Index(
                "unique",
                (_field_level_index_field(f, attribute),),
                None,
                _string(map_arg.value) if map_arg else None,
                True,
                clustered=_bool_argument(attribute.arguments, "clustered"),
                span=attribute.span,
            )
        )
    # Prisma visits @@index, then @@unique, then @@fulltext, each in written order.
    kinds: dict[str, ir.IndexKind] = {"index": "normal", "unique": "unique", "fulltext": "fulltext"}
    ordered = sorted((a for a in block_attrs if a.name in kinds), key=lambda a: list(kinds).index(a.name))
    for attribute in ordered:
        kind = kinds[attribute.name]
        args = attribute.arguments
        fields_arg = args.named("fields") or next(iter(args.positional()), None)
        name_arg, map_arg, type_arg = args.named("name"), args.named("map"), args.named("type")
        name = _string(name_arg.value) if name_arg else None
        map_name = _string(map_arg.value) if map_arg else None
        if kind == "normal" and name is not None and map_name is None:
            # On @@index, `name:` is the old spelling of `map:` (the database name).
            name, map_name = None, name
        indexes.append(
            ir.Index(
                kind,
                _index_fields(fields_arg.value if fields_arg else None, by_name, block.name, attribute, ctx),
                name,
                map_name,
                False,
                algorithm=_argument_text(type_arg.value) if type_arg else None,
                clustered=_bool_argument(args, "clustered"),
                span=attribute.span,
            )
        )
    return indexes


def _check_table_names(blocks: list[ast.Block], models: list[ir.Model], ctx: _Context) -> None:
    """Two models or views may not share a table (in the same database schema)."""
    owners: dict[tuple[str | None, str], str] = {}
    for block, model in zip(blocks, models, strict=True):
        key = (model.schema, model.db_name)
        owner = owners.setdefault(key, model.name)
        if owner == model.name:
            continue
        map_attribute = next((a for a in block.attributes if a.name == "map"), None)
        if map_attribute is not None:
            ctx.error(
                f'The model with database name "{model.db_name}" could not be defined because another model or view '
                f'with this name exists: "{owner}"',
                map_attribute.span,
            )
        else:
            ctx.error(
                f'The model "{model.name}" cannot be defined because a model or view with the database name '
                f'"{model.db_name}" already exists: "{owner}"',
                block.name_span,
            )


# ---- relations -----------------------------------------------------------------------------


def _pair_relations(
    models: list[ir.Model], ctx: _Context
) -> tuple[list[ir.Model], list[ir.Relation]]:
    """Pair every relation field with its opposite, name implicit relations, mark read-only
    scalars, and return the models with those facts filled in."""
    groups: dict[tuple[str, str, str], list[tuple[ir.Model, ir.Field]]] = {}
    for model in models:
        for f in model.fields:
            if f.kind != "relation" or f.is_ignored:
                continue
            pair = tuple(sorted((model.name, f.type)))
            explicit = f.relation.name if f.relation and f.relation.name else None
            name = explicit or f"{pair[0]}To{pair[1]}"
            groups.setdefault((pair[0], pair[1], name), []).append((model, f))

    by_model = {m.name: m for m in models}
    relations: list[ir.Relation] = []
    relation_names: dict[tuple[str, str], str] = {}
    for (first, second, name), members in groups.items():
        for model, f in members:
            relation_names[(model.name, f.name)] = name
        named = any(f.relation is not None and f.relation.name == name for _, f in members)
        if _ambiguous(members, first == second, named, ctx):
            continue
        relation = _relation(name, members, by_model, ctx)
        if relation is not None:
            relations.append(relation)

    # Scalars named in any `fields:` are read-only (this includes MongoDB's m:n id lists).
    read_only: dict[str, set[str]] = {}
    for model in models:
        for f in model.fields:
            if f.relation is not None:
                read_only.setdefault(model.name, set()).update(f.relation.fields)

    # Only the fields these facts change are copied: dataclasses.replace is slow on big schemas.
    resolved: list[ir.Model] = []
    for model in models:
        model_read_only = read_only.get(model.name, set())
        changed = False
        fields: list[ir.Field] = []
        for f in model.fields:
            relation_name = relation_names.get((model.name, f.name))
            is_read_only = f.name in model_read_only
            if relation_name != f.relation_name or is_read_only != f.is_read_only:
                f = _replace_field(f, relation_name=relation_name, is_read_only=is_read_only)
                changed = True
            fields.append(f)
        resolved.append(_replace_model(model, tuple(fields)) if changed else model)
    return resolved, relations


def _ambiguous(members: list[tuple[ir.Model, ir.Field]], is_self: bool, explicit: bool, ctx: _Context) -> bool:
    """Relation fields that cannot be paired because several of them share one relation name."""
    per_model: dict[str, list[ir.Field]] = {}
    for model, f in members:
        per_model.setdefault(model.name, []).append(f)
    found = False
    for model_name, fields in per_model.items():
        if len(fields) <= (2 if is_self else 1):
            continue
        listed = _and_list([f"`{f.name}`" for f in fields])
        target = fields[0].type
        if is_self and explicit:
            problem = (
                f"Wrongly named self relation detected. The fields {listed} in model `{model_name}` have the same "
                "relation name. At most two relation fields can belong to the same relation and therefore have the "
                "same name. Please assign a different relation name to one of them."
            )
        elif is_self:
            problem = (
                f"Unnamed self relation detected. The fields {listed} in model `{model_name}` have no relation name. "
                "Please provide a relation name for one of them by adding `@relation(<name>)."
            )
        elif explicit:
            problem = (
                f"Wrongly named relation detected. The fields {listed} in model `{model_name}` both use the same "
                "relation name. Please provide different relation names for them through `@relation(<name>)."
            )
        else:
            problem = (
                f"Ambiguous relation detected. The fields {listed} in model `{model_name}` both refer to `{target}`. "
                "Please provide different relation names for them by adding `@relation(<name>)."
            )
        ctx.error(
            f'Error validating model "{model_name}": {problem}',
            fields[0].span,
            'name each relation, e.g. `@relation("Author")` on both sides of one of them',
        )
        found = True
    return found


def _and_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _relation(
    name: str,
    members: list[tuple[ir.Model, ir.Field]],
    by_model: dict[str, ir.Model],
    ctx: _Context,
) -> ir.Relation | None:
    if len(members) == 1:
        model, f = members[0]
        ctx.error(
            f"Error validating field `{f.name}` in model `{model.name}`: The relation field `{f.name}` on model "
            f"`{model.name}` is missing an opposite relation field on the model `{f.type}`. Either run `prisma format` "
            "or add it manually.",
            f.span,
        )
        return None
    if len(members) > 2:
        return None  # reported by `_ambiguous`
    (model_a, field_a), (model_b, field_b) = members
    attr_a = field_a.relation or ir.RelationAttribute()
    attr_b = field_b.relation or ir.RelationAttribute()
    if field_a.is_list and field_b.is_list:
        first, second = sorted(members, key=lambda m: (m[0].name, m[1].name))
        return ir.Relation(
            name,
            "many_to_many",
            ir.RelationSide(first[0].name, first[1].name),
            ir.RelationSide(second[0].name, second[1].name),
            on_delete="Cascade",
            on_update="Cascade",
        )
    # Orient the pair: the list side of a 1:n is the referenced one (`fields:` written there is an
    # error reported by validation); in a 1:1, side A holds `fields:`.
    if field_a.is_list or (not field_b.is_list and attr_b.fields and not attr_a.fields):
        (model_a, field_a, attr_a), (model_b, field_b, attr_b) = (model_b, field_b, attr_b), (model_a, field_a, attr_a)
    kind: ir.RelationKind = "one_to_many" if field_b.is_list else "one_to_one"
    fk_fields = [model_a.get_field(n) for n in attr_a.fields]
    # Prisma's default: SetNull when every foreign-key field may be NULL, Restrict otherwise.
    all_optional = bool(fk_fields) and all(f is not None and not f.is_required for f in fk_fields)
    default_on_delete: ir.ReferentialAction = "SetNull" if all_optional else "Restrict"
    return ir.Relation(
        name,
        kind,
        ir.RelationSide(model_a.name, field_a.name),
        ir.RelationSide(model_b.name, field_b.name),
        fields=attr_a.fields,
        references=attr_a.references,
        on_delete=attr_a.on_delete or default_on_delete,
        on_update=attr_a.on_update or "Cascade",
        fk_name=attr_a.map,
    )


def _replace_field(f: ir.Field, *, relation_name: str | None, is_read_only: bool) -> ir.Field:
    return replace(f, relation_name=relation_name, is_read_only=is_read_only)


def _replace_model(model: ir.Model, fields: tuple[ir.Field, ...]) -> ir.Model:
    return replace(model, fields=fields, _by_name={f.name: f for f in fields})
