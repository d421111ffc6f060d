"""`where` -> SQL condition, for scalar filters and relation filters at any depth.

Works on a request *template* (values replaced by `Param`s, see `shape.py`), so the condition is
compiled once per shape. Relation filters become correlated EXISTS subqueries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prisma_dynamic.engine.catalog import Catalog, Join, ModelInfo, as_list, unknown_argument
from prisma_dynamic.engine.core import EngineUserError
from prisma_dynamic.engine.shape import Param
from prisma_dynamic.engine.sql import FALSE, TRUE, Bind, Fragment
from prisma_dynamic.engine.values import untag


class Aliases:
    """Fresh table aliases for one statement: t0, t1, ..."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        alias = f"t{self.count}"
        self.count += 1
        return alias


_COMPARISONS = {"lt": "<", "lte": "<=", "gt": ">", "gte": ">="}


class FilterCompiler:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.dialect = catalog.dialect

    # -- binds
    def value_bind(self, param: Any, type_name: str) -> Fragment:
        to_db = self.dialect.to_db
        if isinstance(param, Param):
            return Fragment.bind(Bind("param", param.index, lambda v, t=type_name: to_db(t, untag(v))))
        return Fragment.bind(Bind("const", to_db(type_name, untag(param))))

    def list_bind(self, param: Any, type_name: str) -> Bind:
        to_db, list_param = self.dialect.to_db, self.dialect.list_param

        def convert(values: list[Any]) -> Any:
            return list_param([to_db(type_name, untag(v)) for v in values])

        if isinstance(param, Param):
            return Bind("param", param.index, convert)
        return Bind("const", convert(as_list(param)))

    def pattern_bind(self, param: Any, prefix: str, suffix: str) -> Fragment:
        def convert(value: Any) -> str:
            text = str(untag(value)).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            return f"{prefix}{text}{suffix}"

        if isinstance(param, Param):
            return Fragment.bind(Bind("param", param.index, convert))
        return Fragment.bind(Bind("const", convert(param)))

    # -- where
    def where(self, info: ModelInfo, node: Any, alias: str, aliases: Aliases, path: str = "where") -> Fragment:
        if node is None:
            return TRUE
        if not isinstance(node, dict):
            raise EngineUserError("P2009", f"`{path}` must be an object.", {"kind": "InvalidArgumentType"})
        parts: list[Fragment] = []
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

    def field_filter(self, info: ModelInfo, key: str, value: Any, alias: str, aliases: Aliases, path: str) -> Fragment:
        field = info.model.get_field(key)
        if field is None:
            compound = self._compound_unique(info, key)
            if compound is not None and isinstance(value, dict):
                return self.where(info, {name: value.get(name) for name in compound}, alias, aliases, f"{path}.{key}")
            raise unknown_argument(path, key, info.name)
        if field.kind == "relation":
            return self.relation_filter(info, field.name, field.is_list, value, alias, aliases, f"{path}.{key}")
        if field.kind in ("scalar", "enum") and key in info.columns:
            column = info.column(alias, key)
            type_name = info.types[key]
            if field.is_list:
                return self.list_filter(column, type_name, value, f"{path}.{key}")
            return self.scalar_filter(info, column, type_name, value, alias, f"{path}.{key}")
        raise EngineUserError(
            "P2009", f"The field `{key}` of `{info.name}` cannot be filtered on.", {"kind": "InvalidArgument"}
        )

    def _compound_unique(self, info: ModelInfo, key: str) -> tuple[str, ...] | None:
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
        self, info: ModelInfo, column: str, type_name: str, value: Any, alias: str, path: str
    ) -> Fragment:
        if value is None:
            return Fragment(f"{column} IS NULL")
        if isinstance(value, dict) and "$type" not in value:
            return self._operators(info, column, type_name, value, alias, path)
        return self._compare(info, column, "=", value, type_name, alias)

    def _compare(self, info: ModelInfo, column: str, op: str, value: Any, type_name: str, alias: str) -> Fragment:
        if isinstance(value, dict) and value.get("$type") == "FieldRef":
            ref = value["value"]["_ref"]
            if ref not in info.columns:
                raise unknown_argument("FieldRef", ref, info.name)
            return Fragment(f"{column} {op} {info.column(alias, ref)}")
        return column + f" {op} " + self.value_bind(value, type_name)

    def _operators(
        self, info: ModelInfo, column: str, type_name: str, ops: dict[str, Any], alias: str, path: str
    ) -> Fragment:
        insensitive = ops.get("mode") == "insensitive"
        if insensitive and not self.dialect.supports_insensitive_mode:
            raise EngineUserError(
                "P2009",
                f"`mode: insensitive` at `{path}` is not supported by {self.dialect.name}: only PostgreSQL has it.",
                {"kind": "InvalidArgument", "argumentPath": f"{path}.mode"},
            )
        parts: list[Fragment] = []
        for op, operand in ops.items():
            if op == "mode":
                continue
            if op == "equals":
                parts.append(
                    Fragment(f"{column} IS NULL")
                    if operand is None
                    else self._text_compare(info, column, "=", operand, type_name, alias, insensitive)
                )
            elif op in _COMPARISONS:
                parts.append(self._text_compare(info, column, _COMPARISONS[op], operand, type_name, alias, insensitive))
            elif op in ("in", "notIn"):
                if operand is None or operand == []:
                    parts.append(FALSE if op == "in" else TRUE)
                    continue
                target = f"LOWER({column})" if insensitive else column
                condition = self.dialect.in_list(target, self.list_bind(operand, type_name))
                parts.append(condition if op == "in" else "NOT " + condition.wrap())
            elif op == "not":
                if operand is None:
                    parts.append(Fragment(f"{column} IS NOT NULL"))
                elif isinstance(operand, dict) and "$type" not in operand:
                    inner = self._operators(
                        info,
                        column,
                        type_name,
                        {**operand, **({"mode": ops["mode"]} if "mode" in ops else {})},
                        alias,
                        path,
                    )
                    parts.append("NOT " + inner.wrap())
                else:
                    equal = self._text_compare(info, column, "=", operand, type_name, alias, insensitive)
                    # Prisma's `not` keeps NULLs out, as SQL's <> does.
                    parts.append("NOT " + equal.wrap())
            elif op in ("contains", "startsWith", "endsWith"):
                prefix = "" if op == "startsWith" else "%"
                suffix = "" if op == "endsWith" else "%"
                parts.append(self.dialect.like(column, self.pattern_bind(operand, prefix, suffix), insensitive))
            elif op == "search":
                parts.append(self._text_compare(info, column, "=", operand, type_name, alias, False))
            else:
                raise EngineUserError(
                    "P2009",
                    f"Unknown filter `{op}` at `{path}`.",
                    {"kind": "UnknownArgument", "argumentPath": f"{path}.{op}"},
                )
        if not parts:
            return TRUE
        return Fragment.join(" AND ", parts).wrap() if len(parts) > 1 else parts[0]

    def _text_compare(
        self, info: ModelInfo, column: str, op: str, value: Any, type_name: str, alias: str, insensitive: bool
    ) -> Fragment:
        if not insensitive:
            return self._compare(info, column, op, value, type_name, alias)
        return f"LOWER({column}) {op} LOWER(" + self.value_bind(value, type_name) + ")"

    def list_filter(self, column: str, type_name: str, value: Any, path: str) -> Fragment:
        """Scalar list filters (PostgreSQL arrays): has, hasEvery, hasSome, isEmpty, equals."""
        to_list = self.dialect.list_to_db

        def array(operand: Any) -> Fragment:
            if isinstance(operand, Param):
                return Fragment.bind(
                    Bind("param", operand.index, lambda v: to_list(type_name, [untag(x) for x in as_list(v)]))
                )
            return Fragment.bind(Bind("const", to_list(type_name, [untag(x) for x in as_list(operand)])))

        if value is None:
            return Fragment(f"{column} IS NULL")
        if not isinstance(value, dict):
            return column + " = " + array(value)
        parts: list[Fragment] = []
        for op, operand in value.items():
            if op == "has" or op == "hasEvery":
                parts.append(Fragment(f"{column} @> ") + array(operand))
            elif op == "hasSome":
                parts.append(Fragment(f"{column} && ") + array(operand))
            elif op == "isEmpty":
                empty = f"cardinality({column}) = 0"  # as Prisma's `= '{}'`: a NULL list is neither
                parts.append(
                    Fragment.bind(Bind("param", operand.index, bool)) + f" = ({empty})"
                    if isinstance(operand, Param)
                    else Fragment(empty if operand else f"NOT ({empty})")
                )
            elif op == "equals":
                parts.append(Fragment(f"{column} IS NULL") if operand is None else column + " = " + array(operand))
            else:
                raise unknown_argument(path, op, "list")
        return Fragment.join(" AND ", parts) if parts else TRUE

    # -- relations
    def relation_filter(
        self, info: ModelInfo, field: str, is_list: bool, value: Any, alias: str, aliases: Aliases, path: str
    ) -> Fragment:
        join = self.catalog.join(info.name, field)
        target = self.catalog.info(join.target)
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


ValueConverter = Callable[[Any], Any]
