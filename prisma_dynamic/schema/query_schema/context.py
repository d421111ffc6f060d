"""What every part of the query schema is built from: the Schema IR, its connector, its preview features."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.connectors import Connector, connector_for


@dataclass(frozen=True)
class BuildContext:
    schema: ir.Schema
    connector: Connector
    preview_features: frozenset[str]

    @classmethod
    def of(cls, schema: ir.Schema) -> BuildContext:
        connector = connector_for(schema.provider)
        if connector is None:
            raise ValueError(f"no connector for provider {schema.provider!r}")
        return cls(schema, connector, frozenset(schema.preview_features))

    @cached_property
    def models(self) -> tuple[ir.Model, ...]:
        """The models and views a query may name (`@@ignore`d ones are not in the client)."""
        return tuple(m for m in self.schema.models if not m.is_ignored)

    @property
    def relation_load_strategy(self) -> bool:
        """Whether reads take `relationLoadStrategy` (`query` or `join`): the `relationJoins`
        preview feature, on a database that can load relations in one query."""
        return "relationJoins" in self.preview_features and self.connector.supports_relation_joins
