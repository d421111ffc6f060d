"""Schema IR -> `Surface`: a pure function, the single source of every type the stubs declare."""

from __future__ import annotations

import keyword

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema import query_schema_of
from stubs_plugin.inputs import Depth, ModelInputs, recursion_depth
from stubs_plugin.nested import nested_write_types
from stubs_plugin.query_types import SHARED_ALIASES, QueryTypes, SharedInputs
from stubs_plugin.scalars import capabilities, value_type
from stubs_plugin.surface import (
    DELEGATE_PARAMETERS,
    Attribute,
    Delegate,
    EnumType,
    ModelClass,
    Surface,
)


def build_surface(schema: ir.Schema, *, truly_recursive: bool = False) -> Surface:
    """`truly_recursive`: relation-following types refer to themselves whatever `recursive_type_depth`
    says (for mypy, which checks such types fully and reads them far faster than N unrolled levels)."""
    query_schema = query_schema_of(schema)
    caps = capabilities(query_schema)
    depth = recursion_depth(schema)  # checked even when unused: the schema's setting must be valid
    shared = SharedInputs(QueryTypes(schema, query_schema))
    inputs = ModelInputs(schema, caps, Depth(-1) if truly_recursive else depth, shared)
    inputs.build()
    shared.drain()
    models = list(inputs.models.values())
    generator = schema.client_generator
    return Surface(
        interface=generator.interface if generator is not None else "asyncio",
        capabilities=caps,
        enums=tuple(EnumType(e.name, e.value_names, e.documentation) for e in schema.enums),
        models=tuple(_model_class(m.name, m.fields, m.documentation, inputs.models) for m in models)
        + tuple(_model_class(t.name, t.fields, t.documentation, inputs.models) for t in schema.composite_types),
        typed_dicts=tuple(shared.typed_dicts + nested_write_types(caps) + inputs.typed_dicts),
        aliases=SHARED_ALIASES + tuple(shared.aliases) + tuple(inputs.aliases),
        delegates=tuple(_delegate(m) for m in models),
    )


def _model_class(
    name: str, fields: tuple[ir.Field, ...], documentation: str | None, models: dict[str, ir.Model]
) -> ModelClass:
    attributes: list[Attribute] = []
    for field in fields:
        if field.is_ignored or field.kind == "unsupported" or keyword.iskeyword(field.name):
            continue
        if field.is_relation:
            if field.type not in models:
                continue
            # Relations are only loaded when included, so every relation attribute may be None.
            attributes.append(Attribute(field.name, value_type(field, output=True), True, field.documentation))
        else:
            optional = not field.is_required
            attributes.append(Attribute(field.name, value_type(field, output=True), optional, field.documentation))
    return ModelClass(name, tuple(attributes), documentation)


def _delegate(model: ir.Model) -> Delegate:
    name = model.name
    args = {parameter: f"{name}{parameter}" for parameter in DELEGATE_PARAMETERS}
    args["Model"] = name
    return Delegate(model.instance_name, name, tuple(args[p] for p in DELEGATE_PARAMETERS))
