"""Arguments checked against the query schema and written with Prisma's names.

The query schema (`prisma_dynamic/schema/query_schema`) says what each argument of each operation
may hold: its input types, which of them are lists, whether it may be null, which keys an input
object has, which are required, and the constraints of where-unique inputs (at least one unique
criterion), of order-by inputs (at most one key) and of update operations (exactly one). This
module walks a Python value along those types. It is the only place that decides what is
accepted; the rest of the protocol package only assembles requests and encodes values.

A value is matched to the types of its input field by its shape: a dict to an input object type
(several: the ones whose keys it uses, tried in order), a list to a list type, a `FieldRef` to a
field-reference type, anything else to a scalar or enum type. Keys are written in the Python
spelling (`query_schema.spelling`) and sent in Prisma's.

Everything derived from a type (its keys by spelling, its required keys, a field's types sorted by
shape) is computed once per query schema and kept, so a query costs dictionary look-ups. The input
types themselves are built on first use (`query_schema.on_demand`): a query on a large schema
does not wait for the thousands of types it does not name.
"""

from __future__ import annotations

import datetime
import decimal
import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import Any, NoReturn

from prisma_dynamic.errors import QueryMissingValueError, QueryValidationError
from prisma_dynamic.fields import AnyNull, FieldRef, JsonNullSentinel
from prisma_dynamic.protocol.problems import conflict, describe, fail, join, missing, unknown_key
from prisma_dynamic.protocol.values import encode_scalar, kept_as_given, scalar_encoder, tag_enum
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.connectors import connector_of
from prisma_dynamic.schema.query_schema.on_demand import on_demand_query_schema
from prisma_dynamic.schema.query_schema.spelling import python_spelling
from prisma_dynamic.schema.query_schema.types import (
    Constraints,
    InputField,
    InputObjectType,
    OutputObjectType,
    TypeRef,
)

__all__ = ["Inputs", "Operation"]

_LISTS = (list, tuple)
_SEQUENCES = (list, tuple, set, frozenset)
# The keys the query schema has only with full-text search: refused, they name what turns it on.
_FULL_TEXT_KEYS = frozenset({"search", "_relevance"})
# Plain values, which only a scalar or enum type can take.
_ATOMS = frozenset({str, int, float, bool, datetime.datetime, decimal.Decimal, bytes})
_NONE = type(None)


@dataclass(frozen=True, slots=True)
class _Object:
    """One input object type, indexed by the Python spelling of its keys."""

    type: InputObjectType
    by_key: Mapping[str, InputField]
    keys: frozenset[str]
    required: tuple[str, ...]
    criteria: frozenset[str] | None  # a where-unique input's unique criteria (Python spelling)
    model: str | None  # the model its field references name (`meta.source`)
    constrained: bool  # has required keys or constraints to check
    most: int | None  # constraints.max_num_fields
    least: int | None  # constraints.min_num_fields

    @property
    def name(self) -> str:
        return self.type.name


@dataclass(frozen=True, slots=True)
class Operation:
    """The arguments of one model action (its Query or Mutation field)."""

    by_python: Mapping[str, tuple[str, InputField]]  # delegate argument -> (Prisma name, field)
    required: tuple[str, ...]  # Prisma names

    @staticmethod
    def of(arguments: Iterable[InputField]) -> Operation:
        fields = tuple(arguments)
        return Operation(
            {python_spelling(f.name, "argument"): (f.name, f) for f in fields},
            tuple(f.name for f in fields if f.is_required),
        )


@dataclass(frozen=True, slots=True)
class _Accepts:
    """The types one input field's value may have, sorted by the Python shape that selects them."""

    objects: tuple[str, ...]
    object_lists: tuple[str, ...]
    scalars: tuple[str, ...]
    scalar_lists: tuple[str, ...]
    enums: tuple[TypeRef, ...]  # schema and Prisma enums, not the Json null ones
    enum_lists: tuple[TypeRef, ...]
    field_refs: tuple[str, ...]
    json_nulls: frozenset[str] | None  # the values of its Json-null enum (`JsonNull`, `DbNull`, ...)
    encode: Callable[[Any, str], Any] | None  # the encoder of the one scalar type, if just one
    direct: Callable[[Any, str], Any] | None  # `encode`, when no enum type could take a plain value too
    nullable: bool
    text: str  # for messages: "StringFilter | String | null", "SortOrder (asc, desc)"


def _accepts(field: InputField, values_of: Callable[[str], frozenset[str]]) -> _Accepts:
    objects: list[str] = []
    object_lists: list[str] = []
    scalars: list[str] = []
    scalar_lists: list[str] = []
    enums: list[TypeRef] = []
    enum_lists: list[TypeRef] = []
    field_refs: list[str] = []
    json_nulls: frozenset[str] | None = None
    for ref in field.input_types:
        if ref.location == "inputObjectTypes":
            (object_lists if ref.is_list else objects).append(ref.type)
        elif ref.location == "scalar":
            (scalar_lists if ref.is_list else scalars).append(ref.type)
        elif ref.location == "enumTypes" and "JsonNull" in values_of(ref.type):
            json_nulls = values_of(ref.type)  # only the sentinels: a string "JsonNull" is a JSON string
        elif ref.location == "enumTypes":
            (enum_lists if ref.is_list else enums).append(ref)
        else:
            field_refs.append(ref.type)
    names = [f"{r.type}[]" if r.is_list else r.type for r in field.input_types]
    if len(names) == 1 and field.input_types[0].location == "enumTypes":
        names[0] += f" ({', '.join(sorted(values_of(field.input_types[0].type)))})"
    if field.is_nullable:
        names.append("null")
    return _Accepts(
        tuple(objects),
        tuple(object_lists),
        tuple(scalars),
        tuple(scalar_lists),
        tuple(enums),
        tuple(enum_lists),
        tuple(field_refs),
        json_nulls,
        scalar_encoder(scalars[0]) if len(scalars) == 1 else None,
        scalar_encoder(scalars[0]) if len(scalars) == 1 and not enums else None,
        field.is_nullable,
        " | ".join(names),
    )


def _object(input_type: InputObjectType) -> _Object:
    by_key = {python_spelling(f.name): f for f in input_type.fields}
    constraints = input_type.constraints
    source = input_type.meta.get("source") if input_type.meta is not None else None
    required = tuple(key for key, f in by_key.items() if f.is_required)
    return _Object(
        input_type,
        by_key,
        frozenset(by_key),
        required,
        frozenset(python_spelling(c) for c in constraints.fields) if constraints.fields is not None else None,
        source if isinstance(source, str) else None,
        bool(required) or constraints != Constraints(),
        constraints.max_num_fields,
        constraints.min_num_fields,
    )


class Inputs:
    """The input side of one schema's query schema, read for validation."""

    def __init__(self, schema: ir.Schema) -> None:
        self.schema = schema
        self.connector = connector_of(schema.provider)
        self._query_schema = query_schema = on_demand_query_schema(schema)
        self._outputs: Mapping[str, OutputObjectType] = query_schema.outputs
        self._actions = {ops.model: ops.actions for ops in query_schema.model_operations}
        roots = [self._outputs[name] for name in ("Query", "Mutation") if name in self._outputs]
        self._root_fields = {f.name: f for root in roots for f in root.fields}
        self._operations: dict[str, dict[str, Operation]] = {}  # model -> action -> its arguments
        self._enums: dict[str, frozenset[str]] = {}
        self._field_refs: dict[str, TypeRef] = {}
        self._objects: dict[str, _Object] = {}
        self._accepted: dict[int, tuple[InputField, _Accepts]] = {}  # id(field) -> (field kept alive, ...)
        self._relation_args: dict[tuple[str, str], dict[str, InputField]] = {}

    # ---- what the query schema offers ---------------------------------------------------------
    def operation(self, model: str, action: str) -> Operation | None:
        """The arguments of `action` on `model`, or None if the model lacks the action."""
        found = self._operations.get(model)
        if found is None:
            actions = self._actions.get(model)
            if actions is None:
                return None
            by_field = self._root_fields
            found = self._operations[model] = {
                action: Operation.of(by_field[name].args) for action, name in actions.items()
            }
        return found.get(action)

    def keys_of(self, name: str) -> frozenset[str]:
        """The keys an input object type takes, in Python spelling."""
        return self._object_of(name).keys

    def relation_arguments(self, model: str, field: str) -> Mapping[str, InputField]:
        """The arguments of a relation field of a model's output type (where, orderBy, ... of a
        to-many relation; none for a to-one relation), by Prisma name."""
        key = (model, field)
        found = self._relation_args.get(key)
        if found is None:
            output = self._outputs.get(model)
            found = {}
            if output is not None:
                for candidate in output.fields:
                    if candidate.name == field:
                        found = {arg.name: arg for arg in candidate.args}
            self._relation_args[key] = found
        return found

    def aggregate_fields(self, output: str, aggregate: str) -> tuple[str, ...] | None:
        """The fields `aggregate` (`_avg`, ...) of the output type `output` (`AggregateUser`,
        `UserGroupByOutputType`) may select; None when the model has no such aggregate."""
        found = self._outputs.get(output)
        for candidate in found.fields if found is not None else ():
            if candidate.name == aggregate:
                of = self._outputs[candidate.output_type.type]
                return tuple(f.name for f in of.fields)
        return None

    def output_fields(self, name: str) -> tuple[str, ...]:
        """The field names of an output type (none if there is no such type)."""
        found = self._outputs.get(name)
        return tuple(f.name for f in found.fields) if found is not None else ()

    # ---- walking a value ------------------------------------------------------------------------
    def value(self, given: Any, field: InputField, path: str, model: str | None) -> Any:
        """`given` checked against the types of `field` and written for the protocol."""
        accepts = self._accepts_of(field)
        if accepts.direct is not None and type(given) in _ATOMS:  # the common case first
            return accepts.direct(given, path)
        if given is None:
            if accepts.nullable:
                return None
            missing(path, f"None is not accepted here; expected {accepts.text}")
        if isinstance(given, dict):
            names = accepts.objects
            if len(names) == 1:
                obj = self._objects.get(names[0]) or self._object_of(names[0])
                return self._fields(given, obj, path, model)
            if names:
                return self._one_of(given, names, path, model)
            if "Json" in accepts.scalars:
                return encode_scalar("Json", given, path)
            fail(path, f"expected {accepts.text}, got dict")
        if isinstance(given, _SEQUENCES):
            if accepts.object_lists and isinstance(given, _LISTS):
                return self._list_of(given, accepts.object_lists, path, model)
            if accepts.scalar_lists:
                kind = accepts.scalar_lists[0]
                return [self._scalar_item(kind, item, join(path, i)) for i, item in enumerate(given)]
            if accepts.enum_lists:
                ref = accepts.enum_lists[0]
                return [self._enum(ref, item, join(path, i)) for i, item in enumerate(given)]
            if "Json" in accepts.scalars and isinstance(given, _LISTS):
                return encode_scalar("Json", given, path)
            fail(path, f"expected {accepts.text}, got {describe(given)}")
        if isinstance(given, FieldRef):
            return self._field_ref(given, accepts, path, model)
        if isinstance(given, JsonNullSentinel):
            return self._json_null(given, accepts, path)
        return self._plain(given, accepts, path)

    def _accepts_of(self, field: InputField) -> _Accepts:
        entry = self._accepted.get(id(field))
        if entry is None:
            entry = self._accepted[id(field)] = (field, _accepts(field, self._enum_values))
        return entry[1]

    def object(self, given: Any, type_name: str, path: str, model: str | None) -> dict[str, Any]:
        """A value of one input object type."""
        obj = self._object_of(type_name)
        if not isinstance(given, dict):
            fail(path, f"expected a dict ({type_name}), got {describe(given)}")
        return self._fields(given, obj, path, model)

    def _object_of(self, name: str) -> _Object:
        obj = self._objects.get(name)
        if obj is None:
            input_type = self._query_schema.input_type(name)
            if input_type is None:
                raise KeyError(f"no input object type {name!r} in the query schema")
            obj = self._objects[name] = _object(input_type)
        return obj

    def _enum_values(self, name: str) -> frozenset[str]:
        """The values of an enum the query schema names (none for a name it does not have)."""
        values = self._enums.get(name)
        if values is None:
            found = self._query_schema.enum(name)
            if found is None:
                return frozenset()
            values = self._enums[name] = frozenset(found.values)
        return values

    def _field_ref_type(self, name: str) -> TypeRef:
        """The type a field-reference type allows (`IntFieldRefInput`: Int)."""
        allowed = self._field_refs.get(name)
        if allowed is None:
            found = self._query_schema.field_ref(name)
            if found is None:
                raise KeyError(f"no field-reference type {name!r} in the query schema")
            allowed = self._field_refs[name] = found.allow_types[0]
        return allowed

    def _fields(self, given: dict[str, Any], obj: _Object, path: str, model: str | None) -> dict[str, Any]:
        if obj.model is not None:
            model = obj.model
        by_key = obj.by_key
        value = self.value
        prefix = f"{path}." if path else ""
        out: dict[str, Any] = {}
        for key, item in given.items():
            field = by_key.get(key)
            if field is None:
                self._unknown(obj, key, path)
            out[field.name] = value(item, field, prefix + key, model)
        if obj.constrained:
            self._constraints(given, obj, path, model)
        return out

    def _constraints(self, given: dict[str, Any], obj: _Object, path: str, model: str | None) -> None:
        """Required keys, a where-unique input's unique criteria, the number of keys."""
        for key in obj.required:
            if key not in given:
                missing(join(path, key), f"missing required field {key!r} of {obj.name}")
        criteria = obj.criteria
        if criteria is not None:
            for criterion in criteria:
                if given.get(criterion) is not None:
                    break
            else:
                fail(path, f"expected at least one unique criterion of {model}: {', '.join(sorted(criteria))}")
        count = len(given)
        most, least = obj.most, obj.least
        if (most is not None and count > most) or (least is not None and count < least):
            fail(path, f"{_how_many(least, most, count)} ({obj.name}: one of {', '.join(sorted(obj.keys))})")

    def _unknown(self, obj: _Object, key: Any, path: str) -> NoReturn:
        where = f"key of {obj.name} on {self.connector.display_name}"
        preview = self.connector.full_text_search_preview
        if key in _FULL_TEXT_KEYS and preview is not None and preview not in self.schema.preview_features:
            where += f" without the preview feature {preview!r}, which full-text search needs"
        unknown_key(join(path, key), key, where, obj.keys)

    def _one_of(self, given: dict[str, Any], names: tuple[str, ...], path: str, model: str | None) -> dict[str, Any]:
        """A dict where several input object types are accepted: the types that have all its keys,
        the first that takes it (a relation filter or a where input, a checked or unchecked create)."""
        if len(names) == 1:
            return self._fields(given, self._object_of(names[0]), path, model)
        objects = [self._object_of(name) for name in names]
        keys = given.keys()
        fitting = [obj for obj in objects if keys <= obj.keys]
        if not fitting:
            self._fits_none(keys, objects, path)
        if len(fitting) == 1:
            return self._fields(given, fitting[0], path, model)
        errors: list[QueryValidationError] = []
        for obj in fitting:
            try:
                return self._fields(given, obj, path, model)
            except QueryValidationError as error:
                errors.append(error)
        _raise_best(errors, fitting)

    def _fits_none(self, keys: Iterable[str], objects: list[_Object], path: str) -> NoReturn:
        """No type has every key: an unknown key, or keys of two types given together."""
        given = list(keys)
        best = max(objects, key=lambda obj: sum(key in obj.keys for key in given))
        stray = next(key for key in given if key not in best.keys)
        other = next((obj for obj in objects if stray in obj.keys), None)
        if other is None:
            self._unknown(best, stray, path)
        clash = next(key for key in given if key in best.keys and key not in other.keys)
        conflict(
            join(path, stray),
            f"{stray!r} cannot be given together with {clash!r}: the value is either a {best.name} "
            f"(with {clash!r}) or a {other.name} (with {stray!r}), not both",
        )

    def _list_of(self, given: Any, names: tuple[str, ...], path: str, model: str | None) -> list[Any]:
        """A list of input objects: every item of one type (Prisma types a list as `T[]`)."""
        if len(names) > 1:
            objects = [self._object_of(name) for name in names]
            fitting = [obj for obj in objects if all(isinstance(i, dict) and i.keys() <= obj.keys for i in given)]
            if not fitting:
                fits = [[obj.name for obj in objects if isinstance(i, dict) and i.keys() <= obj.keys] for i in given]
                if all(fits):
                    first = next(i for i, f in enumerate(fits) if fits[0] != f)
                    fail(
                        path,
                        f"the items of one list must all be of one type: item 0 is a {' or '.join(fits[0])}, "
                        f"item {first} a {' or '.join(fits[first])} (set relations the same way in every item: "
                        "through relation fields or through foreign keys)",
                    )
            errors: list[QueryValidationError] = []
            for obj in fitting or objects[:1]:
                try:
                    return [self.object(item, obj.name, join(path, i), model) for i, item in enumerate(given)]
                except QueryValidationError as error:
                    errors.append(error)
            _raise_best(errors, fitting or objects[:1])
        if len(given) > 1:
            rows = self._rows_at_once(given, self._object_of(names[0]), path, model)
            if rows is not None:
                return rows
        return [self.object(item, names[0], join(path, i), model) for i, item in enumerate(given)]

    def _rows_at_once(self, given: Any, obj: _Object, path: str, model: str | None) -> list[dict[str, Any]] | None:
        """Many items of one input object type (createMany's rows) checked column by column: when
        every item is a dict giving the same keys and each key's values are plain values its
        field's encoder takes directly (or None where it is nullable), the first item is checked
        the general way (unknown keys, required fields, how many keys) and each column encoded in
        one `map`, or not at all where its encoder keeps every value as given (`kept_as_given`:
        str, bool, an int within 32 bits, a finite float). None when any of that does not hold
        or a value is refused: then item by item, which names the item and key of the first
        error."""
        if obj.criteria is not None or set(map(type, given)) != {dict}:
            return None  # a unique criterion must be non-null item by item
        shapes = set(map(tuple, given))
        if len(shapes) != 1:
            return None
        (keys,) = shapes
        if not keys:
            return None
        self._fields(given[0], obj, join(path, 0), model)
        names: list[str] = []
        columns: list[list[Any]] = []
        as_given = True  # every value is sent as it was given, under its own key
        for key in keys:
            field = obj.by_key[key]
            accepts = self._accepts_of(field)
            column = list(map(itemgetter(key), given))
            kinds = set(map(type, column))
            nulls = _NONE in kinds
            if accepts.direct is None or not kinds - {_NONE} <= _ATOMS or (nulls and not accepts.nullable):
                return None
            encode = accepts.direct
            try:
                if not nulls and kept_as_given(encode, kinds, column):
                    columns.append(column)
                elif nulls:
                    columns.append([None if value is None else encode(value, path) for value in column])
                    as_given = False
                else:
                    columns.append(list(map(encode, column, repeat(path))))
                    as_given = False
            except QueryValidationError:
                return None
            names.append(field.name)
            as_given = as_given and field.name == key
        if as_given:
            return list(map(dict, given))  # a copy of each, as fast as a dict is copied
        return list(map(dict, map(zip, repeat(names), zip(*columns, strict=True))))

    def _scalar_item(self, kind: str, item: Any, path: str) -> Any:
        if item is None:
            missing(path, f"None is not accepted in a list of {kind}")
        return encode_scalar(kind, item, path)

    def _plain(self, given: Any, accepts: _Accepts, path: str) -> Any:
        """A value that is neither a dict nor a list: one of the scalar or enum types."""
        if accepts.enums and isinstance(given, (str, enum.Enum)):
            name = given.value if isinstance(given, enum.Enum) else given
            for ref in accepts.enums:
                if name in self._enum_values(ref.type):
                    return tag_enum(name) if ref.namespace == "model" else name
            if not accepts.scalars or isinstance(given, enum.Enum):
                return self._enum(accepts.enums[0], given, path)
        if accepts.encode is not None:
            return accepts.encode(given, path)
        scalars = accepts.scalars
        if not scalars:
            fail(path, f"expected {accepts.text}, got {describe(given)} {given!r}")
        for kind in scalars:
            try:
                return encode_scalar(kind, given, path)
            except QueryValidationError:
                continue
        fail(path, f"expected {accepts.text}, got {describe(given)}")

    def _enum(self, ref: TypeRef, given: Any, path: str) -> Any:
        name = given.value if isinstance(given, enum.Enum) else given
        values = self._enum_values(ref.type)
        if not isinstance(name, str) or name not in values:
            fail(path, f"expected one of {ref.type} ({', '.join(sorted(values))}), got {given!r}")
        return tag_enum(name) if ref.namespace == "model" else name

    def _json_null(self, given: JsonNullSentinel, accepts: _Accepts, path: str) -> Any:
        """`JsonNull`, `DbNull` or `AnyNull`: values of the Json null enums where the type has one."""
        values = accepts.json_nulls
        if values is None:
            fail(path, f"{given.name} is a Json null value; expected {accepts.text}")
        if given.name not in values:
            hint = " (AnyNull only matches in filters)" if given is AnyNull else ""
            fail(path, f"{given.name} is not accepted here{hint}; expected one of {', '.join(sorted(values))}")
        return tag_enum(given.name)

    def _field_ref(self, ref: FieldRef, accepts: _Accepts, path: str, model: str | None) -> Any:
        if not accepts.field_refs:
            fail(path, f"a field reference is not accepted here; expected {accepts.text}")
        if ref.model != model or model is None:
            fail(path, f"FieldRef({ref.model!r}, {ref.field!r}) must name a field of {model}, the filtered model")
        found = self.schema.get_model(model)
        other = found.get_field(ref.field) if found is not None else None
        if other is None or not other.is_scalar_like:
            names = [f.name for f in found.scalar_fields] if found is not None else []
            unknown_key(path, ref.field, f"field of {model} to reference", names)
        for name in accepts.field_refs:
            allowed = self._field_ref_type(name)
            is_enum = allowed.location == "enumTypes"
            if (allowed.type, allowed.is_list, is_enum) == (other.type, other.is_list, other.kind == "enum"):
                return {"$type": "FieldRef", "value": {"_ref": ref.field, "_container": model}}
        wanted = " | ".join(name.removesuffix("FieldRefInput") for name in accepts.field_refs)
        fail(
            path,
            f"FieldRef({ref.model!r}, {ref.field!r}) is a {other.type}{'[]' if other.is_list else ''} field; "
            f"a field of the same type is needed here ({wanted})",
        )


def _how_many(least: int | None, most: int | None, count: int) -> str:
    """Prisma's words for a count of fields outside an input type's constraints."""
    if least == most == 1:
        return f"Expected exactly one field to be present, got {count}"
    if most is not None and count > most:
        return f"Expected at most {most} field{'s' if most != 1 else ''} to be present, got {count}"
    return f"Expected at least {least} field{'s' if least != 1 else ''} to be present, got {count}"


def _raise_best(errors: list[QueryValidationError], objects: list[_Object]) -> NoReturn:
    """Several types were tried and each refused the value: the refusal that got furthest into it
    (the longest path); when each type misses a different required field, all of them."""
    texts = {(e.path, e.meta["query_validation_error"]) for e in errors}
    if len(texts) > 1 and all(isinstance(e, QueryMissingValueError) for e in errors):
        first = errors[0]
        text = "; or, as ".join(
            f"{obj.name}: {e.meta['query_validation_error']}" for obj, e in zip(objects, errors, strict=True)
        )
        raise QueryMissingValueError(f"as {text}", first.path)
    raise max(errors, key=lambda e: len(e.path or ""))
