"""`migrate status`: the migrations folder against the database's history."""

from __future__ import annotations

from dataclasses import dataclass

from prisma_dynamic.migrate.project import Project
from prisma_dynamic.migrate.runner import Database
from prisma_dynamic.migrate.state import HistoryState, read_state


@dataclass(frozen=True, slots=True)
class Status:
    state: HistoryState
    managed: bool  # the database has a migration history table
    empty: bool  # the database holds none of the schema's tables


async def migrate_status(project: Project) -> Status:
    project.check_folder()
    local = project.folder.migrations()
    database = await Database.open(project.dialect, project.url)
    try:
        history = database.history
        managed = await history.exists()
        live = await database.catalog(project.target())
        return Status(read_state(local, await history.rows()), managed, not (live.tables or live.enums))
    finally:
        await database.close()
