"""The datasource and generator blocks."""

from __future__ import annotations

from collections.abc import Sequence

from prisma_dynamic.schema import ast, ir
from prisma_dynamic.schema.resolve.common import (
    _URL_READING_GENERATORS,
    HIDDEN_PREVIEW_FEATURES,
    PREVIEW_FEATURES,
    PROMOTED_PREVIEW_FEATURES,
    PROVIDERS,
    RELATION_MODES,
    RETIRING_PREVIEW_FEATURES,
    _config_value,
    _Context,
    _did_you_mean,
    _expect_string,
    _string_list,
)

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
