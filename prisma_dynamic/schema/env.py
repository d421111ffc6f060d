"""The schema's environment: `.env` files and the datasource URL, found the way Prisma finds them.

`.env` files are read from the current folder (and its `prisma/`) and from the schema's folder,
never overriding a variable that is already set. A relative SQLite file in the schema's `url` is
relative to the schema's folder; one given explicitly (`--url`, `datasource={"url": ...}`) is
relative to the current folder.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from dotenv import load_dotenv

from prisma_dynamic.schema import ir
from prisma_dynamic.tls import TLS_FILE_PARAMETERS

_SQLITE_PREFIXES = ("file:",)  # Prisma accepts only `file:` for SQLite


class DatasourceUrlError(ValueError):
    """The schema names no usable database URL; the message says what to do."""


def load_dotenv_files(schema_path: Path | None = None) -> None:
    candidates = [Path.cwd() / ".env", Path.cwd() / "prisma" / ".env"]
    if schema_path is not None:
        folder = schema_path if schema_path.is_dir() else schema_path.parent
        candidates.append(folder / ".env")
    seen: set[Path] = set()
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved in seen or not resolved.is_file():
            continue
        seen.add(resolved)
        load_dotenv(resolved, override=False)


def is_sqlite_url(url: str) -> bool:
    return url.startswith(_SQLITE_PREFIXES)


def sqlite_file(url: str) -> str:
    """The file of a SQLite URL (what follows `?` is Prisma's connection parameters)."""
    for prefix in _SQLITE_PREFIXES:
        if url.startswith(prefix):
            return url[len(prefix) :].split("?", 1)[0]
    raise DatasourceUrlError(f'The SQLite URL "{url}" must start with "file:", e.g. "file:./dev.db".')


def absolute_url(url: str, base: Path) -> str:
    """The URL with its relative paths made absolute against `base`, as Prisma reads them from the
    schema's folder: a SQLite file, or a server URL's TLS files (`sslcert`, `sslidentity`)."""
    if not is_sqlite_url(url):
        return _absolute_tls_files(url, base)
    path = sqlite_file(url)
    if path in ("", ":memory:") or Path(path).is_absolute():
        return url
    return "file:" + str((base / path).resolve())


def _absolute_tls_files(url: str, base: Path) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    absolute = [
        (name, str((base / value).resolve()) if _relative_file(name, value) else value) for name, value in query
    ]
    return url if absolute == query else parts._replace(query=urlencode(absolute)).geturl()


def _relative_file(name: str, value: str) -> bool:
    return name in TLS_FILE_PARAMETERS and bool(value) and not Path(value).is_absolute()


def datasource_url(schema: ir.Schema, schema_path: Path, explicit: str | None = None) -> str:
    """The URL to connect to: `explicit`, else the datasource `url` (env() read now)."""
    if explicit:
        return absolute_url(explicit, Path.cwd())
    schema_dir = schema_path if schema_path.is_dir() else schema_path.parent
    load_dotenv_files(schema_path)
    datasource = schema.datasource
    if datasource is None:
        raise DatasourceUrlError("The schema has no datasource block: add one, or give the database URL explicitly.")
    if datasource.url is None:
        raise DatasourceUrlError(
            f'The datasource "{datasource.name}" has no url (Prisma 7 keeps it out of the schema): add '
            '`url = env("DATABASE_URL")`, or give the URL explicitly (`datasource={"url": ...}`, `--url`).'
        )
    url = datasource.url.resolve()
    if url is None:
        raise DatasourceUrlError(
            f"Environment variable not found: {datasource.url.env}. It is the datasource url of the schema: "
            "set it, or put it in a .env file next to the schema or in the current folder."
        )
    return absolute_url(url, schema_dir)
