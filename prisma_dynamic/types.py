"""The schema's input types (`UserWhereInput`, `UserCreateInput`, `SortOrder`, ...) at run time.

Type checkers read these names from the mypy plugin or the written stubs; this module gives a
program the same names as real `TypedDict`s and aliases, so that annotations, `typing.get_type_hints`
and pydantic (a FastAPI body typed `UserCreateInput`) work. They are built from the same
description the stubs are rendered from (`stubs_plugin.build.build_surface`), for the schema
`prisma_dynamic.models` resolves its names from, on first use.
"""

from __future__ import annotations

import collections.abc
import datetime
import decimal
import types
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from typing_extensions import LiteralString, Never, Required, TypedDict

from prisma_dynamic import fields
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.per_schema import PerSchema

# The imports of a rendered stub module (`stubs_plugin.render.IMPORTS`) that input types name.
_IMPORTS: dict[str, Any] = {
    "_Mapping": collections.abc.Mapping,
    "_datetime": datetime.datetime,
    "_timedelta": datetime.timedelta,
    "_Decimal": decimal.Decimal,
    "_Any": Any,
    "_Literal": Literal,
    "_LiteralString": LiteralString,
    "_Never": Never,
    "_Required": Required,
    "_Base64": fields.Base64,
    "_FieldRef": fields.FieldRef,
    "_Json": fields.Json,
    "_JsonNullSentinel": fields.JsonNullSentinel,
}


def _build(schema: ir.Schema) -> dict[str, Any]:
    from prisma_dynamic.models.registry import registry_for
    from stubs_plugin.build import build_surface

    surface = build_surface(schema, truly_recursive=True)
    registry = registry_for(schema)
    namespace: dict[str, Any] = dict(_IMPORTS)
    namespace.update({e.name: registry.enum_class(e.name) for e in surface.enums})
    namespace.update({p: TypeVar(p) for t in surface.typed_dicts for p in t.parameters})
    # The classes first, their keys' types once every name they may refer to exists (they refer
    # to each other, and to aliases of each other).
    for typed_dict in surface.typed_dicts:
        bases: tuple[Any, ...] = (TypedDict,)
        if typed_dict.parameters:
            parameters = tuple(namespace[p] for p in typed_dict.parameters)
            bases += (Generic[parameters],)  # type: ignore[index]
        cls: Any = types.new_class(typed_dict.name, bases, {"total": False})
        cls.__module__ = __name__
        cls.__required_keys__ = typed_dict.required_keys
        cls.__optional_keys__ = typed_dict.key_names - typed_dict.required_keys
        namespace[typed_dict.name] = cls
    pending = list(surface.aliases)
    while pending:  # aliases name aliases declared after them
        waiting = []
        for alias in pending:
            try:
                namespace[alias.name] = eval(alias.type, namespace)  # the stub text we render
            except NameError:
                waiting.append(alias)
        if len(waiting) == len(pending):
            raise RuntimeError(f"unresolvable input type aliases: {[a.name for a in waiting]}")
        pending = waiting
    for typed_dict in surface.typed_dicts:
        annotations = {k.name: eval(k.type, namespace) for k in typed_dict.keys}
        namespace[typed_dict.name].__annotations__ = annotations
    names = [t.name for t in surface.typed_dicts] + [a.name for a in surface.aliases]
    return {name: namespace[name] for name in names if not name.startswith("_")}


# Every input TypedDict and alias of a schema, by name (built once per schema).
input_types: PerSchema[dict[str, Any]] = PerSchema(_build)


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    from prisma_dynamic.models.project import project_registry

    try:
        schema = project_registry().schema
    except FileNotFoundError as error:
        raise AttributeError(
            f"{__name__}.{name}: no client is registered and no schema was found to read it from ({error})"
        ) from None
    found = input_types(schema).get(name)
    if found is None:
        raise AttributeError(f"{__name__}.{name}: the schema has no input type named {name!r}")
    return found


if TYPE_CHECKING:
    from prisma_dynamic.models.project import declare_schema_names

    # With the mypy plugin: the schema's types, declared here in place of the `__getattr__` above.
    _schema_names = declare_schema_names("types")
