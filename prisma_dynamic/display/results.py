"""The containers query results come back in: plain `list` and `dict` subclasses that only add
`_repr_html_`, so they compare, serialize and validate as lists and dicts do."""

from __future__ import annotations

from typing import Any, TypeVar

from prisma_dynamic.display.tables import records_html, rows_html
from prisma_dynamic.schema import ir

__all__ = ["AggregateResult", "AggregateRows", "RecordList", "table"]

T = TypeVar("T")


class RecordList(list[T]):
    """Records of one model (`find_many`, `create_many_and_return`, ...)."""

    def __init__(self, records: Any = (), model: str | None = None) -> None:
        super().__init__(records)
        self.model = model

    def _repr_html_(self) -> str:
        return records_html(self, self.model)


class AggregateRows(list[dict[str, Any]]):
    """Rows of aggregates or of a raw query; the model gives the header its types. `group_by`
    returns a plain list (as Prisma Client Python does): `table(rows, Post)` shows one."""

    def __init__(self, rows: Any = (), model: ir.Model | None = None) -> None:
        super().__init__(rows)
        self.model = model

    def _repr_html_(self) -> str:
        return rows_html(self, self.model)


class AggregateResult(dict[str, Any]):
    """An `aggregate` (or `count(select=...)`) result: one row of aggregates."""

    def __init__(self, values: Any, model: ir.Model | None = None) -> None:
        super().__init__(values)
        self.model = model

    def _repr_html_(self) -> str:
        return rows_html([self], self.model)


def table(rows: Any, model: Any = None) -> AggregateRows:
    """Rows (`group_by`'s, or any list of dicts) shown as a table in Jupyter; `model`, a model class
    such as `db.models.Post`, gives the columns their schema types."""
    registry = getattr(model, "__prisma_registry__", None)
    name = getattr(model, "__prisma_model__", None)
    schema_model = registry.schema.get_model(name) if registry is not None and isinstance(name, str) else None
    return AggregateRows(rows, schema_model)
