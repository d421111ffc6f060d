"""`db push` on PostgreSQL: the catalog from pg_catalog, ALTER statements in one transaction,
native enums, schemas and extensions.

Types and defaults are compared the way the server spells them (`timestamp(3) without time
zone`, `'x'::text`). Rather than re-implementing PostgreSQL's normalisation, `canonical` builds
the target as temporary tables inside a transaction that is rolled back, and reads them back
with the same queries as the live tables.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from prisma_dynamic.connection_url import parse_url
from prisma_dynamic.dialects import PostgresqlDialect, dialect_for
from prisma_dynamic.migrate.backend import SchemaBackend
from prisma_dynamic.migrate.catalog import (
    Catalog,
    Column,
    EnumType,
    ForeignKey,
    Index,
    IndexColumn,
    PrimaryKey,
    Table,
)
from prisma_dynamic.migrate.diff import SchemaDiff, TableChange
from prisma_dynamic.migrate.errors import PushError
from prisma_dynamic.migrate.url import push_tls

# Connection-string parameters that Prisma reads itself; the server would reject them.
_FK_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
_REPLICA = "prisma_dynamic_replica_"
# format_type's names for native types, where they differ from the DDL names of the dialect.
_REPORTED_TYPE_NAMES = {
    "character varying": "VarChar",
    "character": "Char",
    "bit varying": "VarBit",
    "numeric": "Decimal",
    "timestamp without time zone": "Timestamp",
    "timestamp with time zone": "Timestamptz",
    "time without time zone": "Time",
    "time with time zone": "Timetz",
}
# `name(args) suffix`, as format_type and DDL both spell types: `timestamp(3) without time zone`.
_SPELLED_TYPE = re.compile(r"([a-z ]+?)\s*(?:\(([0-9, ]*)\))?((?: [a-z ]+)?)")
# A literal with the cast pg_get_expr adds: `'abc'::text`, `'A'::"Role"`, `'{}'::text[]`.
_CAST_LITERAL = re.compile(
    r"""^(\(?'(?:[^']|'')*'\)?|-?[0-9.]+|\(-?[0-9.]+\))"""
    r"""::(?:"(?:[^"]|"")+"|[a-z0-9_ ]+(?:\([0-9, ]*\))?[a-z ]*)(?:\[\])*$"""
)

# An array constructor with its cast: `ARRAY['a'::text]::text[]`, `ARRAY[]::integer[]`.
_CAST_ARRAY = re.compile(r"^(ARRAY\[.*\])::[^\[\]]+\[\]$", re.DOTALL)


class PostgresqlConnection:
    def __init__(self, connection: Any) -> None:
        self._connection = connection

    async def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row.values()) for row in await self._connection.fetch(sql)]

    async def execute(self, sql: str) -> None:
        await self._connection.execute(sql)

    async def close(self) -> None:
        await self._connection.close()


class PostgresqlBackend(SchemaBackend):
    dialect: PostgresqlDialect = dialect_for("postgresql")  # type: ignore[assignment]
    migrations_table = """CREATE TABLE IF NOT EXISTS {table} (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)"""
    now_sql = "now()"

    def default_schema(self, url: str) -> str:
        return parse_url(url, 5432).schema or "public"

    async def connect(self, url: str, *, create: bool = True) -> PostgresqlConnection:
        try:
            import asyncpg
        except ImportError:  # pragma: no cover - depends on the installation
            raise PushError("PostgreSQL needs asyncpg: pip install 'prisma-dynamic[postgresql]'") from None
        settings = parse_url(url, 5432)
        tls = push_tls(settings)
        try:
            try:
                raw = await asyncpg.connect(settings.url, timeout=10, ssl=tls)
            except asyncpg.InvalidCatalogNameError:
                if not create:
                    raise
                # As Prisma's db push does: a database that is not there yet is created, from the
                # server's maintenance database.
                await self._create_database(asyncpg, settings.url, settings.database, tls)
                raw = await asyncpg.connect(settings.url, timeout=10, ssl=tls)
            return PostgresqlConnection(raw)
        except (OSError, asyncpg.PostgresError) as error:
            where = f"{settings.host}:{settings.port}/{settings.database}"
            raise PushError(f"Could not connect to the PostgreSQL database at {where}: {error}") from error

    async def _create_database(self, asyncpg: Any, url: str, name: str, tls: ssl.SSLContext | None) -> None:
        parts = urlsplit(url)
        admin = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")), timeout=10, ssl=tls)
        try:
            await admin.execute(f"CREATE DATABASE {self.dialect.quote(name)}")
        except asyncpg.DuplicateDatabaseError:
            pass  # made meanwhile by someone else: what was wanted
        finally:
            await admin.close()

    async def drop_database(self, url: str) -> None:
        import asyncpg

        settings = parse_url(url, 5432)
        parts = urlsplit(settings.url)
        admin = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")), timeout=10, ssl=push_tls(settings))
        try:
            await admin.execute(f"DROP DATABASE IF EXISTS {self.dialect.quote(settings.database)}")
        finally:
            await admin.close()

    async def run_script(self, connection: Any, script: str) -> None:
        import asyncpg

        # Without arguments the whole script goes as one simple query: one implicit transaction.
        try:
            await connection.execute(script)
        except asyncpg.PostgresError as error:
            raise PushError(f"{type(error).__name__}: {error}") from error

    # ---- reading the catalog -----------------------------------------------------------------
    def _namespaces(self, target: Catalog) -> list[str]:
        names = {*target.schemas, *(t.schema for t in target.tables if t.schema), *(e.schema for e in target.enums)}
        return sorted(n for n in names if n is not None)

    def _in(self, values: Sequence[str]) -> str:
        return "(" + ", ".join(self.dialect.string_literal(v) for v in values) + ")" if values else "(NULL)"

    async def introspect(self, connection: Any, target: Catalog) -> Catalog:
        namespaces = self._in(self._namespaces(target))
        tables = await self._tables(
            connection, f"n.nspname IN {namespaces} AND c.relname <> '_prisma_migrations' AND c.relpersistence = 'p'"
        )
        enums = await connection.fetch(
            "SELECT n.nspname, t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) "
            "FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace "
            f"WHERE n.nspname IN {namespaces} GROUP BY n.nspname, t.typname ORDER BY 1, 2"
        )
        extensions = await connection.fetch("SELECT extname FROM pg_extension ORDER BY 1")
        return Catalog(
            tables,
            tuple(EnumType(name, tuple(values), schema) for schema, name, values in enums),
            extensions=tuple(name for (name,) in extensions),
        )

    async def existing_schemas(self, connection: Any) -> tuple[str, ...]:
        return tuple(name for (name,) in await connection.fetch("SELECT nspname FROM pg_namespace"))

    def native_type_of(self, column_type: str) -> tuple[str, tuple[str, ...]] | None:
        match = _SPELLED_TYPE.fullmatch(column_type.strip().lower())
        if match is None:
            return None
        base, arguments, suffix = match.groups()
        spelled = (base + suffix).strip()
        names = {sql.lower(): name for name, sql in self.dialect.native_types.items()} | _REPORTED_TYPE_NAMES
        name = names.get(spelled)
        if name is None:
            return None
        return name, tuple(a.strip() for a in arguments.split(",")) if arguments else ()

    def list_element_type(self, column_type: str) -> str | None:
        return column_type[:-2] if column_type.endswith("[]") else None

    def default_literal(self, default: str) -> str:
        array = _CAST_ARRAY.match(default)
        if array is not None:
            return array.group(1)
        match = _CAST_LITERAL.match(default)
        literal = match.group(1) if match else default
        while literal.startswith("(") and literal.endswith(")"):
            literal = literal[1:-1]
        return literal

    async def _tables(self, connection: Any, condition: str) -> tuple[Table, ...]:
        rows = await connection.fetch(
            "SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE c.relkind IN ('r', 'p') AND {condition} ORDER BY 2, 3"
        )
        if not rows:
            return ()
        oids = "(" + ", ".join(str(oid) for oid, _, _ in rows) + ")"
        columns: dict[int, list[Column]] = {}
        for relid, name, type_, notnull, default, identity in await connection.fetch(
            "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "pg_get_expr(d.adbin, d.adrelid), a.attidentity <> '' FROM pg_attribute a "
            "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            f"WHERE a.attrelid IN {oids} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum"
        ):
            # Prisma makes SERIAL columns (a `nextval` default); a database made by hand may use
            # identity columns (`GENERATED ... AS IDENTITY`, no default): both are autoincrement().
            serial = identity or (default is not None and default.startswith("nextval("))
            columns.setdefault(relid, []).append(
                Column(name, type_, not notnull, None if serial else default, autoincrement=serial)
            )
        keys: dict[int, PrimaryKey] = {}
        foreign_keys: dict[int, list[ForeignKey]] = {}
        for relid, kind, name, cols, ref_schema, ref_table, ref_cols, on_delete, on_update in await connection.fetch(
            "SELECT con.conrelid, con.contype::text, con.conname, "
            f"{_attnames('con.conkey', 'con.conrelid')}, fn.nspname, fc.relname, "
            f"{_attnames('con.confkey', 'con.confrelid')}, con.confdeltype::text, con.confupdtype::text "
            "FROM pg_constraint con LEFT JOIN pg_class fc ON fc.oid = con.confrelid "
            "LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace "
            f"WHERE con.conrelid IN {oids} AND con.contype IN ('p', 'f') ORDER BY con.conname"
        ):
            if kind == "p":
                keys[relid] = PrimaryKey(tuple(cols), name)
            else:
                foreign_keys.setdefault(relid, []).append(
                    ForeignKey(
                        name,
                        tuple(cols),
                        ref_table,
                        tuple(ref_cols),
                        _FK_ACTIONS[on_delete],
                        _FK_ACTIONS[on_update],
                        ref_schema,
                    )
                )
        indexes: dict[int, list[Index]] = {}
        for relid, name, unique, method, cols, options, classes in await connection.fetch(
            "SELECT i.indrelid, ic.relname, i.indisunique, am.amname, "
            "ARRAY(SELECT a.attname FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) WITH ORDINALITY k(num, ord) "
            "LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num ORDER BY k.ord), "
            "i.indoption::int2[], "
            "ARRAY(SELECT o.opcname FROM unnest(i.indclass::oid[]) WITH ORDINALITY k(oid, ord) "
            "JOIN pg_opclass o ON o.oid = k.oid ORDER BY k.ord) "
            "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam "
            f"WHERE i.indrelid IN {oids} AND NOT i.indisprimary ORDER BY ic.relname"
        ):
            index_columns = tuple(
                IndexColumn(col, bool(option & 1), operator_class=opclass)
                for col, option, opclass in zip(cols, options, classes, strict=True)
            )
            indexes.setdefault(relid, []).append(Index(name, index_columns, unique, method))
        return tuple(
            Table(
                name,
                tuple(columns.get(oid, ())),
                keys.get(oid),
                tuple(indexes.get(oid, ())),
                tuple(foreign_keys.get(oid, ())),
                schema,
            )
            for oid, schema, name in rows
        )

    async def canonical(self, connection: Any, target: Catalog) -> Catalog:
        """The target's tables created as temporary tables (with the target's enums, schemas and
        extensions in place) and read back, inside a transaction that is always rolled back."""
        q = self.dialect.quote
        await connection.execute("BEGIN")
        try:
            setup = [f"CREATE SCHEMA IF NOT EXISTS {q(s)}" for s in self._namespaces(target)]
            setup.extend(f"CREATE EXTENSION IF NOT EXISTS {q(e)}" for e in target.extensions)
            for enum in target.enums:
                setup.append(f"DROP TYPE IF EXISTS {self._ref(enum.schema, enum.name)} CASCADE")
                setup.append(self._create_enum(enum))
            for position, table in enumerate(target.tables):
                replica = replace(table, name=f"{_REPLICA}{position}", schema=None, foreign_keys=())
                setup.append(self.create_table(replica, temporary=True))
                setup.extend(self.create_index(replica, index) for index in table.indexes)
            for statement in setup:
                await self._run(connection, statement)
            replicas = await self._tables(connection, "n.oid = pg_my_temp_schema()")
        finally:
            await connection.execute("ROLLBACK")
        by_position = {int(t.name[len(_REPLICA) :]): t for t in replicas if t.name.startswith(_REPLICA)}
        tables = tuple(
            replace(
                table,
                columns=tuple(
                    replace(read, autoincrement=wanted.autoincrement)
                    for read, wanted in zip(by_position[i].columns, table.columns, strict=True)
                ),
                primary_key=by_position[i].primary_key,
                indexes=by_position[i].indexes,
            )
            for i, table in enumerate(target.tables)
        )
        return replace(target, tables=tables)

    async def _run(self, connection: Any, statement: str) -> None:
        import asyncpg

        try:
            await connection.execute(statement)
        except asyncpg.PostgresError as error:
            raise PushError(f"PostgreSQL refused\n  {statement}\nwith: {error}") from error

    # ---- writing -----------------------------------------------------------------------------
    def _ref(self, schema: str | None, name: str) -> str:
        return self.table_ref(schema, name)

    def _create_enum(self, enum: EnumType) -> str:
        values = ", ".join(self.dialect.string_literal(v) for v in enum.values)
        return f"CREATE TYPE {self._ref(enum.schema, enum.name)} AS ENUM ({values})"

    def _column(self, column: Column) -> str:
        type_ = column.type
        if column.autoincrement:
            type_ = self.dialect.serial_types.get(type_.lower(), type_)
        parts = [self.dialect.quote(column.name), type_]
        if not column.nullable:
            parts.append("NOT NULL")
        if column.default is not None and not column.autoincrement:
            parts.append(f"DEFAULT {column.default}")
        return " ".join(parts)

    def _primary_key(self, key: PrimaryKey) -> str:
        q = self.dialect.quote
        name = f"CONSTRAINT {q(key.name)} " if key.name else ""
        return f"{name}PRIMARY KEY ({','.join(q(c) for c in key.columns)})"

    def create_table(self, table: Table, *, temporary: bool = False) -> str:
        lines = [self._column(c) for c in table.columns]
        body = ",\n".join("    " + line for line in lines)
        if table.primary_key is not None:
            body += ",\n\n    " + self._primary_key(table.primary_key)
        kind = "TEMPORARY TABLE" if temporary else "TABLE"
        return f"CREATE {kind} {self._ref(table.schema, table.name)} (\n{body}\n)"

    def create_index(self, table: Table, index: Index) -> str:
        q = self.dialect.quote
        columns = ", ".join(
            q(c.name) + (f" {c.operator_class}" if c.operator_class else "") + (" DESC" if c.descending else "")
            for c in index.columns
        )
        method = f" USING {index.method.upper()}" if index.method and index.method != "btree" else ""
        unique = "UNIQUE " if index.unique else ""
        return f"CREATE {unique}INDEX {q(index.name)} ON {self._ref(table.schema, table.name)}{method} ({columns})"

    def _add_foreign_key(self, table: Table, fk: ForeignKey) -> str:
        q = self.dialect.quote
        return (
            f"ALTER TABLE {self._ref(table.schema, table.name)} ADD CONSTRAINT {q(fk.name or '')} "
            f"FOREIGN KEY ({', '.join(q(c) for c in fk.columns)}) "
            f"REFERENCES {self._ref(fk.referenced_schema, fk.referenced_table)}"
            f"({', '.join(q(c) for c in fk.referenced_columns)}) "
            f"ON DELETE {fk.on_delete} ON UPDATE {fk.on_update}"
        )

    def _drop_constraint(self, table: Table, name: str) -> str:
        return f"ALTER TABLE {self._ref(table.schema, table.name)} DROP CONSTRAINT {self.dialect.quote(name)}"

    def render(self, diff: SchemaDiff) -> list[str]:
        q = self.dialect.quote
        statements = [f"CREATE SCHEMA IF NOT EXISTS {q(s)}" for s in diff.created_schemas]
        statements.extend(f"CREATE EXTENSION IF NOT EXISTS {q(e)}" for e in diff.created_extensions)
        statements.extend(self._create_enum(e) for e in diff.created_enums)
        for live, new in diff.altered_enums:
            statements.extend(self._alter_enum(live, new))
        for change in diff.changed_tables:
            statements.extend(self._drop_constraint(change.old, fk.name or "") for fk in change.dropped_foreign_keys)
        for table in diff.dropped_tables:
            statements.extend(self._drop_constraint(table, fk.name or "") for fk in table.foreign_keys)
        for change in diff.changed_tables:
            statements.extend(f"DROP INDEX {self._ref(change.old.schema, i.name)}" for i in change.dropped_indexes)
        statements.extend(f"DROP TABLE {self._ref(t.schema, t.name)}" for t in diff.dropped_tables)
        statements.extend(self.create_table(t) for t in diff.created_tables)
        for change in diff.changed_tables:
            statements.extend(self._alter_table(change))
        for table in diff.created_tables:
            statements.extend(self.create_index(table, i) for i in table.indexes)
        for change in diff.changed_tables:
            statements.extend(self.create_index(change.new, i) for i in change.added_indexes)
        for table in diff.created_tables:
            statements.extend(self._add_foreign_key(table, fk) for fk in table.foreign_keys)
        for change in diff.changed_tables:
            statements.extend(self._add_foreign_key(change.new, fk) for fk in change.added_foreign_keys)
        statements.extend(f"DROP TYPE {self._ref(e.schema, e.name)}" for e in diff.dropped_enums)
        return statements

    def _alter_enum(self, live: EnumType, new: EnumType) -> list[str]:
        if list(live.values) != list(new.values[: len(live.values)]):
            raise PushError(
                f"The enum `{new.name}` loses or reorders values "
                f"({', '.join(live.values)} -> {', '.join(new.values)}); "
                "db push only appends values to an existing enum. Run with --force-reset to recreate it."
            )
        ref = self._ref(new.schema, new.name)
        return [f"ALTER TYPE {ref} ADD VALUE {self.dialect.string_literal(v)}" for v in new.values[len(live.values) :]]

    def _alter_table(self, change: TableChange) -> list[str]:
        q = self.dialect.quote
        ref = self._ref(change.new.schema, change.new.name)
        statements = []
        old_key, new_key = change.old.primary_key, change.new.primary_key
        if change.primary_key_changed and old_key is not None and old_key.name:
            statements.append(self._drop_constraint(change.old, old_key.name))
        statements.extend(f"ALTER TABLE {ref} DROP COLUMN {q(c.name)}" for c in change.dropped_columns)
        statements.extend(f"ALTER TABLE {ref} ADD COLUMN {self._column(c)}" for c in change.added_columns)
        for old, new in change.altered_columns:
            column = f"ALTER TABLE {ref} ALTER COLUMN {q(new.name)}"
            if old.default is not None and (old.default != new.default or old.type != new.type):
                statements.append(f"{column} DROP DEFAULT")
            if old.type != new.type:
                statements.append(f"{column} SET DATA TYPE {new.type} USING ({q(new.name)}::{new.type})")
            if new.default is not None and (old.default != new.default or old.type != new.type):
                statements.append(f"{column} SET DEFAULT {new.default}")
            if old.nullable and not new.nullable:
                if new.default is not None:
                    statements.append(f"UPDATE {ref} SET {q(new.name)} = {new.default} WHERE {q(new.name)} IS NULL")
                statements.append(f"{column} SET NOT NULL")
            elif new.nullable and not old.nullable:
                statements.append(f"{column} DROP NOT NULL")
        if change.primary_key_changed and new_key is not None:
            statements.append(f"ALTER TABLE {ref} ADD {self._primary_key(new_key)}")
        return statements

    async def apply(self, connection: Any, statements: Sequence[str]) -> None:
        # A value added to an enum cannot be used in the transaction that adds it: add them first.
        additions = [s for s in statements if s.startswith("ALTER TYPE") and " ADD VALUE " in s]
        for statement in additions:
            await self._run(connection, statement)
        await connection.execute("BEGIN")
        try:
            for statement in statements:
                if statement not in additions:
                    await self._run(connection, statement)
        except BaseException:
            await connection.execute("ROLLBACK")
            raise
        await connection.execute("COMMIT")

    async def reset(self, connection: Any, target: Catalog) -> None:
        q = self.dialect.quote
        statements = []
        for schema in self._namespaces(target):
            statements.append(f"DROP SCHEMA IF EXISTS {q(schema)} CASCADE")
            statements.append(f"CREATE SCHEMA {q(schema)}")
        await self.apply(connection, statements)


def _attnames(numbers: str, relation: str) -> str:
    """The column names for an array of attribute numbers, in the array's order."""
    return (
        f"ARRAY(SELECT a.attname FROM unnest({numbers}) WITH ORDINALITY k(num, ord) "
        f"JOIN pg_attribute a ON a.attrelid = {relation} AND a.attnum = k.num ORDER BY k.ord)"
    )
