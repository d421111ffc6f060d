"""The input types built so far, by name, in the order Prisma renders them.

Prisma declares each input object type with a lazy field list and renders the query schema
breadth first from the Query and Mutation arguments: a type is rendered when a rendered field
first refers to it, with the definition that reference carries. Types such as
`IntFieldUpdateOperationsInput` are declared by every model with an Int field, and their
`meta.grouping` is the model whose reference was rendered first. The registry keeps that rule:
`declare` returns a reference and keeps the definition for the type being built, `drain` builds
types in reference order, so every type is built once and shaped as Prisma shapes it.

`build` builds one type on demand instead, by name, from the definition its first built reference
carried (the client validating a query needs a few types of the thousands a large schema has): the
same definitions and the same step as `drain`, in another order, which only a shared type's
`meta.grouping` could tell (the first model to refer to it).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ParamSpec, TypeVar

from prisma_dynamic.schema.query_schema.types import (
    Constraints,
    EnumType,
    FieldRefType,
    InputField,
    InputObjectType,
    TypeRef,
)

FieldsBuilder = Callable[[], Iterable[InputField]]
_T = TypeVar("_T")
_P = ParamSpec("_P")
_Definition = tuple[str, FieldsBuilder, Constraints, "Mapping[str, Any] | None"]

_STRING = TypeRef("String", "scalar")
# Every field reference is `{_ref: <field name>, _container: <model name>}`.
_FIELD_REF_FIELDS = (
    InputField("_ref", (_STRING,), is_required=True),
    InputField("_container", (_STRING,), is_required=True),
)

NO_CONSTRAINTS = Constraints()
AT_MOST_ONE = Constraints(max_num_fields=1, min_num_fields=0)
EXACTLY_ONE = Constraints(max_num_fields=1, min_num_fields=1)


class InputRegistry:
    def __init__(self) -> None:
        self._rendered: set[str] = set()
        self._queue: deque[_Definition] = deque()
        self._fresh: dict[str, _Definition] = {}  # declared while building the current type
        self._memo: dict[tuple[object, ...], tuple[Any, tuple[_Definition, ...]]] = {}
        self._log: list[_Definition] = []
        self._refs: dict[TypeRef, tuple[TypeRef, TypeRef]] = {}
        self._object_refs: dict[str, TypeRef] = {}
        self._scanned: set[int] = set()  # ids of fields whose types are queued (fields are kept alive)
        self._waiting: dict[str, _Definition] = {}  # referenced, not built yet (`build`)
        self.objects: dict[str, InputObjectType] = {}  # in the order built
        self.enums: dict[str, EnumType] = {}
        self.field_refs: dict[str, FieldRefType] = {}

    def declare(
        self,
        name: str,
        fields: FieldsBuilder,
        *,
        constraints: Constraints = NO_CONSTRAINTS,
        meta: Mapping[str, Any] | None = None,
    ) -> TypeRef:
        """A reference to the input object type `name`, built later if the reference is used."""
        if name not in self._rendered:
            definition = (name, fields, constraints, meta)
            self._log.append(definition)
            self._fresh.setdefault(name, definition)
        # A known name is looked up here (45 000 declarations on civitai, 27 000 of them known).
        return self._object_refs.get(name) or self.object_ref(name)

    def object_ref(self, name: str) -> TypeRef:
        """A reference to the input object type `name` (one object per name)."""
        ref = self._object_refs.get(name)
        if ref is None:
            ref = self._object_refs[name] = TypeRef(name, "inputObjectTypes", namespace="prisma")
        return ref

    def memo(self, key: tuple[object, ...], build: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
        """What `build(*args, **kwargs)` makes (an input field, a model's fields), built on first
        use of `key`; a later use declares again the types the first one declared, so either use
        may be the one Prisma renders first. Fields are the same wherever they appear (a
        relation's nested `create` in every create input of its model), so each is built once.
        (The arguments are passed rather than closed over: 60 000 calls, most of them hits, would
        each make a closure.)"""
        found = self._memo.get(key)
        if found is None:
            start = len(self._log)
            built = build(*args, **kwargs)
            self._memo[key] = (built, tuple(self._log[start:]))
            return built
        built, declared = found
        if not declared:
            return built
        rendered = self._rendered
        pending = tuple([d for d in declared if d[0] not in rendered])
        if len(pending) < len(declared):  # a rendered type is never declared again: forget it
            self._memo[key] = (built, pending)
        self._log.extend(pending)
        fresh = self._fresh
        for definition in pending:
            fresh.setdefault(definition[0], definition)
        return built

    def add_roots(self, roots: Callable[[], Iterable[TypeRef]]) -> None:
        """Render the types `roots` refers to (the Query and Mutation arguments), in order."""
        self._fresh = {}
        self._log = []
        self._enqueue(roots())

    def drain(self) -> None:
        """Build every type the roots refer to, in Prisma's order, then drop what only the build needed."""
        queue = self._queue
        while queue:
            self._build(queue.popleft())
        self._release()

    def build(self, name: str) -> InputObjectType | None:
        """The input object type `name`, built now if it was not (None: no type built so far refers
        to it). Not thread-safe: the caller holds a lock."""
        found = self.objects.get(name)
        if found is not None:
            return found
        waiting = self._waiting
        waiting.update((definition[0], definition) for definition in self._queue)
        self._queue.clear()
        definition = waiting.pop(name, None)
        return None if definition is None else self._build(definition)

    def _build(self, definition: _Definition) -> InputObjectType:
        name, fields, constraints, meta = definition
        self._fresh = {}
        self._log = []
        built = tuple.__new__(InputObjectType, (name, tuple(fields()), constraints, meta))  # as `builder.field`
        self.objects[name] = built
        self._enqueue_fields(built.fields)
        return built

    def _release(self) -> None:
        """Drop what only the build needed. The definitions' field builders close over the builder
        that owns this registry, so keeping them would leave a cycle of some 100 000 objects for
        the cyclic collector to find; cleared, they go at once."""
        self._fresh = {}
        self._memo.clear()
        self._log = []
        self._scanned.clear()

    def _enqueue(self, refs: Iterable[TypeRef]) -> None:
        for ref in refs:
            if ref.location == "inputObjectTypes" and ref.type not in self._rendered:
                self._rendered.add(ref.type)
                self._queue.append(self._fresh[ref.type])

    def _enqueue_fields(self, fields: tuple[InputField, ...]) -> None:
        # A field shared by many types (see `memo`) queued its types the first time it was seen.
        # `_enqueue` inlined: this loop sees every field of every input type (300 000 on civitai).
        scanned, rendered, queue, fresh = self._scanned, self._rendered, self._queue, self._fresh
        if scanned.issuperset(map(id, fields)):  # a type of shared fields only (a third of them), checked in C
            return
        for input_field in fields:
            key = id(input_field)
            if key in scanned:
                continue
            scanned.add(key)
            for ref in input_field.input_types:
                if ref.location == "inputObjectTypes" and ref.type not in rendered:
                    rendered.add(ref.type)
                    queue.append(fresh[ref.type])

    def enum(self, name: str, values: Iterable[str], *, is_list: bool = False) -> TypeRef:
        """A `prisma`-namespace enum the inputs use (SortOrder, QueryMode, ...)."""
        if name not in self.enums:
            self.enums[name] = EnumType(name, tuple(values))
        return TypeRef(name, "enumTypes", is_list=is_list, namespace="prisma")

    def field_ref(self, allowed: TypeRef) -> TypeRef:
        """`<Type>FieldRefInput`: a reference to another field of the same type, where Prisma
        accepts one in place of a value (`List` prefixed for a list, `Enum` for an enum)."""
        base = f"Enum{allowed.type}" if allowed.location == "enumTypes" else allowed.type
        name = f"{'List' if allowed.is_list else ''}{base}FieldRefInput"
        if name not in self.field_refs:
            self.field_refs[name] = FieldRefType(name, (allowed,), _FIELD_REF_FIELDS)
        return TypeRef(name, "fieldRefTypes", namespace="prisma")

    def with_field_ref(self, typ: TypeRef) -> tuple[TypeRef, TypeRef]:
        pair = self._refs.get(typ)
        if pair is None:
            pair = self._refs[typ] = (typ, self.field_ref(typ))
        return pair
