"""The warnings a migration file carries at its top, in Prisma's wording: what the change could
do to rows, said without looking at any database (the file is applied to many)."""

from __future__ import annotations

from prisma_dynamic.migrate.backend import SchemaBackend
from prisma_dynamic.migrate.diff import SchemaDiff, removed_values


def migration_warnings(diff: SchemaDiff, backend: SchemaBackend) -> list[str]:
    warnings = []
    for change in diff.changed_tables:
        owner = change.old.name
        for column in change.dropped_columns:
            warnings.append(
                f"You are about to drop the column `{column.name}` on the `{owner}` table. "
                "All the data in the column will be lost."
            )
        for old, new in change.altered_columns:
            if not backend.keeps_values(old.type, new.type):
                warnings.append(
                    f"You are about to alter the column `{old.name}` on the `{owner}` table. "
                    f"The data in that column will be cast from `{old.type}` to `{new.type}`; "
                    "values that do not fit will be lost."
                )
            if old.nullable and not new.nullable and new.default is None:
                warnings.append(
                    f"Made the column `{old.name}` on table `{owner}` required. "
                    "If there are existing NULL values, the migration will fail."
                )
        for column in change.added_columns:
            if not column.nullable and column.default is None and not column.autoincrement:
                warnings.append(
                    f"Added the required column `{column.name}` to the `{owner}` table without a default value. "
                    "This is not possible if the table is not empty."
                )
        for index in change.added_indexes:
            if index.unique:
                warnings.append(
                    f"A unique constraint covering the columns `[{','.join(index.column_names)}]` on the table "
                    f"`{owner}` will be added. If there are existing duplicate values, this will fail."
                )
    for table in diff.dropped_tables:
        warnings.append(
            f"You are about to drop the `{table.name}` table. If the table is not empty, "
            "all the data it contains will be lost."
        )
    for live, target in diff.altered_enums:
        removed = removed_values(live, target)
        if removed:
            warnings.append(
                f"The values [{','.join(removed)}] on the enum `{live.name}` will be removed. "
                "If these variants are still used in the database, this will fail."
            )
    for enum in diff.dropped_enums:
        warnings.append(f"You are about to drop the enum `{enum.name}`. Columns that still use it make this fail.")
    return warnings
