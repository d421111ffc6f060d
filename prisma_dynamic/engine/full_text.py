"""Full-text search: the `search` filter and the `_relevance` order, as Prisma writes them.

PostgreSQL (preview feature `fullTextSearchPostgres`) matches `to_tsvector(...) @@ to_tsquery(q)`
with the query text passed to `to_tsquery` as given (`cat & dog`, `cat | dog`, `!cat`), and ranks
with `ts_rank`. MySQL matches `MATCH (columns) AGAINST (q IN BOOLEAN MODE)`, which needs a
`@@fulltext` index on exactly those columns: without one Prisma answers P2030, and so do we.
"""

from __future__ import annotations

from typing import Any, Protocol

from prisma_dynamic.dialects import Dialect
from prisma_dynamic.engine.catalog import ModelInfo
from prisma_dynamic.engine.core import EngineUserError
from prisma_dynamic.engine.sql import Fragment
from prisma_dynamic.schema.connectors import Connector


class SearchCompiler(Protocol):
    """What search uses of the filter compiler (`filters.FilterCompiler`). Declared here, not
    imported: filters.py and operators.py import this module, so it imports neither back."""

    dialect: Dialect
    connector: Connector

    def value_bind(self, param: Any, type_name: str) -> Fragment: ...


class SearchOperand(Protocol):
    """What the `search` handler uses of its operand (`operators.Operand`): read-only, as that
    frozen dataclass's fields are."""

    @property
    def compiler(self) -> SearchCompiler: ...
    @property
    def info(self) -> ModelInfo: ...
    @property
    def field(self) -> str: ...
    @property
    def column(self) -> str: ...


def search_condition(o: SearchOperand, query: Any) -> Fragment:
    """`{"title": {"search": "cat & dog"}}`."""
    _require_index(o.compiler, o.info, (o.field,))
    return o.compiler.dialect.full_text_match([o.column], o.compiler.value_bind(query, "String"))


def search_group(compiler: SearchCompiler, info: ModelInfo, alias: str, searches: list[tuple[str, Any]]) -> Fragment:
    """Several `search` filters in one where object: Prisma searches their fields together, as one
    text, when their queries are equal (`{"title": {"search": q}, "body": {"search": q}}` is one
    MATCH over both columns), and each field alone otherwise. The queries are request values, so
    the choice is made when the statement runs."""
    dialect = compiler.dialect
    fields = tuple(field for field, _ in searches)
    columns = [info.column(alias, field) for field in fields]

    def query(value: Any) -> Fragment:
        return compiler.value_bind(value, "String")

    first = searches[0][1]
    equal = Fragment.join(" AND ", [query(first) + " = " + query(other) for _, other in searches[1:]])
    together = dialect.full_text_match(columns, query(first))
    alone = Fragment.join(" AND ", [dialect.full_text_match([info.column(alias, f)], query(q)) for f, q in searches])
    if not _needs_index(compiler) or (_has_index(info, fields) and all(_has_index(info, (f,)) for f in fields)):
        return "CASE WHEN " + equal + " THEN " + together + " ELSE " + alone.wrap() + " END"
    if _has_index(info, fields):
        # MySQL parses every MATCH against an index: without one per field, only together is possible.
        return (equal + " AND " + together).wrap()
    for field in fields:  # P2030 unless each field has its own index
        _require_index(compiler, info, (field,))
    return alone.wrap()


# The keys of `<M>OrderByRelevanceInput`.
RELEVANCE_KEYS = frozenset({"fields", "search", "sort"})


def relevance_order(
    compiler: SearchCompiler, info: ModelInfo, spec: Any, alias: str, path: str
) -> tuple[Fragment, Any]:
    """`{"_relevance": {"fields": [...], "search": "...", "sort": "desc"}}` -> (expression, sort).

    The search text is a request value (`shape.py`), bound like a filter's. Offered only where
    the database has full-text search (the order tables of `orders.py`).
    """
    if not isinstance(spec, dict) or not spec.keys() >= RELEVANCE_KEYS:
        raise EngineUserError(
            "P2009",
            f"`{path}` must be {{fields, search, sort}}.",
            {"kind": "InvalidArgumentType", "argumentPath": path},
        )
    fields = spec["fields"]
    names = (fields,) if isinstance(fields, str) else tuple(fields)
    for name in names:
        if info.types.get(name) != "String" or info.model.field(name).is_list:
            raise EngineUserError(
                "P2009",
                f"`{path}.fields` names `{name}`, which is not a String field of `{info.name}`.",
                {"kind": "InvalidArgumentValue", "argumentPath": f"{path}.fields"},
            )
    _require_index(compiler, info, names)
    query = compiler.value_bind(spec["search"], "String")
    return compiler.dialect.full_text_relevance([info.column(alias, n) for n in names], query), spec["sort"]


def _needs_index(compiler: SearchCompiler) -> bool:
    return compiler.connector.full_text_search == "with_index"


def _has_index(info: ModelInfo, fields: tuple[str, ...]) -> bool:
    wanted = set(fields)
    return any(index.kind == "fulltext" and set(index.field_names) == wanted for index in info.model.indexes)


def _require_index(compiler: SearchCompiler, info: ModelInfo, fields: tuple[str, ...]) -> None:
    if not _needs_index(compiler) or _has_index(info, fields):
        return
    raise EngineUserError(
        "P2030",
        "Cannot find a fulltext index to use for the search, try adding a "
        f"@@fulltext([{', '.join(fields)}]) to your schema",
        {},
    )
