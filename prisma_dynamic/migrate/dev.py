"""`migrate dev`: bring the development database up to the migrations folder, then write the
migration from the folder's state to the schema and apply it.

The folder's state is learnt as Prisma learns it: its migrations replayed on a shadow database.
The same replay, stopped after the migrations the database has applied, says what the database
should look like; anything else there is drift, and the database must be reset (asked first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from prisma_dynamic.migrate.diff import diff_catalogs
from prisma_dynamic.migrate.errors import MigrateError
from prisma_dynamic.migrate.folder import LocalMigration
from prisma_dynamic.migrate.project import Project
from prisma_dynamic.migrate.risks import assess
from prisma_dynamic.migrate.runner import Database, Report, apply_all, apply_migration, replay, shadow_database
from prisma_dynamic.migrate.script import render_script
from prisma_dynamic.migrate.spelling import respelled
from prisma_dynamic.migrate.state import describe_problems, read_state
from prisma_dynamic.migrate.summary import summarize
from prisma_dynamic.migrate.warnings import migration_warnings

# Asked with what is at stake (one line each); True to go on.
Confirm = Callable[[list[str]], bool]


@dataclass(frozen=True, slots=True)
class DevResult:
    applied: tuple[str, ...]  # migrations of the folder applied first (all of them after a reset)
    created: LocalMigration | None
    created_applied: bool
    reset: bool
    warnings: tuple[str, ...] = ()


async def migrate_dev(
    project: Project,
    *,
    name: str = "",
    create_only: bool = False,
    allow_reset: Confirm,
    accept_data_loss: Confirm,
    report: Report,
) -> DevResult:
    project.check_folder()
    local = project.folder.migrations()
    scope = project.target()
    dialect = project.dialect
    dev = await Database.open(dialect, project.url)
    try:
        state = read_state(local, await dev.history.rows())
        async with shadow_database(dialect, project.url, project.shadow_url, scope) as shadow:
            await replay(shadow, state.applied)
            expected = await shadow.catalog(scope)
            problems = describe_problems(state)
            if not state.diverged:
                drift = diff_catalogs(expected, await dev.catalog(scope))
                if not drift.is_empty:
                    problems.append(
                        "Drift detected: Your database schema is not in sync with your migration history.\n\n"
                        "The following is a summary of the differences between the expected database schema given "
                        "your migrations files, and the actual schema of the database.\n\n"
                        + "\n".join(summarize(drift))
                    )
            await replay(shadow, [m for m in local if m not in state.applied])
            folder_state = await shadow.catalog(scope)

            reset = False
            if problems:
                if not allow_reset([*problems, "We need to reset the database. All data will be lost."]):
                    raise MigrateError(
                        "\n\n".join(problems)
                        + "\n\nThe database was not changed. Run `prisma-dynamic migrate reset` to reset it and "
                        "apply every migration, or `prisma-dynamic migrate resolve` to mark a failed migration."
                    )
                await dev.reset(scope)
                reset = True
                await apply_all(dev, local, report)
            else:
                await apply_all(dev, state.pending, report)

            diff = await shadow.diff_to(folder_state, scope)
            applied = tuple(m.name for m in (local if reset else state.pending))
            if diff.is_empty and not create_only:
                return DevResult(applied, None, False, reset)
            statements = shadow.backend.migration_statements(respelled(diff, scope))
            warnings = tuple(migration_warnings(diff, shadow.backend))
        risks = await assess(dev.connection, dev.backend, diff)
        if risks.unexecutable and not create_only:
            listed = "\n".join(f"  • {p}" for p in risks.unexecutable)
            raise MigrateError(
                f"We found changes that cannot be executed:\n\n{listed}\n\n"
                "You can use `prisma-dynamic migrate dev --create-only` to create the migration file, and manually "
                "modify it to address the underlying issue(s). Then run `prisma-dynamic migrate dev` to apply it."
            )
        if risks.data_loss and not create_only and not accept_data_loss(list(risks.data_loss)):
            raise MigrateError("Migration cancelled: nothing was written or applied.")
        migration = project.folder.write(name, render_script(statements, warnings), project.provider)
        if not create_only:
            await apply_migration(dev, migration, report)
        return DevResult(applied, migration, not create_only, reset, warnings)
    finally:
        await dev.close()
