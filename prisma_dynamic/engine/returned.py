"""The records a write's RETURNING gives, its selection's relations read after it.

A write on a database with RETURNING (`INSERT`/`UPDATE`/`DELETE ... RETURNING`) names the columns
of the read plan of its selection at the top level: the selected scalar fields, the primary key and
the columns its included relations join by, in that plan's order. The rows it gets back are then
that plan's own top-level rows, so the read runner makes them records and reads the included
relations and `_count`s from them, one query per level, as it does after a SELECT. A
createManyAndReturn of 1000 records with `include` reads the relation once instead of reading each
record back; a create with `include` reads the relation only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from prisma_dynamic.engine.catalog import ModelInfo
from prisma_dynamic.engine.drivers.base import DriverConnection
from prisma_dynamic.engine.reads import ReadCompiler, ReadPlan, ReadRunner
from prisma_dynamic.engine.shape import ShapeKey, parametrize


@dataclass(frozen=True, slots=True)
class Returned:
    """What one write's RETURNING names, and how its rows become the records."""

    columns: list[str]  # the fields RETURNING gives, in the plan's column order
    plan: ReadPlan
    values: Sequence[Any]  # the parameters of the selection (arguments of included relations)

    @property
    def scalars_only(self) -> bool:
        """The rows are the whole records: nothing to read after the write."""
        return not (self.plan.includes or self.plan.counts)


class ReturnedRecords:
    def __init__(self, reads: ReadCompiler, runner: ReadRunner) -> None:
        self.reads = reads
        self.runner = runner
        # (model, selection shape) -> the columns and the plan: compiled once per shape, like a read.
        self._plans: dict[tuple[str, ShapeKey], tuple[list[str], ReadPlan]] = {}

    def of(self, info: ModelInfo, selection: dict[str, Any]) -> Returned:
        shape, template, values = parametrize({"selection": selection})
        cache_key = (info.name, shape)
        compiled = self._plans.get(cache_key)
        if compiled is None:
            plan = self.reads.compile_find(info.name, {}, template["selection"])
            indexes = plan.output.key_indexes
            compiled = self._plans[cache_key] = (sorted(indexes, key=indexes.__getitem__), plan)
        return Returned(compiled[0], compiled[1], values)

    async def records(
        self, returned: Returned, rows: list[tuple[Any, ...]], conn: DriverConnection
    ) -> list[dict[str, Any]]:
        return await self.runner.materialize(returned.plan, rows, returned.values, conn)
