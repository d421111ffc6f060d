"""The IR as Prisma's DMMF datamodel (`models`, `enums`, `types`, `indexes`).

A debugging view for users and the way our tests hold the resolver to Prisma's own parser: the
keys, their order and their quirks follow `prisma-schema-wasm`'s `get_dmmf`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from prisma_dynamic.schema import ir, rfc3339

JsonObject = dict[str, Any]


def to_dmmf(schema: ir.Schema) -> JsonObject:
    models = [m for m in schema.models if not m.is_ignored]
    return {
        "enums": [_enum(e) for e in schema.enums],
        "models": [_model(schema, m) for m in models],
        "types": [_composite(schema, t) for t in schema.composite_types],
        "indexes": [index for m in models for index in _indexes(m)],
    }


def _enum(enum: ir.Enum) -> JsonObject:
    result: JsonObject = {
        "name": enum.name,
        "values": [
            {"name": v.name, "dbName": v.db_name if v.mapped else None} | _doc(v.documentation) for v in enum.values
        ],
        "dbName": enum.db_name if enum.mapped else None,
    }
    return result | _doc(enum.documentation)


def _doc(documentation: str | None) -> JsonObject:
    return {"documentation": documentation} if documentation is not None else {}


def _model(schema: ir.Schema, model: ir.Model) -> JsonObject:
    result: JsonObject = {
        "name": model.name,
        "dbName": model.db_name if model.mapped else None,
        "schema": model.schema,
        "fields": [_field(schema, model, f, composite=False) for f in model.fields if not f.is_ignored],
        "primaryKey": _primary_key(model.primary_key),
        "uniqueFields": [list(i.field_names) for i in model.unique_indexes if not i.defined_on_field],
        "uniqueIndexes": [
            {"name": i.name, "fields": list(i.field_names)} for i in model.unique_indexes if not i.defined_on_field
        ],
        "isGenerated": False,
    }
    return result | _doc(model.documentation)


def _composite(schema: ir.Schema, composite: ir.CompositeType) -> JsonObject:
    return {
        "name": composite.name,
        "dbName": None,
        "schema": None,
        "fields": [_field(schema, None, f, composite=True) for f in composite.fields if not f.is_ignored],
        "primaryKey": None,
        "uniqueFields": [],
        "uniqueIndexes": [],
    }


def _primary_key(key: ir.PrimaryKey | None) -> JsonObject | None:
    if key is None or key.defined_on_field:
        return None
    return {"name": key.name, "fields": list(key.field_names)}


_KINDS = {"scalar": "scalar", "enum": "enum", "composite": "object", "relation": "object", "unsupported": "unsupported"}


def _field(schema: ir.Schema, model: ir.Model | None, f: ir.Field, *, composite: bool) -> JsonObject:
    result: JsonObject = {"name": f.name}
    if f.mapped:
        result["dbName"] = f.db_name
    result |= {
        "kind": _KINDS[f.kind],
        "isList": f.is_list,
        "isRequired": f.is_required,
        "isUnique": _is_unique(model, f),
        "isId": f.is_id,
        "isReadOnly": f.is_read_only,
        "hasDefaultValue": f.default is not None,
        "type": f.type,
        "nativeType": [f.native_type.name, list(f.native_type.args)] if f.native_type else None,
    }
    if f.default is not None:
        result["default"] = _default(f.default, f)
    if f.kind == "relation" and model is not None:
        attribute = f.relation or ir.RelationAttribute()
        result["relationName"] = f.relation_name
        result["relationFromFields"] = list(attribute.fields)
        result["relationToFields"] = list(attribute.references)
        if attribute.on_delete is not None:
            result["relationOnDelete"] = attribute.on_delete
        if attribute.on_update is not None:
            result["relationOnUpdate"] = attribute.on_update
    if not composite:
        result["isGenerated"] = False
        result["isUpdatedAt"] = f.is_updated_at
    return result | _doc(f.documentation)


def _default(default: ir.DefaultValue, f: ir.Field) -> Any:
    if default.function is not None:
        return {"name": default.function.name, "args": list(default.function.args)}
    return _literal(default.value, f)


def _literal(value: ir.LiteralValue | None, f: ir.Field) -> Any:
    if isinstance(value, tuple):
        return [_literal(v, f) for v in value]
    if isinstance(value, ir.EnumValueRef):
        return value.name
    if isinstance(value, Decimal):
        # Prisma prints a Decimal default as a JSON number computed as mantissa * 10^-scale in
        # binary floating point, so 22.99 shows as 22.990000000000002 and 0.00 as 0.
        sign, digits, exponent = value.as_tuple()
        mantissa = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
        if not isinstance(exponent, int) or exponent >= 0:
            return int(value)
        number = mantissa * 10.0**exponent
        return int(number) if number.is_integer() else number
    if f.type == "BigInt" and isinstance(value, int):
        return str(value)  # a BigInt default is a string, to survive JavaScript numbers
    if f.type == "DateTime" and isinstance(value, str):
        return rfc3339.parse(value).canonical()  # checked by the resolver; shown as chrono prints it
    return value


def _indexes(model: ir.Model) -> list[JsonObject]:
    entries: list[JsonObject] = []
    if model.primary_key is not None:
        key = model.primary_key
        entry: JsonObject = {"model": model.name, "type": "id", "isDefinedOnField": key.defined_on_field}
        if key.name is not None:
            entry["name"] = key.name
        if key.map is not None:
            entry["dbName"] = key.map
        if key.clustered is not None:
            entry["clustered"] = key.clustered
        entry["fields"] = [_index_field(f) for f in key.fields]
        entries.append(entry)
    for index in model.indexes:
        entry = {"model": model.name, "type": index.kind, "isDefinedOnField": index.defined_on_field}
        if index.name is not None:
            entry["name"] = index.name
        if index.map is not None:
            entry["dbName"] = index.map
        if index.algorithm is not None:
            entry["algorithm"] = index.algorithm
        if index.clustered is not None:
            entry["clustered"] = index.clustered
        entry["fields"] = [_index_field(f) for f in index.fields]
        entries.append(entry)
    return entries


def _index_field(f: ir.IndexField) -> JsonObject:
    entry: JsonObject = {"name": f.name}
    if f.sort is not None:
        entry["sortOrder"] = f.sort.lower()
    if f.length is not None:
        entry["length"] = f.length
    if f.operator_class is not None:
        entry["operatorClass"] = f.operator_class
    return entry


def _is_unique(model: ir.Model | None, f: ir.Field) -> bool:
    """Prisma marks a field unique for `@unique` or a one-field `@@unique`, but not an id."""
    if f.is_id or model is None:
        return False
    return any(index.field_names == (f.name,) for index in model.unique_indexes)
