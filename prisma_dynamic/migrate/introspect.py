"""A live catalog written back as Prisma schema text, as Prisma's introspection writes it (`db pull`).

The catalog is the one `db push` reads (`SchemaBackend.introspect`); the database-specific part
is how the backend names a column type (`native_type_of`, `list_element_type`,
`inline_enum_values`) and how it reports defaults. Everything else follows Prisma's rules:

- a model per table, named as the table; a name that is no identifier is sanitised (leading
  non-letters dropped, other characters made `_`) and the table kept with `@@map`; fields
  likewise from columns with `@map`;
- the scalar type the column's native type stores, `@db.X(...)` only where it is not the
  type's default on this database; enum columns typed by their enum;
- `@id`/`@@id`, `@unique`/`@@unique`, `@@index`, with `map:` only where the name is not the
  one Prisma would derive; `@default` from the column default (`autoincrement()`, `now()`,
  literals, and `dbgenerated("...")` for any other expression);
- a relation per foreign key, with the back-relation field on the referenced model, named and
  disambiguated as Prisma names them; `_AToB` join tables become implicit many-to-many lists;
- tables without a unique identifier get `@@ignore` and a comment.

Given the previous schema, the names, `@map` choices, `///` docs, field order, `@updatedAt`
and client-side defaults (`uuid()`, `cuid()`, ...) of what still matches by database name are
kept, as `prisma db pull` keeps them.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from prisma_dynamic.dialects.base import REFERENTIAL_ACTIONS
from prisma_dynamic.migrate.backend import SchemaBackend
from prisma_dynamic.migrate.catalog import Catalog, Column, ForeignKey, Index, Table
from prisma_dynamic.schema import ir, naming

_ACTION_NAMES = {sql: name for name, sql in REFERENTIAL_ACTIONS.items()}
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_LEADING = re.compile(r"^[^A-Za-z]+")
_INVALID = re.compile(r"[^A-Za-z0-9_]")
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NOW = re.compile(r"(?:current_timestamp|now|localtimestamp)(?:\(\d*\))?", re.IGNORECASE)
_QUOTED = re.compile(r"'(?:[^'\\]|''|\\.)*'", re.DOTALL)
_WRITTEN_DEFAULT = re.compile(r"@default\(\s*(\w+\([^()]*\))\s*\)")
_NUMERIC_SCALARS = ("Int", "BigInt", "Float", "Decimal")
UNIQUE_IDENTIFIER_COMMENT = (
    "/// The underlying table does not contain a valid unique identifier and can therefore "
    "currently not be handled by Prisma Client."
)


def sanitize(name: str) -> str:
    """A database name as a schema identifier, as Prisma's introspection makes it."""
    if _IDENTIFIER.fullmatch(name):
        return name
    return _INVALID.sub("_", _LEADING.sub("", name))


@dataclass
class Introspected:
    text: str  # unformatted; `pull` formats it
    models: int
    enums: int
    warnings: list[str]


@dataclass
class _Field:
    name: str
    type: str
    arity: str  # "", "?" or "[]"
    attributes: list[str] = field(default_factory=list)
    column: str | None = None  # None for relation fields
    documentation: str | None = None
    raw: str | None = None  # a field kept as the previous schema writes it

    def render(self) -> str:
        docs = "".join(f"  /// {line}\n" for line in self.documentation.splitlines()) if self.documentation else ""
        if self.raw is not None:
            return f"{docs}  {self.raw}"
        return f"{docs}  {self.name} {self.type}{self.arity} {' '.join(self.attributes)}".rstrip()


@dataclass
class _Model:
    name: str
    table: Table
    fields: list[_Field] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    documentation: str | None = None
    ignored: bool = False

    def field_names(self) -> set[str]:
        return {f.name for f in self.fields}


@dataclass(frozen=True)
class _Enum:
    name: str
    db_name: str
    values: tuple[str, ...]


def introspect(catalog: Catalog, backend: SchemaBackend, previous: ir.Schema | None = None) -> Introspected:
    return _Writer(catalog, backend, previous).write()


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _call(name: str, arguments: Iterable[str]) -> str:
    written = [a for a in arguments if a]
    return f"{name}({', '.join(written)})" if written else name


class _Previous:
    """What the previous schema says about the objects it shares with the database."""

    def __init__(self, schema: ir.Schema | None) -> None:
        self.schema = schema
        models = [m for m in schema.models if not m.is_view] if schema else []
        self.models = {m.db_name: m for m in models}
        self.enums = {e.db_name: e for e in (schema.enums if schema else ())}
        self.order = [m.db_name for m in models]
        # (table, foreign key columns) -> (relation name written, forward field, back field)
        self.inline: dict[tuple[str, tuple[str, ...]], tuple[str | None, str, str | None]] = {}
        self.join_tables: dict[str, tuple[str | None, str | None, str | None]] = {}
        if schema is None:
            return
        for relation in schema.relations:
            referencing = schema.model(relation.referencing.model)
            forward = referencing.get_field(relation.referencing.field or "")
            explicit = forward.relation.name if forward is not None and forward.relation else None
            if relation.kind == "many_to_many":
                self.join_tables[relation.join_table] = (
                    explicit,
                    relation.referencing.field,
                    relation.referenced.field,
                )
            elif relation.fields and forward is not None:
                columns = tuple(referencing.field(f).db_name for f in relation.fields)
                self.inline[(referencing.db_name, columns)] = (explicit, forward.name, relation.referenced.field)

    def client_default(self, old: ir.Field) -> str | None:
        """A default the engine computes (`uuid()`, `cuid()`, ...), which the database cannot
        know, as the previous schema writes it."""
        function = old.default.function if old.default is not None else None
        if function is None or not function.computed_by_client or self.schema is None:
            return None
        source = self.schema.sources.get(old.span.file, "")[old.span.start : old.span.end]
        written = _WRITTEN_DEFAULT.search(source)
        return written.group(1) if written else f"{function.name}()"


class _Writer:
    def __init__(self, catalog: Catalog, backend: SchemaBackend, previous: ir.Schema | None) -> None:
        self.backend = backend
        self.dialect = backend.dialect
        self.connector = backend.dialect.connector
        self.limit = self.connector.max_identifier_length
        self.previous = _Previous(previous)
        self.warnings: list[str] = []
        self.unsupported: list[str] = []  # warning lines for columns of types the schema cannot name
        self.enums: dict[str, _Enum] = {}  # by database name
        self.join_tables = [t for t in catalog.tables if self._is_join_table(t)]
        tables = [t for t in catalog.tables if t not in self.join_tables]
        order = {name: i for i, name in enumerate(self.previous.order)}
        tables.sort(key=lambda t: (order.get(t.name, len(order)), t.name))
        self.models = {t.name: _Model(self._model_name(t), t) for t in tables}
        for enum in catalog.enums:
            self.enums[enum.name] = _Enum(self._enum_name(enum.name), enum.name, enum.values)

    # ---- names ---------------------------------------------------------------------------------
    def _model_name(self, table: Table) -> str:
        old = self.previous.models.get(table.name)
        return old.name if old is not None else sanitize(table.name)

    def _enum_name(self, db_name: str) -> str:
        old = self.previous.enums.get(db_name)
        return old.name if old is not None else sanitize(db_name)

    def _old_field(self, table: Table, column: str) -> ir.Field | None:
        model = self.previous.models.get(table.name)
        if model is None:
            return None
        for f in model.fields:
            if (f.is_scalar_like or f.kind == "unsupported") and f.db_name == column:
                return f
        return None

    def field_name(self, table: Table, column: str) -> str:
        old = self._old_field(table, column)
        return old.name if old is not None else sanitize(column)

    # ---- the whole schema ----------------------------------------------------------------------
    def write(self) -> Introspected:
        for model in self.models.values():
            self._scalars(model)
            self._keys_and_indexes(model)
        self._inline_relations()
        self._many_to_many()
        self._emulated_relations()
        for model in self.models.values():
            self._finish(model)
        blocks = [self._render_model(m) for m in self.models.values()]
        blocks.extend(self._render_enum(e) for e in self._enums_in_order())
        ignored = [m.name for m in self.models.values() if m.ignored]
        if ignored:
            self.warnings.append(
                "The following models were ignored as they do not have a valid unique identifier or id. "
                "This is currently not supported by Prisma Client:\n" + "\n".join(f'  - "{n}"' for n in ignored)
            )
        if self.unsupported:
            self.warnings.append(
                "These fields are not supported by Prisma Client, because Prisma currently does not support "
                "their types:\n" + "\n".join(self.unsupported)
            )
        return Introspected("\n\n".join(blocks) + "\n", len(self.models), len(self.enums), self.warnings)

    def _enums_in_order(self) -> list[_Enum]:
        order = {name: i for i, name in enumerate(self.previous.enums)}
        return sorted(self.enums.values(), key=lambda e: (order.get(e.db_name, len(order)), e.name))

    # ---- scalar fields -------------------------------------------------------------------------
    def _scalars(self, model: _Model) -> None:
        table = model.table
        single_pk = table.primary_key.columns[0] if table.primary_key and len(table.primary_key.columns) == 1 else None
        single_uniques = {
            i.columns[0].name: i
            for i in table.indexes
            if i.unique and len(i.columns) == 1 and not i.columns[0].descending and i.columns[0].length is None
        }
        for column in table.columns:
            name = self.field_name(table, column.name)
            old = self._old_field(table, column.name)
            type_name, arity, native, scalar = self._column_type(model, column)
            pulled = _Field(name, type_name, arity, column=column.name)
            if type_name.startswith("Unsupported("):
                self.unsupported.append(
                    f'  - Model: "{model.name}", field: "{name}", original data type: "{column.type}"'
                )
            if column.name == single_pk:
                pulled.attributes.append(self._id_attribute(table))
            unique = single_uniques.get(column.name)
            if unique is not None:
                default_name = naming.unique_index_name(table.name, [column.name], self.limit)
                pulled.attributes.append(_call("@unique", [self._map(unique.name, default_name)]))
            default = self._default(table, column, scalar, type_name)
            if default is None and old is not None:
                default = self.previous.client_default(old)
            if default is not None:
                pulled.attributes.append(f"@default({default})")
            if old is not None and old.is_updated_at:
                pulled.attributes.append("@updatedAt")
            if name != column.name:
                pulled.attributes.append(f"@map({_quote(column.name)})")
            if native is not None:
                pulled.attributes.append(native)
            model.fields.append(pulled)

    def _column_type(self, model: _Model, column: Column) -> tuple[str, str, str | None, str | None]:
        """(type, arity, `@db.X` attribute or None, scalar type or None)."""
        spelled = column.type
        element = self.backend.list_element_type(spelled)
        key = model.table.primary_key
        # A key column is never NULL, whatever the catalog says (SQLite allows NULL in some).
        arity = "?" if column.nullable and (key is None or column.name not in key.columns) else ""
        if element is not None:
            spelled, arity = element, "[]"
        enum = self._enum_of(model, column, spelled)
        if enum is not None:
            return enum.name, arity, None, None
        scalar, native = self.scalar_and_native(spelled)
        if scalar is None:
            return f"Unsupported({_quote(spelled)})", arity, None, None
        return scalar, arity, native, scalar

    def _enum_of(self, model: _Model, column: Column, spelled: str) -> _Enum | None:
        unquoted = spelled[1:-1].replace('""', '"') if spelled.startswith('"') else spelled
        if unquoted in self.enums:
            return self.enums[unquoted]
        values = self.backend.inline_enum_values(spelled)
        if values is None:
            return None
        # Prisma names an inline enum after its column; a re-pull keeps the enum the field had.
        old = self._old_field(model.table, column.name)
        generated = sanitize(f"{model.table.name}_{column.name}")
        name = old.type if old is not None and old.kind == "enum" else generated
        existing = self.enums.get(name)
        if existing is not None and existing.values != values:
            name = generated
        enum = self.enums.setdefault(name, _Enum(name, name, values))
        return enum

    def scalar_and_native(self, spelled: str) -> tuple[str | None, str | None]:
        """The scalar type a column type stores, and its `@db.X` attribute when not the default."""
        native = self.backend.native_type_of(spelled)
        if native is None:
            for scalar, sql in self.dialect.scalar_types.items():
                if sql.lower() == spelled.lower():
                    return scalar, None
            return self.backend.affinity_scalar(spelled), None
        name, arguments = native
        spec = self.connector.native_types.get(name)
        if spec is None:
            return None, None
        defaults = {s: default_native_type(self.backend, s) for s in spec.scalars}
        for scalar, default in defaults.items():
            if default == native:
                return scalar, None
        # A type that stores several scalars without being the default of any (MySQL's TINYINT,
        # BIT(8)) stores the last one, as Prisma reads it.
        scalar = spec.scalars[-1]
        return scalar, f"@db.{name}" + (f"({', '.join(arguments)})" if arguments else "")

    def _id_attribute(self, table: Table) -> str:
        key = table.primary_key
        assert key is not None
        default_name = naming.primary_key_name(table.name, self.limit)
        return _call("@id", [self._map(key.name, default_name)])

    def _map(self, name: str | None, default_name: str) -> str:
        return f"map: {_quote(name)}" if name is not None and name != default_name else ""

    # ---- defaults ------------------------------------------------------------------------------
    def _default(self, table: Table, column: Column, scalar: str | None, type_name: str) -> str | None:
        if column.autoincrement or self._is_rowid(table, column):
            return "autoincrement()"
        if column.default is None:
            return None
        reported = column.default.strip()
        enum = self.enums.get(type_name) or next((e for e in self.enums.values() if e.name == type_name), None)
        if self.backend.list_element_type(column.type) is not None:
            return self._list_default(reported, scalar, enum)
        value = self._literal(self.backend.default_literal(reported), scalar, enum)
        return value if value is not None else f"dbgenerated({_quote(reported)})"

    def _is_rowid(self, table: Table, column: Column) -> bool:
        """An integer primary key alone that is the row id, which numbers rows by itself (SQLite)."""
        key = table.primary_key
        return (
            self.dialect.integer_primary_key_autoincrements
            and key is not None
            and key.columns == (column.name,)
            and column.type.upper() == self.dialect.scalar_types["Int"].upper()
        )

    def _list_default(self, reported: str, scalar: str | None, enum: _Enum | None) -> str:
        literal = self.backend.default_literal(reported)
        items: list[str] | None = None
        if literal.startswith("ARRAY[") and literal.endswith("]"):
            items = _split_items(literal[6:-1])
            if items is not None:
                items = [self.backend.default_literal(i.strip()) for i in items]
        elif literal.startswith("'{") and literal.endswith("}'"):
            inner = literal[2:-2]
            items = [] if not inner else (None if '"' in inner else [f"'{i}'" for i in inner.split(",")])
        if items is not None:
            values = [self._literal(i, scalar, enum) for i in items]
            if all(v is not None for v in values):
                return "[" + ", ".join(v for v in values if v is not None) + "]"
        return f"dbgenerated({_quote(reported)})"

    def _literal(self, literal: str, scalar: str | None, enum: _Enum | None) -> str | None:
        if _NOW.fullmatch(literal):
            return "now()" if scalar == "DateTime" else None
        text: str | None = None
        if _QUOTED.fullmatch(literal):
            text = self.backend.unquote(literal)
        if enum is not None:
            return self._enum_value_name(enum, text) if text in enum.values else None
        if scalar in _NUMERIC_SCALARS:
            number = text if text is not None else literal
            return number if _NUMBER.fullmatch(number) else None
        if scalar == "Boolean":
            word = (text if text is not None else literal).lower()
            if word in ("true", "t", "1"):
                return "true"
            if word in ("false", "f", "0"):
                return "false"
            return None
        if scalar in ("String", "Json", "DateTime") and text is not None:
            return _quote(text)
        if scalar == "Bytes":
            return _bytes_default(literal, text)
        return None

    # ---- keys and indexes ------------------------------------------------------------------------
    def _keys_and_indexes(self, model: _Model) -> None:
        table = model.table
        key = table.primary_key
        if key is not None and len(key.columns) > 1:
            fields = ", ".join(self.field_name(table, c) for c in key.columns)
            default_name = naming.primary_key_name(table.name, self.limit)
            name = self._client_name(table, "id", key.columns)
            model.attributes.append(_call("@@id", [f"[{fields}]", name, self._map(key.name, default_name)]))
        for index in self._in_previous_order(table):
            simple_unique = (
                index.unique
                and len(index.columns) == 1
                and not index.columns[0].descending
                and index.columns[0].length is None
            )
            if simple_unique:
                continue  # written on the field
            model.attributes.append(self._index_attribute(table, index))
        if key is None and not any(
            i.unique and all(not self._column(table, c.name).nullable for c in i.columns) for i in table.indexes
        ):
            model.ignored = True

    def _column(self, table: Table, name: str) -> Column:
        column = table.column(name)
        assert column is not None
        return column

    def _index_attribute(self, table: Table, index: Index) -> str:
        columns = []
        for c in index.columns:
            arguments = []
            if c.descending:
                arguments.append("sort: Desc")
            if c.length is not None:
                arguments.append(f"length: {c.length}")
            columns.append(
                _call(self.field_name(table, c.name), arguments) if arguments else self.field_name(table, c.name)
            )
        names = [c.name for c in index.columns]
        if index.fulltext:
            kind, default_name = "@@fulltext", naming.index_name(table.name, names, self.limit)
        elif index.unique:
            kind, default_name = "@@unique", naming.unique_index_name(table.name, names, self.limit)
        else:
            kind, default_name = "@@index", naming.index_name(table.name, names, self.limit)
        method = ""
        if index.method is not None and index.method != self.dialect.default_index_method:
            method = f"type: {index.method.capitalize() if index.method != 'spgist' else 'SpGist'}"
        name = self._client_name(table, "unique", tuple(names)) if index.unique else ""
        return _call(kind, [f"[{', '.join(columns)}]", name, self._map(index.name, default_name), method])

    def _previous_keys(self, table: Table) -> list[tuple[str, tuple[str, ...], str | None]]:
        """(kind, columns, client name) of the previous model's id and indexes, in schema order."""
        old = self.previous.models.get(table.name)
        if old is None:
            return []
        keys = []
        if old.primary_key is not None:
            columns = tuple(old.field(n).db_name for n in old.primary_key.field_names)
            keys.append(("id", columns, old.primary_key.name))
        for index in old.indexes:
            columns = tuple(old.field(n).db_name for n in index.field_names if old.get_field(n) is not None)
            keys.append((index.kind, columns, index.name))
        return keys

    def _client_name(self, table: Table, kind: str, columns: tuple[str, ...]) -> str:
        """`name: "..."` of a compound id or unique the previous schema names (the client's name)."""
        for old_kind, old_columns, name in self._previous_keys(table):
            if (old_kind, old_columns) == (kind, columns) and name:
                return f"name: {_quote(name)}"
        return ""

    def _in_previous_order(self, table: Table) -> list[Index]:
        order = {(kind, columns): i for i, (kind, columns, _) in enumerate(self._previous_keys(table))}

        def position(index: Index) -> int:
            kind = "fulltext" if index.fulltext else "unique" if index.unique else "normal"
            return order.get((kind, index.column_names), len(order))

        return sorted(table.indexes, key=position)

    # ---- relations -------------------------------------------------------------------------------
    def _is_join_table(self, table: Table) -> bool:
        if not table.name.startswith("_") or [c.name for c in table.columns] != ["A", "B"]:
            return False
        fks = sorted(table.foreign_keys, key=lambda fk: fk.columns)
        if [fk.columns for fk in fks] != [("A",), ("B",)]:
            return False
        keyed = table.primary_key is not None and set(table.primary_key.columns) == {"A", "B"}
        return keyed or any(i.unique and set(i.column_names) == {"A", "B"} for i in table.indexes)

    def _foreign_keys(self) -> list[tuple[_Model, ForeignKey]]:
        found = []
        for model in self.models.values():
            seen: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
            for fk in model.table.foreign_keys:
                if fk.referenced_table not in self.models:
                    continue
                signature = (fk.columns, fk.referenced_columns)
                if signature in seen:
                    continue  # the same foreign key twice makes one relation, as Prisma makes it
                seen.append(signature)
                found.append((model, fk))
        return found

    def _ambiguous_pairs(self, fks: Sequence[tuple[_Model, ForeignKey]]) -> set[frozenset[str]]:
        pairs: dict[frozenset[str], int] = {}
        for model, fk in fks:
            pair = frozenset((model.table.name, fk.referenced_table))
            pairs[pair] = pairs.get(pair, 0) + 1
        for join in self.join_tables:
            pair = frozenset(fk.referenced_table for fk in join.foreign_keys)
            pairs[pair] = pairs.get(pair, 0) + 1
        ambiguous = {pair for pair, count in pairs.items() if count > 1}
        for model, fk in fks:
            referenced = self.models[fk.referenced_table].name
            if any(self.field_name(model.table, c) == referenced for c in fk.columns):
                ambiguous.add(frozenset((model.table.name, fk.referenced_table)))
        return ambiguous

    def _inline_relations(self) -> None:
        fks = self._foreign_keys()
        self.ambiguous = self._ambiguous_pairs(fks)
        for model, fk in fks:
            target = self.models[fk.referenced_table]
            self_relation = model is target
            ambiguous = frozenset((model.table.name, fk.referenced_table)) in self.ambiguous
            prefix = "other_" if self_relation else ""
            if ambiguous:
                columns = "_".join(self.field_name(model.table, c) for c in fk.columns)
                relation = f"{model.name}_{columns}To{target.name}"
                forward, back = f"{target.name}_{relation}", f"{prefix}{model.name}_{relation}"
            else:
                relation = f"{model.name}To{target.name}" if self_relation else ""
                forward, back = target.name, f"{prefix}{model.name}"
            old = self.previous.inline.get((model.table.name, fk.columns))
            if old is not None:
                relation = old[0] or ""
                forward, back = old[1], old[2] or back
            forward = self._free_name(model, forward)
            nullable = any(self._column(model.table, c).nullable for c in fk.columns)
            arguments = [
                _quote(relation) if relation else "",
                f"fields: [{', '.join(self.field_name(model.table, c) for c in fk.columns)}]",
                f"references: [{', '.join(self.field_name(target.table, c) for c in fk.referenced_columns)}]",
            ]
            on_delete, on_update = _ACTION_NAMES.get(fk.on_delete.upper()), _ACTION_NAMES.get(fk.on_update.upper())
            if on_delete is not None and on_delete != ("SetNull" if nullable else "Restrict"):
                arguments.append(f"onDelete: {on_delete}")
            if on_update is not None and on_update != "Cascade":
                arguments.append(f"onUpdate: {on_update}")
            if fk.name is not None:
                arguments.append(self._map(fk.name, naming.foreign_key_name(model.table.name, fk.columns, self.limit)))
            model.fields.append(_Field(forward, target.name, "?" if nullable else "", [_call("@relation", arguments)]))
            one_to_one = self._is_unique(model.table, fk.columns)
            back = self._free_name(target, back)
            back_attributes = [f"@relation({_quote(relation)})"] if relation else []
            target.fields.append(_Field(back, model.name, "?" if one_to_one else "[]", back_attributes))

    def _is_unique(self, table: Table, columns: tuple[str, ...]) -> bool:
        if table.primary_key is not None and set(table.primary_key.columns) == set(columns):
            return True
        return any(i.unique and set(i.column_names) == set(columns) for i in table.indexes)

    def _free_name(self, model: _Model, name: str) -> str:
        """`name`, or with a number after it where the model already has a field of that name."""
        taken = model.field_names()
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = f"{name}{number}"
        return candidate

    def _many_to_many(self) -> None:
        for join in self.join_tables:
            by_column = {fk.columns[0]: fk for fk in join.foreign_keys}
            a, b = self.models.get(by_column["A"].referenced_table), self.models.get(by_column["B"].referenced_table)
            if a is None or b is None:
                continue
            pair = frozenset((a.table.name, b.table.name))
            self_relation = a is b
            found = join.name[1:]
            if pair in self.ambiguous or self._pair_count(pair) > 1:
                relation, suffix = found, join.name
            else:
                relation = "" if found == f"{a.name}To{b.name}" and not self_relation else found
                suffix = ""
            a_field = f"{b.name}{suffix}{'_A' if self_relation else ''}"
            b_field = f"{a.name}{suffix}{'_B' if self_relation else ''}"
            old = self.previous.join_tables.get(join.name)
            if old is not None:
                relation = old[0] or relation
                a_field, b_field = old[1] or a_field, old[2] or b_field
            attributes = [f"@relation({_quote(relation)})"] if relation else []
            a.fields.append(_Field(self._free_name(a, a_field), b.name, "[]", list(attributes)))
            b.fields.append(_Field(self._free_name(b, b_field), a.name, "[]", list(attributes)))

    def _emulated_relations(self) -> None:
        """Under `relationMode = "prisma"` the database has no foreign keys to read: the previous
        schema's relation fields are kept as written, as Prisma keeps them."""
        schema = self.previous.schema
        if schema is None or schema.datasource is None or schema.datasource.relation_mode != "prisma":
            return
        names = {m.name for m in self.models.values()}
        for model in self.models.values():
            old = self.previous.models.get(model.table.name)
            if old is None:
                continue
            for f in old.relation_fields:
                if f.type in names and f.name not in model.field_names():
                    written = schema.sources.get(f.span.file, "")[f.span.start : f.span.end].strip()
                    model.fields.append(_Field(f.name, f.type, "", raw=written, documentation=f.documentation))

    def _pair_count(self, pair: frozenset[str]) -> int:
        return sum(1 for j in self.join_tables if frozenset(fk.referenced_table for fk in j.foreign_keys) == pair)

    # ---- output ----------------------------------------------------------------------------------
    def _finish(self, model: _Model) -> None:
        old = self.previous.models.get(model.table.name)
        if model.name != model.table.name:
            model.attributes.append(f"@@map({_quote(model.table.name)})")
        if model.ignored:
            model.attributes.append("@@ignore")
        if old is None:
            return
        model.documentation = old.documentation
        for f in model.fields:
            kept = old.get_field(f.name)  # names of matching fields were kept: so are their docs
            if kept is not None and f.raw is None:
                f.documentation = kept.documentation
        position = {f.name: i for i, f in enumerate(old.fields)}
        model.fields.sort(key=lambda f: position.get(f.name, len(position)))

    def _render_model(self, model: _Model) -> str:
        lines: list[str] = []
        if model.documentation:
            lines.extend(f"/// {line}" for line in model.documentation.splitlines())
        if model.ignored and model.table.name not in self.previous.models:
            lines.append(UNIQUE_IDENTIFIER_COMMENT)  # said once; a re-pull keeps the docs as they are
        lines.append(f"model {model.name} {{")
        lines.extend(f.render() for f in model.fields)
        if model.attributes:
            lines.append("")
            lines.extend(f"  {a}" for a in model.attributes)
        lines.append("}")
        return "\n".join(lines)

    def _enum_value_name(self, enum: _Enum, value: str) -> str:
        old = self.previous.enums.get(enum.db_name)
        for previous in old.values if old is not None else ():
            if previous.db_name == value:
                return previous.name
        return sanitize(value)

    def _render_enum(self, enum: _Enum) -> str:
        old = self.previous.enums.get(enum.db_name)
        old_values = {v.db_name: v for v in old.values} if old is not None else {}
        lines: list[str] = []
        if old is not None and old.documentation:
            lines.extend(f"/// {line}" for line in old.documentation.splitlines())
        lines.append(f"enum {enum.name} {{")
        for value in enum.values:
            previous = old_values.get(value)
            name = self._enum_value_name(enum, value)
            if previous is not None and previous.documentation:
                lines.extend(f"  /// {line}" for line in previous.documentation.splitlines())
            lines.append(f"  {name}" + (f" @map({_quote(value)})" if name != value else ""))
        if enum.name != enum.db_name:
            lines.extend(["", f"  @@map({_quote(enum.db_name)})"])
        lines.append("}")
        return "\n".join(lines)


def default_native_type(backend: SchemaBackend, scalar: str) -> tuple[str, tuple[str, ...]] | None:
    """The native type a scalar type gets on this database without `@db.X`."""
    sql = backend.dialect.scalar_types.get(scalar)
    return backend.native_type_of(sql) if sql is not None else None


def _bytes_default(literal: str, text: str | None) -> str | None:
    """A binary literal (`X'0102'`, PostgreSQL's `'\\x0102'`, `''`) as the schema's base64 string."""
    hex_digits = None
    if text is not None:
        hex_digits = text[2:] if text.startswith("\\x") else ("" if text == "" else None)
    elif literal[:2] in ("X'", "x'") and literal.endswith("'"):
        hex_digits = literal[2:-1]
    if hex_digits is None or not re.fullmatch(r"(?:[0-9a-fA-F]{2})*", hex_digits):
        return None
    return _quote(base64.b64encode(bytes.fromhex(hex_digits)).decode())


def _split_items(text: str) -> list[str] | None:
    """The comma-separated items of an ARRAY[...] outside quotes and parentheses."""
    items, depth, current, quoted = [], 0, "", False
    for char in text:
        if char == "'":
            quoted = not quoted
        elif not quoted and char in "([":
            depth += 1
        elif not quoted and char in ")]":
            depth -= 1
        if char == "," and not quoted and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    if quoted or depth:
        return None
    if current.strip():
        items.append(current)
    return items
