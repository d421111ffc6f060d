"""The classes of one schema, built on first use and kept for the life of the schema.

Building a pydantic class costs about 2 ms; a 300-model schema would spend most of a second on
classes a program never touches, so each model, enum and composite class is built the first time
it is asked for (`registry.models.User`, or a query parsing a `User`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any, ClassVar, Generic, TypeVar

from prisma_dynamic.display.schema import schema_html
from prisma_dynamic.models.base import CountedModel, PrismaComposite, PrismaEnum, PrismaModel
from prisma_dynamic.models.build import FieldSpec, build_class, scalar_element_type
from prisma_dynamic.models.partial_generator import generator_script, run_script
from prisma_dynamic.models.partials import PartialRequest
from prisma_dynamic.models.relations import RelationList, RelationTarget
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.per_schema import PerSchema

__all__ = ["ModelRegistry", "Namespace", "declaring_registry", "registry_for"]

T = TypeVar("T")

# The registry whose partial type generator is running: `prisma_dynamic.models` names it meanwhile.
declaring_registry: ContextVar[ModelRegistry | None] = ContextVar("declaring_registry", default=None)


class Namespace(Generic[T]):
    """Attribute access to a family of classes (`registry.models.User`), built on first access."""

    __slots__ = ("_get", "_html", "_kind", "_names")

    def __init__(
        self,
        kind: str,
        names: Callable[[], Iterable[str]],
        get: Callable[[str], T | None],
        html: Callable[[], str] | None = None,
    ) -> None:
        self._kind = kind
        self._names = names
        self._get = get
        self._html = html

    def __getattr__(self, name: str) -> T:
        found = self._get(name)
        if found is None:
            raise AttributeError(f"The schema has no {self._kind} named {name!r}")
        return found

    def __getitem__(self, name: str) -> T:
        found = self._get(name)
        if found is None:
            raise KeyError(name)
        return found

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in set(self._names())

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names()))

    def __dir__(self) -> list[str]:
        return list(self._names())

    def __repr__(self) -> str:
        return f"<{self._kind}s: {', '.join(self._names())}>"

    def _repr_html_(self) -> str | None:
        # None tells Jupyter to fall back to the text repr.
        return self._html() if self._html is not None else None


class ModelRegistry:
    """Every run-time class of one schema: `.models`, `.enums`, `.bases`, `.partials`."""

    def __init__(self, schema: ir.Schema) -> None:
        self.schema = schema
        self._lock = threading.RLock()
        self._models: dict[str, type[PrismaModel]] = {}
        self._bases: dict[str, type[PrismaModel]] = {}
        self._enums: dict[str, type[PrismaEnum]] = {}
        self._composites: dict[str, type[PrismaComposite]] = {}
        self._partials: dict[str, type[PrismaModel]] = {}
        # name -> (model, request) of every partial created, in creation order (the stubs' source)
        self._partial_requests: dict[str, tuple[str, PartialRequest]] = {}
        self._generator_ran = False
        self._targets: dict[tuple[type[PrismaModel], str], type[PrismaModel]] = {}
        self._views: dict[tuple[type[PrismaModel], frozenset[str]], type[PrismaModel]] = {}
        self._counted: dict[type[PrismaModel], type[PrismaModel]] = {}
        self._element_type = scalar_element_type(self.enum_class, self.composite_class)
        self.models: Namespace[type[Any]] = Namespace(
            "model", self._model_names, self._get_model_or_type, html=lambda: schema_html(schema)
        )
        self.enums: Namespace[type[PrismaEnum]] = Namespace(
            "enum", lambda: [e.name for e in schema.enums], self._get_enum
        )
        self.bases: Namespace[type[PrismaModel]] = Namespace(
            "base class", lambda: [f"Base{m.name}" for m in schema.models], self._get_base
        )
        self.partials: Namespace[type[PrismaModel]] = Namespace("partial", lambda: list(self._partials), self._partial)

    # ---- enums and composite types ------------------------------------------------------------
    def enum_class(self, name: str) -> type[PrismaEnum]:
        cls = self._enums.get(name)
        if cls is None:
            with self._lock:
                cls = self._enums.get(name)
                if cls is None:
                    definition = self.schema.enum(name)
                    cls = PrismaEnum(  # type: ignore[call-overload]
                        name, [(v.name, v.name) for v in definition.values], module="prisma_dynamic.enums"
                    )
                    cls.__doc__ = definition.documentation
                    self._enums[name] = cls
        return cls

    def composite_class(self, name: str) -> type[PrismaComposite]:
        cls = self._composites.get(name)
        if cls is None:
            with self._lock:
                cls = self._composites.get(name)
                if cls is None:
                    definition = self.schema.composite_type(name)
                    specs = [FieldSpec(f, f.is_required) for f in definition.fields if not f.is_ignored]
                    cls = build_class(name, PrismaComposite, specs, self._element_type, definition.documentation)
                    self._composites[name] = cls
        return cls

    # ---- models -------------------------------------------------------------------------------
    def base_class(self, model: str) -> type[PrismaModel]:
        """`Base<M>`: no fields, the model name and `prisma()`; every class of the model derives from it."""
        cls = self._bases.get(model)
        if cls is None:
            with self._lock:
                cls = self._bases.get(model)
                if cls is None:
                    self.schema.model(model)  # KeyError for an unknown model, before a class exists
                    cls = type(
                        f"Base{model}",
                        (PrismaModel,),
                        {"__module__": "prisma_dynamic.bases", "__prisma_model__": model, "__prisma_registry__": self},
                    )
                    self._bases[model] = cls
        return cls

    def model_class(self, model: str) -> type[PrismaModel]:
        cls = self._models.get(model)
        if cls is None:
            with self._lock:
                cls = self._models.get(model)
                if cls is None:
                    definition = self.schema.model(model)
                    specs = [
                        FieldSpec(f, f.is_required and f.kind != "relation", self._target(f.type))
                        if f.is_relation
                        else FieldSpec(f, f.is_required)
                        for f in _visible_fields(definition)
                    ]
                    cls = build_class(
                        model, self.base_class(model), specs, self._element_type, definition.documentation
                    )
                    self._models[model] = cls
        return cls

    def relation_target(self, cls: type[PrismaModel], field: str) -> type[PrismaModel]:
        """The class records of relation `field` are parsed into for instances of `cls`."""
        key = (cls, field)
        target = self._targets.get(key)
        if target is None:
            target = self._targets[key] = self._find_relation_target(cls, field)
        return target

    def _find_relation_target(self, cls: type[PrismaModel], field: str) -> type[PrismaModel]:
        info = cls.model_fields.get(field)
        if info is not None:
            for item in [*info.metadata, *_metadata_chain(info.annotation)]:
                if isinstance(item, RelationList):
                    item = item.item
                if isinstance(item, RelationTarget):
                    resolved: type[PrismaModel] = item.resolve()
                    return resolved
            for candidate in _classes_in(info.annotation):
                if issubclass(candidate, PrismaModel):
                    return candidate
        return self.model_class(self.schema.model(cls.__prisma_model__).field(field).type)

    def _target(self, model: str, partial: str | None = None) -> RelationTarget:
        if partial is None:
            return RelationTarget(lambda: self.model_class(model), lambda: self.base_class(model))
        return RelationTarget(lambda: self._partials[partial], lambda: self.base_class(model))

    # ---- partials and selected views ----------------------------------------------------------
    def _partial(self, name: str) -> type[PrismaModel] | None:
        cls = self._partials.get(name)
        if cls is None:
            self.run_partial_generator()
            cls = self._partials.get(name)
        return cls

    def run_partial_generator(self) -> None:
        """Create the partials the project's partial type generator declares (once per registry;
        `prisma_dynamic.models.partial_generator`)."""
        with self._lock:
            if self._generator_ran:
                return
            self._generator_ran = True
            script = generator_script(self.schema)
            if script is not None:
                token = declaring_registry.set(self)
                try:
                    run_script(script)
                finally:
                    declaring_registry.reset(token)

    def declared_partials(self) -> list[tuple[str, str, PartialRequest]]:
        """(name, model, request) of every partial, the generator's included, in creation order."""
        self.run_partial_generator()
        return [(name, model, request) for name, (model, request) in self._partial_requests.items()]

    def create_partial(self, model: str, name: str, **options: Any) -> type[PrismaModel]:
        definition = self.schema.model(model)
        with self._lock:
            request = PartialRequest.check(definition, name, self._partials, **options)
            specs = []
            for field in _visible_fields(definition):
                if field.name not in request.fields:
                    continue
                required = request.is_required(field)
                if field.is_relation:
                    target_partial = request.relations.get(field.name)
                    specs.append(FieldSpec(field, required, self._target(field.type, target_partial)))
                else:
                    specs.append(FieldSpec(field, required))
            cls = build_class(name, self.base_class(model), specs, self._element_type, definition.documentation)
            self._partials[name] = cls
            self._partial_requests[name] = (model, request)
        return cls

    def view(self, cls: type[PrismaModel], selected: frozenset[str]) -> type[PrismaModel]:
        """The class of a record read with `select=` / `omit=`: `cls` without the fields that were
        not read. Each is re-declared as a ClassVar, which pydantic takes as "no field here", so
        the record is still a `cls` (methods of a user class included) but a field that was not
        read is absent: not an attribute, not in `model_dump()`, not in JSON or the JSON schema
        (an omitted password hash cannot leak)."""
        key = (cls, selected)
        view = self._views.get(key)
        if view is None:
            with self._lock:
                view = self._views.get(key)
                if view is None:
                    namespace = {
                        "__annotations__": {n: ClassVar[Any] for n in cls.model_fields if n not in selected},
                        "__module__": cls.__module__,
                        "__qualname__": cls.__qualname__,
                        "__doc__": cls.__doc__,
                    }
                    view = type(cls.__name__, (cls,), namespace)
                    self._views[key] = view
        return view

    def counted(self, cls: type[PrismaModel]) -> type[PrismaModel]:
        """`cls` for records read with `_count` in include/select: the relation counts are kept
        in `_count` and dumped under that key, as Prisma returns them."""
        view = self._counted.get(cls)
        if view is None:
            with self._lock:
                view = self._counted.get(cls)
                if view is None:
                    view = type(
                        cls.__name__, (cls, CountedModel), {"__module__": cls.__module__, "__doc__": cls.__doc__}
                    )
                    self._counted[cls] = view
        return view

    # ---- namespaces ---------------------------------------------------------------------------
    def _model_names(self) -> list[str]:
        return [m.name for m in self.schema.models] + [t.name for t in self.schema.composite_types]

    def _get_model_or_type(self, name: str) -> type[Any] | None:
        if self.schema.get_model(name) is not None:
            return self.model_class(name)
        if any(t.name == name for t in self.schema.composite_types):
            return self.composite_class(name)
        return None

    def _get_enum(self, name: str) -> type[PrismaEnum] | None:
        return self.enum_class(name) if self.schema.get_enum(name) is not None else None

    def _get_base(self, name: str) -> type[PrismaModel] | None:
        model = name.removeprefix("Base")
        if name.startswith("Base") and self.schema.get_model(model) is not None:
            return self.base_class(model)
        return None


def _visible_fields(model: ir.Model) -> list[ir.Field]:
    return [f for f in model.fields if not f.is_ignored and f.kind != "unsupported"]


def _metadata_chain(annotation: Any) -> Iterator[Any]:
    """Every `Annotated` metadata item inside an annotation such as `Optional[list[Annotated[...]]]`."""
    if annotation is None:
        return
    yield from getattr(annotation, "__metadata__", ())
    for argument in getattr(annotation, "__args__", ()):
        yield from _metadata_chain(argument)


def _classes_in(annotation: Any) -> Iterator[type[Any]]:
    """The classes named inside an annotation written by a user, e.g. `Optional[list[MyPost]]`."""
    if isinstance(annotation, type):
        yield annotation
    for argument in getattr(annotation, "__args__", ()):
        yield from _classes_in(argument)


# The one registry of a schema object (schemas are frozen and cached by `load_schema`).
registry_for: PerSchema[ModelRegistry] = PerSchema(ModelRegistry)
