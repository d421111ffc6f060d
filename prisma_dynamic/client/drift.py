"""Saying what is wrong when the database is behind the schema (a missing table or column).

The engine answers Prisma's P2021/P2022 with the database's own words (`no such column:
t0.color`); the client knows the schema, so it names the model and field the database lacks and
what brings the two together again.
"""

from __future__ import annotations

import re
from pathlib import Path

from prisma_dynamic.errors import DataError
from prisma_dynamic.schema import ir

__all__ = ["DRIFT_CODES", "explain_drift"]

DRIFT_CODES = frozenset({"P2021", "P2022"})
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _names(text: str) -> list[str]:
    # `t0.color`, `"public"."Post"`, `column t0.color does not exist`: the last part of each name.
    return [m.group(0) for m in _NAME.finditer(text)]


def _missing_field(schema: ir.Schema, model: str | None, text: str) -> tuple[ir.Model, ir.Field] | None:
    names = _names(text)
    candidates = [schema.model(model)] if model and schema.get_model(model) else []
    candidates += [m for m in schema.models if m.name != model]
    for candidate in candidates:
        for field in candidate.scalar_fields:
            if field.db_name in names:
                return candidate, field
    return None


def _missing_table(schema: ir.Schema, model: str | None, text: str) -> ir.Model | None:
    names = _names(text)
    preferred = schema.get_model(model) if model else None
    if preferred is not None and preferred.db_name in names:
        return preferred
    return next((m for m in schema.models if m.db_name in names), None)


def explain_drift(error: DataError, schema: ir.Schema, schema_path: Path, model: str | None) -> DataError:
    """The same error, its message naming the schema change the database does not have yet."""
    text = " ".join(str(v) for v in error.meta.values()) or str(error)
    if error.code == "P2022":
        found = _missing_field(schema, model, text)
        if found is None:
            return error
        owner, field = found
        change = f"the schema declares `{owner.name}.{field.name}` (column `{field.db_name}` of `{owner.db_name}`)"
    else:
        table = _missing_table(schema, model, text)
        if table is None:
            return error
        change = f"the schema declares the model `{table.name}` (table `{table.db_name}`)"
    message = (
        f"{error} The database is behind the schema: {change}, which the database does not have. "
        f"Apply the schema change (`prisma-dynamic db push --schema {schema_path}`, or your migrations); "
        f"if the schema file changed while this client ran, `db.reload()` reads it again."
    )
    return type(error)(error.data, message=message)
