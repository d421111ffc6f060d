"""Which parts of a schema's types the mypy plugin declares itself rather than writing as statements.

Written as statements, the input TypedDicts name each other (`UserWhereInput.AND`, `IntFilter.not`),
and mypy's semantic analyser resolves such names in passes over the whole module, walking on every
pass all that each complete TypedDict reaches (docs/typing.md, Size and speed). So the module the
plugin writes leaves out the TypedDicts, the aliases that name them and the delegate classes that
take them; the plugin makes those in one go at one statement (`mypy_declare`). What stays are
statements that name nothing declared after them: enums, models, the generic TypedDicts (their
keys are type variables), the aliases of literal key sets and the shared generic delegate classes.

No mypy import here: the renderer reads it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stubs_plugin.surface import Alias, Delegate, Surface, TypedDictType

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


def names_in(type_text: str) -> set[str]:
    """The names a type expression of the stubs refers to (`_Literal['in']` names `_Literal` only)."""
    return set(_NAME.findall(_QUOTED.sub("", type_text)))


@dataclass(frozen=True, slots=True)
class PluginDeclared:
    """The schema's types the plugin makes, and those left to the module's statements."""

    aliases: tuple[Alias, ...]  # each after the aliases its type names
    typed_dicts: tuple[TypedDictType, ...]
    delegates: tuple[Delegate, ...]
    statement_aliases: tuple[Alias, ...]
    statement_typed_dicts: tuple[TypedDictType, ...]  # the generic ones


def plugin_declared(surface: Surface) -> PluginDeclared:
    typed_dicts = tuple(t for t in surface.typed_dicts if not t.parameters)
    declared = {t.name for t in typed_dicts}
    names = {a.name: names_in(a.type) for a in surface.aliases}
    # An alias is the plugin's when its type names a TypedDict or another alias of the plugin's.
    changed = True
    while changed:
        changed = False
        for alias in surface.aliases:
            if alias.name not in declared and names[alias.name] & declared:
                declared.add(alias.name)
                changed = True
    by_name = {a.name: a for a in surface.aliases if a.name in declared}
    ordered: dict[str, Alias] = {}
    started: set[str] = set()

    def visit(alias: Alias) -> None:
        if alias.name in started:
            return  # done (a cycle of aliases with no TypedDict in it: the surface has none)
        started.add(alias.name)
        for name in sorted(names[alias.name] & by_name.keys()):
            visit(by_name[name])
        ordered[alias.name] = alias

    for alias in by_name.values():
        visit(alias)
    return PluginDeclared(
        aliases=tuple(ordered.values()),
        typed_dicts=typed_dicts,
        delegates=surface.delegates,
        statement_aliases=tuple(a for a in surface.aliases if a.name not in declared),
        statement_typed_dicts=tuple(t for t in surface.typed_dicts if t.parameters),
    )
