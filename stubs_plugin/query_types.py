"""The query schema's input types as TypedDict keys: names in Python spelling, value types in Python.

Every key a rendered TypedDict declares is a field of one query schema input type
(`TypedDictType.source`), spelt through `query_schema.spelling`; its value type is the union of
the field's input types: scalars as Python types, the schema's enums as their class, Prisma's
own enums as the aliases and literals below, other input types under the name the stubs give
them (a `Resolve` callback, so that relation-following types can name the level they are on).

Types shared by every model (scalar filters, field updates, `SortOrderInput`) are rendered once,
on demand (`SharedInputs`), under Prisma Client Python's names where it had one (`BooleanFilter`,
`RoleFilter`, `StringListFilter`, `AtomicIntInput`) and the query schema's otherwise.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator

from prisma_dynamic.schema import ir
from prisma_dynamic.schema.query_schema import QuerySchema
from prisma_dynamic.schema.query_schema.spelling import python_spelling
from prisma_dynamic.schema.query_schema.types import InputField, InputObjectType, OutputField, OutputObjectType, TypeRef
from stubs_plugin.scalars import FIELD_REF, input_scalar_type, output_scalar_type
from stubs_plugin.surface import Alias, Key, TypedDictType

# (field name, query schema type name) -> the stub's type expression for it.
Resolve = Callable[[str, str], str]

# Prisma's enums of the `prisma` namespace that the stubs name by an alias, as Prisma Client Python did.
_PRISMA_ENUM_ALIASES = {"SortOrder": "SortOrder", "NullsOrder": "NullsOrder", "QueryMode": "SortMode"}
SHARED_ALIASES = (
    Alias("SortOrder", "_Literal['asc', 'desc']"),
    Alias("SortMode", "_Literal['default', 'insensitive']"),
    Alias("NullsOrder", "_Literal['first', 'last']"),
)
# Json null values (`JsonNull`, `DbNull`, `AnyNull`) have no Python class yet. Until they do, the
# run time writes None as SQL NULL (`DbNull`) into a nullable Json column, and these enums are left
# out of filters and of required Json columns.
# Prisma's Json null enums are `prisma_dynamic.fields`' sentinels (`JsonNull`, `DbNull`, `AnyNull`);
# a nullable Json column also takes None, as Prisma Client Python's did.
_JSON_NULL_ENUMS = {
    "NullableJsonNullValueInput": "_JsonNullSentinel | None",
    "JsonNullValueInput": "_JsonNullSentinel",
    "JsonNullValueFilter": "_JsonNullSentinel",
}
_NUMERIC = ("Int", "BigInt", "Float", "Decimal")
ORDER_BY_RELATION_AGGREGATE = "OrderByRelationAggregateInput"


class QueryTypes:
    """Looks up the query schema's input types and renders their fields."""

    def __init__(self, schema: ir.Schema, query_schema: QuerySchema) -> None:
        self.enums = {e.name for e in schema.enums}
        self.inputs: dict[str, InputObjectType] = {
            t.name: t for types in query_schema.input_object_types.values() for t in types
        }
        self.enum_values = {e.name: e.values for types in query_schema.enum_types.values() for e in types}
        self.models = {m.name for m in schema.models}
        self.outputs: dict[str, OutputObjectType] = {
            t.name: t for types in query_schema.output_object_types.values() for t in types
        }
        self._list_relation_arguments: dict[str, tuple[InputField, ...]] = {}
        for model in self.models:
            for field in self.outputs[model].fields if model in self.outputs else ():
                target = field.output_type
                if target.is_list and target.location == "outputObjectTypes" and target.type in self.models:
                    self._list_relation_arguments.setdefault(target.type, field.args)

    def name_of(self, name: str) -> str:
        """A model's type as the query schema names it: Prisma capitalises the model's name in
        some (`Workspace_chatsListRelationFilter` of a model `workspace_chats`)."""
        if name in self.inputs:
            return name
        capitalised = name[:1].upper() + name[1:]
        return capitalised if capitalised in self.inputs else name

    def get(self, name: str) -> InputObjectType | None:
        return self.inputs.get(self.name_of(name))

    def keys(self, type_name: str, resolve: Resolve) -> tuple[Key, ...]:
        """The keys of the query schema input type `type_name`."""
        return tuple(self.key(f, resolve) for f in self.inputs[self.name_of(type_name)].fields)

    def key(self, field: InputField, resolve: Resolve) -> Key:
        return Key(python_spelling(field.name), self.expression(field, resolve), required=field.is_required)

    def expression(self, field: InputField, resolve: Resolve) -> str:
        values: list[str] = []
        objects: list[str] = []
        for ref in field.input_types:
            rendered = self._ref(field.name, ref, resolve)
            if rendered is None:
                continue
            if ref.is_list:
                rendered = f"list[{rendered}]"
            target = objects if ref.location == "inputObjectTypes" else values
            if rendered not in target:
                target.append(rendered)
        parts = values + objects
        if field.is_nullable:
            parts.append("None")
        return " | ".join(parts) or "_Never"

    def output_fields(self, type_name: str) -> tuple[OutputField, ...]:
        output = self.outputs.get(type_name)
        return output.fields if output is not None else ()

    def list_relation_arguments(self, model: str) -> tuple[InputField, ...]:
        """The arguments of a list relation field to `model` (the same on every such field)."""
        return self._list_relation_arguments.get(model, ())

    def output_expression(self, ref: TypeRef, name: Callable[[str], str], *, nullable: bool) -> str:
        """A result's type: scalars as the values the client decodes, output types by `name`."""
        if ref.location == "scalar":
            rendered = output_scalar_type(ref.type)
        elif ref.location == "enumTypes":
            rendered = ref.type if ref.type in self.enums else "str"
        else:
            rendered = name(ref.type)
        if ref.is_list:
            rendered = f"list[{rendered}]"
        return f"{rendered} | None" if nullable else rendered

    def _ref(self, field_name: str, ref: TypeRef, resolve: Resolve) -> str | None:
        if ref.location == "scalar":
            return input_scalar_type(ref.type)
        if ref.location == "enumTypes":
            return self._enum(ref.type)
        if ref.location == "fieldRefTypes":
            return FIELD_REF  # another field of the row: `prisma_dynamic.fields.FieldRef`
        return resolve(field_name, ref.type)

    def _enum(self, name: str) -> str | None:
        if name in self.enums:
            # The member or its value, as the run time takes either (`Role.ADMIN` or "ADMIN").
            return f"{name} | {self._literal(name)}"
        if name in _PRISMA_ENUM_ALIASES:
            return _PRISMA_ENUM_ALIASES[name]
        if name in _JSON_NULL_ENUMS:
            return _JSON_NULL_ENUMS[name]
        if name.endswith("ScalarFieldEnum") and name[: -len("ScalarFieldEnum")] in self.models:
            return f"{name[: -len('ScalarFieldEnum')]}ScalarFieldKeys"
        return self._literal(name)

    def _literal(self, name: str) -> str:
        values = self.enum_values.get(name, ())
        return "_Literal[" + ", ".join(repr(v) for v in values) + "]" if values else "_Never"


class SharedInputs:
    """The input types every model shares, rendered once each when some key names them."""

    def __init__(self, types: QueryTypes) -> None:
        self.types = types
        self.typed_dicts: list[TypedDictType] = []
        self.aliases: list[Alias] = []
        self._names: dict[str, str] = {}
        self._rendered: set[str] = set()
        self._queue: deque[str] = deque()
        enums = "|".join(re.escape(e) for e in sorted(types.enums, key=len, reverse=True)) or "(?!)"
        self._enum_pattern = re.compile(rf"^(Nested)?Enum({enums})(?=[A-Z])")

    def name(self, type_name: str) -> str:
        """The stub's name of a shared query schema type (queued to be rendered, once per stub name)."""
        stub = self._names.get(type_name)
        if stub is None:
            stub = self._names[type_name] = self._stub_name(type_name)
            if stub not in self._rendered:
                self._rendered.add(stub)
                self._queue.append(type_name)
        return stub

    def resolve(self, _field: str, type_name: str) -> str:
        return self.name(type_name)

    def drain(self) -> None:
        """Render the queued types. One with the same keys as a type rendered before (Prisma's
        `NestedIntFilter` is `IntFilter`: only String filters differ, by `mode`) is an alias of
        it, which checkers read far faster than another TypedDict."""
        rendered: dict[tuple[Key, ...], str] = {}
        while self._queue:
            type_name = self._queue.popleft()
            keys = self.types.keys(type_name, self.resolve)
            name = self._names[type_name]
            same = rendered.get(keys)
            if same is not None:
                self.aliases.append(Alias(name, same, source=type_name))
                continue
            rendered[keys] = name
            self.typed_dicts.append(TypedDictType(name, keys, source=type_name))

    def _stub_name(self, name: str) -> str:
        """Prisma Client Python's name where it had one for the same shape."""
        name = re.sub(r"^(Nested)?Bool(?=[A-Z])", r"\1Boolean", name)
        name = self._enum_pattern.sub(r"\1\2", name)
        if (
            name.endswith(ORDER_BY_RELATION_AGGREGATE)
            and name[: -len(ORDER_BY_RELATION_AGGREGATE)] in self.types.models
        ):
            # `{"_count": SortOrder}` for every model: one type, as Prisma Client Python had it.
            return ORDER_BY_RELATION_AGGREGATE
        if name.endswith("NullableListFilter"):
            return name[: -len("NullableListFilter")] + "ListFilter"
        for type_name in _NUMERIC:
            if name == f"{type_name}FieldUpdateOperationsInput":
                return f"Atomic{type_name}Input"
        return name


def relation_filter_names(model: str) -> tuple[str, ...]:
    """The query schema's to-one relation filters of a model, nullable first. Prisma capitalises
    the model's name in these two (`UsersScalarRelationFilter` of a model `users`)."""
    capitalised = model[:1].upper() + model[1:]
    return tuple(
        f"{prefix}{kind}ScalarRelationFilter"
        for kind in ("Nullable", "")
        for prefix in dict.fromkeys((model, capitalised))
    )


def relation_filter_source(types: QueryTypes, model: str) -> str:
    """The query schema's to-one relation filter of a model: Prisma has a nullable and a required
    one; the stubs have one type (`<Model>RelationFilter`), whose `is`/`is_not` accept None."""
    names = relation_filter_names(model)
    return next((n for n in names if types.get(n) is not None), names[-1])


def field_names(input_type: InputObjectType) -> Iterator[str]:
    return (python_spelling(f.name) for f in input_type.fields)
