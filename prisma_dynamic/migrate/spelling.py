"""A diff found in the database's own spelling, written back in the schema's.

Diffs compare the target as the database reports it (`canonical`: `timestamp(3) without time
zone`, `'x'::text`), but a migration file is read by people and by Prisma: what it creates is
written as the dialect spells it from the schema (`TIMESTAMP(3)`, `'x'`), as Prisma's files are.
"""

from __future__ import annotations

from dataclasses import replace

from prisma_dynamic.migrate.catalog import Catalog, Table
from prisma_dynamic.migrate.diff import SchemaDiff, TableChange


def respelled(diff: SchemaDiff, target: Catalog) -> SchemaDiff:
    """`diff`'s target side taken from `target` (the catalog made from the schema, not canonical)."""
    tables = {t.key: t for t in target.tables}
    enums = {e.key: e for e in target.enums}
    return replace(
        diff,
        created_enums=tuple(enums.get(e.key, e) for e in diff.created_enums),
        created_tables=tuple(tables.get(t.key, t) for t in diff.created_tables),
        changed_tables=tuple(_change(c, tables.get(c.new.key)) for c in diff.changed_tables),
    )


def _change(change: TableChange, written: Table | None) -> TableChange:
    # Only what is created is respelled: an altered column is rendered from the comparison of
    # both sides, which must stay in one spelling.
    if written is None:
        return change
    columns = {c.name: c for c in written.columns}
    return replace(change, added_columns=tuple(columns.get(c.name, c) for c in change.added_columns))
