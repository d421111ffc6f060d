"""`where` -> SQL condition, for scalar filters and relation filters at any depth.

Works on a request *template* (values replaced by `Param`s, see `shape.py`), so the condition is
compiled once per shape. AND/OR/NOT and relation filters are walked here (relation filters become
correlated EXISTS subqueries); each scalar filter object goes key by key through the operator
handler tables of `operators.py`, built for this database from its connector.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from prisma_dynamic.engine.catalog import Catalog, Join, ModelInfo, as_list, unknown_argument
from prisma_dynamic.engine.core import EngineUserError
from prisma_dynamic.engine.full_text import search_group
from prisma_dynamic.engine.operators import KNOWN_OPERATORS, Operand, OperatorTable, OperatorTables
from prisma_dynamic.engine.shape import Param
from prisma_dynamic.engine.sql import FALSE, TRUE, Bind, Fragment
from prisma_dynamic.engine.values import untag
from prisma_dynamic.schema.connectors import Connector


class Aliases:
    """Fresh table aliases for one statement: t0, t1, ..."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        alias = f"t{self.count}"
        self.count += 1
        return alias


class FilterCompiler:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.dialect = catalog.dialect
        self.connector: Connector = catalog.dialect.connector
        self.tables = OperatorTables.build(self.connector, catalog.schema.preview_features)

    # -- binds
    def value_bind(self, param: Any, type_name: str) -> Fragment:
        to_db = self.dialect.to_db
        if isinstance(param, Param):
            return Fragment.bind(Bind("param", param.index, lambda v, t=type_name: to_db(t, untag(v))))
        return Fragment.bind(Bind("const", to_db(type_name, untag(param))))

    def list_bind(self, param: Any, type_name: str, lower: bool = False) -> Bind:
        to_db, list_param = self.dialect.to_db, self.dialect.list_param

        def convert(values: list[Any]) -> Any:
            items = [untag(v) for v in values]
            return list_param([to_db(type_name, v.lower() if lower else v) for v in items])

        if isinstance(param, Param):
            return Bind("param", param.index, convert)
        return Bind("const", convert(as_list(param)))

    def array_bind(self, param: Any, type_name: str, single: bool = False) -> Fragment:
        """A scalar list value (or one element, `single`) as the database's array."""
        to_list = self.dialect.list_to_db

        def convert(value: Any) -> Any:
            return to_list(type_name, [untag(x) for x in ([value] if single else as_list(value))])

        if isinstance(param, Param):
            return Fragment.bind(Bind("param", param.index, convert))
        return Fragment.bind(Bind("const", convert(param)))

    def pattern_bind(self, param: Any, prefix: str, suffix: str, lower: bool = False) -> Fragment:
        """A LIKE pattern around a request value, its own wildcards escaped."""

        def convert(value: Any) -> str:
            text = str(untag(value)).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            return f"{prefix}{text.lower() if lower else text}{suffix}"

        if isinstance(param, Param):
            return Fragment.bind(Bind("param", param.index, convert))
        return Fragment.bind(Bind("const", convert(param)))

    def field_ref(
        self, o: Operand, value: Any, is_list: bool | None = None, type_name: str | None = None
    ) -> str | None:
        """The column a `FieldRef` operand names (same model, same type), or None for a value.
        `is_list` and `type_name`: what the referenced field must be, when not as the filtered field
        (`in` takes a list field, a Json `string_contains` a String field)."""
        if not (isinstance(value, dict) and value.get("$type") == "FieldRef"):
            return None
        if not o.field:
            raise EngineUserError(
                "P2009", f"A field reference cannot be used at `{o.path}`.", {"kind": "InvalidArgumentValue"}
            )
        raw = value.get("value")
        ref: dict[str, Any] = raw if isinstance(raw, dict) else {}
        name, container = ref.get("_ref"), ref.get("_container")
        at = {"kind": "InvalidArgumentValue", "argumentPath": o.path}
        if container not in (None, o.info.name):
            raise EngineUserError(
                "P2009", f"The field reference at `{o.path}` names model `{container}`; it must be `{o.info.name}`.", at
            )
        if name not in o.info.columns:
            raise EngineUserError(
                "P2009", f"The field reference at `{o.path}` names `{name}`, which is no field of `{o.info.name}`.", at
            )
        own, other = o.info.model.field(o.field), o.info.model.field(name)
        want_list = own.is_list if is_list is None else is_list
        want_type = own.type if type_name is None else type_name
        if (other.type, other.is_list) != (want_type, want_list):
            wanted = want_type + ("[]" if want_list else "")
            raise EngineUserError(
                "P2009",
                f"The field reference at `{o.path}` names `{name}` ({other.type}{'[]' if other.is_list else ''}), "
                f"but a field of the same type is needed there ({wanted}).",
                at,
            )
        return o.info.column(o.alias, name)

    # -- where
    def where(self, info: ModelInfo, node: Any, alias: str, aliases: Aliases, path: str = "where") -> Fragment:
        if node is None:
            return TRUE
        if not isinstance(node, dict):
            raise EngineUserError("P2009", f"`{path}` must be an object.", {"kind": "InvalidArgumentType"})
        parts: list[Fragment] = []
        searches = self._searches(info, node)
        if searches:
            parts.append(search_group(self, info, alias, searches))
            # The rest of each searched field's filter object, if anything is left.
            rest = {f: {op: v for op, v in node[f].items() if op != "search"} for f, _ in searches}
            node = {k: rest.get(k, v) for k, v in node.items() if rest.get(k, True)}
        for key, value in node.items():
            if key == "AND":
                parts.extend(self.where(info, item, alias, aliases, f"{path}.AND") for item in as_list(value))
            elif key == "OR":
                items = [self.where(info, item, alias, aliases, f"{path}.OR") for item in as_list(value)]
                parts.append(Fragment.join(" OR ", items).wrap() if items else FALSE)
            elif key == "NOT":
                # Prisma: every condition under NOT must be false.
                parts.extend(
                    "NOT " + self.where(info, item, alias, aliases, f"{path}.NOT").wrap() for item in as_list(value)
                )
            else:
                parts.append(self.field_filter(info, key, value, alias, aliases, path))
        if not parts:
            return TRUE
        return Fragment.join(" AND ", parts).wrap() if len(parts) > 1 else parts[0]

    def _searches(self, info: ModelInfo, node: dict[str, Any]) -> list[tuple[str, Any]]:
        """The (field, query) of each `search` filter of one where object, when there are several."""
        if not self.tables.offers_full_text:
            return []
        found = [
            (key, value["search"])
            for key, value in node.items()
            if isinstance(value, dict) and "search" in value and info.types.get(key) == "String"
        ]
        return found if len(found) > 1 else []

    def field_filter(self, info: ModelInfo, key: str, value: Any, alias: str, aliases: Aliases, path: str) -> Fragment:
        field = info.model.get_field(key)
        if field is None:
            compound = self.compound_unique(info, key)
            if compound is not None and isinstance(value, dict):
                return self.where(info, {name: value.get(name) for name in compound}, alias, aliases, f"{path}.{key}")
            raise unknown_argument(path, key, info.name)
        if field.kind == "relation":
            return self.relation_filter(info, field.name, field.is_list, value, alias, aliases, f"{path}.{key}")
        if field.kind in ("scalar", "enum") and key in info.columns:
            column = info.column(alias, key)
            if field.type == "Json":
                column = self.dialect.json_column(column, field.native_type.name if field.native_type else None)
            return self.scalar_filter(info, column, info.types[key], value, alias, f"{path}.{key}", field=key)
        raise EngineUserError(
            "P2009", f"The field `{key}` of `{info.name}` cannot be filtered on.", {"kind": "InvalidArgument"}
        )

    def compound_unique(self, info: ModelInfo, key: str) -> tuple[str, ...] | None:
        """The fields of the compound id or unique a where key names (`email_name`), or None."""
        model = info.model
        if model.primary_key is not None and len(model.primary_key.fields) > 1:
            pk = model.primary_key
            if key == (pk.name or "_".join(pk.field_names)):
                return pk.field_names
        for index in model.unique_indexes:
            if len(index.fields) > 1 and key == (index.name or "_".join(index.field_names)):
                return index.field_names
        return None

    def scalar_filter(
        self,
        info: ModelInfo,
        column: str,
        type_name: str,
        value: Any,
        alias: str,
        path: str,
        field: str | None = None,
    ) -> Fragment:
        """A filter on a scalar field's column (or, in `having`, an aggregate of one): a value
        (equality) or an object of operators."""
        o = Operand(self, info, field or "", alias, column, type_name, path)
        if isinstance(value, dict) and "$type" not in value:
            return self.operators(o, value)
        return self._table(o).handlers["equals"](o, value)

    def _table(self, o: Operand) -> OperatorTable:
        return self.tables.for_field(o.type_name, bool(o.field) and o.info.model.field(o.field).is_list)

    def operators(self, o: Operand, ops: dict[str, Any]) -> Fragment:
        """One filter object, key by key through its family's handler table."""
        table = self._table(o)
        for name in ops:
            if not table.offers(name):
                raise self._not_offered(o, name)
        if "mode" in ops:
            o = replace(o, insensitive=ops["mode"] == "insensitive")
        if "path" in ops:
            o = replace(o, json_path=self._json_path(o, ops["path"]))
        parts = [table.handlers[name](o, operand) for name, operand in ops.items() if name not in table.modifiers]
        if not parts:
            return TRUE
        return Fragment.join(" AND ", parts).wrap() if len(parts) > 1 else parts[0]

    def _json_path(self, o: Operand, path: Any) -> Fragment:
        """A Json filter's `path`: a list of keys (PostgreSQL) or a `$.a.b` string (MySQL, SQLite)."""
        as_keys = self.connector.json_filter_path == "array"

        def convert(value: Any) -> Any:
            if as_keys != isinstance(value, list):
                expected = "a list of keys" if as_keys else "a string like `$.a.b`"
                raise EngineUserError(
                    "P2009",
                    f"`{o.path}.path` must be {expected} on {self.tables.database}.",
                    {"kind": "InvalidArgumentType", "argumentPath": f"{o.path}.path"},
                )
            return [str(k) for k in value] if as_keys else str(value)

        if isinstance(path, Param):
            return Fragment.bind(Bind("param", path.index, convert))
        return Fragment.bind(Bind("const", convert(path)))

    def _not_offered(self, o: Operand, name: str) -> EngineUserError:
        meta = {"kind": "UnknownArgument", "argumentPath": f"{o.path}.{name}"}
        if name in KNOWN_OPERATORS:
            return EngineUserError(
                "P2009", f"The filter `{name}` at `{o.path}` is not available on {self.tables.database}.", meta
            )
        return EngineUserError("P2009", f"Unknown filter `{name}` at `{o.path}`.", meta)

    # -- relations
    def relation_filter(
        self, info: ModelInfo, field: str, is_list: bool, value: Any, alias: str, aliases: Aliases, path: str
    ) -> Fragment:
        join = self.catalog.join(info.name, field)
        target = self.catalog.info(join.target)
        if value is None and not is_list:
            value = {"is": None}  # Prisma: `{"profile": null}` on a to-one relation is `is: null`
        if not isinstance(value, dict):
            raise EngineUserError(
                "P2009", f"`{path}` must be a relation filter object.", {"kind": "InvalidArgumentType"}
            )
        if is_list:
            parts: list[Fragment] = []
            for op, inner in value.items():
                if op == "some":
                    parts.append(self.exists(info, target, join, alias, aliases, inner, f"{path}.some"))
                elif op == "none":
                    parts.append("NOT " + self.exists(info, target, join, alias, aliases, inner, f"{path}.none"))
                elif op == "every":
                    parts.append(
                        "NOT " + self.exists(info, target, join, alias, aliases, {"NOT": inner or {}}, f"{path}.every")
                    )
                else:
                    raise unknown_argument(path, op, info.name)
            return Fragment.join(" AND ", parts) if parts else TRUE
        if not ({"is", "isNot"} & value.keys()):
            value = {"is": value}
        parts = []
        for op, inner in value.items():
            if op not in ("is", "isNot"):
                raise unknown_argument(path, op, info.name)
            exists = (
                self.exists(info, target, join, alias, aliases, None, path)
                if inner is None
                else self.exists(info, target, join, alias, aliases, inner, f"{path}.{op}")
            )
            negate = (op == "is") == (inner is None)
            parts.append("NOT " + exists if negate else exists)
        return Fragment.join(" AND ", parts) if parts else TRUE

    def exists(
        self, info: ModelInfo, target: ModelInfo, join: Join, alias: str, aliases: Aliases, inner: Any, path: str
    ) -> Fragment:
        inner_alias = aliases.next()
        condition = self.where(target, inner, inner_alias, aliases, path) if inner else TRUE
        related = self.from_related(info, target, join, alias, inner_alias)
        return "EXISTS (SELECT 1 FROM " + related + " AND " + condition + ")"

    def from_related(self, info: ModelInfo, target: ModelInfo, join: Join, alias: str, inner_alias: str) -> Fragment:
        """`<target table> <alias> WHERE <joined to the outer row>` (the caller appends conditions)."""
        if join.join_table is not None:
            link = f"{inner_alias}_j"
            on = " AND ".join(
                f"{link}.{join.other_column} = {target.column(inner_alias, f)}" for f in join.inner_fields
            )
            own = " AND ".join(f"{link}.{join.own_column} = {info.column(alias, f)}" for f in join.outer_fields)
            return Fragment(f"{target.table} {inner_alias} JOIN {join.join_table} {link} ON {on} WHERE {own}")
        condition = " AND ".join(
            f"{target.column(inner_alias, i)} = {info.column(alias, o)}"
            for o, i in zip(join.outer_fields, join.inner_fields, strict=True)
        )
        return Fragment(f"{target.table} {inner_alias} WHERE {condition}")
