"""Records and aggregate rows as HTML tables, with each column's schema type in the header.

Values are escaped; to-one relations nest as a one-row table, to-many relations as a count that
opens onto a nested table, relation counts (`_count`) as `_count.<relation>` columns. Long lists
are cut at `MAX_ROWS` rows with a line saying how many were left out.
"""

from __future__ import annotations

import datetime
import enum
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from prisma_dynamic.schema import ir

__all__ = ["MAX_ROWS", "record_html", "records_html", "rows_html", "type_label"]

MAX_ROWS = 50
MAX_TEXT = 200
MAX_DEPTH = 3

# One stylesheet per table keeps each output self-contained (notebooks copy cells around).
_STYLE = (
    "<style>"
    ".pd-table{border-collapse:collapse;font-size:12px;margin:2px 0}"
    ".pd-table th,.pd-table td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}"
    ".pd-table th{background:#f3f4f6}"
    ".pd-type{display:block;font-weight:normal;color:#6b7280;font-size:10px}"
    ".pd-null{color:#9ca3af;font-style:italic}"
    ".pd-caption{caption-side:top;text-align:left;font-weight:bold;padding:2px 0}"
    "</style>"
)


def type_label(field: ir.Field) -> str:
    """A field's type as the schema writes it: `Int`, `String?`, `Post[]`."""
    if field.is_list:
        return f"{field.type}[]"
    return field.type if field.is_required else f"{field.type}?"


def _schema_model(cls: type[Any]) -> ir.Model | None:
    registry = getattr(cls, "__prisma_registry__", None)
    name = getattr(cls, "__prisma_model__", None)
    if registry is None or name is None:
        return None
    model: ir.Model | None = registry.schema.get_model(name)
    return model


def _is_record(value: Any) -> bool:
    return isinstance(value, BaseModel) and hasattr(type(value), "__prisma_model__")


def _text(value: str) -> str:
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT] + "…"
    return html.escape(value)


def _cell(value: Any, depth: int) -> str:
    if value is None:
        return '<span class="pd-null">null</span>'
    if _is_record(value):
        return _table([value], depth + 1) if depth < MAX_DEPTH else _text(type(value).__name__)
    if isinstance(value, list) and value and all(_is_record(v) for v in value):
        summary = f"{len(value)} {type(value[0]).__name__}"
        if depth >= MAX_DEPTH:
            return html.escape(summary)
        return f"<details><summary>{html.escape(summary)}</summary>{_table(value, depth + 1)}</details>"
    if isinstance(value, enum.Enum):
        return _text(str(value.value))
    if isinstance(value, bool | int | float):
        return html.escape(str(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return html.escape(value.isoformat())
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list):
        return _text(", ".join(str(v.value if isinstance(v, enum.Enum) else v) for v in value)) or "[]"
    if isinstance(value, dict | tuple):
        return _text(json.dumps(value, default=str))
    return _text(str(value))


def _field_cell(model: ir.Model | None, name: str, value: Any, depth: int) -> str:
    field = model.get_field(name) if model is not None else None
    if value == [] and field is not None and field.is_relation:
        return html.escape(f"0 {field.type}")
    return _cell(value, depth)


def _header(name: str, label: str | None) -> str:
    kind = f'<span class="pd-type">{html.escape(label)}</span>' if label else ""
    return f"<th>{html.escape(name)}{kind}</th>"


def _table(records: Sequence[Any], depth: int, caption: str | None = None) -> str:
    cls = type(records[0])
    model = _schema_model(cls)
    columns = list(cls.model_fields)
    counted = sorted({name for r in records for name in (getattr(r, "_count", None) or {})})
    head = []
    for name in columns:
        field = model.get_field(name) if model is not None else None
        head.append(_header(name, type_label(field) if field is not None else None))
    head.extend(_header(f"_count.{name}", "Int") for name in counted)
    body = []
    for record in records[:MAX_ROWS]:
        cells = [_field_cell(model, name, getattr(record, name, None), depth) for name in columns]
        counts = getattr(record, "_count", None) or {}
        cells.extend(_cell(counts.get(name), depth) for name in counted)
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    rest = len(records) - MAX_ROWS
    if rest > 0:
        body.append(f'<tr><td colspan="{len(head)}" class="pd-null">… {rest} more rows</td></tr>')
    title = f'<caption class="pd-caption">{html.escape(caption)}</caption>' if caption else ""
    return f'<table class="pd-table">{title}<tr>{"".join(head)}</tr>{"".join(body)}</table>'


def record_html(record: Any) -> str:
    """One record: a one-row table captioned with its model."""
    return _STYLE + _table([record], 0, caption=type(record).__name__)


def records_html(records: Sequence[Any], model: str | None = None) -> str:
    """A list of records: one row each; an empty list says so."""
    if not records:
        return _STYLE + f'<p class="pd-null">no {html.escape(model or "")} records</p>'
    return _STYLE + _table(records, 0, caption=f"{len(records)} {type(records[0]).__name__} records")


def _flatten(row: Mapping[str, Any]) -> dict[str, Any]:
    """`{"_sum": {"views": 3}}` as `{"_sum.views": 3}`: one column per aggregate."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Mapping) and key.startswith("_"):
            for inner, item in value.items():
                flat[f"{key}.{inner}"] = item
        else:
            flat[key] = value
    return flat


def _aggregate_label(model: ir.Model | None, column: str) -> str | None:
    """The type of a group_by/aggregate column: a grouped field's own type, `Int` for counts,
    `Float` for averages, the field's type for sums, minimums and maximums."""
    operation, _, name = column.rpartition(".")
    if column == "_count":
        return "Int"
    field = model.get_field(name) if model is not None else None
    if operation == "_count":
        return "Int"
    if operation == "_avg":
        return "Float?"
    if field is None:
        return None
    return field.type if operation == "" and field.is_required else f"{field.type}?"


def rows_html(rows: Iterable[Mapping[str, Any]], model: ir.Model | None = None) -> str:
    """Aggregate rows (group_by, aggregate, count with select) as one table."""
    flat = [_flatten(row) for row in rows]
    if not flat:
        return _STYLE + '<p class="pd-null">no groups</p>'
    columns = list(dict.fromkeys(column for row in flat for column in row))
    head = "".join(_header(c, _aggregate_label(model, c)) for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(row.get(c), MAX_DEPTH)}</td>" for c in columns) + "</tr>"
        for row in flat[:MAX_ROWS]
    )
    caption = f'<caption class="pd-caption">{html.escape(model.name) if model else "rows"}: {len(flat)}</caption>'
    return f'{_STYLE}<table class="pd-table">{caption}<tr>{head}</tr>{body}</table>'
