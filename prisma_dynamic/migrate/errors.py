"""Why a push stopped. The message is what the user reads; the CLI prints it and exits 1."""

from __future__ import annotations


class PushError(Exception):
    """The push cannot run: bad URL, unreachable database, a change that cannot be executed."""


class DataLossError(PushError):
    """The push would lose data; `--accept-data-loss` lets it proceed."""

    def __init__(self, warnings: tuple[str, ...]) -> None:
        self.warnings = warnings
        lines = "\n".join(f"  • {w}" for w in warnings)
        super().__init__(
            f"The push would lose data:\n{lines}\n"
            "Nothing was changed. Run again with --accept-data-loss to apply it anyway, "
            "or with --force-reset to drop and recreate the whole database."
        )


class UnexecutableChangeError(PushError):
    def __init__(self, problems: tuple[str, ...]) -> None:
        self.problems = problems
        lines = "\n".join(f"  • {p}" for p in problems)
        super().__init__(
            f"The push cannot be applied to the data in the database:\n{lines}\n"
            "Nothing was changed. Fix the data, give the column a @default, or run with --force-reset "
            "to drop and recreate the whole database."
        )


class MigrateError(PushError):
    """A migrate command cannot go on; `code` is Prisma's error code for the same situation."""

    def __init__(self, message: str, code: str | None = None) -> None:
        self.code = code
        super().__init__(f"{code}: {message}" if code else message)
