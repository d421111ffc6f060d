"""`migrate deploy`: apply the folder's pending migrations in order, never asking anything.

It refuses to start while a migration is recorded as failed (someone must look at the database
and run `migrate resolve`), and on a database that has tables but no migration history (it must
be baselined first), as Prisma does."""

from __future__ import annotations

from prisma_dynamic.migrate.errors import MigrateError
from prisma_dynamic.migrate.history import AppliedMigration
from prisma_dynamic.migrate.project import Project
from prisma_dynamic.migrate.runner import Database, Report, apply_all
from prisma_dynamic.migrate.state import moment, read_state


async def migrate_deploy(project: Project, report: Report) -> tuple[str, ...]:
    """The names of the migrations applied."""
    project.check_folder()
    local = project.folder.migrations()
    database = await Database.open(project.dialect, project.url)
    try:
        history = database.history
        state = read_state(local, await history.rows())
        if state.failed:
            raise failed_migrations_error(state.failed)
        if state.pending and not await history.exists():
            live = await database.catalog(project.target())
            if live.tables or live.enums:
                raise MigrateError(
                    "The database schema is not empty. Read more about how to baseline an existing production "
                    "database: https://pris.ly/d/migrate-baseline",
                    code="P3005",
                )
        for migration in state.edited:
            report(f"warning: the migration `{migration.name}` was modified after it was applied.")
        await apply_all(database, state.pending, report)
        return tuple(m.name for m in state.pending)
    finally:
        await database.close()


def failed_migrations_error(failed: tuple[AppliedMigration, ...]) -> MigrateError:
    listed = "\n".join(
        f"The `{row.migration_name}` migration started at {moment(row.started_at)} failed" for row in failed
    )
    return MigrateError(
        "migrate found failed migrations in the target database, new migrations will not be applied. Read more "
        "about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n"
        f"{listed}\n\nOnce the database is fixed, mark the migration with "
        "`prisma-dynamic migrate resolve --rolled-back NAME` (to run it again) or `--applied NAME`.",
        code="P3009",
    )
