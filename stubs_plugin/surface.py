"""The type surface of one schema as plain data: what the stubs declare, before any text is written.

Type expressions are kept as the text a stub writes (`"str | StringFilter"`); names in them refer
to other entries of the same `Surface` or to the fixed imports of the rendered module. Keeping the
description separate from its rendering lets a test compare the declared TypedDict keys with the
keys the run-time validator accepts, without parsing stubs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a TypedDict: its Python spelling, value type, and whether it must be given."""

    name: str
    type: str
    required: bool = False


@dataclass(frozen=True, slots=True)
class TypedDictType:
    """A TypedDict; with `parameters` (type variable names used in its keys) a generic one."""

    name: str
    keys: tuple[Key, ...]
    parameters: tuple[str, ...] = ()
    source: str | None = None  # the query schema input type its keys are rendered from

    def key(self, name: str) -> Key:
        for key in self.keys:
            if key.name == name:
                return key
        raise KeyError(f"{self.name} has no key {name!r}")

    @property
    def key_names(self) -> frozenset[str]:
        return frozenset(key.name for key in self.keys)

    @property
    def required_keys(self) -> frozenset[str]:
        return frozenset(key.name for key in self.keys if key.required)


@dataclass(frozen=True, slots=True)
class Alias:
    """`name = type`: unions of TypedDicts (unique where, order) and Literal key sets."""

    name: str
    type: str
    source: str | None = None  # the query schema input type it stands for, if any


@dataclass(frozen=True, slots=True)
class EnumType:
    name: str
    values: tuple[str, ...]
    documentation: str | None = None


@dataclass(frozen=True, slots=True)
class Attribute:
    """A field of a model class; relation fields and optional scalars default to None."""

    name: str
    type: str
    optional: bool
    documentation: str | None = None


@dataclass(frozen=True, slots=True)
class ModelClass:
    name: str
    attributes: tuple[Attribute, ...]
    documentation: str | None = None


# The type parameters of the shared delegate class, in order; `Delegate.type_args` follows it.
DELEGATE_PARAMETERS = (
    "Model",
    "WhereInput",
    "WhereUniqueInput",
    "CreateInput",
    "CreateWithoutRelationsInput",
    "UpdateInput",
    "UpdateManyMutationInput",
    "UpsertInput",
    "Include",
    "Select",
    "Omit",
    "OrderByInput",
    "ScalarFieldKeys",
    "CountAggregateInput",
    "CountAggregateOutput",
    "AvgAggregateInput",
    "SumAggregateInput",
    "MinAggregateInput",
    "MaxAggregateInput",
    "ScalarWhereWithAggregatesInput",
    "GroupByOutput",
    "AggregateOutput",
)


@dataclass(frozen=True, slots=True)
class Delegate:
    """`db.<attribute>`: the actions of one model, as the shared delegate class specialised."""

    attribute: str
    model: str
    type_args: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Capabilities:
    """Which actions and action arguments the query schema offers (`scalars.capabilities`), so the
    delegate methods, shared by every model, declare only those."""

    skip_duplicates: bool  # `skipDuplicates` of createMany
    returning: bool  # create_many_and_return / update_many_and_return
    raw_queries: bool


@dataclass(frozen=True, slots=True)
class Surface:
    interface: Literal["asyncio", "sync"]
    capabilities: Capabilities
    enums: tuple[EnumType, ...]
    models: tuple[ModelClass, ...]
    typed_dicts: tuple[TypedDictType, ...]
    aliases: tuple[Alias, ...]
    delegates: tuple[Delegate, ...]

    def typed_dict(self, name: str) -> TypedDictType:
        for typed_dict in self.typed_dicts:
            if typed_dict.name == name:
                return typed_dict
        raise KeyError(f"no TypedDict named {name!r}")
