"""One project as the migrate commands see it: the schema, its database, its shadow database and
its migrations folder (`migrations/` next to the schema, as Prisma keeps it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prisma_dynamic.dialects import Dialect, dialect_for
from prisma_dynamic.migrate.backend import backend_for
from prisma_dynamic.migrate.catalog import Catalog
from prisma_dynamic.migrate.folder import MigrationsFolder, migrations_dir
from prisma_dynamic.migrate.target import target_catalog
from prisma_dynamic.migrate.url import database_url
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.env import absolute_url


@dataclass(frozen=True, slots=True)
class Project:
    schema: ir.Schema
    url: str
    folder: MigrationsFolder
    shadow_url: str | None = None

    @classmethod
    def of(
        cls,
        schema: ir.Schema,
        schema_path: Path,
        url: str | None = None,
        shadow_url: str | None = None,
        migrations: Path | None = None,
    ) -> Project:
        resolved = database_url(schema, schema_path, url)
        datasource = schema.datasource
        if shadow_url is None and datasource is not None and datasource.shadow_database_url is not None:
            configured = datasource.shadow_database_url.resolve()
            folder = schema_path if schema_path.is_dir() else schema_path.parent
            shadow_url = absolute_url(configured, folder) if configured else None
        return cls(schema, resolved, MigrationsFolder(migrations or migrations_dir(schema_path)), shadow_url)

    @property
    def dialect(self) -> Dialect:
        return dialect_for(self.schema.provider)

    @property
    def provider(self) -> str:
        """The provider as migration_lock.toml records it (the connector's name)."""
        return self.dialect.connector.name

    def target(self) -> Catalog:
        """The catalog the schema asks for, in the database's default namespace."""
        return target_catalog(self.schema, self.dialect, backend_for(self.dialect).default_schema(self.url))

    def check_folder(self) -> None:
        datasource = self.schema.datasource
        self.folder.check_provider(datasource.provider if datasource is not None else self.provider)
