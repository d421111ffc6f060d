"""Models and views: primary keys, unique and normal indexes, table names."""

from __future__ import annotations

from dataclasses import replace
from typing import cast

from prisma_dynamic.schema import ast, ir
from prisma_dynamic.schema.resolve.common import (
    BLOCK_ATTRIBUTES,
    _argument_text,
    _Context,
    _did_you_mean,
    _field_refs,
    _string,
    _TopLevelNames,
)
from prisma_dynamic.schema.resolve.enums import _mapped_name, _schema_attribute
from prisma_dynamic.schema.resolve.fields import _fields

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
