"""The stubs and the run time agree on the keys of every input (issue 6, deliver 4).

For `agreement.prisma`, a schema with every feature, each input TypedDict of the type surface is
held against the run-time validator in the place a query uses it (`where=`, a relation filter
under a relation field, a nested write under a relation, ...): every key the stub declares must
be accepted with a value of its declared type, and every other key that either side knows (field
names, operators of the stubs, operators of the run time's tables) must be refused. Nested types
are found by following the stub's own references from the parent's key, so the test walks what a
user can reach. Where the two sides differ on purpose, the difference is listed below with its
reason; a listed difference that no longer shows up fails the test too, so the list stays true.
No database: the query builder validates before anything is sent.
"""

from __future__ import annotations

import ast
import datetime
import decimal
import enum
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from prisma_dynamic.errors import QueryValidationError
from prisma_dynamic.fields import Base64, Json
from prisma_dynamic.protocol import QueryBuilder, aggregates, data, order, selection, where
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.load import load_schema
from stubs_plugin.build import build_surface
from stubs_plugin.surface import Key, Surface, TypedDictType

SCHEMA = Path(__file__).with_name("agreement.prisma")
# Modules whose constant tables name the keys the run time accepts (operators, arguments).
RUNTIME_TABLES: tuple[ModuleType, ...] = (where, data, order, selection, aggregates)

_SCALAR_SAMPLES: dict[str, Callable[[], Any]] = {
    "str": lambda: "a",
    "int": lambda: 1,
    "float": lambda: 1.5,
    "bool": lambda: True,
    "_Decimal": lambda: decimal.Decimal("1.5"),
    "_datetime": lambda: datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
    "_Json": lambda: Json({"k": [1, 2]}),
    "_Base64": lambda: Base64.encode(b"bytes"),
    "_Any": lambda: "a",
}
# Values tried for a key the stub does not declare, beside those of every key of that name.
_ANY_VALUES: tuple[Any, ...] = (True, "a", 1, {}, [])


def split_union(expr: str) -> list[str]:
    return split_top_level(expr, "|")


def split_top_level(expr: str, separator: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current = ""
    for char in expr:
        depth += char == "["
        depth -= char == "]"
        if char == separator and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts


def _unlisted(part: str) -> str:
    return part[5:-1] if part.startswith("list[") else part


@dataclass(frozen=True, slots=True)
class Disagreement:
    context: str  # where the key was tried, e.g. `nested_create[User.posts]`
    kind: str  # the context without its place, e.g. `nested_create`
    typed_dict: str
    key: str
    side: str  # "stub only": declared, refused at run time; "runtime only": accepted, not declared
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.context} {self.typed_dict}.{self.key}: {self.side} {self.detail}".rstrip()


@dataclass
class Context:
    """One place where a TypedDict is used, and how to send a dict there.

    `probe(d)` builds a request whose argument at `path` is `d`; `send(key, value)` sends `base`
    (what the place needs beside the key, e.g. a create's required fields) with `key: value`."""

    kind: str
    place: str
    typed_dict: TypedDictType
    path: str
    probe: Probe
    base: dict[str, Any] = field(default_factory=dict)
    # Keys a probed key pushes out of `base` (a relation replaces its foreign key).
    displaces: Callable[[str], frozenset[str]] = lambda key: frozenset()
    hidden: frozenset[str] = frozenset()  # left out of sample values (the way back to a parent)

    @property
    def name(self) -> str:
        return f"{self.kind}[{self.place}]"

    def send(self, key: str, value: Any) -> None:
        pushed_out = self.displaces(key)
        given = {k: v for k, v in self.base.items() if k != key and k not in pushed_out}
        given[key] = value
        self.probe(given)


class World:
    """The schema, its surface, the run time's builder, and well-typed sample values."""

    def __init__(self, path: Path) -> None:
        self.schema = load_schema(path)
        self.surface: Surface = build_surface(self.schema)
        self.builder = QueryBuilder(self.schema)
        self.typed = {t.name: t for t in self.surface.typed_dicts}
        self.aliases = {a.name: a.type for a in self.surface.aliases}
        # The stubs type enum values as the enum class: a member of an enum with the schema's values.
        self.enum_members: dict[str, Any] = {
            e.name: getattr(enum.Enum(e.name, [(v, v) for v in e.values]), e.values[0]) for e in self.surface.enums
        }
        self.models = [m for m in self.schema.models if not m.is_ignored]
        self.create_models = {
            f"{m.name}{suffix}": m.name
            for m in self.models
            for suffix in ("CreateInput", "CreateWithoutRelationsInput")
        }

    # ---- following the stub's references --------------------------------------------------
    def resolve(self, part: str) -> TypedDictType | None:
        """The TypedDict a type names; a generic one with its arguments put in (`NestedUpdateInput[A, B]`)."""
        if part in self.typed and not self.typed[part].parameters:
            return self.typed[part]
        name, bracket, arguments = part.partition("[")
        generic = self.typed.get(name)
        if not bracket or generic is None or not generic.parameters:
            return None
        given = dict(zip(generic.parameters, split_top_level(arguments[:-1], ","), strict=True))
        parameter = re.compile(r"\b(" + "|".join(generic.parameters) + r")\b")
        keys = tuple(Key(k.name, parameter.sub(lambda m: given[m.group(1)], k.type), k.required) for k in generic.keys)
        return TypedDictType(name, keys)

    def typed_dict_in(self, expr: str) -> TypedDictType:
        """The TypedDict a key's type offers (`str | StringFilter` -> StringFilter)."""
        for part in map(_unlisted, split_union(expr)):
            found = self.resolve(part)
            if found is not None:
                return found
        raise AssertionError(f"no TypedDict in {expr!r}")

    def members(self, alias: str) -> list[TypedDictType]:
        return [self.typed[p] for p in split_union(self.aliases[alias])]

    # ---- samples ----------------------------------------------------------------------------
    def sample(self, expr: str, hidden: frozenset[str] = frozenset()) -> Any:
        """A value of a stub type: the first alternative of a union, TypedDicts with their required
        keys. `hidden` are keys a nested create must leave out (the way back to its parent)."""
        part = next(p for p in split_union(expr) if p != "None")
        if part.startswith("list["):
            return [self.sample(part[5:-1], hidden)]
        if part in _SCALAR_SAMPLES:
            return _SCALAR_SAMPLES[part]()
        if part in self.enum_members:
            return self.enum_members[part]
        if part in self.aliases:
            alias = self.aliases[part]
            if alias.startswith("_Literal["):
                return ast.literal_eval(alias[len("_Literal[") : -1] + ",")[0]
            return self.sample(alias, hidden)
        typed_dict = self.resolve(part)
        if typed_dict is not None:
            return self.sample_dict(typed_dict, hidden)
        if part.startswith("dict["):
            return {}
        raise AssertionError(f"no sample value for stub type {part!r}")

    def sample_dict(self, typed_dict: TypedDictType, hidden: frozenset[str] = frozenset()) -> dict[str, Any]:
        names = set(typed_dict.required_keys)
        model = self.create_models.get(typed_dict.name)
        if model is not None:
            # The stubs leave foreign keys optional (the relation may be given instead); a create
            # that gives neither is refused, so samples give the key.
            names |= set(self.builder.table(model).required_create) & typed_dict.key_names
            names -= hidden
        if not names and "connect" in typed_dict.key_names:
            names = {"connect"}  # a nested write names at least one operation
        if not names and typed_dict.name.endswith("OrderByInput"):
            names = {typed_dict.keys[0].name}  # a sort object names exactly one field
        if not names and re.search(r"Select(Recursive\d+)?$", typed_dict.name):
            names = {typed_dict.keys[0].name}  # Prisma refuses an empty select
        return {k: self.sample(typed_dict.key(k).type, hidden) for k in sorted(names)}

    def create_data(self, model: str, hidden: frozenset[str] = frozenset()) -> dict[str, Any]:
        return self.sample_dict(self.typed[f"{model}CreateInput"], hidden)

    def unique(self, model: str) -> dict[str, Any]:
        return self.sample_dict(self.members(f"{model}WhereUniqueInput")[0])

    def foreign_key(self, model: str, relation: str) -> frozenset[str]:
        """The scalars a relation field sets, if this side holds the foreign key."""
        if not self.schema.holds_foreign_key(model, relation):
            return frozenset()
        return frozenset(self.schema.relation_of(model, relation).fields)

    def back_reference(self, model: str, relation: str) -> frozenset[str]:
        """What a nested write under `model.relation` leaves out: the way back and its foreign key."""
        opposite = self.schema.opposite_field(model, relation)
        if opposite is None:
            return frozenset()
        target = self.schema.model(model).field(relation).type
        return frozenset({opposite.name}) | self.foreign_key(target, opposite.name)

    # ---- what both sides know ---------------------------------------------------------------
    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every key name either side knows: stub keys, field names, compound unique names and
        every name in the run time's operator and argument tables."""
        names = {k.name for t in self.surface.typed_dicts for k in t.keys}
        for model in self.models:
            table = self.builder.table(model.name)
            names |= set(table.fields) | set(table.compound_uniques)
        for module in RUNTIME_TABLES:
            for value in vars(module).values():
                if isinstance(value, dict):
                    names |= {k for k in value if isinstance(k, str)}
                    names |= {v for v in value.values() if isinstance(v, str)}
                elif isinstance(value, (tuple, frozenset, set)):
                    names |= {v for v in value if isinstance(v, str)}
        return frozenset(names)

    @cached_property
    def values_by_key(self) -> dict[str, list[Any]]:
        """For each key name, a value of every type the stubs give a key of that name."""
        types: dict[str, set[str]] = {}
        for typed_dict in self.surface.typed_dicts:
            for key in typed_dict.keys:
                if not typed_dict.parameters:
                    types.setdefault(key.name, set()).add(key.type)
        return {name: [self.sample(t) for t in sorted(found)] for name, found in types.items()}


# ---- where each TypedDict is used -------------------------------------------------------------
Probe = Callable[[dict[str, Any]], object]


def under(probe: Probe, *keys: str) -> Probe:
    """The probe that sends `d` nested under `keys` (`under(p, "a", "b")(d)` is `p({"a": {"b": d}})`)."""

    def nested(d: dict[str, Any]) -> object:
        for key in reversed(keys):
            d = {key: d}
        return probe(d)

    return nested


def contexts(w: World) -> Iterator[Context]:
    for model in w.models:
        yield from _where_contexts(w, model)
        yield from _unique_contexts(w, model)
        yield from _write_contexts(w, model)
        yield from _relation_write_contexts(w, model)
        yield from _read_contexts(w, model)
        yield from _aggregate_contexts(w, model)


def _where_contexts(w: World, model: ir.Model) -> Iterator[Context]:
    b, m = w.builder, model.name
    cls = b.model_class(m)
    where_input = w.typed[f"{m}WhereInput"]
    yield Context("where", m, where_input, "where", lambda d: b.find_many(m, cls, where=d))
    for f in model.fields:
        if f.is_relation:
            kind = "list_relation_filter" if f.is_list else "relation_filter"
        elif f.is_list:
            kind = "scalar_list_filter"
        else:
            kind = "scalar_filter"
        yield Context(
            kind,
            f"{m}.{f.name}",
            w.typed_dict_in(where_input.key(f.name).type),
            f"where.{f.name}",
            under(lambda d: b.find_many(m, cls, where=d), f.name),
        )


def _unique_contexts(w: World, model: ir.Model) -> Iterator[Context]:
    b, m = w.builder, model.name
    cls = b.model_class(m)
    members = w.members(f"{m}WhereUniqueInput")
    declared = TypedDictType(f"{m}WhereUniqueInput", tuple(k for t in members for k in t.keys))
    criterion = w.sample_dict(members[0])

    def unique(d: dict[str, Any]) -> None:
        # A key that is no criterion is tried beside one: alone it could never identify a record.
        b.find_unique(m, cls, where=d if d.keys() & declared.key_names else {**criterion, **d})

    yield Context("unique_where", m, declared, "where", unique)
    for member in members:
        (key,) = member.key_names
        compound = member.key(key).type
        if compound in w.typed:
            yield Context(
                "compound_unique",
                f"{m}.{key}",
                w.typed[compound],
                f"where.{key}",
                under(lambda d: b.find_unique(m, cls, where=d), key),
                base=w.sample_dict(w.typed[compound]),
            )


def _write_contexts(w: World, model: ir.Model) -> Iterator[Context]:
    b, m = w.builder, model.name
    cls = b.model_class(m)
    unique = w.unique(m)
    create_input = w.typed[f"{m}CreateInput"]
    update_input = w.typed[f"{m}UpdateInput"]
    displaced = {f.name: w.foreign_key(m, f.name) for f in model.relation_fields}

    def pushed_out(key: str) -> frozenset[str]:
        return displaced.get(key, frozenset())

    yield Context(
        "create",
        m,
        create_input,
        "data",
        lambda d: b.create(m, cls, data=d),
        base=w.create_data(m),
        displaces=pushed_out,
    )
    without = w.typed[f"{m}CreateWithoutRelationsInput"]
    yield Context(
        "create_many", m, without, "data[0]", lambda d: b.create_many(m, data=[d]), base=w.sample_dict(without)
    )
    yield Context("update", m, update_input, "data", lambda d: b.update(m, cls, data=d, where=unique))
    yield Context(
        "update_many",
        m,
        w.typed[f"{m}UpdateManyMutationInput"],
        "data",
        lambda d: b.update_many(m, data=d, where={}),
    )
    upsert = w.typed[f"{m}UpsertInput"]
    yield Context(
        "upsert", m, upsert, "data", lambda d: b.upsert(m, cls, where=unique, data=d), base=w.sample_dict(upsert)
    )
    for f in model.scalar_fields:
        parts = [p for p in split_union(update_input.key(f.name).type) if p in w.typed]
        if parts:
            yield Context(
                "list_update" if f.is_list else "atomic_update",
                f"{m}.{f.name}",
                w.typed[parts[0]],
                f"data.{f.name}",
                under(lambda d: b.update(m, cls, data=d, where=unique), f.name),
            )


def _relation_write_contexts(w: World, model: ir.Model) -> Iterator[Context]:
    b, m = w.builder, model.name
    cls = b.model_class(m)
    unique = w.unique(m)
    create_input = w.typed[f"{m}CreateInput"]
    update_input = w.typed[f"{m}UpdateInput"]
    for f in model.relation_fields:
        r = f.name
        hidden = w.back_reference(m, r)
        parent = {k: v for k, v in w.create_data(m).items() if k not in w.foreign_key(m, r)}

        create = under(_create_beside(b, m, parent), r)
        update = under(lambda d: b.update(m, cls, data=d, where=unique), r)

        nested_create = w.typed_dict_in(create_input.key(r).type)
        yield Context("relation_create", f"{m}.{r}", nested_create, f"data.{r}", create, hidden=hidden)
        yield Context(
            "relation_update",
            f"{m}.{r}",
            w.typed_dict_in(update_input.key(r).type),
            f"data.{r}",
            update,
            hidden=hidden,
        )
        created = w.typed_dict_in(nested_create.key("create").type)
        yield Context(
            "nested_create",
            f"{m}.{r}",
            created,
            f"data.{r}.create",
            under(create, "create"),
            base=w.sample_dict(created, hidden),
            hidden=hidden,
        )
        yield from _nested_write_contexts(w, f"{m}.{r}", nested_create, create, f"data.{r}", hidden, ("create_many",))
        nested_update = w.typed_dict_in(update_input.key(r).type)
        operations = ("create_many", "update", "update_many", "upsert")
        yield from _nested_write_contexts(w, f"{m}.{r}", nested_update, update, f"data.{r}", hidden, operations)
        if f.is_list:
            with_where = w.typed_dict_in(nested_update.key("update").type)
            data = w.typed_dict_in(with_where.key("data").type)
            yield Context(
                "nested_update_data",
                f"{m}.{r}",
                data,
                f"data.{r}.update.data",
                _data_of(update, "update", w.unique(f.type)),
                hidden=hidden,
            )
        connect_or_create = w.typed_dict_in(nested_create.key("connect_or_create").type)
        yield Context(
            "connect_or_create",
            f"{m}.{r}",
            connect_or_create,
            f"data.{r}.connect_or_create",
            under(create, "connect_or_create"),
            base=w.sample_dict(connect_or_create, hidden),
            hidden=hidden,
        )


def _data_of(probe: Probe, operation: str, where: dict[str, Any]) -> Probe:
    """The probe that sends `d` as the `data` of `{operation: {"where": where, "data": d}}`."""
    return lambda d: probe({operation: {"where": where, "data": d}})


def _nested_write_contexts(
    w: World,
    place: str,
    relation_input: TypedDictType,
    probe: Probe,
    path: str,
    hidden: frozenset[str],
    operations: tuple[str, ...],
) -> Iterator[Context]:
    """The argument of each nested write operation that takes a dict (`{where, data}`, ...)."""
    for operation in operations:
        if operation not in relation_input.key_names:
            continue  # e.g. create_many under a to-one relation
        typed_dict = w.typed_dict_in(relation_input.key(operation).type)
        yield Context(
            f"nested_{operation}",
            place,
            typed_dict,
            f"{path}.{operation}",
            under(probe, operation),
            base=w.sample_dict(typed_dict, hidden),
            hidden=hidden,
        )


def _create_beside(b: QueryBuilder, model: str, parent: dict[str, Any]) -> Probe:
    """A create of `model` whose data is `parent` (its required fields) and what is probed."""
    cls = b.model_class(model)
    return lambda d: b.create(model, cls, data={**parent, **d})


def _read_contexts(w: World, model: ir.Model) -> Iterator[Context]:
    b, m = w.builder, model.name
    cls = b.model_class(m)
    order_input = w.typed[f"{m}OrderByInput"]
    yield Context("order", m, order_input, "order", lambda d: b.find_many(m, cls, order=d))
    for key in order_input.keys:
        parts = [p for p in split_union(key.type) if p in w.typed]
        if parts:
            typed_dict = w.typed[parts[0]]
            yield Context(
                "order_nested",
                f"{m}.{key.name}",
                typed_dict,
                f"order.{key.name}",
                under(lambda d: b.find_many(m, cls, order=d), key.name),
                base=w.sample_dict(typed_dict) if typed_dict.required_keys else {},
            )
    for argument in ("include", "select", "omit"):
        typed_dict = w.typed[f"{m}{argument.capitalize()}"]
        yield Context(argument, m, typed_dict, argument, under(lambda d: b.find_many(m, cls, **d), argument))
        if argument == "omit":
            continue
        for key in typed_dict.keys:
            parts = [p for p in split_union(key.type) if p in w.typed]
            if not parts:
                continue
            nested = w.typed[parts[0]]
            yield Context(
                f"{argument}_arguments",
                f"{m}.{key.name}",
                nested,
                f"{argument}.{key.name}",
                under(lambda d: b.find_many(m, cls, **d), argument, key.name),
            )
            if key.name == "_count" and argument == "include":
                counted = w.typed_dict_in(nested.key("select").type)
                yield Context(
                    "count_relations",
                    m,
                    counted,
                    "include._count.select",
                    lambda d: b.find_many(m, cls, include={"_count": {"select": d}}),
                )


def _aggregate_contexts(w: World, model: ir.Model) -> Iterator[Context]:
    b, m = w.builder, model.name
    by = [model.scalar_fields[0].name]
    count_input = w.typed[f"{m}CountAggregateInput"]
    yield Context("count_select", m, count_input, "select", lambda d: b.count(m, select=d))
    yield Context("aggregate_count", m, count_input, "count", lambda d: b.aggregate(m, count=d))
    yield Context("group_by_count", m, count_input, "count", lambda d: b.group_by(m, by, count=d))
    for operation in ("avg", "sum", "min", "max"):
        typed_dict = w.typed[f"{m}{operation.capitalize()}AggregateInput"]
        yield Context(
            f"aggregate_{operation}", m, typed_dict, operation, under(lambda d: b.aggregate(m, **d), operation)
        )
        yield Context(
            f"group_by_{operation}", m, typed_dict, operation, under(lambda d: b.group_by(m, by, **d), operation)
        )
    having = w.typed[f"{m}ScalarWhereWithAggregatesInput"]
    # `having` may filter a plain field's value only when the groups are made by that field
    by = [f.name for f in model.scalar_fields if not f.is_list]
    yield Context("having", m, having, "having", lambda d: b.group_by(m, by, having=d))
    for key in having.keys:
        parts = [p for p in split_union(key.type) if p in w.typed and p != having.name]
        if not parts:
            continue
        field_filter = w.typed[parts[0]]
        yield Context(
            "having_filter",
            f"{m}.{key.name}",
            field_filter,
            f"having.{key.name}",
            under(lambda d: b.group_by(m, by, having=d), key.name),
        )
        for aggregate in (k for k in field_filter.keys if k.name.startswith("_")):
            yield Context(
                "having_aggregate",
                f"{m}.{key.name}.{aggregate.name}",
                w.typed_dict_in(aggregate.type),
                f"having.{key.name}.{aggregate.name}",
                under(lambda d: b.group_by(m, by, having=d), key.name, aggregate.name),
            )


# ---- comparing the two sides ------------------------------------------------------------------
def _attempt(context: Context, key: str, value: Any) -> QueryValidationError | None:
    try:
        context.send(key, value)
    except QueryValidationError as error:
        return error
    return None


def _inside(error: QueryValidationError, path: str) -> bool:
    """Whether the run time looked inside the key's value before refusing (so it knows the key)."""
    return error.path.startswith((f"{path}.", f"{path}["))


def disagreements(w: World, context: Context) -> Iterator[Disagreement]:
    declared = context.typed_dict.key_names

    def found(key: str, side: str, detail: str = "") -> Disagreement:
        return Disagreement(context.name, context.kind, context.typed_dict.name, key, side, detail)

    for key in sorted(declared):
        error = _attempt(context, key, w.sample(context.typed_dict.key(key).type, context.hidden))
        if error is not None:
            yield found(key, "stub only", f"(run time: {error})")
    for key in sorted(w.vocabulary - declared):
        path = f"{context.path}.{key}"
        values = [*w.values_by_key.get(key, []), *_ANY_VALUES]
        error = _attempt(context, key, values[0])
        if error is not None and error.path == path and f"{key!r} is not a valid" in str(error):
            continue  # refused by name, whatever the value
        errors = [error] + [_attempt(context, key, value) for value in values[1:]]
        if any(e is None for e in errors):
            yield found(key, "runtime only", "(accepted)")
        elif any(_inside(e, path) for e in errors if e is not None):
            yield found(key, "runtime only", f"(known: {next(e for e in errors if e and _inside(e, path))})")


# ---- differences on purpose, and gaps found and reported -------------------------------------
@dataclass(frozen=True, slots=True)
class Difference:
    kinds: frozenset[str]
    side: str
    keys: Callable[[World, Disagreement], bool]
    reason: str


def _where_field(w: World, d: Disagreement) -> bool:
    model = d.typed_dict.removesuffix("WhereUniqueInput").removesuffix("RelationFilter")
    return d.key in w.typed[f"{model}WhereInput"].key_names


def _relation_of_target(w: World, d: Disagreement) -> bool:
    model = w.schema.model(re.sub(r"(CreateWithoutRelations|UpdateManyMutation)Input$", "", d.typed_dict))
    return d.key in {f.name for f in model.relation_fields}


def _back_reference(w: World, d: Disagreement) -> bool:
    parent, relation = d.context[len(d.kind) + 1 : -1].split(".")
    return d.key in w.back_reference(parent, relation)


def _keys(*names: str) -> Callable[[World, Disagreement], bool]:
    return lambda w, d: d.key in names


BY_DESIGN = (
    Difference(
        frozenset({"unique_where"}),
        "runtime only",
        _where_field,
        "Prisma accepts any where filter beside a unique criterion; the stubs keep Prisma Client Python's "
        "criteria-only WhereUniqueInput, so a checker still insists on a criterion",
    ),
    Difference(
        frozenset({"relation_filter"}),
        "runtime only",
        _where_field,
        "Prisma accepts the related model's where in place of {'is': ...}; the stubs offer is/is_not only, "
        "as Prisma Client Python did, so a misspelt operator is not read as a field",
    ),
    Difference(
        frozenset({"nested_upsert"}),
        "runtime only",
        lambda w, d: d.key == "where" and d.typed_dict == "NestedUpsertOneInput",
        "Prisma's optional `where` of a to-one upsert is not declared: basedpyright cannot infer the generic "
        "NestedUpsertOneInput when a key typed by a type variable is left out of the call",
    ),
    Difference(
        frozenset({"nested_create", "nested_update", "nested_update_data"}),
        "stub only",
        _back_reference,
        "one CreateWithoutRelationsInput (UpdateManyMutationInput) per model serves every relation; under a "
        "relation the way back to the parent (and its foreign key) is set by the engine, so the run time refuses it",
    ),
)


def _required_to_one(w: World, d: Disagreement) -> bool:
    model, relation = d.context[len(d.kind) + 1 : -1].split(".")  # "relation_update[Profile.user]"
    field = w.schema.model(model).field(relation)
    return d.key in ("disconnect", "delete") and field.is_required and w.schema.holds_foreign_key(model, relation)


# Real disagreements, reported to the lead and left for a change of their own; each names the side at fault.
GAPS = (
    Difference(
        frozenset({"relation_update"}),
        "stub only",
        _required_to_one,
        "stubs: a required to-one relation cannot be disconnected or deleted from the side holding the key "
        "(Prisma's <M>UpdateOneRequiredWithout...NestedInput); the stubs share one UpdateOneWithoutRelationsInput",
    ),
    Difference(
        frozenset({"nested_create", "nested_update", "nested_update_data"}),
        "runtime only",
        _relation_of_target,
        "stubs: a nested create or update may write the record's other relations (Prisma's "
        "XCreateWithout<Relation>Input, XUpdateWithout<Relation>Input); the stubs' nested data has no relation keys",
    ),
)


def _explained(w: World, d: Disagreement, differences: tuple[Difference, ...]) -> Difference | None:
    return next((x for x in differences if d.kind in x.kinds and d.side == x.side and x.keys(w, d)), None)


@pytest.fixture(scope="module")
def world() -> World:
    return World(SCHEMA)


@pytest.fixture(scope="module")
def found(world: World) -> list[Disagreement]:
    return [d for c in contexts(world) for d in disagreements(world, c)]


def test_stub_keys_are_exactly_the_keys_the_run_time_accepts(world: World, found: list[Disagreement]) -> None:
    unexplained = [d for d in found if _explained(world, d, BY_DESIGN + GAPS) is None]
    assert not unexplained, "\n".join(map(str, unexplained))


@pytest.mark.parametrize("difference", BY_DESIGN + GAPS, ids=lambda d: d.reason.split(":")[0][:40])
def test_every_listed_difference_still_exists(world: World, found: list[Disagreement], difference: Difference) -> None:
    assert any(_explained(world, d, (difference,)) is difference for d in found), difference.reason


def test_every_input_typed_dict_is_held_against_the_run_time(world: World) -> None:
    """Every input type a call can reach is probed above; deeper levels of `recursive_type_depth`
    are held through the level the test reaches, so they must declare the same keys."""
    surface = world.surface
    reachable = _reachable(world)
    held = {_level_zero(c.typed_dict.name) for c in contexts(world)}
    held |= {t.name for c in contexts(world) if c.kind == "unique_where" for t in world.members(c.typed_dict.name)}
    assert {_level_zero(n) for n in reachable if not n.endswith("Output")} - held == set()
    levels: dict[str, set[frozenset[str]]] = {}
    for typed_dict in surface.typed_dicts:
        levels.setdefault(_level_zero(typed_dict.name), set()).add(typed_dict.key_names)
    assert [n for n, keys in levels.items() if len(keys) > 1] == []


def _reachable(w: World) -> set[str]:
    """The TypedDicts a delegate's arguments lead to."""
    seen: set[str] = set()
    todo = [arg for d in w.surface.delegates for arg in d.type_args]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in w.typed:
            todo += [n for k in w.typed[name].keys for n in re.findall(r"\w+", k.type)]
        elif name in w.aliases:
            todo += re.findall(r"\w+", w.aliases[name])
    return seen & set(w.typed)


def _level_zero(name: str) -> str:
    return re.sub(r"Recursive\d+$", "", name)


def test_a_named_single_field_unique_is_addressed_by_its_field(world: World) -> None:
    group = world.builder.model_class("Group")
    world.builder.find_unique("Group", group, where={"code": "a"})
    with pytest.raises(QueryValidationError, match="codeKey"):
        world.builder.find_unique("Group", group, where={"codeKey": {"code": "a"}})


def test_having_refuses_scalar_lists_and_min_max_of_unordered_types(world: World) -> None:
    user = ["email"]
    with pytest.raises(QueryValidationError, match=r"having\.tags.*non-list scalar field of User"):
        world.builder.group_by("User", user, having={"tags": {"has": "a"}})
    with pytest.raises(QueryValidationError, match=r"having\.settings\._max.*Json"):
        world.builder.group_by("User", user, having={"settings": {"_max": {"equals": Json({})}}})
    with pytest.raises(QueryValidationError, match=r"having\.avatar\._min.*Bytes"):
        world.builder.group_by("User", user, having={"avatar": {"_min": {"equals": Base64.encode(b"a")}}})
    with pytest.raises(QueryValidationError, match=r"min\.data"):
        world.builder.aggregate("Post", min={"data": True})
    assert "data" not in world.typed["PostMinAggregateInput"].key_names
    assert "_max" not in world.typed["BytesWithAggregatesFilter"].key_names
