"""Running a project's partial type generator: the script, named by the schema's generator option
`partial_type_generator` (a path relative to the working directory, or a dotted module name) or
found at `prisma/partial_types.py`, in which Prisma Client Python projects declare their partial
models (`User.create_partial("UserInLogin", include={"id", "email"})`).

The run time runs it the first time a partial it does not know is asked for
(`from prisma_dynamic.partials import UserInLogin`, `db.partials.UserInLogin`), and
`prisma-dynamic stubs` runs it to type the partials for Pyright. The registry runs it
(`ModelRegistry.run_partial_generator`), and while it runs `prisma_dynamic.models` resolves to
that registry, in which the partials are created.
"""

from __future__ import annotations

import importlib.util
import runpy
from pathlib import Path

from prisma_dynamic.errors import GeneratorError
from prisma_dynamic.schema import ir

__all__ = ["DEFAULT_SCRIPT", "expected_script", "generator_script", "run_script", "script_text"]

DEFAULT_SCRIPT = Path("prisma") / "partial_types.py"


def generator_script(schema: ir.Schema) -> str | None:
    """The configured script or module, else `prisma/partial_types.py` if it exists, else None."""
    configured = _configured(schema)
    if configured is not None:
        if configured.startswith("."):
            raise GeneratorError(f"partial_type_generator: relative module names are not supported: {configured!r}")
        return configured
    return str(DEFAULT_SCRIPT) if DEFAULT_SCRIPT.is_file() else None


def expected_script(schema: ir.Schema) -> str:
    """The script that declares the schema's partials, or would once it exists: the configured
    one, else `prisma/partial_types.py`."""
    return _configured(schema) or str(DEFAULT_SCRIPT)


def script_text(script: str) -> bytes:
    """The text of a script or dotted module (empty if there is none): what the mypy plugin's
    module of the partials is kept current with."""
    path: Path | None = Path(script)
    if not _is_path(script):
        try:
            spec = importlib.util.find_spec(script)
        except (ImportError, ValueError):
            spec = None
        path = Path(spec.origin) if spec is not None and spec.origin is not None else None
    try:
        return path.read_bytes() if path is not None else b""
    except OSError:
        return b""


def _configured(schema: ir.Schema) -> str | None:
    generator = schema.client_generator
    return generator.partial_type_generator if generator is not None else None


def _is_path(script: str) -> bool:
    return script.endswith(".py") or "/" in script or Path(script).is_file()


def run_script(script: str) -> None:
    """Run `script`, a `.py` path or a dotted module."""
    is_path = _is_path(script)
    if is_path and not Path(script).is_file():
        raise GeneratorError(f"partial_type_generator: {script} does not exist")
    try:
        if is_path:
            runpy.run_path(script, run_name="__prisma_partials__")
        else:
            runpy.run_module(script, run_name="__prisma_partials__")
    except ImportError as error:
        # A script written for Prisma Client Python imports `prisma.models`.
        raise GeneratorError(
            f"partial_type_generator: running {script!r} failed: {error}"
            " (the models are imported from prisma_dynamic.models)"
        ) from None
