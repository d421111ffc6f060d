"""The two sides of each paired relation, looked up once for every relation rule."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.validation.context import Context


@dataclass(frozen=True)
class RelationSides:
    relation: ir.Relation
    # For 1:1 and 1:n, the side that holds `fields:` (or should) and the side it points to.
    model: ir.Model
    field: ir.Field
    other_model: ir.Model
    other_field: ir.Field

    @property
    def attribute(self) -> ir.RelationAttribute:
        return self.field.relation or ir.RelationAttribute()

    @property
    def other_attribute(self) -> ir.RelationAttribute:
        return self.other_field.relation or ir.RelationAttribute()

    def scalar_fields(self) -> list[ir.Field] | None:
        """The fields named in `fields:`, or None when one is unknown (reported by the resolver)."""
        found = [self.model.get_field(name) for name in self.attribute.fields]
        return None if any(f is None for f in found) else [f for f in found if f is not None]

    def referenced_fields(self) -> list[ir.Field] | None:
        found = [self.other_model.get_field(name) for name in self.attribute.references]
        return None if any(f is None for f in found) else [f for f in found if f is not None]


def relation_sides(ctx: Context, *kinds: ir.RelationKind) -> Iterator[RelationSides]:
    for relation in ctx.schema.relations:
        if relation.kind not in kinds:
            continue
        sides = _sides(ctx.schema, relation)
        if sides is not None and not sides.model.is_ignored and not sides.other_model.is_ignored:
            yield sides


def _sides(schema: ir.Schema, relation: ir.Relation) -> RelationSides | None:
    model = schema.get_model(relation.referencing.model)
    other_model = schema.get_model(relation.referenced.model)
    if model is None or other_model is None or relation.referencing.field is None or relation.referenced.field is None:
        return None
    field = model.get_field(relation.referencing.field)
    other_field = other_model.get_field(relation.referenced.field)
    if field is None or other_field is None:
        return None
    return RelationSides(relation, model, field, other_model, other_field)
