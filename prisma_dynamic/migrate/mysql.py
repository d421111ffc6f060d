"""`db push` on MySQL and MariaDB: the catalog from information_schema, Prisma's CREATE TABLE
layout, one ALTER TABLE per changed table.

MySQL 8 and MariaDB spell the same column differently in information_schema (`int` / `int(11)`,
`json` / `longtext` with a `json_valid` check, a default `abc` / `'abc'`, `CURRENT_TIMESTAMP(3)`
/ `current_timestamp(3)`), and neither spells it the way the DDL was written. Both the live
catalog and the target are therefore brought to one canonical spelling (`canonical_type`,
`canonical_default`): lower-case types without integer display widths, defaults as SQL text
with quoted literals and plain numbers. That spelling is valid DDL, so it is also what we write.

DDL is not transactional on MySQL: statements run one by one, and a failure says which ones
had already been applied.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from prisma_dynamic.connection_url import parse_url
from prisma_dynamic.dialects import MysqlDialect, dialect_for
from prisma_dynamic.migrate.backend import SchemaBackend
from prisma_dynamic.migrate.catalog import Catalog, Column, ForeignKey, Index, IndexColumn, PrimaryKey, Table
from prisma_dynamic.migrate.diff import SchemaDiff, TableChange
from prisma_dynamic.migrate.errors import PushError
from prisma_dynamic.migrate.url import push_tls

# Prisma creates databases and tables in this character set and collation.
_TABLE_OPTIONS = "DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
_UNKNOWN_DATABASE = 1049
_DIALECT: MysqlDialect = dialect_for("mysql")  # type: ignore[assignment]


# ---- spelling ------------------------------------------------------------------------------------
_QUOTED = re.compile(r"'(?:[^'\\]|''|\\.)*'", re.DOTALL)
_TYPE = re.compile(r"([a-z]+(?: precision)?)(?:\((.*)\))?((?: unsigned| signed| zerofill)*)")
_TYPE_SYNONYMS = {
    "integer": "int",
    "numeric": "decimal",
    "dec": "decimal",
    "double precision": "double",
    "real": "double",
    "bool": "tinyint(1)",
    "boolean": "tinyint(1)",
}
_INTEGER_TYPES = {"tinyint", "smallint", "mediumint", "int", "bigint"}
_IMPLIED_ARGUMENTS = {"decimal": "10,0", "char": "1", "binary": "1", "bit": "1"}
_FRACTIONAL_TYPES = {"datetime", "timestamp", "time"}
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_BIT_LITERAL = re.compile(r"b'([01]+)'", re.IGNORECASE)
_NOW = re.compile(r"(?:current_timestamp|now|localtimestamp|localtime)(?:\((\d*)\))?", re.IGNORECASE)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "Z": "\x1a", "b": "\b"}


def _outside_quotes(text: str, transform: Callable[[str], str]) -> str:
    """`transform` applied to the text between quoted literals, which are kept as they are."""
    parts: list[str] = []
    last = 0
    for match in _QUOTED.finditer(text):
        parts.extend((transform(text[last : match.start()]), match.group()))
        last = match.end()
    parts.append(transform(text[last:]))
    return "".join(parts)


def canonical_type(spelled: str) -> str:
    """A column type as MySQL 8 reports it, whoever spelled it: `INTEGER` and MariaDB's
    `int(11)` -> `int`, `BOOLEAN` -> `tinyint(1)`, `ENUM('A', 'B')` -> `enum('A','B')`."""
    text = _outside_quotes(
        spelled.strip(), lambda part: re.sub(r"\s*,\s*", ",", re.sub(r"\s+", " ", part.lower())).replace(" (", "(")
    )
    match = _TYPE.fullmatch(text)
    if match is None or match.group(1) in ("enum", "set"):
        return text
    name, arguments, flags = match.groups()
    name = _TYPE_SYNONYMS.get(name, name)
    if name == "tinyint(1)":
        return name + flags
    if name in _INTEGER_TYPES and not (name == "tinyint" and arguments == "1"):
        arguments = None  # display widths mean nothing; MySQL 8 no longer reports them
    if name == "year" or (name in _FRACTIONAL_TYPES and arguments == "0"):
        arguments = None
    arguments = arguments or _IMPLIED_ARGUMENTS.get(name)
    flags = flags.replace(" signed", "")
    return name + (f"({arguments})" if arguments else "") + flags


def _type_name(spelled: str) -> tuple[str, str | None]:
    """`INTEGER(10) UNSIGNED` -> (`int unsigned`, `10`): the canonical name with its flags, and the arguments."""
    canonical = canonical_type(spelled)
    match = _TYPE.fullmatch(canonical)
    if match is None:
        return canonical, None
    name, arguments, flags = match.groups()
    if name == "tinyint(1)":  # how canonical_type spells BOOLEAN
        name, arguments = "tinyint", "1"
    return name + flags, arguments


def _unquote(literal: str) -> str:
    body, position = literal[1:-1], 0
    value: list[str] = []
    while position < len(body):
        char = body[position]
        if char == "\\" and position + 1 < len(body):
            value.append(_ESCAPES.get(body[position + 1], body[position + 1]))
            position += 2
        elif char == "'":  # the first of a doubled quote
            value.append("'")
            position += 2
        else:
            value.append(char)
            position += 1
    return "".join(value)


def _unwrap(expression: str) -> str:
    """`((uuid()))` -> `uuid()`: MySQL 8 needs the parentheses to accept an expression default
    and reports it without them."""
    while expression.startswith("(") and expression.endswith(")"):
        depth = 0
        for position, char in enumerate(expression):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and position < len(expression) - 1:
                return expression
        expression = expression[1:-1].strip()
    return expression


def _number(text: str) -> str | None:
    if not _NUMBER.fullmatch(text):
        return None
    value = Decimal(text)
    return format(value.normalize(), "f") if value else "0"


def canonical_default(sql: str) -> str:
    """A DEFAULT written as SQL (ours, or MariaDB's report) in one spelling: quoted literals
    re-quoted, numbers without trailing zeros, booleans as 0/1, `CURRENT_TIMESTAMP[(n)]`, and
    any other expression without its parentheses."""
    text = _unwrap(sql.strip())
    if _QUOTED.fullmatch(text):
        return _DIALECT.string_literal(_unquote(text))
    if text.lower() in ("true", "false"):
        return "1" if text.lower() == "true" else "0"
    bits = _BIT_LITERAL.fullmatch(text)
    if bits:
        return str(int(bits.group(1), 2))
    now = _NOW.fullmatch(text)
    if now:
        return f"CURRENT_TIMESTAMP({now.group(1)})" if now.group(1) not in (None, "", "0") else "CURRENT_TIMESTAMP"
    return _number(text) or text


def reported_default(value: str | None, extra: str, column_type: str, mariadb: bool) -> str | None:
    """COLUMN_DEFAULT as information_schema gives it, in the canonical spelling.

    MariaDB reports SQL (`'abc'`, `NULL` for a nullable column without default); MySQL 8 reports
    literals bare (`abc`) and marks expressions with DEFAULT_GENERATED in EXTRA."""
    if value is None or (mariadb and value == "NULL"):
        return None
    if mariadb or "DEFAULT_GENERATED" in extra.upper():
        return canonical_default(value)
    numeric = column_type.split("(")[0].split(" ")[0] in {*_INTEGER_TYPES, "decimal", "double", "float", "year"}
    if numeric:
        return _number(value) or value
    return _DIALECT.string_literal(value)


def _default_sql(canonical: str) -> str:
    plain = _QUOTED.fullmatch(canonical) or _NUMBER.fullmatch(canonical) or _NOW.fullmatch(canonical)
    return canonical if plain else f"({canonical})"


def _type_sql(canonical: str) -> str:
    return _outside_quotes(canonical, str.upper)


# ---- connection ----------------------------------------------------------------------------------
class MysqlConnection:
    def __init__(self, connection: Any, mariadb: bool) -> None:
        self._connection = connection
        self.mariadb = mariadb

    async def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        async with self._connection.cursor() as cursor:
            await cursor.execute(sql)
            return [tuple(row) for row in await cursor.fetchall()]

    async def execute(self, sql: str) -> None:
        async with self._connection.cursor() as cursor:
            await cursor.execute(sql)

    async def close(self) -> None:
        self._connection.close()


@dataclass(frozen=True, slots=True)
class _Address:
    host: str
    port: int
    user: str
    password: str
    database: str
    unix_socket: str | None
    connect_timeout: float
    tls: ssl.SSLContext | None

    def describe(self) -> str:
        return f"{self.unix_socket or f'{self.host}:{self.port}'}/{self.database}"

    def options(self, with_database: bool) -> dict[str, Any]:
        return {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "database": self.database if with_database else None,
            "unix_socket": self.unix_socket,
            "ssl": self.tls,
            "connect_timeout": self.connect_timeout or 31_536_000,  # Prisma's 0: no limit (asyncmy's maximum)
            "charset": "utf8mb4",
            "autocommit": True,
        }

    async def on_server(self, statement: str) -> None:
        """Run one statement on the server outside any database (creating or dropping one)."""
        import asyncmy

        admin = await asyncmy.connect(**self.options(with_database=False))
        try:
            async with admin.cursor() as cursor:
                await cursor.execute(statement)
        finally:
            admin.close()


def _address(url: str) -> _Address:
    parts = urlsplit(url)
    if parts.scheme != "mysql":
        raise PushError(
            f'The MySQL URL must start with "mysql://", e.g. "mysql://user:password@host:3306/db"; got {url}'
        )
    settings = parse_url(url, 3306)
    if not settings.database:
        raise PushError(f"The MySQL URL names no database: add it after the host, e.g. mysql://{parts.netloc}/mydb")
    return _Address(
        host=settings.host,
        port=settings.port or 3306,
        user=settings.user or "root",
        password=settings.password,
        database=settings.database,
        unix_socket=settings.params.get("socket"),
        connect_timeout=settings.connect_timeout,
        tls=push_tls(settings),
    )


# ---- the backend ---------------------------------------------------------------------------------
class MysqlBackend(SchemaBackend):
    dialect: MysqlDialect = _DIALECT
    migrations_table = f"""CREATE TABLE IF NOT EXISTS {{table}} (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             DATETIME(3),
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          DATETIME(3),
    started_at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    applied_steps_count     INTEGER UNSIGNED NOT NULL DEFAULT 0
) {_TABLE_OPTIONS}"""
    now_sql = "CURRENT_TIMESTAMP(3)"

    def keeps_values(self, old_type: str, new_type: str) -> bool:
        # An enum is part of the column type here: adding values keeps every row, as Prisma says.
        old_values, new_values = _enum_values(old_type), _enum_values(new_type)
        if old_values is not None and new_values is not None:
            return set(old_values) <= set(new_values)
        return old_type == new_type

    def __init__(self) -> None:
        # (table, index) of the indexes MySQL made by itself for foreign keys: they carry the
        # constraint's name, are not part of the target, and go when their foreign key goes.
        self._foreign_key_indexes: set[tuple[str, str]] = set()

    async def connect(self, url: str, *, create: bool = True) -> MysqlConnection:
        try:
            import asyncmy
        except ImportError:  # pragma: no cover - depends on the installation
            raise PushError("MySQL needs asyncmy: pip install 'prisma-dynamic[mysql]'") from None
        address = _address(url)
        try:
            try:
                raw = await asyncmy.connect(**address.options(with_database=True))
            except asyncmy.OperationalError as error:
                if error.args[0] != _UNKNOWN_DATABASE or not create:
                    raise
                # As Prisma's db push does: a database that is not there yet is created.
                await address.on_server(f"CREATE DATABASE {self.dialect.quote(address.database)} {_TABLE_OPTIONS}")
                raw = await asyncmy.connect(**address.options(with_database=True))
        except (OSError, asyncmy.MySQLError) as error:
            raise PushError(f"Could not connect to the MySQL database at {address.describe()}: {error}") from error
        connection = MysqlConnection(raw, mariadb=False)
        ((version,),) = await connection.fetch("SELECT VERSION()")
        connection.mariadb = "mariadb" in str(version).lower()
        return connection

    async def drop_database(self, url: str) -> None:
        address = _address(url)
        await address.on_server(f"DROP DATABASE IF EXISTS {self.dialect.quote(address.database)}")

    async def run_script(self, connection: Any, script: str) -> None:
        import asyncmy

        try:
            await super().run_script(connection, script)
        except asyncmy.MySQLError as error:
            raise PushError(f"{error.args[-1]} (MySQL error {error.args[0]})") from error

    # ---- reading the catalog -----------------------------------------------------------------
    async def introspect(self, connection: Any, target: Catalog) -> Catalog:
        here = "TABLE_SCHEMA = DATABASE()"
        names = [
            name
            for (name,) in await connection.fetch(
                f"SELECT TABLE_NAME FROM information_schema.TABLES WHERE {here} AND TABLE_TYPE = 'BASE TABLE' "
                "AND TABLE_NAME <> '_prisma_migrations' ORDER BY TABLE_NAME"
            )
        ]
        json_columns = await self._json_columns(connection)
        columns: dict[str, list[Column]] = {}
        for table, name, spelled, nullable, default, extra in await connection.fetch(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA "
            f"FROM information_schema.COLUMNS WHERE {here} ORDER BY TABLE_NAME, ORDINAL_POSITION"
        ):
            column_type = "json" if (table, name) in json_columns else canonical_type(spelled)
            columns.setdefault(table, []).append(
                Column(
                    name,
                    column_type,
                    nullable == "YES",
                    reported_default(default, extra, column_type, connection.mariadb),
                    autoincrement="auto_increment" in extra.lower(),
                )
            )
        foreign_keys = await self._foreign_keys(connection)
        keys, indexes = await self._indexes(connection, foreign_keys)
        return Catalog(
            tuple(
                Table(
                    name,
                    tuple(columns.get(name, ())),
                    keys.get(name),
                    tuple(indexes.get(name, ())),
                    tuple(foreign_keys.get(name, ())),
                )
                for name in names
            )
        )

    def native_type_of(self, column_type: str) -> tuple[str, tuple[str, ...]] | None:
        spelled, arguments = _type_name(column_type)
        names = {_type_name(sql)[0]: native for native, sql in self.dialect.native_types.items()}
        native = names.get(spelled)
        if native is None:
            return None
        return native, tuple(arguments.split(",")) if arguments else ()

    def inline_enum_values(self, column_type: str) -> tuple[str, ...] | None:
        values = _enum_values(column_type)
        return tuple(values) if values is not None else None

    def unquote(self, literal: str) -> str:
        return _unquote(literal)

    async def _json_columns(self, connection: Any) -> set[tuple[str, str]]:
        """MariaDB's JSON is LONGTEXT with a `json_valid` check named after the column."""
        if not connection.mariadb:
            return set()
        rows = await connection.fetch(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
            "WHERE CONSTRAINT_SCHEMA = DATABASE()"
        )
        return {(table, name) for table, name, clause in rows if clause == f"json_valid({self.dialect.quote(name)})"}

    async def _foreign_keys(self, connection: Any) -> dict[str, list[ForeignKey]]:
        grouped: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
        for row in await connection.fetch(
            "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, "
            "k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE FROM information_schema.KEY_COLUMN_USAGE k "
            "JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA "
            "AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
            "WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL "
            "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION"
        ):
            grouped.setdefault((row[0], row[1]), []).append(row)
        foreign_keys: dict[str, list[ForeignKey]] = {}
        for (table, name), rows in grouped.items():
            foreign_keys.setdefault(table, []).append(
                ForeignKey(
                    name,
                    tuple(row[2] for row in rows),
                    rows[0][3],
                    tuple(row[4] for row in rows),
                    on_delete=rows[0][5],
                    on_update=rows[0][6],
                )
            )
        return foreign_keys

    async def _indexes(
        self, connection: Any, foreign_keys: dict[str, list[ForeignKey]]
    ) -> tuple[dict[str, PrimaryKey], dict[str, list[Index]]]:
        grouped: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
        for row in await connection.fetch(
            "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE "
            "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
            "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"
        ):
            grouped.setdefault((row[0], row[1]), []).append(row)
        keys: dict[str, PrimaryKey] = {}
        indexes: dict[str, list[Index]] = {}
        for (table, name), rows in grouped.items():
            if name == "PRIMARY":
                keys[table] = PrimaryKey(tuple(row[3] for row in rows))
                continue
            columns = tuple(
                IndexColumn(row[3], row[5] == "D", int(row[4]) if row[4] is not None else None) for row in rows
            )
            index = Index(name, columns, unique=not int(rows[0][2]), fulltext=rows[0][6] == "FULLTEXT")
            made_for = [fk for fk in foreign_keys.get(table, ()) if fk.name == name]
            if made_for and not index.unique and index.column_names == made_for[0].columns:
                self._foreign_key_indexes.add((table, name))
                continue
            indexes.setdefault(table, []).append(index)
        return keys, indexes

    async def canonical(self, connection: Any, target: Catalog) -> Catalog:
        return replace(target, tables=tuple(_canonical_table(t) for t in target.tables))

    # ---- writing -----------------------------------------------------------------------------
    def _column(self, column: Column) -> str:
        parts = [self.dialect.quote(column.name), _type_sql(column.type), "NULL" if column.nullable else "NOT NULL"]
        if column.default is not None:
            parts.append(f"DEFAULT {_default_sql(column.default)}")
        if column.autoincrement:
            parts.append("AUTO_INCREMENT")
        return " ".join(parts)

    def _index_columns(self, index: Index) -> str:
        return ", ".join(
            self.dialect.quote(c.name) + (f"({c.length})" if c.length else "") + (" DESC" if c.descending else "")
            for c in index.columns
        )

    def _index_kind(self, index: Index) -> str:
        return "FULLTEXT INDEX" if index.fulltext else "UNIQUE INDEX" if index.unique else "INDEX"

    def _primary_key(self, key: PrimaryKey) -> str:
        return f"PRIMARY KEY ({', '.join(self.dialect.quote(c) for c in key.columns)})"

    def create_table(self, table: Table) -> str:
        q = self.dialect.quote
        lines = [self._column(c) for c in table.columns]
        constraints = [f"{self._index_kind(i)} {q(i.name)}({self._index_columns(i)})" for i in table.indexes]
        if table.primary_key is not None:
            constraints.append(self._primary_key(table.primary_key))
        body = ",\n".join("    " + line for line in lines)
        if constraints:
            body += ",\n\n" + ",\n".join("    " + line for line in constraints)
        return f"CREATE TABLE {q(table.name)} (\n{body}\n) {_TABLE_OPTIONS}"

    def _create_index(self, table: Table, index: Index) -> str:
        q = self.dialect.quote
        return f"CREATE {self._index_kind(index)} {q(index.name)} ON {q(table.name)}({self._index_columns(index)})"

    def _add_foreign_key(self, table: Table, fk: ForeignKey) -> str:
        q = self.dialect.quote
        return (
            f"ALTER TABLE {q(table.name)} ADD CONSTRAINT {q(fk.name or '')} "
            f"FOREIGN KEY ({', '.join(q(c) for c in fk.columns)}) "
            f"REFERENCES {q(fk.referenced_table)}({', '.join(q(c) for c in fk.referenced_columns)}) "
            f"ON DELETE {fk.on_delete} ON UPDATE {fk.on_update}"
        )

    def _drop_foreign_key(self, table: Table, fk: ForeignKey) -> str:
        q = self.dialect.quote
        return f"ALTER TABLE {q(table.name)} DROP FOREIGN KEY {q(fk.name or '')}"

    def render(self, diff: SchemaDiff) -> list[str]:
        q = self.dialect.quote
        suspended = _suspended_foreign_keys(diff)
        statements: list[str] = []
        for change in diff.changed_tables:
            kept = {fk.name for fk in change.new.foreign_keys}
            for fk in change.dropped_foreign_keys:
                statements.append(self._drop_foreign_key(change.old, fk))
                if fk.name not in kept and (change.old.name, fk.name) in self._foreign_key_indexes:
                    statements.append(f"DROP INDEX {q(fk.name or '')} ON {q(change.old.name)}")
        statements.extend(self._drop_foreign_key(table, fk) for table, fk in suspended)
        for table in diff.dropped_tables:
            statements.extend(self._drop_foreign_key(table, fk) for fk in table.foreign_keys)
        for change in diff.changed_tables:
            statements.extend(f"DROP INDEX {q(i.name)} ON {q(change.old.name)}" for i in change.dropped_indexes)
        statements.extend(f"DROP TABLE {q(t.name)}" for t in diff.dropped_tables)
        statements.extend(self.create_table(t) for t in diff.created_tables)
        for change in diff.changed_tables:
            statements.extend(self._alter_table(change))
        for change in diff.changed_tables:
            statements.extend(self._create_index(change.new, i) for i in change.added_indexes)
        for table in diff.created_tables:
            statements.extend(self._add_foreign_key(table, fk) for fk in table.foreign_keys)
        for change in diff.changed_tables:
            statements.extend(self._add_foreign_key(change.new, fk) for fk in change.added_foreign_keys)
        statements.extend(self._add_foreign_key(table, fk) for table, fk in suspended)
        return statements

    def _alter_table(self, change: TableChange) -> list[str]:
        q = self.dialect.quote
        ref = q(change.new.name)
        # NULLs are replaced before the column becomes NOT NULL, which strict mode would refuse.
        statements = [
            f"UPDATE {ref} SET {q(new.name)} = {_default_sql(new.default)} WHERE {q(new.name)} IS NULL"
            for old, new in change.altered_columns
            if old.nullable and not new.nullable and new.default is not None
        ]
        # One statement, so that an AUTO_INCREMENT column is never left without its key in between.
        clauses = []
        if change.primary_key_changed and change.old.primary_key is not None:
            clauses.append("DROP PRIMARY KEY")
        clauses.extend(f"DROP COLUMN {q(c.name)}" for c in change.dropped_columns)
        clauses.extend(f"ADD COLUMN {self._column(c)}" for c in change.added_columns)
        clauses.extend(f"MODIFY {self._column(new)}" for _, new in change.altered_columns)
        if change.primary_key_changed and change.new.primary_key is not None:
            clauses.append(f"ADD {self._primary_key(change.new.primary_key)}")
        if clauses:
            statements.append(f"ALTER TABLE {ref} " + ",\n    ".join(clauses))
        return statements

    async def apply(self, connection: Any, statements: Sequence[str]) -> None:
        import asyncmy

        for done, statement in enumerate(statements):
            try:
                await connection.execute(statement)
            except asyncmy.MySQLError as error:
                applied = (
                    f"The {done} statement{'s' if done != 1 else ''} before it were applied; "
                    "MySQL cannot roll back schema changes."
                    if done
                    else "Nothing was changed."
                )
                raise PushError(f"MySQL refused\n  {statement}\nwith: {error}\n{applied}") from error

    async def reset(self, connection: Any, target: Catalog) -> None:
        q = self.dialect.quote
        objects = await connection.fetch(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
        )
        statements = ["SET FOREIGN_KEY_CHECKS = 0"]
        statements.extend(f"DROP {'VIEW' if kind == 'VIEW' else 'TABLE'} {q(name)}" for name, kind in objects)
        statements.append("SET FOREIGN_KEY_CHECKS = 1")
        await self.apply(connection, statements)


def _canonical_table(table: Table) -> Table:
    return replace(
        table,
        columns=tuple(
            replace(
                c,
                type=canonical_type(c.type),
                default=canonical_default(c.default) if c.default is not None else None,
            )
            for c in table.columns
        ),
        # InnoDB has one index method; information_schema reports BTREE whatever was asked.
        indexes=tuple(replace(i, method=None) for i in table.indexes),
    )


def _suspended_foreign_keys(diff: SchemaDiff) -> list[tuple[Table, ForeignKey]]:
    """Foreign keys that stay but must be dropped and re-added around the push: MySQL refuses
    to drop an index a foreign key relies on, or to change the type of a column in one."""
    retyped = {
        (change.new.name, new.name)
        for change in diff.changed_tables
        for old, new in change.altered_columns
        if old.type != new.type
    }
    suspended = []
    for change in diff.changed_tables:
        dropped_index_columns = {c for index in change.dropped_indexes for c in index.column_names}
        for fk in change.new.foreign_keys:
            if fk in change.added_foreign_keys:
                continue
            if (
                dropped_index_columns & set(fk.columns)
                or any((change.new.name, c) in retyped for c in fk.columns)
                or any((fk.referenced_table, c) in retyped for c in fk.referenced_columns)
            ):
                suspended.append((change.new, fk))
    return suspended


def _enum_values(column_type: str) -> list[str] | None:
    """`enum('A','B')` (canonical spelling) -> ['A', 'B']; None for other types."""
    if not column_type.startswith("enum(") or not column_type.endswith(")"):
        return None
    return [v.replace("''", "'") for v in re.findall(r"'((?:[^']|'')*)'", column_type[5:-1])]
