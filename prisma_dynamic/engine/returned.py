"""The records a write's RETURNING gives, its selection's relations read after it.

A write on a database with RETURNING (`INSERT`/`UPDATE`/`DELETE ... RETURNING`) names the columns
of the read plan of its selection at the top level: the selected scalar fields, the primary key and
the columns its included relations join by, in that plan's order. The rows it gets back are then
that plan's own top-level rows, so the read runner makes them records and reads the included
relations and `_count`s from them, one query per level, as it does after a SELECT. A
createManyAndReturn of 1000 records with `include` reads the relation once instead of reading each
record back; a create with `include` reads the relation only, and not even that when the
relation is included as it is and its records are the children the create inserted in one
statement (their INSERT's RETURNING gives them: `Writer.create_record`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    # The to-many relations included as they are (no arguments, nothing included below): their
    # fields as a RETURNING of the children gives them, for a create that inserts its children.
    children: dict[str, list[str]]

    @property
    def scalars_only(self) -> bool:
        """The rows are the whole records: nothing to read after the write."""
        return not (self.plan.includes or self.plan.counts)


class ReturnedRecords:
    def __init__(self, reads: ReadCompiler, runner: ReadRunner) -> None:
        self.reads = reads
        self.runner = runner
        # (model, selection shape) -> the columns, the plan, the plain children: compiled once
        # per shape, like a read.
        self._plans: dict[tuple[str, ShapeKey], tuple[list[str], ReadPlan, dict[str, list[str]]]] = {}

    def of(self, info: ModelInfo, selection: dict[str, Any]) -> Returned:
        shape, template, values = parametrize({"selection": selection})
        cache_key = (info.name, shape)
        compiled = self._plans.get(cache_key)
        if compiled is None:
            plan = self.reads.compile_find(info.name, {}, template["selection"])
            children = {
                include.field: _returning(include.plan)
                for include in plan.includes
                if include.join.is_list
                and not (include.plan.includes or include.plan.counts)
                and _plain(template["selection"].get(include.field))
            }
            compiled = self._plans[cache_key] = (_returning(plan), plan, children)
        return Returned(compiled[0], compiled[1], values, compiled[2])

    async def records(
        self,
        returned: Returned,
        rows: list[tuple[Any, ...]],
        conn: DriverConnection,
        children: Mapping[str, list[tuple[Any, ...]]] | None = None,
    ) -> list[dict[str, Any]]:
        """The records of `rows`; `children`: the rows of included relations known already (a
        new record's children, from their INSERT), read from them instead of the database."""
        return await self.runner.materialize(returned.plan, rows, returned.values, conn, children)


def _returning(plan: ReadPlan) -> list[str]:
    """The fields a RETURNING gives for rows of `plan`'s level, in its column order."""
    indexes = plan.output.key_indexes
    return sorted(indexes, key=indexes.__getitem__)


def _plain(selected: Any) -> bool:
    """Whether an included relation's selection takes no arguments (`true`, or only a
    selection): every related record, in no particular order."""
    return selected is True or (isinstance(selected, dict) and not selected.get("arguments"))
