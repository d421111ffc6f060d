"""`prisma-dynamic migrate ...` as users run it: real processes on a SQLite project (and one on
PostgreSQL), Prisma's folder layout next to the schema, exit codes for scripts, nothing asked
when standard input is not a terminal."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import anyio
import pytest

from tests.databases import server_url
from tests.migrate.command_line import USER, run_cli
from tests.migrate.command_line import sqlite_project as project
from tests.migrate.migrating import databases


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli("migrate", *args, cwd=cwd, env=env)


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def migration_names(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "migrations").iterdir() if p.is_dir())


def test_dev_writes_prismas_layout_and_records_the_migration(tmp_path: Path) -> None:
    folder = project(tmp_path)
    result = cli("dev", "--name", "Initial schema", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (name,) = migration_names(folder)
    assert name.endswith("_initial_schema") and name[:14].isdigit()
    assert f"  └─ {name}/" in result.stdout
    assert "Your database is now in sync with your schema." in result.stdout
    script = (folder / "migrations" / name / "migration.sql").read_text(encoding="utf-8")
    assert script.startswith('-- CreateTable\nCREATE TABLE "User" (')
    assert '-- CreateIndex\nCREATE UNIQUE INDEX "User_email_key" ON "User"("email");' in script
    assert (folder / "migrations" / "migration_lock.toml").read_text(encoding="utf-8").endswith('provider = "sqlite"\n')
    rows = query(
        folder / "dev.db",
        "SELECT migration_name, checksum, finished_at, logs, applied_steps_count FROM _prisma_migrations",
    )
    checksum = hashlib.sha256((folder / "migrations" / name / "migration.sql").read_bytes()).hexdigest()
    assert rows == [(name, checksum, rows[0][2], None, 1)]
    assert rows[0][2] is not None

    again = cli("dev", "--name", "nothing", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Already in sync" in again.stdout
    assert migration_names(folder) == [name]


def test_a_destructive_migration_is_not_applied_unless_accepted(tmp_path: Path) -> None:
    folder = project(tmp_path)
    assert cli("dev", "--name", "init", cwd=tmp_path).returncode == 0
    db = folder / "dev.db"
    connection = sqlite3.connect(db)
    connection.execute("INSERT INTO User (email, name) VALUES ('a@example.com', 'Ada')")
    connection.commit()
    connection.close()
    project(tmp_path, USER.replace("  name  String?\n", ""))

    refused = cli("dev", "--name", "drop name", cwd=tmp_path)
    assert refused.returncode == 1
    assert "You are about to drop the column `name` on the `User` table, which still contains 1" in refused.stdout
    assert "--accept-data-loss" in refused.stderr
    assert len(migration_names(folder)) == 1
    assert query(db, "SELECT name FROM User") == [("Ada",)]

    accepted = cli("dev", "--name", "drop name", "--accept-data-loss", cwd=tmp_path)
    assert accepted.returncode == 0, accepted.stderr
    names = migration_names(folder)
    assert len(names) == 2
    script = (folder / "migrations" / names[1] / "migration.sql").read_text(encoding="utf-8")
    assert script.startswith("/*\n  Warnings:\n\n  - You are about to drop the column `name` on the `User` table.")
    assert "-- RedefineTables\nPRAGMA defer_foreign_keys=ON;" in script
    assert query(db, "SELECT email FROM User") == [("a@example.com",)]


def test_drift_is_reported_and_nothing_is_reset_without_asking(tmp_path: Path) -> None:
    folder = project(tmp_path)
    assert cli("dev", "--name", "init", cwd=tmp_path).returncode == 0
    connection = sqlite3.connect(folder / "dev.db")
    connection.execute('CREATE TABLE "Stray" ("id" INTEGER PRIMARY KEY)')
    connection.close()

    result = cli("dev", "--name", "next", cwd=tmp_path)
    assert result.returncode == 1
    assert "Drift detected: Your database schema is not in sync with your migration history." in result.stderr
    assert "[+] Added tables\n  - Stray" in result.stderr
    assert "migrate reset" in result.stderr
    assert query(folder / "dev.db", "SELECT name FROM sqlite_master WHERE name = 'Stray'") == [("Stray",)]

    forced = cli("dev", "--name", "next", "--force-reset", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "Database reset successful." in forced.stdout
    assert query(folder / "dev.db", "SELECT name FROM sqlite_master WHERE name = 'Stray'") == []


def test_status_deploy_and_a_failed_migration(tmp_path: Path) -> None:
    folder = project(tmp_path)
    assert cli("dev", "--name", "init", "--create-only", cwd=tmp_path).returncode == 0
    (first,) = migration_names(folder)

    pending = cli("status", cwd=tmp_path)
    assert pending.returncode == 1
    assert f"Following migration has not yet been applied:\n{first}" in pending.stdout

    deployed = cli("deploy", cwd=tmp_path)
    assert deployed.returncode == 0, deployed.stderr
    assert f"Applied migration `{first}`" in deployed.stdout
    assert "All migrations have been successfully applied." in deployed.stdout
    assert cli("status", cwd=tmp_path).stdout.rstrip().endswith("Database schema is up to date!")

    broken = folder / "migrations" / "29990101000000_broken"
    broken.mkdir()
    (broken / "migration.sql").write_text('CREATE TABLE "Fine" ("id" INTEGER);\nSELEKT 1;\n', encoding="utf-8")
    failed = cli("deploy", cwd=tmp_path)
    assert failed.returncode == 1
    assert "P3018" in failed.stderr and "Migration name: 29990101000000_broken" in failed.stderr
    # The script ran in one transaction: nothing of it stayed.
    assert query(folder / "dev.db", "SELECT name FROM sqlite_master WHERE name = 'Fine'") == []

    refused = cli("deploy", cwd=tmp_path)
    assert refused.returncode == 1
    assert "P3009" in refused.stderr and "migrate resolve --rolled-back" in refused.stderr
    status = cli("status", cwd=tmp_path)
    assert status.returncode == 1 and "The `29990101000000_broken` migration started at" in status.stdout

    resolved = cli("resolve", "--rolled-back", "29990101000000_broken", cwd=tmp_path)
    assert resolved.returncode == 0, resolved.stderr
    (broken / "migration.sql").write_text('CREATE TABLE "Fine" ("id" INTEGER);\n', encoding="utf-8")
    fixed = cli("deploy", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert cli("status", cwd=tmp_path).returncode == 0
    assert cli("resolve", "--rolled-back", "29990101000000_broken", cwd=tmp_path).returncode == 1


def test_a_database_made_without_migrations_is_baselined_with_resolve(tmp_path: Path) -> None:
    folder = project(tmp_path)
    pushed = subprocess.run(
        [sys.executable, "-m", "prisma_dynamic", "db", "push"], cwd=tmp_path, capture_output=True, text=True
    )
    assert pushed.returncode == 0, pushed.stderr
    diff = cli("diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script", cwd=tmp_path)
    assert diff.returncode == 0, diff.stderr
    (folder / "migrations" / "0_init").mkdir(parents=True)
    (folder / "migrations" / "0_init" / "migration.sql").write_text(diff.stdout, encoding="utf-8")

    refused = cli("deploy", cwd=tmp_path)
    assert refused.returncode == 1 and "P3005" in refused.stderr
    assert cli("resolve", "--applied", "0_init", cwd=tmp_path).returncode == 0
    assert "No pending migrations to apply." in cli("deploy", cwd=tmp_path).stdout
    again = cli("resolve", "--applied", "0_init", cwd=tmp_path)
    assert again.returncode == 1 and "P3008" in again.stderr
    assert query(folder / "dev.db", "SELECT applied_steps_count FROM _prisma_migrations") == [(0,)]


def test_reset_asks_unless_forced(tmp_path: Path) -> None:
    folder = project(tmp_path)
    assert cli("dev", "--name", "init", cwd=tmp_path).returncode == 0
    connection = sqlite3.connect(folder / "dev.db")
    connection.execute("INSERT INTO User (email) VALUES ('a@example.com')")
    connection.commit()
    connection.close()
    refused = cli("reset", cwd=tmp_path)
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert query(folder / "dev.db", "SELECT COUNT(*) FROM User") == [(1,)]
    reset = cli("reset", "--force", cwd=tmp_path)
    assert reset.returncode == 0, reset.stderr
    assert query(folder / "dev.db", "SELECT COUNT(*) FROM User") == [(0,)]
    assert len(query(folder / "dev.db", "SELECT * FROM _prisma_migrations")) == 1


def test_diff_between_sources(tmp_path: Path) -> None:
    folder = project(tmp_path)
    script = cli("diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script", cwd=tmp_path)
    assert script.returncode == 0, script.stderr
    assert script.stdout.startswith('-- CreateTable\nCREATE TABLE "User"')
    summary = cli("diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code", cwd=tmp_path)
    assert summary.returncode == 2
    assert summary.stdout == "[+] Added tables\n  - User\n"

    assert cli("dev", "--name", "init", cwd=tmp_path).returncode == 0
    same = cli(
        "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma",
        "--exit-code", cwd=tmp_path,
    )  # fmt: skip
    assert same.returncode == 0, same.stderr
    assert same.stdout == "No difference detected.\n"
    url = "file:" + str(folder / "dev.db")
    live = cli("diff", "--from-url", url, "--to-empty", "--script", "--schema", "prisma/schema.prisma", cwd=tmp_path)
    assert live.returncode == 0, live.stderr
    assert '-- DropTable\nDROP TABLE "User";' in live.stdout
    assert "You are about to drop the `User` table" in live.stdout
    empty = cli("diff", "--from-empty", "--to-empty", "--script", "--schema", "prisma/schema.prisma", cwd=tmp_path)
    assert empty.stdout == "-- This is an empty migration.\n"
    nothing = cli("diff", "--from-empty", "--to-url", url, cwd=tmp_path)
    assert nothing.returncode == 1 and "one database kind" in nothing.stderr


def test_a_deploy_killed_midway_is_recorded_as_failed(tmp_path: Path) -> None:
    server = server_url("postgresql")
    with databases("postgresql", tmp_path) as made:
        url = made.new()
        schema = USER.replace('"sqlite"', '"postgresql"')
        folder = project(tmp_path, schema)
        env = {"DATABASE_URL": url}
        (folder / ".env").unlink()
        slow = folder / "migrations" / "20240101000000_slow"
        slow.mkdir(parents=True)
        (slow / "migration.sql").write_text('CREATE TABLE "T" ("id" INTEGER);\nSELECT pg_sleep(60);\n')
        process = subprocess.Popen(
            [sys.executable, "-m", "prisma_dynamic", "migrate", "deploy"],
            cwd=tmp_path,
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        try:
            anyio.run(_wait_until_running, url)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
        anyio.run(_cancel_sleepers, server)

        refused = cli("deploy", cwd=tmp_path, env=env)
        assert refused.returncode == 1
        assert "P3009" in refused.stderr
        assert "The `20240101000000_slow` migration started at" in refused.stderr
        assert "migrate resolve" in refused.stderr
        status = cli("status", cwd=tmp_path, env=env)
        assert status.returncode == 1


async def _wait_until_running(url: str) -> None:
    """Until the deploy's row is there and its script is sleeping (no fixed delay)."""
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        with anyio.fail_after(60):
            while True:
                sleeping = await connection.fetchval(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()"
                )
                if sleeping:
                    rows = await connection.fetch("SELECT finished_at FROM _prisma_migrations")
                    assert [r["finished_at"] for r in rows] == [None]
                    return
                await anyio.sleep(0.05)
    finally:
        await connection.close()


async def _cancel_sleepers(server: str) -> None:
    """The killed client's statement goes on in the server until it notices; end it."""
    import asyncpg

    connection = await asyncpg.connect(server)
    try:
        await connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' "
            "AND pid <> pg_backend_pid()"
        )
    finally:
        await connection.close()


@pytest.mark.parametrize("command", ["dev", "deploy", "status", "reset", "resolve"])
def test_a_missing_schema_is_a_clear_error(tmp_path: Path, command: str) -> None:
    args = [command] + (["--applied", "x"] if command == "resolve" else [])
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("error:")
    assert "Traceback" not in result.stderr
