"""The query engine as its own process: ``prisma-dynamic engine`` / ``python -m prisma_dynamic.engine``.

Lifecycle, as the client relies on it:

1. the core is built by a factory (``PRISMA_DYNAMIC_ENGINE_CORE=module:function`` if set, else
   :data:`DEFAULT_CORE_FACTORY`) from the parsed arguments, and started;
2. the engine listens on a Unix socket created with mode 0600 (the default on POSIX, in a fresh
   private directory unless ``--listen PATH`` names the path) or on ``--listen HOST:PORT`` (0 = any),
   in HTTPS when given ``--tls-cert``;
3. it prints one JSON line to stdout, ``{"ready": true, "url": "unix:/path" | "http[s]://HOST:N",
   "pid": N}``, and from then on stdout is redirected to stderr (so later output cannot block on a
   pipe nobody reads);
4. it serves until SIGINT/SIGTERM or until its stdin reaches EOF (the client holds the other end of
   a pipe, so the engine dies with its parent even when the parent is SIGKILLed; ``--ignore-stdin``
   turns this off for engines run as services).

The datasource URL (with its password) comes from ``PRISMA_DYNAMIC_DATASOURCE_URL`` when
``--datasource-url`` is not given: the client passes it that way, because any user can read a
process's command line (``/proc/<pid>/cmdline``) but only its owner its environment. The engine
removes the variable from its own environment once read.

Every request must carry ``Authorization: Bearer <token>`` with the token from the environment
variable ``PRISMA_DYNAMIC_ENGINE_TOKEN``; when it is not set a random token is made and added to the
ready line as ``"token"``. Startup failures are reported on stderr with exit status 1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import importlib
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import ssl
import stat
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from prisma_dynamic.engine.core import EngineCore, EngineUserError
from prisma_dynamic.engine.server import DEFAULT_MAX_REQUEST_BYTES

__all__ = [
    "CORE_ENV",
    "DATASOURCE_URL_ENV",
    "DEFAULT_CORE_FACTORY",
    "REPLICA_URLS_ENV",
    "TOKEN_ENV",
    "CoreFactory",
    "CoreFactoryError",
    "add_arguments",
    "build_parser",
    "load_core_factory",
    "main",
    "run",
    "schema_fingerprint",
]

DEFAULT_CORE_FACTORY = "prisma_dynamic.engine.runtime:build_core"
CORE_ENV = "PRISMA_DYNAMIC_ENGINE_CORE"
DATASOURCE_URL_ENV = "PRISMA_DYNAMIC_DATASOURCE_URL"
REPLICA_URLS_ENV = "PRISMA_DYNAMIC_REPLICA_URLS"  # read replicas' URLs, one a line
TOKEN_ENV = "PRISMA_DYNAMIC_ENGINE_TOKEN"

CoreFactory = Callable[[argparse.Namespace], EngineCore]

log = logging.getLogger("prisma_dynamic.engine")


class CoreFactoryError(RuntimeError):
    """The engine core factory named by a ``module:function`` spec cannot be loaded."""


def load_core_factory(spec: str | None = None) -> CoreFactory:
    """Import the factory named ``module:function``; None means ``$PRISMA_DYNAMIC_ENGINE_CORE`` or
    :data:`DEFAULT_CORE_FACTORY`. Imported lazily so the engine modules load only where they run."""
    spec = spec or os.environ.get(CORE_ENV) or DEFAULT_CORE_FACTORY
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise CoreFactoryError(f"engine core factory {spec!r} must be written 'module:function'")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        hint = " (the engine runtime is not part of this build yet)" if spec == DEFAULT_CORE_FACTORY else ""
        raise CoreFactoryError(f"cannot import engine core factory {spec!r}{hint}: {exc}") from exc
    factory = getattr(module, attr, None)
    if not callable(factory):
        raise CoreFactoryError(f"engine core factory {spec!r}: {module_name} has no callable {attr!r}")
    return cast(CoreFactory, factory)


def schema_fingerprint(schema: str | os.PathLike[str]) -> str:
    """A hash of the schema's text (whitespace aside; all `.prisma` files of a schema folder), by which
    a client sharing a standalone engine checks that both read the same schema."""
    path = Path(schema)
    files = sorted(path.glob("*.prisma")) if path.is_dir() else [path]
    digest = hashlib.sha256()
    for file in files:
        try:
            digest.update(b" ".join(file.read_bytes().split()) + b"\0")
        except OSError:
            digest.update(b"?\0")
    return digest.hexdigest()[:32]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The engine's options, shared by ``prisma-dynamic engine`` and ``python -m prisma_dynamic.engine``."""
    parser.add_argument("--schema", required=True, metavar="PATH", help="the Prisma schema file")
    parser.add_argument(
        "--datasource-url",
        metavar="URL",
        help=f"database URL overriding the schema's datasource url (visible to all users in the process list: "
        f"prefer ${DATASOURCE_URL_ENV})",
    )
    parser.add_argument(
        "--replica-url",
        dest="replica_urls",
        action="append",
        metavar="URL",
        help=f"a read replica: reads outside transactions go to the replicas (prefer ${REPLICA_URLS_ENV}, one a line)",
    )
    parser.add_argument(
        "--listen",
        type=listen_address,
        metavar="ADDRESS",
        help="HOST:PORT (PORT 0 picks a free one; another host than 127.0.0.1 serves other machines) or the path "
        "of a Unix socket, created with mode 0600 (default: a socket in a private directory)",
    )
    parser.add_argument(
        "--tls-cert",
        metavar="FILE",
        help="serve HTTPS on --listen HOST:PORT with this PEM certificate (chain), for clients on other machines",
    )
    parser.add_argument("--tls-key", metavar="FILE", help="the PEM private key of --tls-cert, if not in its file")
    parser.add_argument("--log-queries", action="store_true", help="log the SQL of every query to stderr")
    parser.add_argument(
        "--max-request-bytes",
        type=int,
        default=DEFAULT_MAX_REQUEST_BYTES,
        metavar="N",
        help=f"refuse request bodies larger than N bytes with 413 (default: {DEFAULT_MAX_REQUEST_BYTES})",
    )
    parser.add_argument(
        "--log-level",
        default="warning",
        choices=("debug", "info", "warning", "error"),
        help="engine log level (logs go to stderr; default: warning)",
    )
    # Set by the client: the private directory it made for this engine (socket, stderr file). The
    # engine removes it at exit because the client may be gone by then (killed).
    parser.add_argument("--cleanup-dir", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument(
        "--ignore-stdin",
        action="store_true",
        help="keep running when stdin reaches EOF (by default EOF on stdin stops the engine)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prisma-dynamic engine", description="Run the prisma-dynamic query engine over HTTP."
    )
    add_arguments(parser)
    return parser


@dataclass(frozen=True)
class ListenAddress:
    """Where the engine listens (``--listen``): a TCP host and port, or the path of a Unix socket."""

    host: str = "127.0.0.1"
    port: int = 0
    path: str | None = None


def listen_address(value: str) -> ListenAddress:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6) or a socket path: one with a ``/``, or ``unix:PATH``."""
    if "/" in value or value.startswith("unix:"):
        return ListenAddress(path=value.removeprefix("unix:"))
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise argparse.ArgumentTypeError(
            f"{value!r} is neither HOST:PORT nor the path of a Unix socket (a path has a '/': ./engine.sock)"
        )
    return ListenAddress(host=host.removeprefix("[").removesuffix("]"), port=int(port))


class _StartError(Exception):
    """The engine cannot start for a reason one line says (reported on stderr, exit status 1)."""


@dataclass
class _Listener:
    sock: socket.socket
    url: str
    socket_path: str | None
    private_dir: str | None

    def cleanup(self) -> None:
        self.sock.close()
        if self.socket_path is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.socket_path)
        if self.private_dir is not None:
            shutil.rmtree(self.private_dir, ignore_errors=True)


def _bind(address: ListenAddress | None, tls: bool) -> _Listener:
    if tls and (address is None or address.path is not None):
        raise _StartError("--tls-cert needs --listen HOST:PORT: a Unix socket is reached without TLS")
    if address is None:
        if os.name == "posix" and hasattr(socket, "AF_UNIX"):
            private_dir = tempfile.mkdtemp(prefix="prisma-dynamic-")
            return _bind_unix(os.path.join(private_dir, "engine.sock"), private_dir)
        address = ListenAddress()
    if address.path is not None:
        return _bind_unix(os.path.abspath(address.path), None)
    family = socket.AF_INET6 if ":" in address.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address.host, address.port))
    except OSError as exc:
        sock.close()
        raise _StartError(f"cannot listen on {address.host}:{address.port}: {exc.strerror or exc}") from exc
    port = sock.getsockname()[1]
    host = f"[{address.host}]" if family == socket.AF_INET6 else address.host
    return _Listener(sock, f"{'https' if tls else 'http'}://{host}:{port}", None, None)


def _bind_unix(socket_path: str, private_dir: str | None) -> _Listener:
    with contextlib.suppress(FileNotFoundError):
        # A socket left by a dead engine would make bind() fail; anything else is not ours to remove.
        if stat.S_ISSOCK(os.lstat(socket_path).st_mode):
            os.unlink(socket_path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # The umask closes the window between bind() and chmod() in which others could connect.
    previous = os.umask(0o177)
    try:
        sock.bind(socket_path)
    except OSError as exc:
        sock.close()
        raise _StartError(f"cannot listen on {socket_path}: {exc.strerror or exc}") from exc
    finally:
        os.umask(previous)
    os.chmod(socket_path, 0o600)
    return _Listener(sock, f"unix:{socket_path}", socket_path, private_dir)


def _tls_context(args: argparse.Namespace) -> ssl.SSLContext | None:
    """The server side of HTTPS when ``--tls-cert`` is given; the certificate and key are read
    now, so that a bad one is a clear line before the database is reached."""
    if args.tls_key is not None and args.tls_cert is None:
        raise _StartError("--tls-key needs --tls-cert")
    if args.tls_cert is None:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(args.tls_cert, args.tls_key)
    except (OSError, ssl.SSLError) as exc:
        raise _StartError(f"cannot use the TLS certificate {args.tls_cert}: {exc.strerror or exc}") from exc
    return context


def _watch_stdin(on_eof: Callable[[], None]) -> None:
    def reader() -> None:
        try:
            while os.read(0, 65536):
                pass
        except OSError:
            pass
        on_eof()

    threading.Thread(target=reader, name="engine-stdin-watch", daemon=True).start()


_GRACEFUL_SHUTDOWN_SECONDS = 5.0


async def _serve(
    args: argparse.Namespace,
    core: EngineCore,
    token: str,
    listener: _Listener,
    tls: ssl.SSLContext | None,
    ready: dict[str, Any],
) -> None:
    from prisma_dynamic.engine.server import EngineServer

    max_bytes = getattr(args, "max_request_bytes", DEFAULT_MAX_REQUEST_BYTES)
    engine = EngineServer(core, token, max_request_bytes=max_bytes, schema_hash=schema_fingerprint(args.schema))
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def request_exit() -> None:
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, request_exit)
        except (NotImplementedError, RuntimeError):  # Windows event loops
            signal.signal(sig, lambda *_: loop.call_soon_threadsafe(request_exit))

    if listener.socket_path is not None:
        server = await loop.create_unix_server(engine.protocol, sock=listener.sock, backlog=128)
    else:
        server = await loop.create_server(engine.protocol, sock=listener.sock, backlog=128, ssl=tls)

    sys.stdout.write(json.dumps(ready) + "\n")
    sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    if not args.ignore_stdin:

        def on_stdin_eof() -> None:
            loop.call_soon_threadsafe(request_exit)

        _watch_stdin(on_stdin_eof)
    await stop.wait()
    server.close()
    await engine.shutdown(_GRACEFUL_SHUTDOWN_SECONDS)


async def _run_core(
    args: argparse.Namespace,
    core: EngineCore,
    token: str,
    listener: _Listener,
    tls: ssl.SSLContext | None,
    ready: dict[str, Any],
) -> int:
    try:
        await core.start()
    except EngineUserError as error:
        # The database is unreachable, missing, refusing us: one line says it (the traceback
        # only at DEBUG); the client shows that line.
        sys.stderr.write(f"prisma-dynamic engine: {error.message}\n")
        log.debug("the engine core failed to start", exc_info=True)
        return 1
    except Exception:
        sys.stderr.write("prisma-dynamic engine: the engine core failed to start:\n")
        traceback.print_exc(file=sys.stderr)
        return 1
    try:
        await _serve(args, core, token, listener, tls, ready)
    finally:
        try:
            await core.stop()
        except Exception:
            log.exception("the engine core failed to stop cleanly")
        if args.cleanup_dir:
            shutil.rmtree(args.cleanup_dir, ignore_errors=True)
    return 0


def run(args: argparse.Namespace, factory: CoreFactory | None = None) -> int:
    """Build the core, serve it until told to stop; return the exit status."""
    logging.basicConfig(
        level=getattr(logging, args.log_level.upper()),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.log_queries:  # the engine logs each statement at INFO (prisma_dynamic.engine.query_engine)
        logging.getLogger("prisma_dynamic.engine").setLevel(logging.INFO)
    if args.datasource_url is None:
        args.datasource_url = os.environ.pop(DATASOURCE_URL_ENV, None)
    if not getattr(args, "replica_urls", None):
        args.replica_urls = os.environ.pop(REPLICA_URLS_ENV, "").split()
    token = os.environ.get(TOKEN_ENV, "")
    token_generated = not token
    if token_generated:
        token = secrets.token_urlsafe(32)
    try:
        if factory is None:
            factory = load_core_factory()
        core = factory(args)
    except CoreFactoryError as exc:
        sys.stderr.write(f"prisma-dynamic engine: {exc}\n")
        return 1
    except EngineUserError as error:  # the schema or its URL cannot be used: one line says why
        sys.stderr.write(f"prisma-dynamic engine: {error.message}\n")
        return 1
    except Exception:
        sys.stderr.write("prisma-dynamic engine: building the engine core failed:\n")
        traceback.print_exc(file=sys.stderr)
        return 1
    # Where to listen and the certificate are checked before the database is reached.
    try:
        listener = _bind(args.listen, tls=args.tls_cert is not None)
    except _StartError as error:
        sys.stderr.write(f"prisma-dynamic engine: {error}\n")
        return 1
    try:
        tls = _tls_context(args)
    except _StartError as error:
        listener.cleanup()
        sys.stderr.write(f"prisma-dynamic engine: {error}\n")
        return 1
    ready: dict[str, Any] = {"ready": True, "url": listener.url, "pid": os.getpid()}
    if token_generated:
        ready["token"] = token
    try:
        with asyncio.Runner(loop_factory=_loop_factory()) as runner:
            return runner.run(_run_core(args, core, token, listener, tls, ready))
    finally:
        listener.cleanup()


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop where it is installed (a dependency on POSIX), else asyncio's own.

    This process is ours, so its loop is our choice: each request costs the engine two loop turns
    (the socket becomes readable; the answer's task runs), and uvloop's are C where asyncio's
    are Python (``docs/decisions/http-hop.md``). The client's loop stays the application's."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))
