"""Live catalog vs target catalog -> what has to change, database-neutral.

Each backend turns a `SchemaDiff` into its own statements (SQLite redefines a table where
PostgreSQL alters it), so nothing here knows how a change is carried out.
"""

from __future__ import annotations

from dataclasses import dataclass

from prisma_dynamic.migrate.catalog import Catalog, Column, EnumType, ForeignKey, Index, Table


@dataclass(frozen=True, slots=True)
class TableChange:
    old: Table
    new: Table
    added_columns: tuple[Column, ...]
    dropped_columns: tuple[Column, ...]
    altered_columns: tuple[tuple[Column, Column], ...]  # (live, target)
    primary_key_changed: bool
    added_foreign_keys: tuple[ForeignKey, ...]
    dropped_foreign_keys: tuple[ForeignKey, ...]
    added_indexes: tuple[Index, ...]
    dropped_indexes: tuple[Index, ...]


@dataclass(frozen=True, slots=True)
class SchemaDiff:
    created_schemas: tuple[str, ...] = ()
    created_extensions: tuple[str, ...] = ()
    created_enums: tuple[EnumType, ...] = ()
    altered_enums: tuple[tuple[EnumType, EnumType], ...] = ()  # (live, target)
    dropped_enums: tuple[EnumType, ...] = ()
    created_tables: tuple[Table, ...] = ()
    changed_tables: tuple[TableChange, ...] = ()
    dropped_tables: tuple[Table, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.created_schemas
            or self.created_extensions
            or self.created_enums
            or self.altered_enums
            or self.dropped_enums
            or self.created_tables
            or self.changed_tables
            or self.dropped_tables
        )


def removed_values(live: EnumType, target: EnumType) -> list[str]:
    """The values of a live enum that its target no longer has, in the live order."""
    return [v for v in live.values if v not in target.values]


def added_values(live: EnumType, target: EnumType) -> list[str]:
    """The values of a target enum that the live one does not have yet, in the target order."""
    return [v for v in target.values if v not in live.values]


def diff_catalogs(live: Catalog, target: Catalog, *, live_schemas: tuple[str, ...] = ()) -> SchemaDiff:
    """`live_schemas`: the namespaces that already exist (so they are not created again)."""
    live_tables = {t.key: t for t in live.tables}
    target_tables = {t.key: t for t in target.tables}
    live_enums = {e.key: e for e in live.enums}
    target_enums = {e.key: e for e in target.enums}
    changed = []
    for key, table in target_tables.items():
        old = live_tables.get(key)
        if old is not None:
            change = diff_table(old, table)
            if change is not None:
                changed.append(change)
    return SchemaDiff(
        created_schemas=tuple(s for s in target.schemas if s not in live_schemas),
        created_extensions=tuple(e for e in target.extensions if e not in live.extensions),
        created_enums=tuple(e for k, e in target_enums.items() if k not in live_enums),
        altered_enums=tuple(
            (live_enums[k], e) for k, e in target_enums.items() if k in live_enums and live_enums[k].values != e.values
        ),
        dropped_enums=tuple(e for k, e in live_enums.items() if k not in target_enums),
        created_tables=tuple(t for k, t in target_tables.items() if k not in live_tables),
        changed_tables=tuple(changed),
        dropped_tables=tuple(t for k, t in live_tables.items() if k not in target_tables),
    )


def diff_table(old: Table, new: Table) -> TableChange | None:
    old_columns = {c.name: c for c in old.columns}
    new_columns = {c.name: c for c in new.columns}
    altered = tuple(
        (old_columns[name], column)
        for name, column in new_columns.items()
        if name in old_columns and old_columns[name] != column
    )
    old_indexes = {i.name: i for i in old.indexes}
    new_indexes = {i.name: i for i in new.indexes}
    change = TableChange(
        old=old,
        new=new,
        added_columns=tuple(c for name, c in new_columns.items() if name not in old_columns),
        dropped_columns=tuple(c for name, c in old_columns.items() if name not in new_columns),
        altered_columns=altered,
        primary_key_changed=old.primary_key != new.primary_key,
        added_foreign_keys=tuple(fk for fk in new.foreign_keys if not any(fk.same_as(o) for o in old.foreign_keys)),
        dropped_foreign_keys=tuple(fk for fk in old.foreign_keys if not any(fk.same_as(n) for n in new.foreign_keys)),
        added_indexes=tuple(i for name, i in new_indexes.items() if old_indexes.get(name) != i),
        dropped_indexes=tuple(i for name, i in old_indexes.items() if new_indexes.get(name) != i),
    )
    touched = (
        change.added_columns
        or change.dropped_columns
        or change.altered_columns
        or change.primary_key_changed
        or change.added_foreign_keys
        or change.dropped_foreign_keys
        or change.added_indexes
        or change.dropped_indexes
    )
    return change if touched else None
