"""`prisma-dynamic db push` as users run it: a real process, the schema's datasource URL
(relative to the schema's folder, read from .env), messages on stdout, errors on stderr."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from tests.migrate.command_line import USER, run_cli
from tests.migrate.command_line import sqlite_project as project


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli("db", "push", *args, cwd=cwd, env=env)


def test_push_creates_the_database_next_to_the_schema_then_reports_in_sync(tmp_path: Path) -> None:
    folder = project(tmp_path)
    first = cli("--schema", "prisma/schema.prisma", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Created table `User`" in first.stdout
    assert (folder / "dev.db").is_file()
    assert not (tmp_path / "dev.db").exists()

    second = cli("--schema", "prisma/schema.prisma", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "The database is already in sync with the Prisma schema."


def test_data_loss_is_refused_with_exit_1_then_accepted(tmp_path: Path) -> None:
    folder = project(tmp_path)
    assert cli("--schema", "prisma/schema.prisma", cwd=tmp_path).returncode == 0
    with sqlite3.connect(folder / "dev.db") as db:
        db.execute("INSERT INTO User (email, name) VALUES ('a@x', 'Ann')")
    (folder / "schema.prisma").write_text(USER.replace("  name  String?\n", ""), encoding="utf-8")

    refused = cli("--schema", "prisma/schema.prisma", cwd=tmp_path)
    assert refused.returncode == 1
    assert "column `name` on the `User` table, which still contains 1 non-null value" in refused.stderr
    assert "Traceback" not in refused.stderr

    accepted = cli("--schema", "prisma/schema.prisma", "--accept-data-loss", cwd=tmp_path)
    assert accepted.returncode == 0, accepted.stderr
    assert "Altered table `User`: dropped column `name`" in accepted.stdout


def test_prisma_s_skip_generate_is_accepted(tmp_path: Path) -> None:
    # `prisma db push --skip-generate` from a Prisma Client Python project's scripts.
    folder = project(tmp_path)
    result = cli("--schema", "prisma/schema.prisma", "--skip-generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (folder / "dev.db").is_file()


def test_explicit_url_and_environment_win_over_dotenv(tmp_path: Path) -> None:
    project(tmp_path)
    explicit = tmp_path / "explicit.db"
    result = cli("--schema", "prisma/schema.prisma", "--url", f"file:{explicit}", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert explicit.is_file()

    from_env = tmp_path / "env.db"
    result = cli("--schema", "prisma/schema.prisma", cwd=tmp_path, env={"DATABASE_URL": f"file:{from_env}"})
    assert result.returncode == 0, result.stderr
    assert from_env.is_file()


def test_force_reset_empties_the_tables(tmp_path: Path) -> None:
    folder = project(tmp_path)
    cli("--schema", "prisma/schema.prisma", cwd=tmp_path)
    with sqlite3.connect(folder / "dev.db") as db:
        db.execute("INSERT INTO User (email) VALUES ('a@x')")
    result = cli("--schema", "prisma/schema.prisma", "--force-reset", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "reset" in result.stdout
    with sqlite3.connect(folder / "dev.db") as db:
        assert db.execute("SELECT COUNT(*) FROM User").fetchone() == (0,)


def test_errors_are_one_clear_line(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "prisma" / ".env").unlink()
    missing_env = cli("--schema", "prisma/schema.prisma", cwd=tmp_path)
    assert missing_env.returncode == 1
    assert "Environment variable not found: DATABASE_URL" in missing_env.stderr

    bad_url = cli("--schema", "prisma/schema.prisma", "--url", "sqlite://x.db", cwd=tmp_path)
    assert bad_url.returncode == 1
    assert 'must start with "file:"' in bad_url.stderr

    no_folder = cli("--schema", "prisma/schema.prisma", "--url", f"file:{tmp_path}/nope/x.db", cwd=tmp_path)
    assert no_folder.returncode == 1
    assert "does not exist" in no_folder.stderr
    for result in (missing_env, bad_url, no_folder):
        assert "Traceback" not in result.stderr
