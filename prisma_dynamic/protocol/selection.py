"""What a query reads: `include=`, `select=` and `omit=` become the protocol's selection, and a
decode plan says which class each level of the result is parsed into."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from prisma_dynamic.models.base import PrismaModel
from prisma_dynamic.models.registry import ModelRegistry
from prisma_dynamic.protocol.order import build_order
from prisma_dynamic.protocol.problems import describe, fail, join, not_found, unknown_key, unknown_relation
from prisma_dynamic.protocol.tables import FieldInfo, ModelTable, Tables
from prisma_dynamic.protocol.values import needs_decoding
from prisma_dynamic.protocol.where import WhereBuilder

__all__ = ["DecodePlan", "SelectionBuilder"]

_LIST_RELATION_ARGS = ("where", "order_by", "cursor", "take", "skip", "distinct", "include", "select", "omit")
_TO_ONE_ARGS = ("include", "select", "omit")


@dataclass(frozen=True, slots=True)
class DecodePlan:
    """The class a record is parsed into, the plans of its selected relations, and the fields
    whose values may need decoding (`needs_decoding`): the others go to pydantic as they came."""

    cls: type[PrismaModel]
    relations: Mapping[str, DecodePlan] = field(default_factory=dict)
    decoded: frozenset[str] = frozenset()


class SelectionBuilder:
    def __init__(self, tables: Tables, wheres: WhereBuilder, registry: ModelRegistry) -> None:
        self.tables = tables
        self.wheres = wheres
        self.registry = registry
        self._defaults: dict[type[PrismaModel], tuple[dict[str, Any], DecodePlan]] = {}

    # ---- arguments shared by find queries and list relations ------------------------------
    def find_arguments(
        self,
        table: ModelTable,
        path: str,
        *,
        where: Any = None,
        cursor: Any = None,
        take: Any = None,
        skip: Any = None,
        order: Any = None,
        distinct: Any = None,
        order_name: str = "order",
    ) -> dict[str, Any]:
        arguments: dict[str, Any] = {}
        if where is not None:
            arguments["where"] = self.wheres.where(table, where, join(path, "where"))
        if order is not None:
            arguments["orderBy"] = build_order(self.tables, table, order, join(path, order_name))
        if cursor is not None:
            arguments["cursor"] = self.wheres.unique_where(table, cursor, join(path, "cursor"))
        if take is not None:
            arguments["take"] = _integer(take, join(path, "take"), negative=True)
        if skip is not None:
            arguments["skip"] = _integer(skip, join(path, "skip"), negative=False)
        if distinct is not None:
            arguments["distinct"] = self.scalar_names(table, distinct, join(path, "distinct"))
        return arguments

    def scalar_names(self, table: ModelTable, names: Any, path: str) -> list[str]:
        if isinstance(names, str) or not isinstance(names, (list, tuple)):
            fail(path, f"expected a list of {table.name} scalar field names, got {describe(names)}")
        for i, name in enumerate(names):
            if not isinstance(name, str) or name not in table.scalar_names:
                unknown_key(join(path, i), name, f"scalar field of {table.name}", table.scalar_names)
        return list(names)

    # ---- selection ------------------------------------------------------------------------
    def default(self, table: ModelTable, cls: type[PrismaModel]) -> tuple[dict[str, Any], DecodePlan]:
        """The selection of the fields `cls` declares (every scalar for a schema model); relation
        fields a custom class requires are included."""
        cached = self._defaults.get(cls)
        if cached is not None:
            return cached
        declared = cls.model_fields
        stored = table.scalar_names | table.composite_names
        for name in declared:
            if name not in stored and name not in table.relation_names:
                not_found(name, f"{table.name!r} (declared by {cls.__name__})", sorted(stored | table.relation_names))
        names = [n for n in declared if n in stored]
        selection: dict[str, Any] = (
            {"$scalars": True, "$composites": True} if stored <= set(names) else {n: True for n in names}
        )
        relations: dict[str, DecodePlan] = {}
        for name, info in declared.items():
            if name in table.relation_names and info.is_required():
                selection[name], relations[name] = self._nested_default(table.fields[name], cls)
        result = (selection, DecodePlan(cls, relations, _decoded(table)))
        self._defaults[cls] = result
        return result

    def _nested_default(self, relation: FieldInfo, cls: type[PrismaModel]) -> tuple[dict[str, Any], DecodePlan]:
        target_cls = self.registry.relation_target(cls, relation.name)
        selection, plan = self.default(self.tables[relation.type], target_cls)
        return {"selection": selection}, plan

    def build(
        self,
        table: ModelTable,
        cls: type[PrismaModel],
        path: str,
        *,
        include: Any = None,
        select: Any = None,
        omit: Any = None,
        returned: bool = False,
    ) -> tuple[dict[str, Any], DecodePlan]:
        """`returned`: the records of a `*_and_return` action, which (as Prisma's
        `CreateMany<M>AndReturnOutputType`) carry only the to-one relations their own foreign
        key points along, and no `_count`."""
        if returned:
            for argument, given in (("include", include), ("select", select)):
                if isinstance(given, dict):
                    _check_returned(table, given, join(path, argument))
        if select is not None:
            # Prisma's words; nested relations go inside `select`, and `select` names what is read.
            if include is not None:
                fail(join(path, "include"), "Please either use `include` or `select`, but not both at the same time.")
            if omit is not None:
                fail(join(path, "omit"), "Please either use `omit` or `select`, but not both at the same time.")
            return self._select(table, cls, select, join(path, "select"))
        selection, plan = self.default(table, cls)
        if include is None and omit is None:
            return selection, plan
        selection = dict(selection)
        relations = dict(plan.relations)
        result_cls = cls
        if omit is not None:
            result_cls = self._omit(table, cls, selection, omit, join(path, "omit"))
        if include is not None:
            self._include(table, cls, selection, relations, include, join(path, "include"))
        if "_count" in selection:
            result_cls = self.registry.counted(result_cls)
        return selection, DecodePlan(result_cls, relations, plan.decoded)

    def _include(
        self,
        table: ModelTable,
        cls: type[PrismaModel],
        selection: dict[str, Any],
        relations: dict[str, DecodePlan],
        include: Any,
        path: str,
    ) -> None:
        if not isinstance(include, dict):
            fail(path, f"expected a dict of {table.name} relations, got {describe(include)}")
        for key, value in include.items():
            at = join(path, key)
            if key == "_count" and table.list_relation_names:
                if value is not False:
                    selection["_count"] = self._count(table, value, at)
                continue
            relation = table.fields.get(key)
            if relation is None or not relation.is_relation:
                unknown_relation(at, key, table.name, [*table.relation_names, *_counted(table)])
            if key not in cls.model_fields:  # a partial or custom class that leaves that relation out
                unknown_relation(at, key, cls.__name__, [n for n in cls.model_fields if n in table.relation_names])
            if value is False:
                selection.pop(key, None)
                relations.pop(key, None)
                continue
            selection[key], relations[key] = self._relation(relation, cls, value, at)

    def _relation(
        self, relation: FieldInfo, cls: type[PrismaModel], value: Any, path: str
    ) -> tuple[dict[str, Any], DecodePlan]:
        if value is True:
            return self._nested_default(relation, cls)
        if not isinstance(value, dict):
            fail(path, f"expected True, False or a dict of arguments, got {describe(value)}")
        target = self.tables[relation.type]
        allowed = _LIST_RELATION_ARGS if relation.is_list else _TO_ONE_ARGS
        for key in value:
            if key not in allowed:
                unknown_key(join(path, key), key, f"argument of relation {relation.name!r}", allowed)
        arguments = self.find_arguments(
            target,
            path,
            where=value.get("where"),
            cursor=value.get("cursor"),
            take=value.get("take"),
            skip=value.get("skip"),
            order=value.get("order_by"),
            distinct=value.get("distinct"),
            order_name="order_by",
        )
        target_cls = self.registry.relation_target(cls, relation.name)
        selection, plan = self.build(
            target, target_cls, path, include=value.get("include"), select=value.get("select"), omit=value.get("omit")
        )
        nested: dict[str, Any] = (
            {"arguments": arguments, "selection": selection} if arguments else {"selection": selection}
        )
        return nested, plan

    def _count(self, table: ModelTable, value: Any, path: str) -> dict[str, Any]:
        if value is True:
            return {"selection": {name: True for name in table.list_relation_names}}
        if not isinstance(value, dict) or set(value) != {"select"} or not isinstance(value["select"], dict):
            fail(path, "expected True or {'select': {<list relation>: True | {'where': ...}}}")
        at = join(path, "select")
        counted: dict[str, Any] = {}
        for key, item in value["select"].items():
            field = table.fields.get(key)
            if field is None or not (field.is_relation and field.is_list):
                unknown_key(join(at, key), key, f"list relation of {table.name} to count", table.list_relation_names)
            if item is True:
                counted[key] = True
            elif isinstance(item, dict) and set(item) == {"where"}:
                where = self.wheres.where(self.tables[field.type], item["where"], join(join(at, key), "where"))
                counted[key] = {"arguments": {"where": where}}
            elif item is not False:
                fail(join(at, key), "expected True, False or {'where': ...}")
        return {"selection": counted}

    def _select(
        self, table: ModelTable, cls: type[PrismaModel], select: Any, path: str
    ) -> tuple[dict[str, Any], DecodePlan]:
        if not isinstance(select, dict):
            fail(path, f"expected a dict of {table.name} fields, got {describe(select)}")
        # Prisma refuses a selection that would read nothing.
        if not select:
            fail(path, f"The `select` statement for type {table.name} must not be empty.")
        if not any(value is not False for value in select.values()):
            fail(path, f"The `select` statement for type {table.name} needs at least one truthy value.")
        selection: dict[str, Any] = {}
        relations: dict[str, DecodePlan] = {}
        chosen: set[str] = set()
        for key, value in select.items():
            at = join(path, key)
            if key == "_count" and table.list_relation_names:
                if value is not False:
                    selection["_count"] = self._count(table, value, at)
                continue
            field = table.fields.get(key)
            if field is None:
                unknown_key(at, key, f"field of {table.name}", [*table.fields, *_counted(table)])
            if field.is_relation:
                if value is not False:
                    selection[key], relations[key] = self._relation(field, cls, value, at)
                    chosen.add(key)
            elif not isinstance(value, bool):
                fail(at, f"expected True or False for scalar field {key!r}, got {describe(value)}")
            elif value:
                selection[key] = True
                chosen.add(key)
        result_cls = self.registry.view(cls, frozenset(chosen))
        if "_count" in selection:
            result_cls = self.registry.counted(result_cls)
        return selection, DecodePlan(result_cls, relations, _decoded(table))

    def _omit(
        self, table: ModelTable, cls: type[PrismaModel], selection: dict[str, Any], omit: Any, path: str
    ) -> type[PrismaModel]:
        if not isinstance(omit, dict):
            fail(path, f"expected a dict of {table.name} scalar fields, got {describe(omit)}")
        omitted: set[str] = set()
        for key, value in omit.items():
            at = join(path, key)
            if key not in table.scalar_names and key not in table.composite_names:
                unknown_key(at, key, f"scalar field of {table.name}", table.scalar_names | table.composite_names)
            if not isinstance(value, bool):
                fail(at, f"expected True or False, got {describe(value)}")
            if value:
                omitted.add(key)
                if "$scalars" in selection:
                    selection[key] = False
                else:
                    selection.pop(key, None)
        kept = frozenset(n for n in cls.model_fields if n not in omitted)
        return self.registry.view(cls, kept) if omitted else cls


def _check_returned(table: ModelTable, given: dict[str, Any], path: str) -> None:
    allowed = [n for n in sorted(table.relation_names) if table.fields[n].foreign_key]
    for key, value in given.items():
        field = table.fields.get(key)
        if value is not False and (key == "_count" or (field is not None and field.is_relation and key not in allowed)):
            unknown_key(join(path, key), key, f"relation of {table.name} a *_and_return action can read", allowed)


def _decoded(table: ModelTable) -> frozenset[str]:
    return frozenset(name for name, info in table.fields.items() if needs_decoding(info))


def _counted(table: ModelTable) -> tuple[str, ...]:
    """`_count` selects the sizes of list relations, so it exists only where there are some."""
    return ("_count",) if table.list_relation_names else ()


def _integer(value: Any, path: str, *, negative: bool) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        fail(path, f"expected an int, got {describe(value)}")
    if value < 0 and not negative:
        fail(path, f"expected a non-negative int, got {value}")
    return value
