"""The query schema's parts, in the shape of Prisma's DMMF `schema` and `mappings` sections.

The query schema says what a query may say for one Schema IR on one connector: every input object
type (where, where-unique, order-by, create/update and nested write inputs, filters, aggregate
inputs), output object type, enum type and field-reference type, and which Query/Mutation field
each model action runs. It is built once per schema (`build.build_query_schema`) and read by the
protocol builder (validation), the stub writer and mypy plugin (types) and the engine (dispatch).
`to_json` writes it exactly as Prisma's `get_dmmf` does, so it can be compared with Prisma's.

The parts are named tuples: immutable and compared by value like frozen dataclasses, but made and
hashed at C speed, and left alone by the cyclic collector once it has seen they hold no containers
(a frozen dataclass's `__init__` sets each slot through `object.__setattr__`, three times slower,
and the civitai schema makes some 100 000 parts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from prisma_dynamic.schema.load import no_cyclic_gc

Location = Literal["scalar", "inputObjectTypes", "outputObjectTypes", "enumTypes", "fieldRefTypes"]
Namespace = Literal["prisma", "model"]


class TypeRef(NamedTuple):
    """One type a value may have: `{type, namespace?, location, isList}`."""

    type: str
    location: Location
    is_list: bool = False
    namespace: Namespace | None = None  # None for scalars

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        if self.namespace is not None:
            out["namespace"] = self.namespace
        out["location"] = self.location
        out["isList"] = self.is_list
        return out


class InputField(NamedTuple):
    name: str
    input_types: tuple[TypeRef, ...]
    is_required: bool = False
    is_nullable: bool = False
    deprecation: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "isRequired": self.is_required,
            "isNullable": self.is_nullable,
            "inputTypes": [t.to_json() for t in self.input_types],
        }
        if self.is_nullable:  # Prisma's DMMF spells a nullable input as one more type, `Null`
            out["inputTypes"].append({"type": "Null", "location": "scalar", "isList": False})
        if self.deprecation is not None:
            out["deprecation"] = dict(self.deprecation)
        return out


class Constraints(NamedTuple):
    max_num_fields: int | None = None
    min_num_fields: int | None = None
    fields: tuple[str, ...] | None = None  # the unique criteria of a WhereUniqueInput

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"maxNumFields": self.max_num_fields, "minNumFields": self.min_num_fields}
        if self.fields is not None:
            out["fields"] = list(self.fields)
        return out


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
        out: dict[str, Any] = {"name": self.name}
        if self.meta is not None:
            out["meta"] = dict(self.meta)
        out["constraints"] = self.constraints.to_json()
        out["fields"] = [f.to_json() for f in self.fields]
        return out


class OutputField(NamedTuple):
    name: str
    output_type: TypeRef
    args: tuple[InputField, ...] = ()
    is_nullable: bool = False
    deprecation: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "args": [a.to_json() for a in self.args],
            "isNullable": self.is_nullable,
            "outputType": self.output_type.to_json(),
        }
        if self.deprecation is not None:
            out["deprecation"] = dict(self.deprecation)
        return out


class OutputObjectType(NamedTuple):
    name: str
    fields: tuple[OutputField, ...]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "fields": [f.to_json() for f in self.fields]}


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
        return {
            "name": self.name,
            "allowTypes": [t.to_json() for t in self.allow_types],
            "fields": [f.to_json() for f in self.fields],
        }


class ModelOperations(NamedTuple):
    """Which Query/Mutation field each action of one model runs: `{"findMany": "findManyUser", ...}`."""

    model: str
    actions: Mapping[str, str]

    def to_json(self) -> dict[str, Any]:
        return {"model": self.model, **self.actions}


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
        types are left out, as Prisma leaves them out)."""

        def section(types: Mapping[Namespace, tuple[Any, ...]]) -> dict[str, Any]:
            return {ns: [t.to_json() for t in items] for ns, items in types.items() if items}

        with no_cyclic_gc():  # hundreds of thousands of small dicts that all stay alive
            return {
                "schema": {
                    "inputObjectTypes": section(self.input_object_types),
                    "outputObjectTypes": section(self.output_object_types),
                    "enumTypes": section(self.enum_types),
                    "fieldRefTypes": section(self.field_ref_types),
                },
                "mappings": {
                    "modelOperations": [m.to_json() for m in self.model_operations],
                    "otherOperations": {k: list(v) for k, v in self.other_operations.items()},
                },
            }
