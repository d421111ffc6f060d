"""`_prisma_migrations`: the database's record of which migrations ran, in Prisma's columns, so
that Prisma's CLI and ours read and write the same history.

A migration gets its row before its script runs (`finished_at` NULL) and is marked finished
after: a script that fails, or a process killed in between, leaves a row saying it failed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from prisma_dynamic.migrate.backend import Connection, SchemaBackend

TABLE = "_prisma_migrations"
_COLUMNS = "id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count"


@dataclass(frozen=True, slots=True)
class AppliedMigration:
    id: str
    checksum: str
    finished_at: Any
    migration_name: str
    logs: str | None
    rolled_back_at: Any
    started_at: Any
    applied_steps_count: int

    @property
    def failed(self) -> bool:
        return self.finished_at is None and self.rolled_back_at is None

    @property
    def applied(self) -> bool:
        return self.finished_at is not None and self.rolled_back_at is None


class History:
    def __init__(self, backend: SchemaBackend, connection: Connection, url: str) -> None:
        self.backend = backend
        self.connection = connection
        self.table = backend.table_ref(backend.default_schema(url), TABLE)

    def _literal(self, value: str | None) -> str:
        return "NULL" if value is None else self.backend.dialect.string_literal(value)

    async def ensure(self) -> None:
        if not await self.exists():
            await self.connection.execute(self.backend.migrations_table.format(table=self.table))

    async def exists(self) -> bool:
        try:
            await self.connection.fetch(f"SELECT 1 FROM {self.table} WHERE 1 = 0")
        except Exception:  # each driver has its own "no such table"
            return False
        return True

    async def rows(self) -> list[AppliedMigration]:
        """Every row, oldest first; none when the table is not there yet."""
        if not await self.exists():
            return []
        rows = await self.connection.fetch(f"SELECT {_COLUMNS} FROM {self.table} ORDER BY started_at, migration_name")
        return [
            AppliedMigration(
                id=str(row[0]),
                checksum=str(row[1]),
                finished_at=row[2],
                migration_name=str(row[3]),
                logs=row[4],
                rolled_back_at=row[5],
                started_at=row[6],
                applied_steps_count=int(row[7] or 0),
            )
            for row in rows
        ]

    async def start(self, name: str, checksum: str) -> str:
        row_id = str(uuid.uuid4())
        await self.connection.execute(
            f"INSERT INTO {self.table} (id, checksum, migration_name, started_at, applied_steps_count) "
            f"VALUES ({self._literal(row_id)}, {self._literal(checksum)}, {self._literal(name)}, "
            f"{self.backend.now_sql}, 0)"
        )
        return row_id

    async def finish(self, row_id: str) -> None:
        await self.connection.execute(
            f"UPDATE {self.table} SET finished_at = {self.backend.now_sql}, applied_steps_count = 1 "
            f"WHERE id = {self._literal(row_id)}"
        )

    async def fail(self, row_id: str, logs: str) -> None:
        await self.connection.execute(
            f"UPDATE {self.table} SET logs = {self._literal(logs)} WHERE id = {self._literal(row_id)}"
        )

    async def mark_applied(self, name: str, checksum: str) -> None:
        """`migrate resolve --applied`: recorded as applied without running (no steps)."""
        row_id = str(uuid.uuid4())
        now = self.backend.now_sql
        await self.connection.execute(
            f"INSERT INTO {self.table} (id, checksum, migration_name, started_at, finished_at, applied_steps_count) "
            f"VALUES ({self._literal(row_id)}, {self._literal(checksum)}, {self._literal(name)}, {now}, {now}, 0)"
        )

    async def mark_rolled_back(self, name: str) -> None:
        await self.connection.execute(
            f"UPDATE {self.table} SET rolled_back_at = {self.backend.now_sql} "
            f"WHERE migration_name = {self._literal(name)} AND finished_at IS NULL AND rolled_back_at IS NULL"
        )
