"""Result types that follow the query, for the mypy plugin: `select=`, `include=` and `omit=`.

The stubs declare every action as returning the model (`User`, relations `X | None`). When the
call spells its selection as a dict literal, the plugin narrows that to what the run time returns:

- `select={"id": True, "posts": True}`: a class with exactly those fields (`User{id, posts}`),
  a selected relation as it is read (`list[Post]`, `Profile` or `Profile | None` by the schema);
- `include={"posts": True}`: `User` with those relations read (`User{+posts}`, a subclass of
  `User`, as the run-time record is a `User`);
- `omit={"avatar": True}`: `User` without those fields (`User{-avatar}`);

nested the same way (`include={"posts": {"select": {"title": True}}}`). A record read with
`select`/`omit` lacks the other fields at run time, so its class is not a `User` to mypy either.
Anything that is not a literal (a variable, `**kwargs`) keeps the declared type.

The classes are made on the fly (as mypy makes its ad-hoc intersections) and kept in the symbol
table of the module being checked, so that mypy's cache can write and read them back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mypy.checker import TypeChecker
from mypy.nodes import GDEF, MDEF, DictExpr, Expression, NameExpr, StrExpr, SymbolTableNode, TypeInfo, Var
from mypy.plugin import MethodContext
from mypy.types import Instance, NoneType, ProperType, Type, UnionType, get_proper_type

from prisma_dynamic.schema import ir
from stubs_plugin.actions import ASYNC_DELEGATE, SYNC_DELEGATE

# The delegate methods that take `select`/`include`/`omit` (stubs_plugin.actions).
SELECTING_ACTIONS = frozenset(
    {
        "create",
        "find_unique",
        "find_unique_or_raise",
        "find_first",
        "find_first_or_raise",
        "find_many",
        "update",
        "upsert",
        "delete",
        "create_many_and_return",
        "update_many_and_return",
    }
)
DELEGATE_CLASSES = (ASYNC_DELEGATE, SYNC_DELEGATE)


@dataclass(frozen=True)
class Shape:
    """What a query reads of one model. `select` None: every scalar field (less `omit`) and the
    relations in `include`; a relation's shape None: the related model as declared."""

    select: tuple[tuple[str, Shape | None], ...] | None = None
    include: tuple[tuple[str, Shape | None], ...] = ()
    omit: tuple[str, ...] = ()

    @property
    def is_plain(self) -> bool:
        return self.select is None and not self.include and not self.omit

    def label(self) -> str:
        if self.select is not None:
            parts = [name + (sub.label() if sub is not None else "") for name, sub in self.select]
        else:
            parts = [f"-{name}" for name in self.omit]
            parts += [f"+{name}" + (sub.label() if sub is not None else "") for name, sub in self.include]
        return "{" + ", ".join(parts) + "}"


class _NotLiteral(Exception):
    """The selection is not spelled out in the call: keep the declared type."""


def _is_true(expression: Expression) -> bool:
    if isinstance(expression, NameExpr) and expression.fullname in ("builtins.True", "builtins.False"):
        return expression.fullname == "builtins.True"
    raise _NotLiteral


def _items(expression: Expression) -> list[tuple[str, Expression]]:
    if not isinstance(expression, DictExpr):
        raise _NotLiteral
    items = []
    for key, value in expression.items:
        if not isinstance(key, StrExpr):
            raise _NotLiteral  # `**other` or a computed key
        items.append((key.value, value))
    return items


def _relations(expression: Expression) -> tuple[tuple[str, Shape | None], ...]:
    """`{"posts": True, "author": {"select": {...}}}` of a select or include."""
    chosen: list[tuple[str, Shape | None]] = []
    for name, value in _items(expression):
        if name == "_count":
            continue  # counts are kept apart from the fields (`record._count`)
        if isinstance(value, DictExpr):
            chosen.append((name, _shape(dict(_items(value)))))
        elif _is_true(value):
            chosen.append((name, None))
    return tuple(chosen)


def _shape(arguments: dict[str, Expression]) -> Shape | None:
    """The shape the `select`/`include`/`omit` arguments of one call or nested relation ask for;
    None when they cannot be read (or ask for both select and include, which the run time refuses)."""
    select, include, omit = arguments.get("select"), arguments.get("include"), arguments.get("omit")
    if select is not None and include is not None:
        raise _NotLiteral
    omitted = tuple(sorted(name for name, value in _items(omit) if _is_true(value))) if omit is not None else ()
    if select is not None:
        return Shape(select=_relations(select))
    shape = Shape(include=_relations(include) if include is not None else (), omit=omitted)
    return None if shape.is_plain else shape


class ResultTypes:
    """Builds the narrowed result of one delegate call."""

    def __init__(self, schema_of: Callable[[str], ir.Schema | None]) -> None:
        self.schema_of = schema_of  # stub module name -> the schema it types

    def result(self, ctx: MethodContext) -> Type:
        if not isinstance(ctx.api, TypeChecker):
            return ctx.default_return_type
        model = _delegate_model(get_proper_type(ctx.type))
        schema = self.schema_of(model.module_name) if model is not None else None
        if model is None or schema is None or schema.get_model(model.name) is None:
            return ctx.default_return_type
        arguments = {
            name: args[0]
            for name, args in zip(ctx.callee_arg_names, ctx.args, strict=True)
            if name in ("select", "include", "omit") and len(args) == 1
        }
        try:
            shape = _shape(arguments)
        except _NotLiteral:
            return ctx.default_return_type
        if shape is None:
            return ctx.default_return_type
        narrowed = _Builder(ctx.api, schema).instance(model, shape)
        return _replace(ctx.default_return_type, model, narrowed)


def _delegate_model(delegate: ProperType) -> TypeInfo | None:
    if not isinstance(delegate, Instance):
        return None
    for base in delegate.type.mro:
        if base.name in DELEGATE_CLASSES:
            for ancestor in delegate.type.bases:
                if ancestor.type is base and ancestor.args:
                    first = get_proper_type(ancestor.args[0])
                    return first.type if isinstance(first, Instance) else None
    return None


def _replace(declared: Type, model: TypeInfo, narrowed: Instance) -> Type:
    """`declared` with the model's instances (in `list[User]`, `User | None`, a coroutine) narrowed."""
    proper = get_proper_type(declared)
    if isinstance(proper, Instance):
        if proper.type is model:
            return narrowed
        return proper.copy_modified(args=[_replace(arg, model, narrowed) for arg in proper.args])
    if isinstance(proper, UnionType):
        return UnionType([_replace(item, model, narrowed) for item in proper.items], proper.line, proper.column)
    return declared


class _Builder:
    def __init__(self, checker: TypeChecker, schema: ir.Schema) -> None:
        self.checker = checker
        self.schema = schema
        self.module = checker.tree

    def instance(self, model: TypeInfo, shape: Shape | None) -> Instance:
        if shape is None or shape.is_plain:
            return Instance(model, [])
        shape = self._in_field_order(model, shape)
        label = model.name + shape.label()
        existing = self.module.names.get(label)
        if existing is not None and isinstance(existing.node, TypeInfo):
            return Instance(existing.node, [])
        declared = {name: symbol.node for name, symbol in model.names.items() if isinstance(symbol.node, Var)}
        fields: dict[str, Type] = {}
        if shape.select is not None:
            bases = list(model.bases)  # not a subclass: the other fields are missing
            for name, sub in shape.select:
                field = declared.get(name)
                if field is not None and field.type is not None:
                    fields[name] = self._field_type(model, name, field.type, sub)
        else:
            bases = [Instance(model, [])] if not shape.omit else list(model.bases)
            if shape.omit:
                fields = {n: v.type for n, v in declared.items() if n not in shape.omit and v.type is not None}
            for name, sub in shape.include:
                field = declared.get(name)
                if field is not None and field.type is not None:
                    fields[name] = self._field_type(model, name, field.type, sub)
        _, info = self.checker.make_fake_typeinfo(self.module.fullname, label, label, bases)
        for name, typ in fields.items():
            var = Var(name, typ)
            var.info = info
            var._fullname = f"{info.fullname}.{name}"
            var.is_initialized_in_class = True
            node = SymbolTableNode(MDEF, var)
            node.plugin_generated = True
            info.names[name] = node
        symbol = SymbolTableNode(GDEF, info)
        symbol.plugin_generated = True
        self.module.names[label] = symbol
        return Instance(info, [])

    def _in_field_order(self, model: TypeInfo, shape: Shape) -> Shape:
        """The shape with its fields in the model's order, so that one selection is one class
        however the call orders its keys."""
        order = {f.name: i for i, f in enumerate(self.schema.model(model.name).fields)}

        def ordered(fields: tuple[tuple[str, Shape | None], ...]) -> tuple[tuple[str, Shape | None], ...]:
            return tuple(sorted(fields, key=lambda item: order.get(item[0], len(order))))

        select = ordered(shape.select) if shape.select is not None else None
        return Shape(select, ordered(shape.include), tuple(sorted(shape.omit, key=lambda n: order.get(n, 0))))

    def _field_type(self, model: TypeInfo, name: str, declared: Type, sub: Shape | None) -> Type:
        """A selected or included field: a relation as it is read, anything else as declared."""
        field = self.schema.model(model.name).get_field(name)
        if field is None or not field.is_relation:
            return declared
        related = _related_class(declared)
        if related is None:
            return declared
        read: Type = self.instance(related, sub)
        if field.is_list:
            return self.checker.named_generic_type("builtins.list", [read])
        return read if field.is_required else UnionType([read, NoneType()])


def _related_class(declared: Type) -> TypeInfo | None:
    """`Post` of a relation attribute declared `list[Post] | None` or `Post | None`."""
    proper = get_proper_type(declared)
    items = proper.items if isinstance(proper, UnionType) else [proper]
    for item in map(get_proper_type, items):
        if isinstance(item, Instance):
            if item.type.fullname == "builtins.list" and item.args:
                inner = get_proper_type(item.args[0])
                return inner.type if isinstance(inner, Instance) else None
            return item.type
    return None
