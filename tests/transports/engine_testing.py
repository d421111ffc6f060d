"""Helpers shared by the transport tests (not a test module)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from prisma_dynamic.transports import EngineConfig

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
ECHO_CORE = "echo_core:build_core"


def engine_env(**extra: str) -> dict[str, str]:
    """Environment under which the engine process can import echo_core."""
    path = os.pathsep.join(p for p in (str(HERE), str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, **extra}


def write_schema(directory: Path) -> Path:
    schema = directory / "schema.prisma"
    schema.write_text('datasource db {\n  provider = "sqlite"\n  url = "file:dev.db"\n}\n')
    return schema


def echo_config(directory: Path, core: str = ECHO_CORE, **kwargs: Any) -> EngineConfig:
    env = engine_env(**kwargs.pop("env", {}))
    return EngineConfig(write_schema(directory), core=core, env=env, **kwargs)


def query(action: str, **arguments: Any) -> dict[str, Any]:
    return {"modelName": "Echo", "action": action, "query": {"arguments": arguments}}


def process_gone(pid: int) -> bool:
    """True when ``pid`` no longer runs (a zombie waiting for a parent that does not reap counts)."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return True
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def wait_gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process_gone(pid):
            return True
        time.sleep(0.02)
    return process_gone(pid)


def reap(transport: Any) -> None:
    """Wait until the transport's engine process has exited and been reaped. Not `wait_gone`: a
    killed engine's main thread shows as a zombie while its other threads still hold its sockets."""
    transport._engine.process.wait(timeout=10)


def start_engine(
    directory: Path,
    *args: str,
    token: str = "test-token",
    core: str = ECHO_CORE,
) -> tuple[subprocess.Popen[bytes], dict[str, Any]]:
    """Start ``python -m prisma_dynamic.engine`` by hand; return the process and its ready line."""
    env = {**os.environ, **engine_env(), "PRISMA_DYNAMIC_ENGINE_CORE": core}
    if token:
        env["PRISMA_DYNAMIC_ENGINE_TOKEN"] = token
    else:
        env.pop("PRISMA_DYNAMIC_ENGINE_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "prisma_dynamic.engine", "--schema", str(write_schema(directory)), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        process.wait(10)
        stderr = process.stderr.read().decode() if process.stderr else ""
        raise AssertionError(f"engine did not start: {stderr}")
    return process, json.loads(line)


def stop_engine(process: subprocess.Popen[bytes]) -> int:
    if process.stdin is not None and not process.stdin.closed:
        process.stdin.close()
    try:
        return process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()
    finally:
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def make_certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A throw-away CA and a server certificate it signed for 127.0.0.1 and localhost, made with the
    `openssl` CLI: (CA certificate, server certificate, server key), PEM files in ``directory``."""
    if shutil.which("openssl") is None:
        message = "the openssl command is needed to make test certificates (Debian: apt-get install openssl)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    ca, ca_key = directory / "ca.pem", directory / "ca.key"
    cert, key, request = directory / "server.pem", directory / "server.key", directory / "server.csr"
    extensions = directory / "server.ext"
    extensions.write_text(
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
    )
    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    commands = [
        ["openssl", "req", "-x509", *curve, "-keyout", ca_key, "-out", ca, "-days", "2", "-subj", "/CN=test CA",
         "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        ["openssl", "req", *curve, "-keyout", key, "-out", request, "-subj", "/CN=127.0.0.1"],
        ["openssl", "x509", "-req", "-in", request, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", cert,
         "-days", "2", "-extfile", extensions],
    ]  # fmt: skip
    for command in commands:
        subprocess.run([str(part) for part in command], check=True, capture_output=True, timeout=60)
    return ca, cert, key
