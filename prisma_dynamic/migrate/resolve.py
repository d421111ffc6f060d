"""`migrate resolve`: tell the history how a migration ended, without running anything —
`--applied` (its changes are in the database: done by hand, or a baseline) or `--rolled-back`
(a failed migration was undone by hand; `deploy` runs it again)."""

from __future__ import annotations

from prisma_dynamic.migrate.errors import MigrateError
from prisma_dynamic.migrate.folder import checksum
from prisma_dynamic.migrate.project import Project
from prisma_dynamic.migrate.runner import Database
from prisma_dynamic.migrate.state import read_state


async def resolve_applied(project: Project, name: str) -> None:
    project.check_folder()
    local = {m.name: m for m in project.folder.migrations()}
    migration = local.get(name)
    if migration is None:
        raise MigrateError(f"Migration `{name}` cannot be found in {project.folder}.", code="P3017")
    database = await Database.open(project.dialect, project.url)
    try:
        history = database.history
        state = read_state(list(local.values()), await history.rows())
        if migration in state.applied:
            raise MigrateError(f"Migration `{name}` is already recorded as applied in the database.", code="P3008")
        await history.ensure()
        await history.mark_rolled_back(name)  # a failed attempt is superseded
        await history.mark_applied(name, checksum(migration.script()))
    finally:
        await database.close()


async def resolve_rolled_back(project: Project, name: str) -> None:
    project.check_folder()
    database = await Database.open(project.dialect, project.url)
    try:
        history = database.history
        state = read_state(project.folder.migrations(), await history.rows())
        if not any(row.migration_name == name for row in state.failed):
            raise MigrateError(
                f"Migration `{name}` cannot be rolled back because it is not in a failed state.", code="P3012"
            )
        await history.mark_rolled_back(name)
    finally:
        await database.close()
