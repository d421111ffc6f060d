"""A client that cannot start its engine says why in one line, on both transports: a database that
does not exist, an unset `env()` URL, a driver extra that is not installed (an unreachable server:
test_secrets). The engine's traceback is not part of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from prisma_dynamic import Prisma, errors
from tests.databases import server_url, unique_database_name, with_database

REPO = Path(__file__).resolve().parent.parent.parent
SCHEMA = """
datasource db {{
  provider = "{provider}"
  url      = env("{variable}")
}}

model Item {{
  id Int @id
}}
"""
TRANSPORTS = ("http", "embedded")
DRIVERS = {"postgresql": "asyncpg", "mysql": "asyncmy"}


def _schema(folder: Path, provider: str, variable: str = "PD_START_ERRORS_URL") -> Path:
    path = folder / "schema.prisma"
    path.write_text(SCHEMA.format(provider=provider, variable=variable))
    return path


def _one_line_failure(client: Any) -> str:
    with pytest.raises(errors.EngineConnectionError) as caught:
        client.connect()
    text = str(caught.value)
    assert "\n" not in text and "Traceback" not in text, text
    return text


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("provider", sorted(DRIVERS))
def test_a_database_that_does_not_exist(tmp_path: Path, provider: str, transport: str) -> None:
    name = unique_database_name("pd_missing")
    url = with_database(server_url(provider), name)
    client = Prisma.from_schema(
        _schema(tmp_path, provider), interface="sync", transport=transport, datasource={"url": url}
    )
    assert f"Database `{name}` does not exist" in _one_line_failure(client)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_an_unset_env_url(tmp_path: Path, transport: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PD_START_ERRORS_UNSET", raising=False)
    schema = _schema(tmp_path, "postgresql", variable="PD_START_ERRORS_UNSET")
    client = Prisma.from_schema(schema, interface="sync", transport=transport, use_dotenv=False)
    assert "Environment variable not found: PD_START_ERRORS_UNSET" in _one_line_failure(client)


# Run in a process of its own whose `asyncpg` / `asyncmy` cannot be imported, as without the extra
# (the engine process it starts inherits that too).
MISSING_DRIVER = textwrap.dedent(
    """
    import json, sys
    from prisma_dynamic import Prisma, errors

    schema, url = sys.argv[1], sys.argv[2]
    messages = []
    for transport in ("http", "embedded"):
        db = Prisma.from_schema(schema, interface="sync", transport=transport, datasource={"url": url})
        try:
            db.connect()
        except errors.EngineConnectionError as error:
            messages.append(str(error))
    print(json.dumps(messages))
    """
)


@pytest.mark.parametrize("provider", sorted(DRIVERS))
def test_a_driver_extra_that_is_not_installed(tmp_path: Path, provider: str) -> None:
    url = server_url(provider)
    blocker = tmp_path / "without-driver"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(f"import sys\nsys.modules[{DRIVERS[provider]!r}] = None\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(blocker), str(REPO)))}
    env.pop("PRISMA_DYNAMIC_ENGINE_CORE", None)
    done = subprocess.run(
        [sys.executable, "-c", MISSING_DRIVER, str(_schema(tmp_path, provider)), url],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    messages = json.loads(done.stdout)
    assert len(messages) == len(TRANSPORTS), (messages, done.stderr)
    for message in messages:
        assert f"needs the {DRIVERS[provider]} driver: pip install 'prisma-dynamic[{provider}]'" in message
        assert "\n" not in message
