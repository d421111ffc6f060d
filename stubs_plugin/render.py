"""`Surface` -> the text of one stub module: enums, models, TypedDicts, delegates and the clients.

Imported names are aliased with a leading underscore so that no schema name (a model called
`Decimal`, an enum called `Literal`) can shadow them.
"""

from __future__ import annotations

import keyword

from stubs_plugin.actions import DELEGATE_SUBCLASSES, delegate_classes, type_variables
from stubs_plugin.declared import plugin_declared
from stubs_plugin.surface import Attribute, Capabilities, Delegate, ModelClass, Surface, TypedDictType

IMPORTS = """\
from collections.abc import Mapping as _Mapping
from datetime import datetime as _datetime, timedelta as _timedelta
from decimal import Decimal as _Decimal
from enum import Enum as _Enum
from os import PathLike as _PathLike
from types import TracebackType as _TracebackType
from typing import Any as _Any, ClassVar as _ClassVar, Generic as _Generic, Literal as _Literal
from typing import TypeVar as _TypeVar, overload as _overload
from typing_extensions import LiteralString as _LiteralString, Never as _Never, Required as _Required
from typing_extensions import Self as _Self, TypeAlias as _TypeAlias, TypedDict as _TypedDict

import pydantic as _pydantic
from prisma_dynamic.fields import Base64 as _Base64, FieldRef as _FieldRef, Json as _Json
from prisma_dynamic.fields import JsonNullSentinel as _JsonNullSentinel
"""

CLIENT_NAMES = ("AsyncPrisma", "SyncPrisma", "Prisma")

_SHARED_TYPES = """\
DatasourceOverride = _TypedDict("DatasourceOverride", {"url": _Required[str], "name": str, "env": str}, total=False)
IsolationLevel: _TypeAlias = _Literal["ReadUncommitted", "ReadCommitted", "RepeatableRead", "Serializable", "Snapshot"]
_Client = _TypeVar("_Client")
_Row = _TypeVar("_Row", bound=_pydantic.BaseModel)

class _AsyncTransactionManager(_Generic[_Client]):
    async def start(self) -> _Client: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    async def __aenter__(self) -> _Client: ...
    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: _TracebackType | None
    ) -> None: ...

class _SyncTransactionManager(_Generic[_Client]):
    def start(self) -> _Client: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def __enter__(self) -> _Client: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: _TracebackType | None
    ) -> None: ...
"""

_OPTIONS = (
    "datasource: DatasourceOverride | None = None, transport: _Literal['http', 'embedded'] | None = None, "
    "auto_register: bool = False, log_queries: bool = False, use_dotenv: bool = True, "
    "connect_timeout: float | _timedelta = ..., http: dict[str, _Any] | None = None"
)
_SCHEMA = "schema: str | _PathLike[str] | None = None"


def render_module(
    surface: Surface, *, header: str = "", models_from: str | None = None, declared_by: str | None = None
) -> str:
    """The stub module of `surface`. With `models_from` (a module written by `render_models`), the
    enums and models are imported from there instead of declared here. With `declared_by` (the full
    name of the mypy plugin's hook function), the module leaves out what the plugin declares
    (`declared`) and calls the function where the plugin is to declare it, after every statement
    those types name."""
    parts = [f'"""{header or "Types of one Prisma schema, written by prisma-dynamic."}"""', IMPORTS]
    if models_from is None:
        parts += _models_and_enums(surface)
    else:
        names = [e.name for e in surface.enums] + [m.name for m in surface.models]
        parts += [f"from {models_from} import {name} as {name}" for name in names]
    if declared_by is None:
        aliases, typed_dicts = surface.aliases, surface.typed_dicts
    else:
        declared = plugin_declared(surface)
        aliases, typed_dicts = declared.statement_aliases, declared.statement_typed_dicts
    parts.append("\n".join(f"{a.name}: _TypeAlias = {a.type}" for a in aliases))
    parameters = sorted({p for t in typed_dicts for p in t.parameters})
    parts.append("\n".join(f'{p} = _TypeVar("{p}")' for p in parameters))
    parts.append("\n".join(_typed_dict(t) for t in typed_dicts))
    parts.append(_SHARED_TYPES)
    parts.append(type_variables())
    parts.append(delegate_classes(surface.capabilities))
    if declared_by is None:
        parts.append("\n".join(_delegate_classes(surface)))
    else:
        module, _, function = declared_by.rpartition(".")
        parts.append(f"from {module} import {function} as _declare\n_declared = _declare()")
    parts.append(_namespace("_Models", [m.name for m in surface.models]))
    parts.append(_namespace("_Enums", [e.name for e in surface.enums]))
    parts += [_batch(surface, asynchronous=True), _batch(surface, asynchronous=False)]
    parts += [_client(surface, asynchronous=True), _client(surface, asynchronous=False)]
    parts.append(f"Prisma = {'SyncPrisma' if surface.interface == 'sync' else 'AsyncPrisma'}")
    return "\n\n".join(parts) + "\n"


def render_models(surface: Surface, *, header: str) -> str:
    """A module of the enums and models alone: they name nothing else, so a checker reading
    `from prisma_dynamic.models import User` need not parse the input types and delegates."""
    return "\n\n".join([f'"""{header}"""', IMPORTS, *_models_and_enums(surface)]) + "\n"


def _models_and_enums(surface: Surface) -> list[str]:
    return [_enum(e.name, e.values, e.documentation) for e in surface.enums] + [_model(m) for m in surface.models]


def _delegate_classes(surface: Surface) -> list[str]:
    lines = []
    for delegate in surface.delegates:
        args = ", ".join(delegate.type_args)
        for suffix, base in DELEGATE_SUBCLASSES:
            lines.append(f"class {delegate.model}{suffix}({base}[{args}]): ...")
    return lines


def _docstring(text: str | None, indent: str) -> str:
    if not text:
        return ""
    escaped = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return f'{indent}"""{escaped}"""\n'


def _enum(name: str, values: tuple[str, ...], documentation: str | None) -> str:
    members = [f'    {v} = "{v}"' for v in values if not keyword.iskeyword(v)]
    body = _docstring(documentation, "    ") + ("\n".join(members) or "    ...")
    return f"class {name}(str, _Enum):\n{body}"


def _attribute(attribute: Attribute) -> str:
    if attribute.optional:
        return f"    {attribute.name}: {attribute.type} | None = None"
    return f"    {attribute.name}: {attribute.type}"


def _model(model: ModelClass) -> str:
    lines = [_attribute(a) for a in model.attributes]
    body = _docstring(model.documentation, "    ") + ("\n".join(lines) or "    ...")
    return f"class {model.name}(_pydantic.BaseModel):\n{body}"


def _typed_dict(typed_dict: TypedDictType) -> str:
    if typed_dict.parameters:
        # Generic TypedDicts need the class form; their keys are never Python keywords.
        keys = "\n".join(
            f"    {k.name}: " + (f"_Required[{k.type}]" if k.required else k.type) for k in typed_dict.keys
        )
        generic = f"_Generic[{', '.join(typed_dict.parameters)}]"
        return f"class {typed_dict.name}(_TypedDict, {generic}, total=False):\n{keys}"
    # The functional form, because keys such as `in`, `not` and `is` are Python keywords.
    items = ", ".join(f'"{k.name}": ' + (f"_Required[{k.type}]" if k.required else k.type) for k in typed_dict.keys)
    return f'{typed_dict.name} = _TypedDict("{typed_dict.name}", {{{items}}}, total=False)'


def _namespace(name: str, members: list[str]) -> str:
    lines = [f"    {m}: _ClassVar[type[{m}]]" for m in members]
    return f"class {name}:\n" + ("\n".join(lines) or "    ...")


def _attribute_delegates(surface: Surface) -> list[Delegate]:
    # A model named `Import` has the delegate `import`, reachable only through getattr().
    return [d for d in surface.delegates if d.attribute.isidentifier() and not keyword.iskeyword(d.attribute)]


def _batch(surface: Surface, *, asynchronous: bool) -> str:
    name = "Batch" if asynchronous else "SyncBatch"
    lines = [f"    {d.attribute}: {d.model}BatchActions" for d in _attribute_delegates(surface)]
    a = "async " if asynchronous else ""
    enter, exit_ = ("__aenter__", "__aexit__") if asynchronous else ("__enter__", "__exit__")
    lines += [
        f"    {a}def commit(self) -> None: ...",
        f"    {a}def {enter}(self) -> _Self: ...",
        f"    {a}def {exit_}(",
        "        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: _TracebackType | None",
        "    ) -> None: ...",
    ]
    if surface.capabilities.raw_queries:
        lines.append("    def execute_raw(self, query: _LiteralString, *args: _Any) -> None: ...")
    return f"class {name}:\n" + "\n".join(lines)


_INTERFACES = (
    ('_Literal["sync"]', "", "SyncPrisma"),
    ('_Literal["asyncio"]', "", "AsyncPrisma"),
    ("None", " = None", "Prisma"),
)


def _from_schema(default: str) -> str:
    lines: list[str] = []
    for interface, interface_default, result in _INTERFACES:
        result = default if result == "Prisma" else result
        lines += [
            "    @_overload",
            "    @classmethod",
            "    def from_schema(",
            f"        cls, path: str | _PathLike[str] | None = None, *, interface: {interface}{interface_default}, "
            f"{_OPTIONS}",
            f"    ) -> {result}: ...",
        ]
    return "\n".join(lines)


def _constructor(name: str, default: str) -> str:
    """`Prisma(...)` is the client of the schema's interface unless `interface=` says otherwise; only
    the class `Prisma` names turns into the other one, as at run time."""
    if name != default:
        return f"    def __init__(self, *, {_SCHEMA}, {_OPTIONS}) -> None: ..."
    lines: list[str] = []
    for interface, interface_default, result in _INTERFACES:
        result = default if result == "Prisma" else result
        # Returning the other client is what the run time does; mypy wants a subclass here.
        ignore = "" if result == name else "  # type: ignore[misc]"
        lines += [
            "    @_overload",
            f"    def __new__(cls, *, {_SCHEMA}, interface: {interface}{interface_default}, {_OPTIONS}"
            f") -> {result}: ...{ignore}",
        ]
    return "\n".join(lines)


def _client(surface: Surface, *, asynchronous: bool) -> str:
    caps: Capabilities = surface.capabilities
    name = "AsyncPrisma" if asynchronous else "SyncPrisma"
    default = "SyncPrisma" if surface.interface == "sync" else "AsyncPrisma"
    a = "async " if asynchronous else ""
    actions = "Actions" if asynchronous else "SyncActions"
    lines = [f"    {d.attribute}: {d.model}{actions}" for d in _attribute_delegates(surface)]
    lines += [
        "    models: _Models",
        "    enums: _Enums",
        _constructor(name, default),
        _from_schema(default),
        f"    {a}def connect(self, timeout: float | _timedelta | None = None) -> None: ...",
        f"    {a}def disconnect(self, timeout: float | _timedelta | None = None) -> None: ...",
        "    def is_connected(self) -> bool: ...",
        "    def is_registered(self) -> bool: ...",
        "    def is_transaction(self) -> bool: ...",
    ]
    enter, exit_ = ("__aenter__", "__aexit__") if asynchronous else ("__enter__", "__exit__")
    manager = "_AsyncTransactionManager" if asynchronous else "_SyncTransactionManager"
    lines += [
        f"    {a}def {enter}(self) -> _Self: ...",
        f"    {a}def {exit_}(",
        "        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: _TracebackType | None",
        "    ) -> None: ...",
        "    def tx(",
        "        self, *, max_wait: int | _timedelta = ..., timeout: int | _timedelta = ...,",
        "        isolation_level: IsolationLevel | None = None,",
        f"    ) -> {manager}[_Self]: ...",
        f"    def batch_(self) -> {'Batch' if asynchronous else 'SyncBatch'}: ...",
    ]
    if caps.raw_queries:
        for method, result in (("query_raw", "list[{}]"), ("query_first", "{} | None")):
            lines += [
                "    @_overload",
                f"    {a}def {method}(self, query: _LiteralString, *args: _Any) -> "
                + result.format("dict[str, _Any]")
                + ": ...",
                "    @_overload",
                f"    {a}def {method}(self, query: _LiteralString, *args: _Any, model: type[_Row]) -> "
                + result.format("_Row")
                + ": ...",
            ]
        lines.append(f"    {a}def execute_raw(self, query: _LiteralString, *args: _Any) -> int: ...")
    return f"class {name}:\n" + "\n".join(lines)
