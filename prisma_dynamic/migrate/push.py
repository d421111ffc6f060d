"""`db push`: make the live database match the schema, refusing to lose data unless told to."""

from __future__ import annotations

from dataclasses import dataclass

from prisma_dynamic.dialects import dialect_for
from prisma_dynamic.migrate.backend import SchemaBackend, backend_for
from prisma_dynamic.migrate.diff import SchemaDiff, diff_catalogs
from prisma_dynamic.migrate.errors import DataLossError, UnexecutableChangeError
from prisma_dynamic.migrate.risks import assess
from prisma_dynamic.migrate.target import target_catalog
from prisma_dynamic.schema import ir


@dataclass(frozen=True, slots=True)
class PushResult:
    diff: SchemaDiff
    statements: tuple[str, ...]
    accepted_data_loss: tuple[str, ...] = ()
    reset: bool = False

    @property
    def changed(self) -> bool:
        return self.reset or bool(self.statements)

    def summary(self) -> list[str]:
        """What was done, one line per object, for people."""
        lines = ["The database was reset: every table was dropped."] if self.reset else []
        lines.extend(describe(self.diff))
        return lines


def schema_backend(schema: ir.Schema) -> SchemaBackend:
    return backend_for(dialect_for(schema.provider))


async def push(schema: ir.Schema, url: str, *, accept_data_loss: bool = False, force_reset: bool = False) -> PushResult:
    backend = schema_backend(schema)
    target = target_catalog(schema, backend.dialect, backend.default_schema(url))
    connection = await backend.connect(url)
    try:
        if force_reset:
            await backend.reset(connection, target)
        live = await backend.introspect(connection, target)
        target = await backend.canonical(connection, target)
        diff = diff_catalogs(live, target, live_schemas=await backend.existing_schemas(connection))
        if diff.is_empty:
            return PushResult(diff, (), reset=force_reset)
        risks = await assess(connection, backend, diff)
        if risks.unexecutable:
            raise UnexecutableChangeError(risks.unexecutable)
        if risks.data_loss and not accept_data_loss:
            raise DataLossError(risks.data_loss)
        statements = backend.render(diff)
        await backend.apply(connection, statements)
        return PushResult(diff, tuple(statements), risks.data_loss, force_reset)
    finally:
        await connection.close()


def describe(diff: SchemaDiff) -> list[str]:
    lines = [f"Created schema `{s}`" for s in diff.created_schemas]
    lines.extend(f"Created extension `{e}`" for e in diff.created_extensions)
    lines.extend(f"Created enum `{e.name}`" for e in diff.created_enums)
    lines.extend(f"Altered enum `{new.name}`" for _, new in diff.altered_enums)
    lines.extend(f"Created table `{t.name}`" for t in diff.created_tables)
    for change in diff.changed_tables:
        parts = [f"added column `{c.name}`" for c in change.added_columns]
        parts.extend(f"dropped column `{c.name}`" for c in change.dropped_columns)
        parts.extend(f"altered column `{new.name}`" for _, new in change.altered_columns)
        if change.primary_key_changed:
            parts.append("changed the primary key")
        parts.extend(f"added foreign key on ({', '.join(fk.columns)})" for fk in change.added_foreign_keys)
        parts.extend(f"dropped foreign key on ({', '.join(fk.columns)})" for fk in change.dropped_foreign_keys)
        added = {i.name for i in change.added_indexes}
        parts.extend(f"dropped index `{i.name}`" for i in change.dropped_indexes if i.name not in added)
        parts.extend(f"created index `{i.name}`" for i in change.added_indexes)
        lines.append(f"Altered table `{change.new.name}`: {', '.join(parts)}")
    lines.extend(f"Dropped table `{t.name}`" for t in diff.dropped_tables)
    lines.extend(f"Dropped enum `{e.name}`" for e in diff.dropped_enums)
    return lines
