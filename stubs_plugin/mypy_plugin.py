"""mypy plugin: `Prisma.from_schema("schema.prisma")` and `Prisma()` typed from the schema itself.

Enable it with `plugins = stubs_plugin.mypy_plugin`. The schema used by `Prisma()` and by
`Prisma.from_schema()` without a path is `schema = ...` in a `[prisma-dynamic]` section of the mypy
config (`[tool.prisma-dynamic]` in pyproject.toml), else the schema the run time would find.
Relative paths are taken from the current directory, as the run time does.

How the types reach mypy: `get_additional_deps` spots the calls in a module that imports
`prisma_dynamic`, writes the schema's stub module (see `generated`) and makes the module depend on
it; the call hooks then give the call the client class of that module. The module's input
TypedDicts, their aliases and the delegate classes are not statements in it: the plugin makes
them at the module's `_declared = _declare()` statement (`mypy_declare`). `prisma_dynamic.models`,
`.enums` and `.types` depend on the module of the configured (or found) schema, and their
`declare_schema_names(...)` statement is where the plugin adds that module's classes and types to
theirs, so that `from prisma_dynamic.models import User` is the schema's `User`. In the same way
`prisma_dynamic.partials` depends on the module of the partial models the project's partial type
generator declares (`generated.PartialsModule`) and takes its classes.
"""

from __future__ import annotations

import ast
import configparser
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from mypy.checker import TypeChecker
from mypy.errorcodes import ErrorCode
from mypy.nodes import (
    GDEF,
    CallExpr,
    Expression,
    Import,
    ImportAll,
    ImportBase,
    ImportFrom,
    MypyFile,
    PlaceholderNode,
    StrExpr,
    SymbolTable,
    SymbolTableNode,
    TypeAlias,
    TypeInfo,
)
from mypy.options import Options
from mypy.plugin import (
    DynamicClassDefContext,
    FunctionContext,
    MethodContext,
    Plugin,
    ReportConfigContext,
)
from mypy.types import Instance, Type

from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.load import load_schema
from stubs_plugin.generated import DECLARE_TYPES, GeneratedStubs, SchemaModule
from stubs_plugin.generated import PACKAGE as GENERATED_PACKAGE
from stubs_plugin.mypy_declare import SchemaTypes
from stubs_plugin.mypy_results import SELECTING_ACTIONS, ResultTypes
from stubs_plugin.render import CLIENT_NAMES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PRISMA_DYNAMIC = ErrorCode("prisma-dynamic", "The Prisma client cannot be typed from its schema", "Plugin")
_CLIENT_CLASSES = ("Prisma", "Client", "SyncPrisma")
_PRIORITY = 10  # mypy.build.PRI_MED: an ordinary import
# The run-time modules whose names come from the project's schema (`prisma_dynamic.models.project`).
_DECLARING_MODULES = ("prisma_dynamic.models", "prisma_dynamic.enums", "prisma_dynamic.types")
_PARTIALS_MODULE = "prisma_dynamic.partials"
_DECLARE = "prisma_dynamic.models.project.declare_schema_names"


def configured_schema(options: Options) -> str | None:
    """`schema` of `[prisma-dynamic]` (ini files) or `[tool.prisma-dynamic]` (pyproject.toml)."""
    config_file = options.config_file
    if config_file is None or not os.path.isfile(config_file):
        return None
    if config_file.endswith(".toml"):
        with open(config_file, "rb") as stream:
            section = tomllib.load(stream).get("tool", {}).get("prisma-dynamic", {})
        value = section.get("schema") if isinstance(section, dict) else None
        return value if isinstance(value, str) else None
    parser = configparser.ConfigParser()
    parser.read(config_file, encoding="utf-8")
    return parser.get("prisma-dynamic", "schema", fallback=None)


def _is_client_class(fullname: str) -> bool:
    return fullname.startswith("prisma_dynamic.") and fullname.rsplit(".", 1)[-1] in _CLIENT_CLASSES


def _string_argument(call: CallExpr, name: str, position: int | None) -> Expression | None:
    """The expression given for a parameter, by keyword or at a position among positionals."""
    positionals = [arg for arg, arg_name in zip(call.args, call.arg_names, strict=True) if arg_name is None]
    for arg, arg_name in zip(call.args, call.arg_names, strict=True):
        if arg_name == name:
            return arg
    if position is not None and len(positionals) > position:
        return positionals[position]
    return None


def schema_paths_called(source: str) -> list[str | None]:
    """The schema paths named by `X.from_schema(...)` and `Prisma(...)` calls in a module's source
    (None: the configured schema). Read with `ast` because names are not resolved yet when mypy
    asks for dependencies, and mypy's own visitors cannot be subclassed from interpreted code."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []  # mypy reports it
    paths: list[str | None] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func
        name = callee.attr if isinstance(callee, ast.Attribute) else callee.id if isinstance(callee, ast.Name) else ""
        if name == "from_schema":
            argument = _ast_argument(node, "path", 0)
        elif name in _CLIENT_CLASSES:
            argument = _ast_argument(node, "schema", None)
        else:
            continue
        if argument is None:
            paths.append(None)
        elif isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            paths.append(argument.value)
    return paths


def _ast_argument(call: ast.Call, name: str, position: int | None) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    positionals = [arg for arg in call.args if not isinstance(arg, ast.Starred)]
    if position is not None and len(positionals) > position:
        return positionals[position]
    return None


class PrismaDynamicPlugin(Plugin):
    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.schema = configured_schema(options)
        self.stubs = GeneratedStubs()
        # Modules that mypy takes from its cache still name their schema module as a dependency;
        # it must be current before mypy compares it with the cache.
        self.stubs.refresh_all()
        self.results = ResultTypes(self._schema_of)
        self.schema_types = SchemaTypes(self.stubs.surface_of, PRISMA_DYNAMIC)
        # Written now, before mypy lists `stubs_plugin/_generated/` (it caches the listing, so a
        # module written later in the run would not be found).
        self.project = self._module(None)  # the schema `prisma_dynamic.models` means
        self.partials = self.stubs.partials_for(self.project)  # its generator script's partials

    def report_config_data(self, ctx: ReportConfigContext) -> object:
        # Which schema `Prisma()` and `prisma_dynamic.models` mean depends on the config and the
        # working directory (where the schema is found); the schema's content reaches the cache
        # through the dependency on its module.
        return {"schema": self.schema, "cwd": os.getcwd(), "module": self.project.name}

    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        if file.fullname == _PARTIALS_MODULE:
            return [(_PRIORITY, self.partials.name, -1)]
        if file.fullname in _DECLARING_MODULES:
            return [(_PRIORITY, self.project.name, -1)]
        if file.fullname.startswith(("prisma_dynamic", "stubs_plugin")):
            return []
        if not any(_imports_prisma_dynamic(node) for node in file.imports):
            return []
        try:
            source = Path(file.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return []
        names = {self._module(path).name for path in schema_paths_called(source)}
        return [(_PRIORITY, name, -1) for name in sorted(names)]

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        owner, _, method = fullname.rpartition(".")
        if method == "from_schema" and _is_client_class(owner):
            return partial(self._from_schema, owner)
        # mypy names the method by the class of the object (`UserActions`); the hook checks that
        # it is a delegate.
        if owner.startswith(f"{GENERATED_PACKAGE}.") and method in SELECTING_ACTIONS:
            return self.results.result
        return None

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        return partial(self._construct, fullname) if _is_client_class(fullname) else None

    def get_dynamic_class_hook(self, fullname: str) -> Callable[[DynamicClassDefContext], None] | None:
        if fullname == DECLARE_TYPES:
            return self.schema_types.declare
        return self._declare if fullname == _DECLARE else None

    # ---- hooks -----------------------------------------------------------------------------
    def _module(self, path: str | None) -> SchemaModule:
        return self.stubs.module_for(path if path is not None else self.schema)

    def _from_schema(self, owner: str, ctx: MethodContext) -> Type:
        call = ctx.context
        if not isinstance(call, CallExpr):
            return ctx.default_return_type
        return self._client(ctx, owner, call, _string_argument(call, "path", 0))

    def _construct(self, owner: str, ctx: FunctionContext) -> Type:
        call = ctx.context
        if not isinstance(call, CallExpr):
            return ctx.default_return_type
        return self._client(ctx, owner, call, _string_argument(call, "schema", None))

    def _schema_of(self, module_name: str) -> ir.Schema | None:
        path = self.stubs.schema_of(module_name)
        if path is None:
            return None
        try:
            return load_schema(path)
        except (OSError, SchemaError):
            return None

    def _declare(self, ctx: DynamicClassDefContext) -> None:
        """`declare_schema_names("models")`: the schema module's models (or enums, or input types)
        become the names of the module the statement is in."""
        kind = ctx.call.args[0] if ctx.call.args else None
        module = self.project
        if not isinstance(kind, StrExpr) or module.error is not None:
            return  # no schema: the names stay the module `__getattr__`'s
        declared_from = module.name
        if kind.value == "partials":
            partials = self.partials
            if partials.error is not None:
                # A blocker, as `prisma-dynamic stubs` stops on it: errors in an installed package
                # (this module) are not shown, blockers are.
                ctx.api.fail(f"prisma-dynamic: {partials.error}", ctx.call, blocker=True, code=PRISMA_DYNAMIC)
                return
            declared_from = partials.name
        schema_module = ctx.api.modules.get(declared_from)
        names = schema_module.names if schema_module is not None else None
        if names is None or any(isinstance(symbol.node, PlaceholderNode) for symbol in names.values()):
            if not ctx.api.final_iteration:
                ctx.api.defer()  # the schema's module is in the same import cycle, not all read yet
            return
        for name in _declared_names(names, kind.value, declared_from):
            ctx.api.add_symbol_table_node(name, SymbolTableNode(GDEF, names[name].node))
        # Without the module `__getattr__` (defined above the statement) mypy reports a name the
        # schema lacks (`from prisma_dynamic.models import Usr`) instead of making it Any.
        ctx.api.modules[ctx.api.cur_mod_id].names.pop("__getattr__", None)

    def _client(
        self, ctx: MethodContext | FunctionContext, owner: str, call: CallExpr, path: Expression | None
    ) -> Type:
        """The typed client for a call on the run-time class `owner` (a full name)."""
        if path is not None and not isinstance(path, StrExpr):
            ctx.api.fail(
                "prisma-dynamic: the schema path must be a string literal for the client to be typed",
                call,
                code=PRISMA_DYNAMIC,
            )
            return ctx.default_return_type
        module = self._module(path.value if path is not None else None)
        if module.error is not None:
            ctx.api.fail(f"prisma-dynamic: {module.error}", call, code=PRISMA_DYNAMIC)
            return ctx.default_return_type
        interface = _string_argument(call, "interface", None)
        class_name = "Prisma"
        if isinstance(interface, StrExpr):
            class_name = {"sync": "SyncPrisma", "asyncio": "AsyncPrisma"}.get(interface.value, "Prisma")
        elif owner.endswith(".SyncPrisma"):
            class_name = "SyncPrisma"
        client = _lookup_class(ctx, module.name, class_name)
        if client is None:
            ctx.api.fail(
                f"prisma-dynamic: the types of {module.schema} were not loaded "
                "(is the client created through an alias the plugin does not see?)",
                call,
                code=PRISMA_DYNAMIC,
            )
            return ctx.default_return_type
        return client


def _imports_prisma_dynamic(node: ImportBase) -> bool:
    if isinstance(node, Import):
        ids = [name for name, _ in node.ids]
    elif isinstance(node, (ImportFrom, ImportAll)):
        ids = [node.id]
    else:
        return False
    return any(i == "prisma_dynamic" or i.startswith("prisma_dynamic.") for i in ids)


def _node(names: SymbolTable, name: str) -> object:
    symbol = names.get(name)
    return symbol.node if symbol is not None else None


def _declared_names(names: SymbolTable, kind: str, module: str) -> list[str]:
    """The names of a schema module (or the partials module) that `prisma_dynamic.<kind>` holds."""
    if kind == "partials":  # the classes it defines, not the models it imports
        return [
            name
            for name, symbol in names.items()
            if symbol.module_public and isinstance(symbol.node, TypeInfo) and symbol.node.module_name == module
        ]
    namespaces = {}
    for namespace in ("_Models", "_Enums"):
        node = _node(names, namespace)
        namespaces[namespace] = list(node.names) if isinstance(node, TypeInfo) else []
    if kind == "models":
        return namespaces["_Models"]
    if kind == "enums":
        return namespaces["_Enums"]
    if kind != "types":
        return []
    classes = set(namespaces["_Models"]) | set(namespaces["_Enums"]) | set(CLIENT_NAMES)
    found = []
    for name, symbol in names.items():
        if name.startswith("_") or name in classes or not symbol.module_public:
            continue
        node = symbol.node
        if isinstance(node, TypeAlias) or (isinstance(node, TypeInfo) and node.typeddict_type is not None):
            found.append(name)
    return found


def _lookup_class(ctx: MethodContext | FunctionContext, module_name: str, name: str) -> Instance | None:
    if not isinstance(ctx.api, TypeChecker):
        return None
    module = ctx.api.modules.get(module_name)
    symbol = module.names.get(name) if module is not None else None
    node = symbol.node if symbol is not None else None
    if isinstance(node, TypeAlias) and isinstance(node.target, Instance):  # `Prisma = AsyncPrisma`
        return Instance(node.target.type, [])
    if isinstance(node, TypeInfo):
        return Instance(node, [])
    return None


def plugin(version: str) -> type[Plugin]:
    return PrismaDynamicPlugin
