"""The input and output TypedDicts of each model, with the names Prisma Client Python gave them.

Types that follow relations (where, relation filters, include, select and their nested arguments)
come in `recursive_type_depth` levels (`UserWhereInput`, `UserWhereInputRecursive1`, ...) below
which relation arguments are plain dicts, as in Prisma Client Python (default 5). With `-1` they
refer to each other truly recursively: mypy copes (its plugin always gets them, see
`build_surface`), but basedpyright 1.40 stops checking nested relation filters, and overflows its
stack on long chains of related models (bench/typing_cost.py).
Types are built from a work list, not by recursion, so that a schema of hundreds of related
models never nests Python calls deeply.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema.spelling import python_spelling
from prisma_dynamic.schema.query_schema.types import InputField, InputObjectType
from stubs_plugin.nested import CREATE_MANY, UPDATE, UPSERT_MANY, UPSERT_ONE, generic
from stubs_plugin.query_types import QueryTypes, Resolve, SharedInputs, relation_filter_names, relation_filter_source
from stubs_plugin.surface import Alias, Capabilities, Key, TypedDictType

NestedKind = Literal["where", "relation_filter", "list_relation_filter", "include", "select", "args", "find_many_args"]

_NESTED_NAMES: dict[NestedKind, str] = {
    "where": "{}WhereInput",
    "relation_filter": "{}RelationFilter",
    "list_relation_filter": "{}ListRelationFilter",
    "include": "{}Include",
    "select": "{}Select",
    "args": "{}Args",
    "find_many_args": "FindMany{}Args",
}

ANY_DICT = "dict[str, _Any]"
_LOGICAL = frozenset({"AND", "OR", "NOT"})
DEFAULT_DEPTH = 5  # Prisma Client Python's default


@dataclass(frozen=True, slots=True)
class Depth:
    """`limit` levels of relation nesting, or -1 for truly recursive types."""

    limit: int

    def suffix(self, level: int) -> str:
        return f"Recursive{level}" if level else ""

    def deeper(self, level: int) -> int | None:
        """The level one relation further down, or None where the types stop."""
        if self.limit == -1:
            return 0
        return level + 1 if level + 1 < self.limit else None


def recursion_depth(schema: ir.Schema) -> Depth:
    generator = schema.client_generator
    value = generator.config.get("recursive_type_depth") if generator is not None else None
    if value is None:
        return Depth(DEFAULT_DEPTH)
    try:
        limit = int(str(value))
    except ValueError:
        limit = 0
    if limit != -1 and limit < 2:
        raise ValueError(
            f"generator {generator.name if generator else ''}: recursive_type_depth must be -1 or an integer "
            f"of at least 2, not {value!r}"
        )
    return Depth(limit)


def _literal(names: list[str]) -> str:
    return "_Literal[" + ", ".join(repr(n) for n in names) + "]" if names else "_Never"


class ModelInputs:
    """Builds every per-model TypedDict and alias of a schema."""

    def __init__(self, schema: ir.Schema, caps: Capabilities, depth: Depth, shared: SharedInputs) -> None:
        self.schema = schema
        self.caps = caps
        self.depth = depth
        self.types: QueryTypes = shared.types
        self.shared = shared
        self.models = {m.name: m for m in schema.models if not m.is_ignored}
        # Query schema types that follow relations, and the nested kind the stubs give each.
        self._kinds: dict[str, tuple[NestedKind, str]] = {}
        # Query schema types of one model that the stubs name differently, without levels.
        self._flat: dict[str, str] = {}
        self._compounds: set[str] = set()
        for name in self.models:
            self._kinds[f"{name}WhereInput"] = ("where", name)
            self._kinds[f"{name}ListRelationFilter"] = ("list_relation_filter", name)
            for relation_filter in relation_filter_names(name):
                self._kinds[relation_filter] = ("relation_filter", name)
            self._flat[f"{name}OrderByWithRelationInput"] = f"{name}OrderByInput"
            self._flat[f"{name}WhereUniqueInput"] = f"{name}WhereUniqueInput"
            self._flat[f"{name}ScalarWhereWithAggregatesInput"] = f"{name}ScalarWhereWithAggregatesInput"
        # Prisma capitalises the model's name in some of these (`Workspace_chatsListRelationFilter`).
        for key, kind in list(self._kinds.items()):
            self._kinds.setdefault(key[:1].upper() + key[1:], kind)
        for key, stub in list(self._flat.items()):
            self._flat.setdefault(key[:1].upper() + key[1:], stub)
        self.typed_dicts: list[TypedDictType] = []
        self.aliases: list[Alias] = []
        self._requested: set[tuple[NestedKind, str, int]] = set()
        self._queue: deque[tuple[NestedKind, str, int]] = deque()

    # ---- fields ------------------------------------------------------------------------------
    def scalars(self, model: ir.Model) -> tuple[ir.Field, ...]:
        return model.scalar_fields

    def composites(self, model: ir.Model) -> tuple[ir.Field, ...]:
        return tuple(f for f in model.fields if f.kind == "composite" and not f.is_ignored)

    def relations(self, model: ir.Model) -> tuple[ir.Field, ...]:
        return tuple(f for f in model.relation_fields if f.type in self.models)

    # ---- nested (level-dependent) types ------------------------------------------------------
    def ref(self, kind: NestedKind, model: str, level: int | None) -> str:
        """The name of a nested type at a level (queued to be built), or a plain dict past the last level."""
        if level is None:
            return ANY_DICT
        key = (kind, model, level)
        if key not in self._requested:
            self._requested.add(key)
            self._queue.append(key)
        return _NESTED_NAMES[kind].format(model) + self.depth.suffix(level)

    def build(self) -> None:
        for name in self.models:
            self.ref("where", name, 0)
            self.ref("include", name, 0)
            self.ref("select", name, 0)
        self._index_nested_writes()
        for model in self.models.values():
            self._model_types(model)
        while self._queue:
            kind, name, level = self._queue.popleft()
            model = self.models[name]
            type_name = _NESTED_NAMES[kind].format(name) + self.depth.suffix(level)
            keys = tuple(self._nested_keys(kind, model, level))
            self.typed_dicts.append(TypedDictType(type_name, keys, source=self._source(kind, name)))

    def _nested_keys(self, kind: NestedKind, model: ir.Model, level: int) -> Iterator[Key]:
        name = model.name
        if kind == "where":
            yield from self.types.keys(f"{name}WhereInput", self._at_level(level))
        elif kind == "relation_filter":
            yield from self.types.keys(relation_filter_source(self.types, name), self._at_level(level))
        elif kind == "list_relation_filter":
            yield from self.types.keys(f"{name}ListRelationFilter", self._at_level(level))
        elif kind in ("include", "select"):
            if kind == "select":
                yield from (Key(f, "bool") for f in self._selected_columns(name))
            yield from self._relation_selection_keys(model, level)
        elif kind == "args":
            # Prisma's to-one relation fields take `where` too; the run time does not yet.
            yield Key("include", self.ref("include", name, level))
            yield Key("select", self.ref("select", name, level))
            yield Key("omit", f"{name}Omit")
        else:
            # The arguments of a list relation field of the model's output type (`posts(where,
            # orderBy, cursor, take, skip, distinct)`), then the selection.
            values = {
                "take": "int",
                "skip": "int",
                "order_by": f"{name}OrderByInput | list[{name}OrderByInput]",
                "where": self.ref("where", name, 0),
                "cursor": f"{name}WhereUniqueInput",
                "distinct": f"list[{name}ScalarFieldKeys]",
            }
            for argument in self.types.list_relation_arguments(name):
                key = python_spelling(argument.name)
                yield Key(key, values.get(key) or self.types.expression(argument, self._unlevelled))
            yield Key("include", self.ref("include", name, level))
            yield Key("select", self.ref("select", name, level))
            yield Key("omit", f"{name}Omit")

    def _at_level(self, level: int) -> Resolve:
        """Names the types a relation-following type at `level` refers to: its own where (AND, OR,
        NOT) and relation filters on the same level, the where of a related model one level down."""

        def resolve(field: str, type_name: str) -> str:
            target = self._kinds.get(type_name)
            if target is None:
                return self._unlevelled(field, type_name)
            kind, model = target
            if kind == "where" and field not in _LOGICAL:
                return self.ref(kind, model, self.depth.deeper(level))
            return self.ref(kind, model, level)

        return resolve

    def _unlevelled(self, field: str, type_name: str) -> str:
        """Names the types that types without levels (order, having, ...) refer to."""
        if type_name in self._flat:
            return self._flat[type_name]
        target = self._kinds.get(type_name)
        if target is not None:
            return self.ref(target[0], target[1], 0)
        return self.shared.name(type_name)

    def _source(self, kind: NestedKind, model: str) -> str | None:
        if kind == "where":
            return self.types.name_of(f"{model}WhereInput")
        if kind == "relation_filter":
            return relation_filter_source(self.types, model)
        if kind == "list_relation_filter":
            return self.types.name_of(f"{model}ListRelationFilter")
        return None

    def _selected_columns(self, model: str) -> list[str]:
        """The fields of the model's output type that are columns (scalars, enums, composites)."""
        return [
            f.name
            for f in self.types.output_fields(model)
            if f.output_type.location != "outputObjectTypes" or f.output_type.type not in self.models
            if f.name != "_count"
        ]

    def _relation_selection_keys(self, model: ir.Model, level: int) -> Iterator[Key]:
        """The relation fields of the model's output type, and `_count` where it has one."""
        deeper = self.depth.deeper(level)
        for field in self.types.output_fields(model.name):
            target = field.output_type
            if field.name == "_count":
                yield Key("_count", f"bool | {model.name}CountRelationsArgs")
            elif target.location == "outputObjectTypes" and target.type in self.models:
                if deeper is None:
                    yield Key(field.name, "bool")
                else:
                    kind: NestedKind = "find_many_args" if target.is_list else "args"
                    yield Key(field.name, "bool | " + self.ref(kind, target.type, deeper))

    # ---- types without levels ----------------------------------------------------------------
    def _model_types(self, model: ir.Model) -> None:
        name = model.name
        scalars = self.scalars(model)
        relations = self.relations(model)
        scalar_names = [f.name for f in scalars]
        relation_names = [f.name for f in relations]
        self.aliases += [
            Alias(f"{name}ScalarFieldKeys", _literal(scalar_names)),
            Alias(f"{name}RelationalFieldKeys", _literal(relation_names)),
            Alias(f"{name}Keys", _literal([f.name for f in model.fields if _is_client_field(f, self.models)])),
        ]
        self._unique_where(model)
        self._create_types(model)
        self._update_types(model)
        self._order_by(model)
        self._aggregate_types(model)
        td = self.typed_dicts.append
        td(TypedDictType(f"{name}Omit", tuple(Key(f, "bool") for f in self._selected_columns(name))))
        # The `_count` field's type (`UsersCountOutputType` for a model `users`: Prisma capitalises it).
        count_types = [f.output_type.type for f in self.types.output_fields(name) if f.name == "_count"]
        counted = self.types.output_fields(count_types[0]) if count_types else ()
        if counted:
            td(TypedDictType(f"{name}CountRelationsSelect", tuple(Key(f.name, "bool") for f in counted)))
            td(TypedDictType(f"{name}CountRelationsArgs", (Key("select", f"{name}CountRelationsSelect"),)))

    def _unique_where(self, model: ir.Model) -> None:
        """Prisma Client Python's unique where: a union of one TypedDict per unique criterion, each
        with that one key (a compound's keys below it). The query schema lists the criteria first,
        before `AND` (its `constraints.fields` name a named single-field unique by its index name,
        while the key is the field's name)."""
        name = model.name
        source = self.types.get(f"{name}WhereUniqueInput")
        members: list[str] = []
        for field in unique_criteria(source) if source is not None else ():
            key_type = self.types.expression(field, self._compound_unique)
            member = f"_{name}WhereUnique_{field.name}_Input"
            self.typed_dicts.append(TypedDictType(member, (Key(field.name, key_type, required=True),)))
            members.append(member)
        self.aliases.append(Alias(f"{name}WhereUniqueInput", " | ".join(members) if members else "_Never"))

    def _compound_unique(self, _field: str, type_name: str) -> str:
        """`_<Model><Fields>CompoundUniqueInput`: private, as only its unique where names it."""
        stub = f"_{type_name}"
        if stub not in self._compounds:
            self._compounds.add(stub)
            keys = self.types.keys(type_name, self._unlevelled)
            self.typed_dicts.append(TypedDictType(stub, keys, source=type_name))
        return stub

    def _index_nested_writes(self) -> None:
        """The keys Prisma offers under a relation field to each model, by direction (`create_one`,
        `create_many`, `update_one`, `update_many`): the nested inputs (`PostCreateNestedManyWithout
        AuthorInput`, ...) that the create and update inputs of the models on the other side name."""
        self._nested_offered: dict[tuple[str, str], set[str]] = {}
        for owner in self.models.values():
            for field in self.relations(owner):
                for action, sources in (
                    ("create", (f"{owner.name}CreateInput", f"{owner.name}UncheckedCreateInput")),
                    ("update", (f"{owner.name}UpdateInput", f"{owner.name}UncheckedUpdateInput")),
                ):
                    offered = self._nested_offered.setdefault(
                        (field.type, f"{action}_{'many' if field.is_list else 'one'}"), set()
                    )
                    for source in sources:
                        input_type = self.types.get(source)
                        input_field = input_type.field(field.name) if input_type is not None else None
                        for ref in input_field.input_types if input_field is not None else ():
                            nested = self.types.get(ref.type)
                            if nested is not None:
                                offered.update(python_spelling(f.name) for f in nested.fields)

    def _nested_write(self, model: str, kind: str, name: str, keys: tuple[Key, ...]) -> TypedDictType:
        """A nested write type: its value types are written here (shared generic shapes), its keys
        are those the query schema offers under some relation field to the model."""
        offered = self._nested_offered.get((model, kind), set())
        return TypedDictType(name, tuple(k for k in keys if k.name in offered))

    def _scalar_keys(self, model: ir.Model, source: str) -> list[Key]:
        """The keys of a query schema input that writes a model's own columns (`<Model>CreateManyInput`,
        `<Model>UncheckedUpdateManyInput`: scalars with their foreign keys). A foreign key is never
        required: it may be given through its relation instead (`connect`), and under a relation
        the engine sets it. A view or a model with a required `Unsupported` field has no such input."""
        if self.types.get(source) is None:
            return []
        keys = self.types.keys(source, self._unlevelled)
        foreign_keys = {f.name for f in model.scalar_fields if f.is_read_only}
        return [Key(k.name, k.type) if k.name in foreign_keys else k for k in keys]

    def _relation_keys(self, model: ir.Model, sources: tuple[str, ...], pick: Callable[[ir.Field], str]) -> list[Key]:
        """One key per relation field that the query schema's inputs (checked or unchecked) write."""
        written = {f.name for source in sources if (t := self.types.get(source)) is not None for f in t.fields}
        return [Key(f.name, pick(f)) for f in self.relations(model) if f.name in written]

    def _create_types(self, model: ir.Model) -> None:
        name = model.name
        scalar_keys = self._scalar_keys(model, f"{name}CreateManyInput")
        relation_keys = self._relation_keys(
            model,
            (f"{name}CreateInput", f"{name}UncheckedCreateInput"),
            lambda f: (
                f"{f.type}CreateManyNestedWithoutRelationsInput"
                if f.is_list
                else f"{f.type}CreateNestedWithoutRelationsInput"
            ),
        )
        without = f"{name}CreateWithoutRelationsInput"
        unique = f"{name}WhereUniqueInput"
        connect_or_create = f"{name}ConnectOrCreateWithoutRelationsInput"
        one_or_many = "{0} | list[{0}]".format
        self.typed_dicts += [
            TypedDictType(f"{name}CreateInput", tuple(scalar_keys + relation_keys)),
            TypedDictType(without, tuple(scalar_keys)),
            TypedDictType(
                connect_or_create, (Key("where", unique, required=True), Key("create", without, required=True))
            ),
            self._nested_write(
                name,
                "create_one",
                f"{name}CreateNestedWithoutRelationsInput",
                (Key("create", without), Key("connect", unique), Key("connect_or_create", connect_or_create)),
            ),
            self._nested_write(
                name,
                "create_many",
                f"{name}CreateManyNestedWithoutRelationsInput",
                (
                    Key("create", one_or_many(without)),
                    Key("connect", one_or_many(unique)),
                    Key("connect_or_create", one_or_many(connect_or_create)),
                    Key("create_many", generic(CREATE_MANY, without)),
                ),
            ),
        ]

    def _update_types(self, model: ir.Model) -> None:
        name = model.name
        scalar_keys = self._scalar_keys(model, f"{name}UncheckedUpdateManyInput")
        relation_keys = self._relation_keys(
            model,
            (f"{name}UpdateInput", f"{name}UncheckedUpdateInput"),
            lambda f: (
                f"{f.type}UpdateManyWithoutRelationsInput" if f.is_list else f"{f.type}UpdateOneWithoutRelationsInput"
            ),
        )
        without = f"{name}CreateWithoutRelationsInput"
        unique = f"{name}WhereUniqueInput"
        where = f"{name}WhereInput"
        connect_or_create = f"{name}ConnectOrCreateWithoutRelationsInput"
        # Nested updates write scalars only, as nested creates do (CreateWithoutRelationsInput).
        mutation = f"{name}UpdateManyMutationInput"
        one_or_many = "{0} | list[{0}]".format
        self.typed_dicts += [
            TypedDictType(f"{name}UpdateInput", tuple(scalar_keys + relation_keys)),
            TypedDictType(f"{name}UpdateManyMutationInput", tuple(scalar_keys)),
            self._nested_write(
                name,
                "update_one",
                f"{name}UpdateOneWithoutRelationsInput",
                (
                    Key("create", without),
                    Key("connect", unique),
                    Key("connect_or_create", connect_or_create),
                    Key("disconnect", "bool"),
                    Key("delete", "bool"),
                    Key("update", mutation),
                    Key("upsert", generic(UPSERT_ONE, without, mutation)),
                ),
            ),
            self._nested_write(
                name,
                "update_many",
                f"{name}UpdateManyWithoutRelationsInput",
                (
                    Key("create", one_or_many(without)),
                    Key("connect", f"list[{unique}]"),
                    Key("connect_or_create", f"list[{connect_or_create}]"),
                    Key("create_many", generic(CREATE_MANY, without)),
                    Key("set", f"list[{unique}]"),
                    Key("disconnect", f"list[{unique}]"),
                    Key("delete", f"list[{unique}]"),
                    Key("update", one_or_many(generic(UPDATE, unique, mutation))),
                    Key("update_many", one_or_many(generic(UPDATE, where, mutation))),
                    Key("delete_many", one_or_many(where)),
                    Key("upsert", one_or_many(generic(UPSERT_MANY, unique, without, mutation))),
                ),
            ),
            TypedDictType(
                f"{name}UpsertInput",
                (
                    Key("create", f"{name}CreateInput", required=True),
                    Key("update", f"{name}UpdateInput", required=True),
                ),
            ),
        ]

    def _order_by(self, model: ir.Model) -> None:
        source = f"{model.name}OrderByWithRelationInput"
        keys = self.types.keys(source, self._unlevelled)
        self.typed_dicts.append(TypedDictType(f"{model.name}OrderByInput", keys, source=source))

    def _aggregate_types(self, model: ir.Model) -> None:
        """The aggregate selections and results, from the query schema's aggregate output types
        (`<Model>AvgAggregateOutputType`, ...): a selection names the fields of its result. A
        model without numeric fields has no average or sum in the query schema; its empty types
        keep the shared delegate's signatures."""
        name = model.name
        td = self.typed_dicts.append
        for operation in ("Count", "Avg", "Sum", "Min", "Max"):
            source = f"{name}{operation}AggregateOutputType"
            fields = self.types.output_fields(source)
            td(TypedDictType(f"{name}{operation}AggregateInput", tuple(Key(f.name, "bool") for f in fields)))
            # Every count is a number; the other aggregates are None over no rows.
            nullable = operation != "Count"
            results = tuple(
                Key(f.name, self.types.output_expression(f.output_type, self._aggregate_output_name, nullable=nullable))
                for f in fields
            )
            td(TypedDictType(f"{name}{operation}AggregateOutput", results))
        for source, stub in ((f"{name}GroupByOutputType", "GroupByOutput"), (f"Aggregate{name}", "AggregateOutput")):
            # The aggregates (`_count`, ...) are there when selected, so they are not None.
            results = tuple(
                Key(f.name, self.types.output_expression(f.output_type, self._aggregate_output_name, nullable=nullable))
                for f in self.types.output_fields(source)
                for nullable in (f.is_nullable and not f.name.startswith("_"),)
            )
            td(TypedDictType(f"{name}{stub}", results))
        having = f"{name}ScalarWhereWithAggregatesInput"
        td(TypedDictType(having, self.types.keys(having, self._unlevelled), source=having))

    def _aggregate_output_name(self, type_name: str) -> str:
        return type_name.removesuffix("Type")


def unique_criteria(where_unique: InputObjectType) -> list[InputField]:
    """The fields of a query schema unique where that are its unique criteria (once each)."""
    criteria: dict[str, InputField] = {}
    for field in where_unique.fields:
        if field.name == "AND":
            break
        criteria.setdefault(field.name, field)
    return list(criteria.values())


def _is_client_field(field: ir.Field, models: dict[str, ir.Model]) -> bool:
    if field.is_ignored or field.kind == "unsupported":
        return False
    return field.kind != "relation" or field.type in models
