"""Fields: their kind, attributes, native type, default and `@relation`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import cast

from prisma_dynamic.schema import ast, ir, rfc3339
from prisma_dynamic.schema.resolve.common import (
    _FUNCTION_TYPES,
    COMPOSITE_FIELD_ATTRIBUTES,
    DEFAULT_FUNCTIONS,
    FIELD_ATTRIBUTES,
    REFERENTIAL_ACTIONS,
    _argument_text,
    _Context,
    _describe_kind,
    _did_you_mean,
    _expr_text,
    _field_refs,
    _string,
    _TopLevelNames,
)
from prisma_dynamic.schema.resolve.enums import _mapped_name

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
                type_name, tuple(_argument_text(a.value) for a in attribute.arguments.arguments), attribute.span
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


def _i64_problem(text: str) -> str | None:
    """Why Rust's `str::parse::<i64>` refuses a written number, in its words."""
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()):
        return "invalid digit found in string"
    if not -(2**63) <= int(text) < 2**63:
        return "number too large to fit in target type" if int(text) > 0 else "number too small to fit in target type"
    return None


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
        if not isinstance(expr, ast.NumberValue):
            wrong()
            return None
        # Prisma reads any number here, then parses it as Rust's i64 and says why that failed.
        reason = _i64_problem(expr.text)
        if reason is not None:
            ctx.error(
                f'Error parsing attribute "@default": Parse error: "{expr.text}" is not a valid integer. ({reason})',
                expr.span,
            )
            return None
        return int(expr.text)
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
        if type_name == "DateTime":
            try:
                rfc3339.parse(expr.value)
            except rfc3339.Rfc3339Error as error:
                ctx.error(
                    f'Error parsing attribute "@default": Parse error: "{expr.value}" is not a valid rfc3339 '
                    f"datetime string. ({error})",
                    expr.span,
                    'for example "2024-01-31T12:00:00Z"',
                )
                return None
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
