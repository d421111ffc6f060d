"""`migrate reset`: drop everything the schema manages (and the history), then apply every
migration of the folder from the start."""

from __future__ import annotations

from prisma_dynamic.migrate.project import Project
from prisma_dynamic.migrate.runner import Database, Report, apply_all


async def migrate_reset(project: Project, report: Report) -> tuple[str, ...]:
    project.check_folder()
    local = project.folder.migrations()
    database = await Database.open(project.dialect, project.url)
    try:
        await database.reset(project.target())
        await apply_all(database, local, report)
        return tuple(m.name for m in local)
    finally:
        await database.close()
