"""The mypy plugin's half of a schema's module: the input TypedDicts, the aliases that name them
and the delegate classes (`stubs_plugin.declared`), made complete in one go at the module's
`_declared = _declare()` statement.

As statements, these types name each other, so mypy would analyse the module's top level in about
five passes and, on each, walk everything each complete TypedDict reaches, looking for
placeholders: that walk was nearly all of a cold run (docs/typing.md, Size and speed). Here no
placeholder ever exists: every TypedDict's TypeInfo is registered first, with no keys yet (mypy
refers to a TypedDict through an alias of its type, read when used, so the keys can come later),
then the aliases, each after those it names, then every TypedDict's keys, then the delegate
classes. Each key's type is the stubs' text analysed by mypy's own type analyser, in the module's
scope, so the types and the errors users see are those the statements would give.

The nodes are ordinary TypeInfos and TypeAliases in the module's symbol table: mypy's cache writes
and reads them as its own, and a later pass over the module finds them and does nothing. This
leans on mypy internals (`TypeInfo.update_typeddict_type`, the `TypedDictType` and `TypeAlias`
constructors), hence the mypy versions pinned in pyproject.toml.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.errorcodes import ErrorCode
from mypy.fastparse import parse_type_string
from mypy.nodes import GDEF, CallExpr, PlaceholderNode, SymbolNode, SymbolTable, SymbolTableNode, TypeAlias
from mypy.plugin import DynamicClassDefContext, SemanticAnalyzerPluginInterface
from mypy.types import Instance, Type, TypedDictType, get_proper_type

from stubs_plugin.actions import DELEGATE_SUBCLASSES
from stubs_plugin.declared import PluginDeclared, names_in, plugin_declared
from stubs_plugin.surface import Surface

_TYPED_DICT_FALLBACKS = ("typing._TypedDict", "typing_extensions._TypedDict")


class _NotReady(Exception):
    """A name the types use is not complete yet in this pass (mypy has deferred the module)."""


class SchemaTypes:
    """Declares the plugin's part of each schema module, given the module's `Surface`."""

    def __init__(self, surface_of: Callable[[str], Surface | None], error_code: ErrorCode) -> None:
        self.surface_of = surface_of
        self.error_code = error_code
        self._declared: dict[str, tuple[PluginDeclared, list[str], set[str]]] = {}

    def declare(self, ctx: DynamicClassDefContext) -> None:
        api = ctx.api
        plan = self._plan(api.cur_mod_id)
        if plan is None:
            message = f"prisma-dynamic: the schema of {api.cur_mod_id} could not be read again"
            api.fail(message, ctx.call, code=self.error_code)
            return
        declared, made, used = plan
        names = api.modules[api.cur_mod_id].names
        if not made or _is_complete(names.get(made[0])):
            return  # declared in an earlier pass
        if not api.final_iteration and any(not _is_complete(names.get(name), missing=True) for name in used):
            _mark_incomplete(api, names, made, ctx.call)
            return
        try:
            _Declaration(api, ctx.call.line).declare(declared)
        except _NotReady:
            _mark_incomplete(api, names, made, ctx.call)

    def _plan(self, module: str) -> tuple[PluginDeclared, list[str], set[str]] | None:
        """What the module's statement declares, the names it makes, and the module's other names its
        types use (they must be complete before it runs)."""
        if module not in self._declared:
            surface = self.surface_of(module)
            if surface is None:
                return None
            declared = plugin_declared(surface)
            made = [t.name for t in declared.typed_dicts] + [a.name for a in declared.aliases]
            made += [d.model + suffix for d in declared.delegates for suffix, _ in DELEGATE_SUBCLASSES]
            texts = {a.type for a in declared.aliases} | {k.type for t in declared.typed_dicts for k in t.keys}
            texts |= {base for _, base in DELEGATE_SUBCLASSES} | {a for d in declared.delegates for a in d.type_args}
            used: set[str] = set()
            for text in texts:
                used |= names_in(text)
            self._declared[module] = (declared, made, used - set(made))
        return self._declared[module]


def _is_complete(symbol: SymbolTableNode | None, *, missing: bool = False) -> bool:
    """`missing`: what a name not in the module's table (a builtin: `str`, `list`) counts as."""
    if symbol is None:
        return missing
    return not isinstance(symbol.node, PlaceholderNode)


def _mark_incomplete(api: SemanticAnalyzerPluginInterface, names: SymbolTable, made: list[str], call: CallExpr) -> None:
    """Defer: the names stand as placeholders until a later pass, as mypy marks its own incomplete
    definitions, so that statements naming them wait too (`declare_schema_names` among them)."""
    for name in made:
        node = PlaceholderNode(api.qualified_name(name), call, call.line, becomes_typeinfo=True)
        names[name] = SymbolTableNode(GDEF, node)
    api.defer()


class _Declaration:
    def __init__(self, api: SemanticAnalyzerPluginInterface, line: int) -> None:
        self.api = api
        self.line = line
        self._types: dict[str, Type] = {}  # type text -> analysed type (texts repeat across keys)

    def declare(self, declared: PluginDeclared) -> None:
        api = self.api
        fallback = next(filter(None, (api.named_type_or_none(name, []) for name in _TYPED_DICT_FALLBACKS)), None)
        if fallback is None:
            raise _NotReady
        infos = []
        for typed_dict in declared.typed_dicts:
            info = api.basic_new_typeinfo(typed_dict.name, fallback, self.line)
            info.update_typeddict_type(TypedDictType({}, set(), set(), fallback))
            self._add(typed_dict.name, info)
            infos.append(info)
        for alias in declared.aliases:
            target = self._type(alias.type)
            self._add(alias.name, TypeAlias(target, api.qualified_name(alias.name), api.cur_mod_id, self.line, 0))
        for typed_dict, info in zip(declared.typed_dicts, infos, strict=True):
            items = {key.name: self._type(key.type) for key in typed_dict.keys}
            required = {key.name for key in typed_dict.keys if key.required}
            info.update_typeddict_type(TypedDictType(items, required, set(), fallback))
        for delegate in declared.delegates:
            arguments = ", ".join(delegate.type_args)
            for suffix, base in DELEGATE_SUBCLASSES:
                base_type = get_proper_type(self._type(f"{base}[{arguments}]"))
                if not isinstance(base_type, Instance):
                    raise _NotReady
                info = api.basic_new_typeinfo(delegate.model + suffix, base_type, self.line)
                info.metaclass_type = info.calculate_metaclass_type()
                self._add(delegate.model + suffix, info)

    def _add(self, name: str, node: SymbolNode) -> None:
        self.api.add_symbol_table_node(name, SymbolTableNode(GDEF, node, plugin_generated=True))

    def _type(self, text: str) -> Type:
        analysed = self._types.get(text)
        if analysed is None:
            analysed = self.api.anal_type(parse_type_string(text, "builtins.str", self.line, 0))
            if analysed is None:
                raise _NotReady
            self._types[text] = analysed
        return analysed
