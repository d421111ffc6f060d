"""Connection URLs as Prisma reads them, for the engine's drivers and for db push alike: its own
query parameters (`connection_limit`, `pool_timeout`, `connect_timeout`, `schema`, ...) are taken
out before the rest reaches the driver."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from prisma_dynamic.tls import TLS_PARAMETERS

# Parameters Prisma understands itself; everything else goes to the driver untouched.
PRISMA_PARAMETERS = (
    "connection_limit",
    "pool_timeout",
    "connect_timeout",
    "socket_timeout",
    "schema",
    "pgbouncer",
    "statement_cache_size",
    *TLS_PARAMETERS,
)


@dataclass(frozen=True, slots=True)
class ConnectionSettings:
    url: str  # what the driver gets
    host: str
    port: int | None
    user: str | None
    password: str
    database: str
    connection_limit: int
    pool_timeout: float  # seconds to wait for a free connection
    connect_timeout: float
    schema: str | None
    params: dict[str, str]
    # PgBouncer in transaction mode (`pgbouncer=true`): no statement cache, no statement that
    # needs the same server connection across round trips outside a transaction.
    pgbouncer: bool = False
    statement_cache_size: int | None = None
    # sslcert, sslidentity, sslpassword, sslaccept as given: `prisma_dynamic.tls.tls_context`
    tls: dict[str, str] = field(default_factory=dict)


def parse_url(url: str, default_port: int) -> ConnectionSettings:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    prisma = {k: query.pop(k) for k in list(query) if k in PRISMA_PARAMETERS}
    driver_url = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))
    default_limit = (os.cpu_count() or 1) * 2 + 1  # Prisma's default pool size
    return ConnectionSettings(
        url=driver_url,
        host=parts.hostname or "localhost",
        port=parts.port or default_port,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password or ""),
        database=unquote(parts.path.lstrip("/")),
        connection_limit=int(prisma.get("connection_limit", default_limit)),
        pool_timeout=float(prisma.get("pool_timeout", 10)),
        connect_timeout=float(prisma.get("connect_timeout", 5)),
        schema=prisma.get("schema"),
        params=query,
        pgbouncer=prisma.get("pgbouncer", "").lower() == "true",
        statement_cache_size=int(prisma["statement_cache_size"]) if "statement_cache_size" in prisma else None,
        # `sslmode=disable` (PostgreSQL's) turns TLS off whatever else the URL says.
        tls={} if query.get("sslmode") == "disable" else {n: prisma[n] for n in TLS_PARAMETERS if n in prisma},
    )
