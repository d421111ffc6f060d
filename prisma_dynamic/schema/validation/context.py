"""What every validation rule is handed: the resolved schema, its connector, and where to report."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.ast import Span
from prisma_dynamic.schema.connectors import Connector, connector_for
from prisma_dynamic.schema.diagnostics import Diagnostic


@dataclass
class Context:
    schema: ir.Schema
    # None when the datasource is missing or names an unknown provider (reported by the
    # resolver): rules that depend on the database are then skipped rather than guessed.
    connector: Connector | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @classmethod
    def for_schema(cls, schema: ir.Schema) -> Context:
        provider = schema.datasource.provider if schema.datasource is not None else None
        return cls(schema, connector_for(provider) if provider else None)

    def error(self, message: str, span: Span, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic("error", message, span, hint))

    def warning(self, message: str, span: Span, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic("warning", message, span, hint))

    @property
    def relation_mode(self) -> str:
        """The relation mode in effect: written in the datasource, else the connector's own."""
        datasource = self.schema.datasource
        if datasource is not None and (
            "relationMode" in datasource.properties or "referentialIntegrity" in datasource.properties
        ):
            return datasource.relation_mode
        return self.connector.default_relation_mode if self.connector is not None else "foreignKeys"

    def models(self) -> Iterator[ir.Model]:
        """Models and views that take part in validation (`@@ignore`d ones do not)."""
        return (m for m in self.schema.models if not m.is_ignored)

    def has_preview_feature(self, name: str) -> bool:
        return name in self.schema.preview_features


def has_known_type(f: ir.Field) -> bool:
    """False for a field whose type the resolver could not find; rules leave those alone."""
    return f.kind != "scalar" or f.type in ir.SCALAR_TYPES
