"""What a query reads: `include=`, `select=` and `omit=` become the protocol's selection, and a
decode plan says which class each level of the result is parsed into."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from prisma_dynamic.models.base import PrismaModel
from prisma_dynamic.models.registry import ModelRegistry
from prisma_dynamic.protocol.inputs import Inputs
from prisma_dynamic.protocol.problems import describe, fail, join, not_found, unknown_key, unknown_relation
from prisma_dynamic.protocol.tables import FieldInfo, ModelTable, Tables
from prisma_dynamic.protocol.values import needs_decoding
from prisma_dynamic.schema.query_schema.refs import count_output_type
from prisma_dynamic.schema.query_schema.spelling import prisma_spelling, python_spelling

__all__ = ["DecodePlan", "SelectionBuilder"]

# What a relation reads, beside the arguments its output field takes (where, order_by, ...).
_SELECTING = ("include", "select", "omit")


@dataclass(frozen=True, slots=True)
class DecodePlan:
    """The class a record is parsed into, the plans of its selected relations, and the fields
    whose values may need decoding (`needs_decoding`): the others go to pydantic as they came."""

    cls: type[PrismaModel]
    relations: Mapping[str, DecodePlan] = field(default_factory=dict)
    decoded: frozenset[str] = frozenset()
    # Whether `cls`'s own relation fields parse this level's nested records into the classes
    # their plans name, all the way down (`SelectionBuilder._plan`): then records whose nested
    # records hold nothing to decode go to `cls`'s validator whole, relations and all.
    nests_as_given: bool = False
    # The keys a record of this level is copied and worked on for: `nested` (relations and
    # `_count`), and with them the values that may need decoding (`special`); set once here, as a
    # plan is read for every record and every nested list.
    nested: frozenset[str] = field(init=False, repr=False, compare=False)
    special: frozenset[str] = field(init=False, repr=False, compare=False)
    # Its record decoder, made on first use (`protocol.decode`).
    decoder: Callable[[Any], PrismaModel] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "nested", frozenset(self.relations) | {"_count"})
        object.__setattr__(self, "special", self.nested | self.decoded)


class SelectionBuilder:
    def __init__(self, tables: Tables, registry: ModelRegistry, inputs: Callable[[], Inputs]) -> None:
        self.tables = tables
        self.registry = registry
        self._inputs = inputs
        self._defaults: dict[type[PrismaModel], tuple[dict[str, Any], DecodePlan]] = {}

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
        result = (selection, self._plan(cls, relations, _decoded(table)))
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
        returned: str | None = None,
    ) -> tuple[dict[str, Any], DecodePlan]:
        """`returned`: the output type of a `*_and_return` action's records
        (`CreateMany<M>AndReturnOutputType`), which carries only the to-one relations the
        model's own foreign key points along, and no `_count`."""
        if returned is not None:
            readable = self._inputs().output_fields(returned)
            for argument, given in (("include", include), ("select", select)):
                if isinstance(given, dict):
                    _check_returned(table, readable, given, join(path, argument))
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
        return selection, self._plan(result_cls, relations, plan.decoded)

    def _plan(self, cls: type[PrismaModel], relations: dict[str, DecodePlan], decoded: frozenset[str]) -> DecodePlan:
        """The plan of a level read into `cls`. Its nested records can go to `cls`'s validator as
        they came when each relation's plan names the class that relation's field parses a
        record into (not a view of it: a nested `select`), and the same holds below."""
        target = self.registry.relation_target
        nests = all(sub.nests_as_given and sub.cls is target(cls, name) for name, sub in relations.items())
        return DecodePlan(cls, relations, decoded, nests_as_given=nests)

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
            selection[key], relations[key] = self._relation(table, relation, cls, value, at)

    def _relation(
        self, table: ModelTable, relation: FieldInfo, cls: type[PrismaModel], value: Any, path: str
    ) -> tuple[dict[str, Any], DecodePlan]:
        if value is True:
            return self._nested_default(relation, cls)
        if not isinstance(value, dict):
            fail(path, f"expected True, False or a dict of arguments, got {describe(value)}")
        target = self.tables[relation.type]
        arguments = self._relation_arguments(table.name, relation, value, path)
        target_cls = self.registry.relation_target(cls, relation.name)
        selection, plan = self.build(
            target, target_cls, path, include=value.get("include"), select=value.get("select"), omit=value.get("omit")
        )
        nested: dict[str, Any] = (
            {"arguments": arguments, "selection": selection} if arguments else {"selection": selection}
        )
        return nested, plan

    def _relation_arguments(self, model: str, relation: FieldInfo, value: dict[str, Any], path: str) -> dict[str, Any]:
        """The arguments of the relation's output field (a to-many relation's where, order_by,
        cursor, take, skip, distinct), checked against the query schema."""
        inputs = self._inputs()
        offered = inputs.relation_arguments(model, relation.name)
        arguments: dict[str, Any] = {}
        for key, item in value.items():
            if key in _SELECTING:
                continue
            name = prisma_spelling(key)
            field = offered.get(name)
            if field is None:
                allowed = [*(python_spelling(n) for n in offered), *_SELECTING]
                unknown_key(join(path, key), key, f"argument of relation {relation.name!r}", allowed)
            if item is not None:
                built = inputs.value(item, field, join(path, key), relation.type)
                # One sort object or field name, or a list of them: always sent as a list.
                arguments[name] = [built] if name in ("orderBy", "distinct") and not isinstance(built, list) else built
        return arguments

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
                offered = self._inputs().relation_arguments(count_output_type(table.name), key)
                where = self._inputs().value(item["where"], offered["where"], join(join(at, key), "where"), field.type)
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
                    selection[key], relations[key] = self._relation(table, field, cls, value, at)
                    chosen.add(key)
            elif not isinstance(value, bool):
                fail(at, f"expected True or False for scalar field {key!r}, got {describe(value)}")
            elif value:
                selection[key] = True
                chosen.add(key)
        result_cls = self.registry.view(cls, frozenset(chosen))
        if "_count" in selection:
            result_cls = self.registry.counted(result_cls)
        return selection, self._plan(result_cls, relations, _decoded(table))

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


def _check_returned(table: ModelTable, readable: tuple[str, ...], given: dict[str, Any], path: str) -> None:
    allowed = [n for n in sorted(table.relation_names) if n in readable]
    for key, value in given.items():
        field = table.fields.get(key)
        if value is not False and (key == "_count" or (field is not None and field.is_relation and key not in allowed)):
            unknown_key(join(path, key), key, f"relation of {table.name} a *_and_return action can read", allowed)


def _decoded(table: ModelTable) -> frozenset[str]:
    return frozenset(name for name, info in table.fields.items() if needs_decoding(info))


def _counted(table: ModelTable) -> tuple[str, ...]:
    """`_count` selects the sizes of list relations, so it exists only where there are some."""
    return ("_count",) if table.list_relation_names else ()
