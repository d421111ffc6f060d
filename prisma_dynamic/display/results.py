"""The containers query results come back in: plain `list` and `dict` subclasses that only add
`_repr_html_`, so they compare, serialize and validate as lists and dicts do."""

from __future__ import annotations

from typing import Any, TypeVar

from prisma_dynamic.display.tables import records_html, rows_html
from prisma_dynamic.schema import ir

__all__ = ["AggregateResult", "AggregateRows", "RecordList"]

T = TypeVar("T")


class RecordList(list[T]):
    """Records of one model (`find_many`, `create_many_and_return`, ...)."""

    def __init__(self, records: Any = (), model: str | None = None) -> None:
        super().__init__(records)
        self.model = model

    def _repr_html_(self) -> str:
        return records_html(self, self.model)


class AggregateRows(list[dict[str, Any]]):
    """`group_by` rows; the model gives the header its types."""

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
