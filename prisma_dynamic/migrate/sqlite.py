"""`db push` on SQLite: the catalog from PRAGMAs, Prisma's CREATE TABLE layout, and the table
redefinition (create new, copy, drop, rename) for every change `ALTER TABLE` cannot make."""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prisma_dynamic.dialects import dialect_for
from prisma_dynamic.migrate.backend import SchemaBackend
from prisma_dynamic.migrate.catalog import Catalog, Column, ForeignKey, Index, IndexColumn, PrimaryKey, Table
from prisma_dynamic.migrate.diff import SchemaDiff, TableChange
from prisma_dynamic.migrate.errors import PushError
from prisma_dynamic.schema.env import DatasourceUrlError, sqlite_file

# Tables that belong to SQLite itself or to Prisma Migrate's history, never to the schema.
_MANAGED_TABLES = "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_prisma_migrations'"
# Declared type fragments -> the scalar type they store, tried in order: SQLite's affinity rules
# (INT, CHAR/CLOB/TEXT, BLOB, REAL/FLOA/DOUB), then the names Prisma reads as Boolean, DateTime and
# Decimal. Any other type is Unsupported.
_AFFINITIES = (
    ("INT", "Int"),
    ("CHAR", "String"),
    ("CLOB", "String"),
    ("TEXT", "String"),
    ("BLOB", "Bytes"),
    ("REAL", "Float"),
    ("FLOA", "Float"),
    ("DOUB", "Float"),
    ("BOOL", "Boolean"),
    ("DATE", "DateTime"),
    ("TIME", "DateTime"),
    ("DEC", "Decimal"),
    ("NUM", "Decimal"),
)
_AUTOINCREMENT = re.compile(r"\bAUTOINCREMENT\b", re.IGNORECASE)
# Defaults ALTER TABLE ADD COLUMN accepts: constants, not CURRENT_TIMESTAMP or expressions.
_CONSTANT_DEFAULT = re.compile(r"^(?:-?[0-9.]+|'(?:[^']|'')*'|true|false|NULL)$", re.IGNORECASE)


class SqliteConnection:
    def __init__(self, path: str) -> None:
        # Autocommit mode: the backend opens and closes its transactions itself.
        self._db = sqlite3.connect(path, isolation_level=None)

    async def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self._db.execute(sql).fetchall()]

    async def execute(self, sql: str) -> None:
        self._db.execute(sql)

    async def execute_script(self, script: str) -> None:
        """A whole script in one transaction, rolled back when a statement fails."""
        try:
            self._db.executescript(f"BEGIN;\n{script}\n;COMMIT;")
        except sqlite3.Error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    async def close(self) -> None:
        self._db.close()


class SqliteBackend(SchemaBackend):
    dialect = dialect_for("sqlite")
    migrations_table = """CREATE TABLE IF NOT EXISTS {table} (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)"""
    # Prisma's SQLite driver stores times as milliseconds since the epoch.
    now_sql = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"

    async def connect(self, url: str, *, create: bool = True) -> SqliteConnection:
        try:
            path = Path(sqlite_file(url))
        except DatasourceUrlError as error:
            raise PushError(str(error)) from None
        if not path.parent.is_dir():
            raise PushError(f"The folder of the SQLite database {path} does not exist.")
        if not create and not path.is_file():
            raise PushError(f"The SQLite database {path} does not exist.")
        try:
            return SqliteConnection(str(path))
        except sqlite3.Error as error:
            raise PushError(f"Could not open the SQLite database {path}: {error}") from error

    # ---- reading the catalog -----------------------------------------------------------------
    async def introspect(self, connection: Any, target: Catalog) -> Catalog:
        rows = await connection.fetch(f"SELECT name, sql FROM sqlite_master WHERE type = 'table' AND {_MANAGED_TABLES}")
        return Catalog(tuple([await self._table(connection, name, sql) for name, sql in sorted(rows)]))

    async def _table(self, connection: Any, name: str, sql: str) -> Table:
        quoted = self.dialect.quote(name)
        info = await connection.fetch(f"PRAGMA table_info({quoted})")
        pk_rows = sorted((row for row in info if row[5] > 0), key=lambda row: row[5])
        autoincrement_column = pk_rows[0][1] if len(pk_rows) == 1 and _AUTOINCREMENT.search(sql) else None
        columns = tuple(
            Column(
                name=column,
                type=declared,
                nullable=not notnull,
                default=default,
                autoincrement=column == autoincrement_column,
            )
            for _, column, declared, notnull, default, _ in info
        )
        primary_key = PrimaryKey(tuple(row[1] for row in pk_rows)) if pk_rows else None
        return Table(
            name, columns, primary_key, await self._indexes(connection, quoted), await self._fks(connection, quoted)
        )

    async def _indexes(self, connection: Any, quoted_table: str) -> tuple[Index, ...]:
        indexes = []
        for _, index_name, unique, origin, _ in await connection.fetch(f"PRAGMA index_list({quoted_table})"):
            if origin != "c":  # implicit indexes of PRIMARY KEY / UNIQUE clauses
                continue
            info = await connection.fetch(f"PRAGMA index_xinfo({self.dialect.quote(index_name)})")
            columns = tuple(IndexColumn(row[2], bool(row[3])) for row in info if row[5] and row[2] is not None)
            indexes.append(Index(index_name, columns, unique=bool(unique)))
        return tuple(sorted(indexes, key=lambda i: i.name))

    async def _fks(self, connection: Any, quoted_table: str) -> tuple[ForeignKey, ...]:
        grouped: dict[int, list[tuple[Any, ...]]] = {}
        for row in await connection.fetch(f"PRAGMA foreign_key_list({quoted_table})"):
            grouped.setdefault(row[0], []).append(row)
        foreign_keys = []
        for rows in grouped.values():
            rows.sort(key=lambda row: row[1])
            foreign_keys.append(
                ForeignKey(
                    name=None,
                    columns=tuple(row[3] for row in rows),
                    referenced_table=rows[0][2],
                    referenced_columns=tuple(row[4] for row in rows),
                    on_delete=rows[0][6],
                    on_update=rows[0][5],
                )
            )
        return tuple(foreign_keys)

    def affinity_scalar(self, column_type: str) -> str | None:
        spelled = column_type.upper()
        for part, scalar in _AFFINITIES:
            if part in spelled:
                return scalar
        return None

    # ---- writing -----------------------------------------------------------------------------
    def render(self, diff: SchemaDiff) -> list[str]:
        q = self.dialect.quote
        statements = [f"DROP TABLE {q(t.name)}" for t in diff.dropped_tables]
        statements.extend(self.create_table(t) for t in diff.created_tables)
        for change in diff.changed_tables:
            statements.extend(self._change(change))
        for table in diff.created_tables:
            statements.extend(self.create_index(table.name, i) for i in table.indexes)
        return statements

    def create_table(self, table: Table, name: str | None = None) -> str:
        q = self.dialect.quote
        pk = table.primary_key
        inline_pk = pk.columns[0] if pk is not None and len(pk.columns) == 1 else None
        body = ",\n".join("    " + self._column(c, c.name == inline_pk) for c in table.columns)
        if pk is not None and inline_pk is None:
            body += ",\n\n    PRIMARY KEY (" + ", ".join(q(c) for c in pk.columns) + ")"
        for fk in table.foreign_keys:
            body += ",\n    " + self._foreign_key(fk)
        return f"CREATE TABLE {q(name or table.name)} (\n{body}\n)"

    def _column(self, column: Column, primary_key: bool) -> str:
        parts = [self.dialect.quote(column.name), column.type]
        if not column.nullable:
            parts.append("NOT NULL")
        if primary_key:
            parts.append("PRIMARY KEY AUTOINCREMENT" if column.autoincrement else "PRIMARY KEY")
        if column.default is not None:
            parts.append(f"DEFAULT {column.default}")
        return " ".join(parts)

    def _foreign_key(self, fk: ForeignKey) -> str:
        q = self.dialect.quote
        name = f"CONSTRAINT {q(fk.name)} " if fk.name is not None else ""
        return (
            f"{name}FOREIGN KEY ({', '.join(q(c) for c in fk.columns)}) "
            f"REFERENCES {q(fk.referenced_table)} ({', '.join(q(c) for c in fk.referenced_columns)}) "
            f"ON DELETE {fk.on_delete} ON UPDATE {fk.on_update}"
        )

    def create_index(self, table: str, index: Index) -> str:
        q = self.dialect.quote
        columns = ", ".join(q(c.name) + (" DESC" if c.descending else "") for c in index.columns)
        unique = "UNIQUE " if index.unique else ""
        return f"CREATE {unique}INDEX {q(index.name)} ON {q(table)}({columns})"

    def _change(self, change: TableChange) -> list[str]:
        if self._needs_redefinition(change):
            return self._redefine(change)
        q = self.dialect.quote
        statements = [f"DROP INDEX {q(i.name)}" for i in change.dropped_indexes]
        statements.extend(
            f"ALTER TABLE {q(change.new.name)} ADD COLUMN {self._column(c, False)}" for c in change.added_columns
        )
        statements.extend(self.create_index(change.new.name, i) for i in change.added_indexes)
        return statements

    def _needs_redefinition(self, change: TableChange) -> bool:
        if (
            change.dropped_columns
            or change.altered_columns
            or change.primary_key_changed
            or change.added_foreign_keys
            or change.dropped_foreign_keys
        ):
            return True
        return any(
            c.autoincrement or not ((c.default is None and c.nullable) or _CONSTANT_DEFAULT.match(c.default or ""))
            for c in change.added_columns
        )

    def _redefine(self, change: TableChange) -> list[str]:
        """Prisma's way to change what SQLite cannot alter: build the new table beside the old
        one, copy the rows that fit, swap the names, then recreate the indexes."""
        q = self.dialect.quote
        table = change.new
        temporary = f"new_{table.name}"
        kept = [c for c in table.columns if change.old.column(c.name) is not None]
        sources = []
        for column in kept:
            old = change.old.column(column.name)
            # A column made required keeps its rows: NULLs become the default (warned beforehand).
            if old is not None and old.nullable and not column.nullable and column.default is not None:
                sources.append(f"coalesce({q(column.name)}, {column.default}) AS {q(column.name)}")
            else:
                sources.append(q(column.name))
        statements = [self.create_table(table, temporary)]
        if kept:
            statements.append(
                f"INSERT INTO {q(temporary)} ({', '.join(q(c.name) for c in kept)}) "
                f"SELECT {', '.join(sources)} FROM {q(table.name)}"
            )
        statements.append(f"DROP TABLE {q(table.name)}")
        statements.append(f"ALTER TABLE {q(temporary)} RENAME TO {q(table.name)}")
        statements.extend(self.create_index(table.name, i) for i in table.indexes)
        return statements

    async def apply(self, connection: Any, statements: Sequence[str]) -> None:
        # Foreign keys are off while tables are swapped (the pragma is a no-op inside a
        # transaction), then every row is checked once before the commit.
        await connection.execute("PRAGMA foreign_keys = OFF")
        try:
            await connection.execute("BEGIN")
            try:
                for statement in statements:
                    await connection.execute(statement)
                violations = await connection.fetch("PRAGMA foreign_key_check")
                if violations:
                    tables = sorted({row[0] for row in violations})
                    raise PushError(
                        f"{len(violations)} row(s) in {', '.join(tables)} would reference rows that do not exist; "
                        "nothing was changed."
                    )
                await connection.execute("COMMIT")
            except BaseException:
                await connection.execute("ROLLBACK")
                raise
        finally:
            await connection.execute("PRAGMA foreign_keys = ON")

    def migration_statements(self, diff: SchemaDiff) -> list[str]:
        statements = self.render(diff)
        if not any(self._needs_redefinition(change) for change in diff.changed_tables):
            return statements
        # A migration file runs in one transaction, where `foreign_keys` cannot change: the
        # checks are deferred to the commit instead, as Prisma's files do.
        return [
            "PRAGMA defer_foreign_keys=ON",
            "PRAGMA foreign_keys=OFF",
            *statements,
            "PRAGMA foreign_keys=ON",
            "PRAGMA defer_foreign_keys=OFF",
        ]

    async def run_script(self, connection: Any, script: str) -> None:
        try:
            await connection.execute_script(script)
        except sqlite3.Error as error:
            raise PushError(str(error)) from error

    def scratch_url(self, url: str, name: str) -> str:
        return "file:" + str(Path(tempfile.gettempdir()) / f"{name}.db")

    async def drop_database(self, url: str) -> None:
        Path(sqlite_file(url)).unlink(missing_ok=True)

    async def reset(self, connection: Any, target: Catalog) -> None:
        q = self.dialect.quote
        views = await connection.fetch("SELECT name FROM sqlite_master WHERE type = 'view'")
        tables = await connection.fetch(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        )
        await self.apply(
            connection,
            [f"DROP VIEW {q(name)}" for (name,) in views] + [f"DROP TABLE {q(name)}" for (name,) in tables],
        )
