"""The query schema's parts, in the shape of Prisma's DMMF `schema` and `mappings` sections.

The query schema says what a query may say for one Schema IR on one connector: every input object
type (where, where-unique, order-by, create/update and nested write inputs, filters, aggregate
inputs), output object type, enum type and field-reference type, and which Query/Mutation field
each model action runs. It is built once per schema (`build.build_query_schema`) and read by the
protocol builder (validation), the stub writer and mypy plugin (types) and the engine (dispatch).
`to_json` writes it exactly as Prisma's `get_dmmf` does, so it can be compared with Prisma's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Literal, TypeVar

from prisma_dynamic.schema.load import _no_cyclic_gc

Location = Literal["scalar", "inputObjectTypes", "outputObjectTypes", "enumTypes", "fieldRefTypes"]
Namespace = Literal["prisma", "model"]

_C = TypeVar("_C", bound=type)


def _fast_init(cls: _C) -> _C:
    """Give a frozen, slotted dataclass an `__init__` that fills its slots through their
    descriptors. The generated one goes through `object.__setattr__` by name, about three times
    as slow (1.4 against 0.5 µs an InputField), and a large schema makes some 150 000 of these
    objects. Same signature and defaults; the instances stay frozen (only `__init__` writes)."""
    params, body, scope = [], [], {}
    for f in fields(cls):
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: a default factory needs the generated __init__")
        if f.default is MISSING:
            params.append(f.name)
        else:
            scope[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        scope[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        body.append(f"    _set_{f.name}(self, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body) + "\n"
    exec(source, scope)  # the source is made here from the class's own field names
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]
    return cls


@_fast_init
@dataclass(frozen=True, slots=True)
class TypeRef:
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


@_fast_init
@dataclass(frozen=True, slots=True)
class InputField:
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


@_fast_init
@dataclass(frozen=True, slots=True)
class Constraints:
    max_num_fields: int | None = None
    min_num_fields: int | None = None
    fields: tuple[str, ...] | None = None  # the unique criteria of a WhereUniqueInput

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"maxNumFields": self.max_num_fields, "minNumFields": self.min_num_fields}
        if self.fields is not None:
            out["fields"] = list(self.fields)
        return out


@_fast_init
@dataclass(frozen=True, slots=True)
class InputObjectType:
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


@_fast_init
@dataclass(frozen=True, slots=True)
class OutputField:
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


@_fast_init
@dataclass(frozen=True, slots=True)
class OutputObjectType:
    name: str
    fields: tuple[OutputField, ...]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "fields": [f.to_json() for f in self.fields]}


@_fast_init
@dataclass(frozen=True, slots=True)
class EnumType:
    name: str
    values: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "values": list(self.values)}


@_fast_init
@dataclass(frozen=True, slots=True)
class FieldRefType:
    name: str
    allow_types: tuple[TypeRef, ...]
    fields: tuple[InputField, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "allowTypes": [t.to_json() for t in self.allow_types],
            "fields": [f.to_json() for f in self.fields],
        }


@dataclass(frozen=True, slots=True)
class ModelOperations:
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

        with _no_cyclic_gc():  # hundreds of thousands of small dicts that all stay alive
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
