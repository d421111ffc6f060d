"""The migrations folder read against `_prisma_migrations`: which migrations are applied,
pending, failed, edited since they were applied, or applied but missing from the folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from prisma_dynamic.migrate.folder import LocalMigration, matches_checksum
from prisma_dynamic.migrate.history import AppliedMigration


@dataclass(frozen=True, slots=True)
class HistoryState:
    local: tuple[LocalMigration, ...]
    applied: tuple[LocalMigration, ...]
    pending: tuple[LocalMigration, ...]
    failed: tuple[AppliedMigration, ...]
    edited: tuple[LocalMigration, ...]
    missing: tuple[str, ...]  # applied to the database, not in the folder

    @property
    def diverged(self) -> bool:
        """The database's history is not a prefix of the folder's: migrate dev must reset."""
        return bool(self.failed or self.edited or self.missing)

    @property
    def up_to_date(self) -> bool:
        return not (self.diverged or self.pending)


def read_state(local: list[LocalMigration], rows: list[AppliedMigration]) -> HistoryState:
    applied_rows: dict[str, AppliedMigration] = {}
    for row in rows:
        if row.applied:
            applied_rows.setdefault(row.migration_name, row)
    # A failed row that was later resolved as applied, or re-run, is not a failure any more.
    failed = tuple(r for r in rows if r.failed and r.migration_name not in applied_rows)
    failed_names = {r.migration_name for r in failed}
    local_names = {m.name for m in local}
    applied = tuple(m for m in local if m.name in applied_rows)
    return HistoryState(
        local=tuple(local),
        applied=applied,
        pending=tuple(m for m in local if m.name not in applied_rows and m.name not in failed_names),
        failed=failed,
        edited=tuple(m for m in applied if not matches_checksum(m.script(), applied_rows[m.name].checksum)),
        missing=tuple(name for name in applied_rows if name not in local_names),
    )


def describe_problems(state: HistoryState) -> list[str]:
    """What is wrong with the history, in Prisma's words, one paragraph per problem."""
    problems = []
    for row in state.failed:
        problems.append(f"The `{row.migration_name}` migration started at {moment(row.started_at)} failed.")
    for migration in state.edited:
        problems.append(f"The migration `{migration.name}` was modified after it was applied.")
    if state.missing:
        listed = "\n".join(f"  {name}" for name in state.missing)
        problems.append(
            "The following migration(s) are applied to the database but missing from the local migrations "
            f"directory:\n{listed}"
        )
    return problems


def moment(value: object) -> str:
    """A time from the history table for people (SQLite keeps milliseconds since the epoch)."""
    if isinstance(value, int | float):
        value = datetime.fromtimestamp(value / 1000, UTC)
    if isinstance(value, datetime):
        if value.tzinfo is None:  # MySQL's DATETIME: the server's local time
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return str(value)
