"""The query schema's parts, in the shape of Prisma's DMMF `schema` and `mappings` sections.

The query schema says what a query may say for one Schema IR on one connector: every input object
type (where, where-unique, order-by, create/update and nested write inputs, filters, aggregate
inputs), output object type, enum type and field-reference type, and which Query/Mutation field
each model action runs. It is built once per schema (`build.build_query_schema`) and read by the
protocol builder (validation), the stub writer and mypy plugin (types) and the engine (dispatch).
`to_json` writes it exactly as Prisma's `get_dmmf` does, so it can be compared with Prisma's.

The parts are named tuples: immutable and compared by value like frozen dataclasses, but made and
hashed at C speed (a frozen dataclass's `__init__` sets each slot through `object.__setattr__`,
three times slower, and the civitai schema makes some 100 000 parts). Unlike plain tuples, named
tuples stay tracked by the cyclic collector for good (it untracks only exact tuples), so every
part is scanned by each full collection: parts are shared wherever they are equal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, TypeVar

from prisma_dynamic.collection_pause import paused, settle_as_old

Location = Literal["scalar", "inputObjectTypes", "outputObjectTypes", "enumTypes", "fieldRefTypes"]
Namespace = Literal["prisma", "model"]


class TypeRef(NamedTuple):
    """One type a value may have: `{type, namespace?, location, isList}`."""

    type: str
    location: Location
    is_list: bool = False
    namespace: Namespace | None = None  # None for scalars

    def to_json(self) -> dict[str, Any]:
        return _Json().ref(self)


class InputField(NamedTuple):
    name: str
    input_types: tuple[TypeRef, ...]
    is_required: bool = False
    is_nullable: bool = False
    deprecation: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return _Json().input_field(self)


class Constraints(NamedTuple):
    max_num_fields: int | None = None
    min_num_fields: int | None = None
    fields: tuple[str, ...] | None = None  # the unique criteria of a WhereUniqueInput

    def to_json(self) -> dict[str, Any]:
        return _Json().constraints(self)


class InputObjectType(NamedTuple):
    name: str
    fields: tuple[InputField, ...]
    constraints: Constraints = Constraints()
    meta: Mapping[str, Any] | None = None  # {"source": model, "grouping": model}

    def field(self, name: str) -> InputField | None:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        return None

    def to_json(self) -> dict[str, Any]:
        return _Json().input_object(self)


class OutputField(NamedTuple):
    name: str
    output_type: TypeRef
    args: tuple[InputField, ...] = ()
    is_nullable: bool = False
    deprecation: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return _Json().output_field(self)


class OutputObjectType(NamedTuple):
    name: str
    fields: tuple[OutputField, ...]

    def to_json(self) -> dict[str, Any]:
        return _Json().output_object(self)


class EnumType(NamedTuple):
    name: str
    values: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "values": list(self.values)}


class FieldRefType(NamedTuple):
    name: str
    allow_types: tuple[TypeRef, ...]
    fields: tuple[InputField, ...]

    def to_json(self) -> dict[str, Any]:
        return _Json().field_ref(self)


class ModelOperations(NamedTuple):
    """Which Query/Mutation field each action of one model runs: `{"findMany": "findManyUser", ...}`."""

    model: str
    actions: Mapping[str, str]

    def to_json(self) -> dict[str, Any]:
        return {"model": self.model, **self.actions}


# Prisma's DMMF spells a nullable input as one more type, `Null`.
_NULL_JSON = {"type": "Null", "location": "scalar", "isList": False}


class _Json:
    """The JSON of parts, each part written once per document: a reference, input field or output
    field met again (a model's `where` argument in every nested input, civitai's 300 000 input
    fields are 58 000 objects) is the same dict again. The document is therefore read-only: a dict
    changed in one place changes in all. Parts are looked up by identity: they are kept alive by
    the part being written, which outlives this object."""

    __slots__ = ("_constraints", "_inputs", "_outputs", "_refs")

    def __init__(self) -> None:
        self._refs: dict[int, dict[str, Any]] = {}
        self._inputs: dict[int, dict[str, Any]] = {}
        self._outputs: dict[int, dict[str, Any]] = {}
        self._constraints: dict[int, dict[str, Any]] = {}

    def ref(self, ref: TypeRef) -> dict[str, Any]:
        out = self._refs.get(id(ref))
        if out is None:
            out = {"type": ref.type}
            if ref.namespace is not None:
                out["namespace"] = ref.namespace
            out["location"] = ref.location
            out["isList"] = ref.is_list
            self._refs[id(ref)] = out
        return out

    def input_field(self, field: InputField) -> dict[str, Any]:
        out = self._inputs.get(id(field))
        if out is None:
            refs, ref = self._refs, self.ref
            types = [refs.get(id(t)) or ref(t) for t in field.input_types]
            if field.is_nullable:
                types.append(_NULL_JSON)
            out = {
                "name": field.name,
                "isRequired": field.is_required,
                "isNullable": field.is_nullable,
                "inputTypes": types,
            }
            if field.deprecation is not None:
                out["deprecation"] = dict(field.deprecation)
            self._inputs[id(field)] = out
        return out

    def _input_fields(self, fields: tuple[InputField, ...]) -> list[dict[str, Any]]:
        known, write = self._inputs, self.input_field
        return [known.get(id(f)) or write(f) for f in fields]

    def constraints(self, constraints: Constraints) -> dict[str, Any]:
        out = self._constraints.get(id(constraints))
        if out is None:
            out = {"maxNumFields": constraints.max_num_fields, "minNumFields": constraints.min_num_fields}
            if constraints.fields is not None:
                out["fields"] = list(constraints.fields)
            self._constraints[id(constraints)] = out
        return out

    def input_object(self, input_type: InputObjectType) -> dict[str, Any]:
        out: dict[str, Any] = {"name": input_type.name}
        if input_type.meta is not None:
            out["meta"] = dict(input_type.meta)
        out["constraints"] = self._constraints.get(id(input_type.constraints)) or self.constraints(
            input_type.constraints
        )
        out["fields"] = self._input_fields(input_type.fields)
        return out

    def output_field(self, field: OutputField) -> dict[str, Any]:
        out = self._outputs.get(id(field))
        if out is None:
            out = {
                "name": field.name,
                "args": self._input_fields(field.args),
                "isNullable": field.is_nullable,
                "outputType": self._refs.get(id(field.output_type)) or self.ref(field.output_type),
            }
            if field.deprecation is not None:
                out["deprecation"] = dict(field.deprecation)
            self._outputs[id(field)] = out
        return out

    def output_object(self, output_type: OutputObjectType) -> dict[str, Any]:
        known, write = self._outputs, self.output_field
        return {"name": output_type.name, "fields": [known.get(id(f)) or write(f) for f in output_type.fields]}

    def field_ref(self, field_ref: FieldRefType) -> dict[str, Any]:
        return {
            "name": field_ref.name,
            "allowTypes": [self.ref(t) for t in field_ref.allow_types],
            "fields": self._input_fields(field_ref.fields),
        }


@dataclass(frozen=True)
class QuerySchema:
    """Everything a query may say, for one schema on one connector; names are unique per section."""

    input_object_types: Mapping[Namespace, tuple[InputObjectType, ...]]
    output_object_types: Mapping[Namespace, tuple[OutputObjectType, ...]]
    enum_types: Mapping[Namespace, tuple[EnumType, ...]]
    field_ref_types: Mapping[Namespace, tuple[FieldRefType, ...]]
    model_operations: tuple[ModelOperations, ...]
    other_operations: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: {"read": (), "write": ("executeRaw", "queryRaw")}
    )

    def to_json(self) -> dict[str, Any]:
        """`{"schema": ..., "mappings": ...}` as Prisma's `get_dmmf` writes them (namespaces with no
        types are left out, as Prisma leaves them out). Parts met in several places are one dict
        (see `_Json`): read the document, do not change it."""
        parts = _Json()
        with paused():  # hundreds of thousands of small dicts that all stay alive
            document = {
                "schema": {
                    "inputObjectTypes": _section(self.input_object_types, parts.input_object),
                    "outputObjectTypes": _section(self.output_object_types, parts.output_object),
                    "enumTypes": _section(self.enum_types, EnumType.to_json),
                    "fieldRefTypes": _section(self.field_ref_types, parts.field_ref),
                },
                "mappings": {
                    "modelOperations": [m.to_json() for m in self.model_operations],
                    "otherOperations": {k: list(v) for k, v in self.other_operations.items()},
                },
            }
            # No cycles among them: freed by their counts once dropped, never by a young collection
            # (which would walk them all first: 67-70 ms on civitai).
            settle_as_old()
        return document


_Part = TypeVar("_Part")


def _section(
    types: Mapping[Namespace, tuple[_Part, ...]], write: Callable[[_Part], dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    return {ns: [write(t) for t in items] for ns, items in types.items() if items}
