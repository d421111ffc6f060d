"""aggregate and groupBy: `_count`, `_avg`, `_sum`, `_min`, `_max` over a filtered set of rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prisma_dynamic.engine.catalog import Catalog, ModelInfo, as_list, unknown_argument
from prisma_dynamic.engine.core import EngineUserError
from prisma_dynamic.engine.filters import Aliases, FilterCompiler
from prisma_dynamic.engine.orders import OrderSite, compile_order
from prisma_dynamic.engine.reads import ReadCompiler
from prisma_dynamic.engine.shape import Param
from prisma_dynamic.engine.sql import Bind, Fragment, Statement
from prisma_dynamic.engine.values import tag

_FUNCTIONS = {"_avg": "AVG", "_sum": "SUM", "_min": "MIN", "_max": "MAX"}
_NUMERIC = ("Int", "BigInt", "Float", "Decimal")


@dataclass(slots=True)
class AggregatePlan:
    statement: Statement
    # (output group, output key, column index, result type) for each selected value
    outputs: list[tuple[str | None, str, int, str]]
    grouped: bool
    reverse: bool = False  # groups read backwards (negative take); flipped back afterwards


class AggregateCompiler:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.dialect = catalog.dialect
        self.filters = FilterCompiler(catalog)
        self.reads = ReadCompiler(catalog)

    def compile(
        self, model: str, arguments: dict[str, Any], selection: dict[str, Any], grouped: bool, backwards: bool = False
    ) -> AggregatePlan:
        """`backwards`: `take` is negative (an aggregate over the last rows, or those before the cursor)."""
        info = self.catalog.info(model)
        aliases = Aliases()
        alias = aliases.next()
        by = [str(b) for b in as_list(arguments.get("by"))] if grouped else []
        for name in by:
            if name not in info.columns:
                raise unknown_argument("by", name, info.name)
        if grouped:
            _check_group_by(info, by, selection, arguments)
        # The rows are read from the table itself (`FROM "T" t0 WHERE ... GROUP BY`), as Prisma
        # does, unless an aggregate's page (take, skip, cursor) must be cut first: then from a
        # derived table `s` of that page. The derived table costs MariaDB ~10 % on a large
        # groupBy (bench/README.md, N).
        paged = not grouped and any(arguments.get(k) is not None for k in ("take", "skip", "cursor"))
        source = "s" if paged else alias
        columns: list[str] = []
        outputs: list[tuple[str | None, str, int, str]] = []
        for name in by:
            outputs.append((None, name, len(columns), info.types[name]))
            columns.append(info.column(source, name))
        for group, spec in selection.items():
            if group in by or (group in info.columns and grouped):
                continue
            if group == "_count":
                for name, on in (spec.get("selection") or {}).items():
                    if not on:
                        continue
                    if name == "_all":
                        columns.append("COUNT(*)")
                    elif name in info.columns:
                        columns.append(f"COUNT({info.column(source, name)})")
                    else:
                        raise unknown_argument("_count", name, info.name)
                    outputs.append(("_count", name, len(columns) - 1, "Int"))
            elif group in _FUNCTIONS:
                for name, on in (spec.get("selection") or {}).items():
                    if not on:
                        continue
                    if name not in info.columns:
                        raise unknown_argument(group, name, info.name)
                    type_name = info.types[name]
                    if group in ("_avg", "_sum") and type_name not in _NUMERIC:
                        raise EngineUserError(
                            "P2009",
                            f"`{group}` needs a numeric field; `{name}` is {type_name}.",
                            {"kind": "InvalidArgument", "argumentPath": f"{group}.{name}"},
                        )
                    columns.append(f"{_FUNCTIONS[group]}({info.column(source, name)})")
                    result_type = "Float" if group == "_avg" and type_name != "Decimal" else type_name
                    outputs.append((group, name, len(columns) - 1, result_type))
            elif group.startswith("$"):
                continue
            else:
                raise unknown_argument("selection", group, info.name)
        if not columns:
            raise EngineUserError("P2009", "An aggregation must select something.", {"kind": "InvalidArgument"})
        where = self.filters.where(info, arguments.get("where"), alias, aliases)
        rows: Fragment = Fragment(f"SELECT {', '.join(columns)} FROM {info.table} {alias} WHERE ") + where
        if not grouped:
            if paged:
                rows = self._page(info, arguments, columns, where, alias, aliases, backwards)
            return AggregatePlan(self.dialect.statement(rows), outputs, grouped)
        # The groups' order, through the `OrderByWithAggregationInput` table, over the grouped rows.
        site = OrderSite(self.reads, info, alias, aliases, "orderBy")
        order_terms = compile_order(site, self.reads.orders.with_aggregation, arguments.get("orderBy"))
        sql = rows + " GROUP BY " + ", ".join(info.column(alias, b) for b in by)
        having = arguments.get("having")
        if having:
            sql = sql + " HAVING " + self._having(info, having, alias, aliases)
        if order_terms:
            sql = sql + " ORDER BY " + self.reads.order_sql(order_terms, backwards)
        take, skip = arguments.get("take"), arguments.get("skip")
        limit = self.reads.limit_bind(take) if take is not None else None
        sql = sql + self.dialect.limit_offset(limit, _bind(skip))
        return AggregatePlan(self.dialect.statement(sql), outputs, grouped, backwards)

    def _page(
        self,
        info: ModelInfo,
        arguments: dict[str, Any],
        columns: list[str],
        where: Fragment,
        alias: str,
        aliases: Aliases,
        backwards: bool,
    ) -> Fragment:
        """An aggregate over a page: the rows aggregated are those a findMany with the same
        arguments returns (the same order, cursor, take and skip), cut in a derived table `s`."""
        order, cursor_filter = self.reads.paging(info, arguments, alias, aliases, "", backwards)
        if cursor_filter is not None:
            where = where + " AND " + cursor_filter
        inner_columns = ", ".join(f"{info.column(alias, f.name)} AS {info.columns[f.name]}" for f in info.scalars)
        inner: Fragment = Fragment(f"SELECT {inner_columns} FROM {info.table} {alias} WHERE ") + where
        if order:
            inner = inner + " ORDER BY " + self.reads.order_sql(order, backwards)
        take, skip = arguments.get("take"), arguments.get("skip")
        limit = self.reads.limit_bind(take) if take is not None else None
        inner = inner + self.dialect.limit_offset(limit, _bind(skip))
        return f"SELECT {', '.join(columns)} FROM (" + inner + ") s"

    def _having(self, info: ModelInfo, having: dict[str, Any], alias: str, aliases: Aliases) -> Fragment:
        parts: list[Fragment] = []
        for name, condition in having.items():
            if name in ("AND", "OR", "NOT"):
                items = [self._having(info, item, alias, aliases) for item in as_list(condition)]
                joined = Fragment.join(" OR " if name == "OR" else " AND ", items).wrap()
                parts.append("NOT " + joined if name == "NOT" else joined)
                continue
            if name not in info.columns:
                raise unknown_argument("having", name, info.name)
            column = info.column(alias, name)
            plain = (
                {k: v for k, v in condition.items() if not k.startswith("_")}
                if isinstance(condition, dict)
                else condition
            )
            if plain not in ({}, None):
                parts.append(self.filters.scalar_filter(info, column, info.types[name], plain, alias, "having"))
            if isinstance(condition, dict):
                for group, inner in condition.items():
                    if group.startswith("_"):
                        func = "COUNT" if group == "_count" else _FUNCTIONS[group]
                        parts.append(
                            self.filters.scalar_filter(
                                info, f"{func}({column})", info.types[name], inner, alias, "having"
                            )
                        )
        return Fragment.join(" AND ", parts) if parts else Fragment("1=1")


def _check_group_by(info: ModelInfo, by: list[str], selection: dict[str, Any], arguments: dict[str, Any]) -> None:
    """Prisma's checks of a groupBy (P2019, its words): plain fields selected, ordered by or
    filtered on in `having` must be grouped by; aggregates of any field may be."""
    selected = [name for name in selection if name in info.columns]
    _missing(
        [name for name in selected if name not in by],
        "Every selected scalar field that is not part of an aggregation must be included in the by-arguments "
        "of the query.",
        "selection",
    )
    ordered = [name for entry in as_list(arguments.get("orderBy")) for name in entry if name in info.columns]
    _missing(
        [name for name in ordered if name not in by],
        "Every field used for orderBy must be included in the by-arguments of the query.",
        "orderBy",
    )
    having = _having_fields(arguments.get("having"))
    _missing(
        [name for name in dict.fromkeys(having) if name not in selected],
        "Every field used in `having` filters must either be an aggregation filter or be included in the "
        "selection of the query.",
        "having",
    )


def _having_fields(having: Any) -> list[str]:
    """The fields a `having` filters on as plain values (not through `_avg`, `_count`...)."""
    names: list[str] = []
    if not isinstance(having, dict):
        return names
    for name, condition in having.items():
        if name in ("AND", "OR", "NOT"):
            for item in as_list(condition):
                names.extend(_having_fields(item))
        elif not isinstance(condition, dict) or any(not key.startswith("_") for key in condition):
            names.append(name)
    return names


def _missing(names: list[str], message: str, argument: str) -> None:
    if names:
        raise EngineUserError(
            "P2019", f"Input error. {message} Missing fields: {', '.join(names)}", {"argumentPath": argument}
        )


def _bind(value: Any) -> Fragment | None:
    if value is None:
        return None
    if isinstance(value, Param):
        return Fragment.bind(Bind("param", value.index, int))
    return Fragment(str(int(value)))


def shape_result(plan: AggregatePlan, rows: list[tuple[Any, ...]], dialect: Any) -> Any:
    def record(row: tuple[Any, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for group, key, index, type_name in plan.outputs:
            raw = row[index]
            if group == "_count":
                value: Any = int(raw or 0)
            elif type_name == "Enum":
                value = raw
            elif raw is None:
                value = None
            elif type_name == "Float":
                value = float(raw)
            elif type_name in ("Int",) and group in ("_sum",):
                value = int(raw)
            else:
                value = tag(type_name, dialect.from_db(type_name, raw))
            if group is None:
                out[key] = value
            else:
                out.setdefault(group, {})[key] = value
        return out

    if plan.grouped:
        records = [record(row) for row in rows]
        return records[::-1] if plan.reverse else records
    return record(rows[0]) if rows else {}
