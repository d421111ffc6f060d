"""One object per database that owns everything that differs between them.

`dialect_for(provider)` returns the single instance for a datasource provider.
"""

from __future__ import annotations

from prisma_dynamic.dialects.base import Dialect
from prisma_dynamic.dialects.mysql import MysqlDialect
from prisma_dynamic.dialects.postgresql import PostgresqlDialect
from prisma_dynamic.dialects.sqlite import SqliteDialect

__all__ = ["Dialect", "MysqlDialect", "PostgresqlDialect", "SqliteDialect", "dialect_for"]

_POSTGRESQL = PostgresqlDialect()
_DIALECTS: dict[str, Dialect] = {
    "sqlite": SqliteDialect(),
    "postgresql": _POSTGRESQL,
    "postgres": _POSTGRESQL,
    "mysql": MysqlDialect(),
}


def dialect_for(provider: str) -> Dialect:
    """The dialect of a datasource provider (`sqlite`, `postgresql`/`postgres`, `mysql`)."""
    try:
        return _DIALECTS[provider]
    except KeyError:
        supported = ", ".join(sorted(_DIALECTS))
        raise ValueError(f'The provider "{provider}" is not supported; expected one of: {supported}.') from None
