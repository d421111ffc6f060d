"""Relations paired across both models, with Prisma's names and referential-action defaults."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.resolve.common import _Context

# ---- relations -----------------------------------------------------------------------------


def _pair_relations(models: list[ir.Model], ctx: _Context) -> tuple[list[ir.Model], list[ir.Relation]]:
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
            f"`{model.name}` is missing an opposite relation field on the model `{f.type}`. Either run "
            "`prisma-dynamic format` or add it manually.",
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
