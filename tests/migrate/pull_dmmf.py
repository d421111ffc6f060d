"""The DMMF of a schema with what introspection cannot know taken out, so that a schema and the
schema `db pull` writes for the database `db push` made from it compare equal.

docs/migrations.md ("db pull") lists these differences with their reasons:

- names: a model is named after its table, a field after its column, an enum and its values after
  their database names, so everything is keyed by database name (`@@map`/`@map` disappear);
  compound id/unique `name:` arguments, relation names and relation field names are Prisma's own;
- order: models and enums come sorted by table name; relation fields (back-relations included)
  are compared as a set, since they follow the scalar fields in a pulled model;
- what lives only in the schema: `///` docs, `@updatedAt`, `@ignore`/`@@ignore`, client-side
  defaults (`uuid()`, `cuid()`, `nanoid()`, `ulid()`), `@db.X` where X is the type's default, a
  referential action written out that is the default anyway;
- views are not tables, so they are not pulled.
"""

from __future__ import annotations

import json
from typing import Any

from prisma_dynamic.dialects import dialect_for
from prisma_dynamic.migrate.backend import backend_for
from prisma_dynamic.migrate.introspect import default_native_type
from prisma_dynamic.schema import ir, naming
from prisma_dynamic.schema.dmmf import to_dmmf

_CLIENT_DEFAULTS = ("uuid", "cuid", "nanoid", "ulid")
_FRACTIONAL_TYPES = ("DateTime", "Timestamp", "Time")


def _json_document(text: str) -> Any:
    """A Json default as a document: jsonb stores it parsed (keys reordered, spaces dropped)."""
    try:
        return {"json": json.loads(text)}
    except ValueError:
        return text


def _enum_key(enum: ir.Enum, inline: bool) -> str:
    return "enum(" + ",".join(v.db_name for v in enum.values) + ")" if inline else enum.db_name


def enums_are_text(schema: ir.Schema) -> bool:
    """Whether the database stores the schema's enums as plain text (SQLite), so none are pulled."""
    dialect = dialect_for(schema.provider)
    return all(dialect.enum_column_type(e) == dialect.scalar_types["String"] for e in schema.enums)


def ignored_tables(schema: ir.Schema) -> set[str]:
    """The tables of `@@ignore`d models, which the client (and so the DMMF) leaves out."""
    return {m.db_name for m in schema.models if m.is_ignored}


def comparable(schema: ir.Schema, skip_tables: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    backend = backend_for(dialect_for(schema.provider))
    dmmf = to_dmmf(schema)
    tables = {m.name: m for m in schema.models if not m.is_view and m.db_name not in skip_tables}
    enums = {e.name: e for e in schema.enums}
    text_enums = enums_are_text(schema)
    # MySQL spells an enum inside each column type: introspection names it after the column.
    inline_enums = not text_enums and not backend.dialect.supports_native_enums
    foreign_keys = schema.datasource is None or schema.datasource.relation_mode == "foreignKeys"

    def model_key(name: str) -> str:
        return tables[name].db_name

    def column(model: str, field: str) -> str:
        return tables[model].field(field).db_name

    def enum_value(enum: str, value: str) -> str:
        for v in enums[enum].values:
            if v.name == value:
                return v.db_name
        return value

    models: dict[str, Any] = {}
    for entry in dmmf["models"]:
        if entry["name"] not in tables:
            continue
        model = tables[entry["name"]]
        scalars, relations = [], []
        for f in entry["fields"]:
            if f["kind"] == "object":
                if not foreign_keys or tables.get(f["type"]) is None:
                    continue
                relation = schema.relation_of(model.name, f["name"])
                from_fields = f["relationFromFields"]
                # A relation is optional exactly when a foreign-key column is, and one-to-one exactly
                # when the foreign key is unique: the database knows no more.
                required, is_list = f["isRequired"], f["isList"]
                if from_fields:
                    required = all(model.field(x).is_required for x in from_fields)
                elif relation.kind != "many_to_many":
                    holder = tables[relation.referencing.model]
                    unique = set(relation.fields) in [set(c) for c in holder.unique_criteria()]
                    required, is_list = (False, False) if unique else (True, True)
                relations.append(
                    json.dumps(
                        {
                            "type": model_key(f["type"]),
                            "isList": is_list,
                            "isRequired": required,
                            "from": [column(model.name, x) for x in f["relationFromFields"]],
                            "to": [column(f["type"], x) for x in f["relationToFields"]],
                            "onDelete": relation.on_delete if f["relationFromFields"] else None,
                            "onUpdate": relation.on_update if f["relationFromFields"] else None,
                        },
                        sort_keys=True,
                    )
                )
                continue
            field = model.field(f["name"])
            default = f.get("default")
            if isinstance(default, dict) and default["name"] in _CLIENT_DEFAULTS:
                default = None
            if isinstance(default, dict) and default["name"] == "dbgenerated":
                # The expression as the database prints it back: compared without case and spaces;
                # `dbgenerated()` without one leaves the column without a default.
                expression = "".join("".join(str(a).lower().split()) for a in default["args"])
                while expression.startswith("(") and expression.endswith(")"):
                    expression = expression[1:-1]
                default = {"name": "dbgenerated", "args": [expression]} if expression else None
            if f["type"] == "Json" and isinstance(default, str):
                default = _json_document(default)
            if f["kind"] == "enum" and default is not None:
                default = (
                    [enum_value(f["type"], v) for v in default]
                    if isinstance(default, list)
                    else enum_value(f["type"], default)
                )
            kind, type_name = f["kind"], f["type"]
            if kind == "enum" and text_enums:
                # Stored as text where the database has no enum type (SQLite): pulled as String.
                kind, type_name = "scalar", "String"
            if (
                default is None
                and f["isId"]
                and f["type"] == "Int"
                and backend.dialect.integer_primary_key_autoincrements
                and model.primary_key is not None
                and len(model.primary_key.fields) == 1
            ):
                # An `Int @id` is the rowid, which autoincrements: introspection says so.
                default = {"name": "autoincrement", "args": []}
            native = f["nativeType"]
            if native is not None and native[1] == ["0"] and native[0] in _FRACTIONAL_TYPES:
                native = [native[0], []]  # no fractional digits is what no argument means (MySQL)
            default_type = default_native_type(backend, f["type"]) if field.kind == "scalar" else None
            if native is not None and default_type == (native[0], tuple(native[1])):
                native = None
            scalars.append(
                {
                    "column": field.db_name,
                    "kind": kind,
                    "isList": f["isList"],
                    "isRequired": f["isRequired"],
                    "isUnique": f["isUnique"],
                    "isId": f["isId"],
                    "isReadOnly": f["isReadOnly"] and foreign_keys,
                    "type": _enum_key(enums[type_name], inline_enums) if kind == "enum" else type_name,
                    "nativeType": native,
                    "default": default,
                }
            )
        key = model.primary_key
        models[model.db_name] = {
            "scalars": scalars,
            "relations": sorted(relations),
            "primaryKey": [column(model.name, n) for n in key.field_names] if key is not None else None,
        }
    connector = backend.dialect.connector

    def index_name(entry: dict[str, Any]) -> str | None:
        """The constraint's name in the database: `map:`, or the one Prisma derives."""
        if entry.get("dbName"):
            return str(entry["dbName"])
        table = model_key(entry["model"])
        columns = [column(entry["model"], f["name"]) for f in entry["fields"]]
        limit = connector.max_identifier_length
        if entry["type"] == "id":
            return naming.primary_key_name(table, limit) if connector.names_primary_keys else None
        if entry["type"] == "unique":
            return naming.unique_index_name(table, columns, limit)
        return naming.index_name(table, columns, limit)

    indexes = sorted(
        json.dumps(
            {
                "model": model_key(i["model"]),
                "type": i["type"],
                "dbName": index_name(i),
                # Operator classes are not pulled: PostgreSQL reports one for every index column,
                # and the catalog does not say which are the column type's default.
                # `sort: Asc` is the default order, which the database does not record.
                "fields": [
                    {
                        k: v
                        for k, v in {**f, "name": column(i["model"], f["name"])}.items()
                        if k != "operatorClass" and (k, v) != ("sortOrder", "asc")
                    }
                    for f in i["fields"]
                ],
            },
            sort_keys=True,
        )
        for i in dmmf["indexes"]
        if i["model"] in tables
    )
    return {
        "models": models,
        "enums": {}
        if text_enums or inline_enums
        else {enums[e["name"]].db_name: [v.get("dbName") or v["name"] for v in e["values"]] for e in dmmf["enums"]},
        "indexes": indexes,
    }
