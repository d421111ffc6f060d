"""A schema as HTML: one card per model (fields, types, attributes) and a table of relations.

This is what `db` and `db.models` show in a notebook: enough to write the next query without
opening `schema.prisma`.
"""

from __future__ import annotations

import html

from prisma_dynamic.display.tables import type_label
from prisma_dynamic.schema import ir

__all__ = ["schema_html"]

_STYLE = (
    "<style>"
    ".pd-schema{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start;font-size:12px}"
    ".pd-model{border:1px solid #6366f1;border-radius:4px;border-collapse:collapse}"
    ".pd-model th{background:#6366f1;color:#fff;padding:3px 8px;text-align:left}"
    ".pd-model td{padding:1px 8px;border-top:1px solid #e5e7eb}"
    ".pd-attr{color:#6b7280}"
    ".pd-rel{border-collapse:collapse;font-size:12px;margin-top:8px}"
    ".pd-rel th,.pd-rel td{border:1px solid #ccc;padding:2px 6px;text-align:left}"
    "</style>"
)

_KIND = {"one_to_one": "1:1", "one_to_many": "1:n", "many_to_many": "m:n"}


def _default(value: ir.DefaultValue) -> str:
    if value.function is not None:
        args = ", ".join(str(a) for a in value.function.args)
        return f"@default({value.function.name}({args}))"
    literal = value.value
    if isinstance(literal, ir.EnumValueRef):
        return f"@default({literal.name})"
    if isinstance(literal, str):
        return f'@default("{literal}")'
    if isinstance(literal, bool):
        return f"@default({str(literal).lower()})"
    return f"@default({literal})"


def _attributes(schema: ir.Schema, model: ir.Model, field: ir.Field) -> str:
    parts = []
    if field.is_id or (model.primary_key is not None and field.name in model.primary_key.field_names):
        parts.append("@id")
    if field.is_unique:
        parts.append("@unique")
    if field.default is not None:
        parts.append(_default(field.default))
    if field.is_updated_at:
        parts.append("@updatedAt")
    if field.is_relation:
        relation = schema.relation_of(model.name, field.name)
        arrow = f"→ {field.type} ({_KIND[relation.kind]})"
        if relation.fields and schema.holds_foreign_key(model.name, field.name):
            arrow += f" by {', '.join(relation.fields)}"
        parts.append(arrow)
    return " ".join(parts)


def _model_card(schema: ir.Schema, model: ir.Model) -> str:
    title = model.name + (" (view)" if model.is_view else "")
    if model.mapped:
        title += f" @@map({model.db_name})"
    rows = "".join(
        f"<tr><td>{html.escape(f.name)}</td><td>{html.escape(type_label(f))}</td>"
        f'<td class="pd-attr">{html.escape(_attributes(schema, model, f))}</td></tr>'
        for f in model.fields
        if not f.is_ignored
    )
    return f'<table class="pd-model"><tr><th colspan="3">{html.escape(title)}</th></tr>{rows}</table>'


def _enum_card(definition: ir.Enum) -> str:
    rows = "".join(f"<tr><td>{html.escape(v.name)}</td></tr>" for v in definition.values)
    return f'<table class="pd-model"><tr><th>enum {html.escape(definition.name)}</th></tr>{rows}</table>'


def _side(side: ir.RelationSide) -> str:
    return html.escape(f"{side.model}.{side.field}" if side.field else side.model)


def _relations(schema: ir.Schema) -> str:
    if not schema.relations:
        return ""
    rows = "".join(
        f"<tr><td>{html.escape(r.name)}</td><td>{_KIND[r.kind]}</td>"
        f"<td>{_side(r.referencing)}</td><td>{_side(r.referenced)}</td></tr>"
        for r in schema.relations
    )
    head = "<tr><th>relation</th><th>kind</th><th>from</th><th>to</th></tr>"
    return f'<table class="pd-rel">{head}{rows}</table>'


def schema_html(schema: ir.Schema, heading: str | None = None) -> str:
    """Every model and enum of `schema` as cards, then the relations between them."""
    models = [m for m in schema.models if not m.is_ignored]
    summary = heading or f"{len(models)} models, {len(schema.enums)} enums ({schema.provider})"
    cards = [_model_card(schema, m) for m in models] + [_enum_card(e) for e in schema.enums]
    return (
        f"{_STYLE}<div><b>{html.escape(summary)}</b>"
        f'<div class="pd-schema">{"".join(cards)}</div>{_relations(schema)}</div>'
    )
