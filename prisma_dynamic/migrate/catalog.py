"""A database's structure as `db push` compares it: the target made from the schema and the
live database read back are both a `Catalog`, spelled the way the database reports it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    nullable: bool
    default: str | None = None
    autoincrement: bool = False


@dataclass(frozen=True, slots=True)
class PrimaryKey:
    columns: tuple[str, ...]
    name: str | None = None


@dataclass(frozen=True, slots=True)
class IndexColumn:
    name: str
    descending: bool = False
    length: int | None = None
    operator_class: str | None = None


@dataclass(frozen=True, slots=True)
class Index:
    name: str
    columns: tuple[IndexColumn, ...]
    unique: bool
    method: str | None = None
    fulltext: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True, slots=True)
class ForeignKey:
    name: str | None  # None where the database does not keep constraint names (SQLite)
    columns: tuple[str, ...]
    referenced_table: str
    referenced_columns: tuple[str, ...]
    on_delete: str
    on_update: str
    referenced_schema: str | None = None

    def same_as(self, other: ForeignKey) -> bool:
        """Equal, comparing names only when both sides know them."""
        names_agree = self.name is None or other.name is None or self.name == other.name
        return names_agree and (
            self.columns,
            self.referenced_schema,
            self.referenced_table,
            self.referenced_columns,
            self.on_delete,
            self.on_update,
        ) == (
            other.columns,
            other.referenced_schema,
            other.referenced_table,
            other.referenced_columns,
            other.on_delete,
            other.on_update,
        )


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: PrimaryKey | None = None
    indexes: tuple[Index, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    schema: str | None = None

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.schema, self.name)

    def column(self, name: str) -> Column | None:
        for column in self.columns:
            if column.name == name:
                return column
        return None


@dataclass(frozen=True, slots=True)
class EnumType:
    name: str
    values: tuple[str, ...]
    schema: str | None = None

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.schema, self.name)


@dataclass(frozen=True, slots=True)
class Catalog:
    tables: tuple[Table, ...]
    enums: tuple[EnumType, ...] = ()
    schemas: tuple[str, ...] = ()  # namespaces the schema asks for (PostgreSQL)
    extensions: tuple[str, ...] = ()

    def table(self, key: tuple[str | None, str]) -> Table | None:
        for table in self.tables:
            if table.key == key:
                return table
        return None
