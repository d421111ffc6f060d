"""What a diff would do to the rows already there, counted in the live database before anything runs.

Two kinds: data loss (the push may proceed with `--accept-data-loss`) and changes that cannot
run at all on the current rows (a required column without a default on a non-empty table,
NULLs in a column made required without a default, duplicates under a new unique index).
"""

from __future__ import annotations

from dataclasses import dataclass

from prisma_dynamic.migrate.backend import Connection, SchemaBackend
from prisma_dynamic.migrate.catalog import Table
from prisma_dynamic.migrate.diff import SchemaDiff, TableChange, removed_values


@dataclass(frozen=True, slots=True)
class Risks:
    data_loss: tuple[str, ...] = ()
    unexecutable: tuple[str, ...] = ()


async def assess(connection: Connection, backend: SchemaBackend, diff: SchemaDiff) -> Risks:
    counter = _Counter(connection, backend)
    data_loss: list[str] = []
    unexecutable: list[str] = []
    for table in diff.dropped_tables:
        rows = await counter.rows(table)
        if rows:
            data_loss.append(f"You are about to drop the `{table.name}` table, which is not empty ({_rows(rows)}).")
    for change in diff.changed_tables:
        await _table_change(counter, change, data_loss, unexecutable)
    for live, target in diff.altered_enums:
        removed = removed_values(live, target)
        if removed:
            data_loss.append(
                f"The values [{', '.join(removed)}] of the enum `{live.name}` will be removed; "
                "rows that still use them would make the push fail."
            )
    return Risks(tuple(data_loss), tuple(unexecutable))


async def _table_change(counter: _Counter, change: TableChange, data_loss: list[str], unexecutable: list[str]) -> None:
    table = change.old
    name = table.name
    for column in change.dropped_columns:
        values = await counter.non_null(table, column.name)
        if values:
            data_loss.append(
                f"You are about to drop the column `{column.name}` on the `{name}` table, "
                f"which still contains {_values(values)}."
            )
    for old, new in change.altered_columns:
        if not counter.backend.keeps_values(old.type, new.type):
            values = await counter.non_null(table, old.name)
            if values:
                data_loss.append(
                    f"The column `{old.name}` on the `{name}` table changes type from {old.type} to {new.type}; "
                    f"its {_values(values)} will be converted and may be lost."
                )
        if old.nullable and not new.nullable:
            nulls = await counter.nulls(table, old.name)
            if nulls and new.default is None:
                unexecutable.append(
                    f"Made the column `{old.name}` on the `{name}` table required, "
                    f"but it holds {nulls} NULL value{'s' if nulls != 1 else ''}."
                )
            elif nulls:
                data_loss.append(
                    f"Made the column `{old.name}` on the `{name}` table required: "
                    f"its {nulls} NULL value{'s' if nulls != 1 else ''} will be replaced by the default {new.default}."
                )
    for column in change.added_columns:
        if not column.nullable and column.default is None and not column.autoincrement:
            rows = await counter.rows(table)
            if rows:
                unexecutable.append(
                    f"Added the required column `{column.name}` to the `{name}` table without a default value; "
                    f"the table holds {_rows(rows)}."
                )
    for index in change.added_indexes:
        if index.unique and all(table.column(c) is not None for c in index.column_names):
            duplicated = await counter.duplicates(table, index.column_names)
            if duplicated:
                unexecutable.append(
                    f"The unique index `{index.name}` on ({', '.join(index.column_names)}) of the `{name}` table "
                    f"cannot be created: {duplicated} value{'s are' if duplicated != 1 else ' is'} duplicated."
                )


class _Counter:
    def __init__(self, connection: Connection, backend: SchemaBackend) -> None:
        self.connection = connection
        self.backend = backend

    async def _count(self, sql: str) -> int:
        rows = await self.connection.fetch(sql)
        return int(rows[0][0])

    async def rows(self, table: Table) -> int:
        return await self._count(f"SELECT COUNT(*) FROM {self.backend.table_ref(table.schema, table.name)}")

    async def non_null(self, table: Table, column: str) -> int:
        ref = self.backend.table_ref(table.schema, table.name)
        return await self._count(f"SELECT COUNT(*) FROM {ref} WHERE {self.backend.dialect.quote(column)} IS NOT NULL")

    async def nulls(self, table: Table, column: str) -> int:
        ref = self.backend.table_ref(table.schema, table.name)
        return await self._count(f"SELECT COUNT(*) FROM {ref} WHERE {self.backend.dialect.quote(column)} IS NULL")

    async def duplicates(self, table: Table, columns: tuple[str, ...]) -> int:
        quote = self.backend.dialect.quote
        listed = ", ".join(quote(c) for c in columns)
        # NULLs never collide in a unique index.
        present = " AND ".join(f"{quote(c)} IS NOT NULL" for c in columns)
        ref = self.backend.table_ref(table.schema, table.name)
        groups = f"SELECT 1 AS d FROM {ref} WHERE {present} GROUP BY {listed} HAVING COUNT(*) > 1"
        return await self._count(f"SELECT COUNT(*) FROM ({groups}) duplicated")


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


def _values(count: int) -> str:
    return f"{count} non-null value{'s' if count != 1 else ''}"
