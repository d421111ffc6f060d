"""Syntax tree -> Schema IR: names resolved, attributes read, relations paired.

Resolution reports what stops it from building a consistent IR (unknown types, duplicate
names, unpaired relations, malformed attributes) as diagnostics and carries on, so that every
problem is reported at once. The rules that only judge an already consistent schema live in
`prisma_dynamic/schema/validation/`.
"""

from __future__ import annotations

from collections.abc import Sequence

from prisma_dynamic.schema import ast, ir
from prisma_dynamic.schema.diagnostics import Diagnostic
from prisma_dynamic.schema.resolve.common import _Context, _TopLevelNames
from prisma_dynamic.schema.resolve.config import _datasource, _generator
from prisma_dynamic.schema.resolve.enums import _enum
from prisma_dynamic.schema.resolve.fields import _fields
from prisma_dynamic.schema.resolve.models import _check_table_names, _model
from prisma_dynamic.schema.resolve.relations import _pair_relations


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
