"""The stub modules the mypy plugin writes, one per schema, inside `stubs_plugin/_generated/`.

mypy computes its module search path before it loads plugins, so a plugin cannot add a folder to
it; this package's own folder is already on it (mypy finds `stubs_plugin` where it is installed).
A schema's module name comes from its absolute path (`schema_<hash>`), so it is stable across
edits: mypy then sees the module's text change when the schema changes, re-checks it, and
re-checks every module that depends on it, which the plugin's `get_additional_deps` arranged.
Each module's first line records the digest of the schema text and of this writer (with the
query schema and connector code it renders from), so an unchanged schema is not rewritten and
mypy's cache stays warm.

The project's schema (the one `prisma_dynamic.models` means) has a second module, `partials_<hash>`:
the partial models its partial type generator declares, rendered as `partials.pyi` is for Pyright
(`stubs_plugin.partials`) from the schema module's names. The plugin runs the script to write it;
its digest also covers the script's text and the working directory (the default script and a
relative path are found from there), so editing the script rewrites the module and mypy
re-checks what imports the partials.

The package's `__init__.pyi` holds the function whose call in each module is where the plugin
declares the schema's input types (`mypy_declare`); the module leaves those types out.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import prisma_dynamic.schema
from prisma_dynamic.errors import SchemaError
from prisma_dynamic.models.partial_generator import expected_script, script_text
from prisma_dynamic.models.registry import ModelRegistry
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.load import find_schema, load_schema, read_sources
from stubs_plugin.build import build_surface
from stubs_plugin.files import atomic_write
from stubs_plugin.partials import render_partials
from stubs_plugin.render import render_module
from stubs_plugin.surface import Surface

PACKAGE = "stubs_plugin._generated"
DIRECTORY = Path(__file__).resolve().parent / "_generated"
_DIGEST_PREFIX = "# digest: "
_SOURCE_PREFIX = "# schema: "
_SCRIPT_PREFIX = "# partials from: "
DECLARE_TYPES = f"{PACKAGE}.declare_schema_types"
_PACKAGE_INIT = (
    "def declare_schema_types() -> object:\n"
    '    """Where the mypy plugin declares a schema\'s input types (stubs_plugin.mypy_declare)."""\n'
)


def _writer_version() -> str:
    """The stub writer's own modules and what it renders from: the query schema and the connectors."""
    schema_folder = Path(prisma_dynamic.schema.__file__).resolve().parent
    modules = sorted(Path(__file__).resolve().parent.glob("*.py"))
    modules += sorted((schema_folder / "query_schema").rglob("*.py"))
    modules += sorted((schema_folder / "connectors").rglob("*.py"))
    digest = hashlib.sha256()
    for module in modules:
        digest.update(module.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class SchemaModule:
    name: str  # the module's full name
    schema: Path
    error: str | None = None  # why the schema could not be typed


@dataclass(frozen=True, slots=True)
class PartialsModule:
    name: str  # the module's full name
    error: str | None = None  # why the partials could not be typed


class GeneratedStubs:
    """Keeps one stub module per schema in step with the schema's text."""

    def __init__(self, directory: Path = DIRECTORY) -> None:
        self.directory = directory
        self._version = _writer_version()
        self._current: dict[Path, SchemaModule] = {}
        self._surfaces: dict[Path, Surface] = {}

    def module_for(self, schema_path: str | os.PathLike[str] | None) -> SchemaModule:
        """The module typing the schema at `schema_path` (found as the run time finds it when None),
        written or rewritten if its schema changed since."""
        try:
            path = find_schema(schema_path).resolve()
        except FileNotFoundError as error:
            # Written all the same, so that callers depend on it and are re-checked once it exists.
            missing = Path(schema_path or "schema.prisma").resolve()
            return self._write_failure(self._module_name(missing), missing, self._target(missing), str(error))
        if path not in self._current:
            self._current[path] = self._refresh(path)
        return self._current[path]

    def partials_for(self, module: SchemaModule) -> PartialsModule:
        """The module of the partial models declared for the schema of `module` (rewritten if the
        schema, the generator script or the working directory changed since it was written)."""
        name = module.name.replace(".schema_", ".partials_")
        target = self.directory / f"{name.rsplit('.', 1)[1]}.pyi"
        if module.error is not None:
            return self._write_partials_failure(name, module.schema, target, module.error)
        recorded = _header(target, _SCRIPT_PREFIX, lines=3)
        if recorded is not None and _header(target, _DIGEST_PREFIX, lines=3) == self._partials_digest(module, recorded):
            return PartialsModule(name)
        try:
            schema = load_schema(module.schema)
        except (OSError, SchemaError) as error:  # changed since its module was written
            return self._write_partials_failure(name, module.schema, target, f"the schema cannot be read: {error}")
        script = expected_script(schema)
        try:
            body = self._render_partials(module, schema)
        except (Exception, SystemExit) as error:  # the project's own script: whatever it raises is reported
            message = f"the partial type generator {script!r} failed: {type(error).__name__}: {error}"
            return self._write_partials_failure(name, module.schema, target, message)
        header = f"{_SOURCE_PREFIX}{module.schema}\n{_SCRIPT_PREFIX}{script}\n"
        self._write(target, f"{header}{_DIGEST_PREFIX}{self._partials_digest(module, script)}\n{body}")
        return PartialsModule(name)

    def _render_partials(self, module: SchemaModule, schema: ir.Schema) -> str:
        # A registry of its own, so that every run reads the script as it is now; what the script
        # prints must not reach mypy's output.
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            partials = ModelRegistry(schema).declared_partials()
        return render_partials(
            self._surface(module.schema),
            schema,
            partials,
            models_from=module.name,
            typed_from=module.name,
            header=f"Partial models declared for {module.schema}.",
        )

    def _partials_digest(self, module: SchemaModule, script: str) -> str:
        digest = hashlib.sha256(self._version.encode())
        try:
            sources = read_sources(module.schema)
        except (OSError, UnicodeDecodeError):
            sources = []
        for file_name, text in sources:
            digest.update(f"\0{file_name}\0{text}".encode())
        digest.update(f"\0{os.getcwd()}\0{script}\0".encode())
        # The recorded script's text as it is now (a schema that did not change names that script).
        digest.update(script_text(script))
        return digest.hexdigest()

    def _write_partials_failure(self, name: str, schema: Path, target: Path, error: str) -> PartialsModule:
        # No digest: the script runs again on the next run, which reports the error again.
        self._write(target, f"{_SOURCE_PREFIX}{schema}\n# error: {error}\n")
        return PartialsModule(name, error)

    def schema_of(self, module_name: str) -> Path | None:
        """The schema a module written in this run types."""
        for module in self._current.values():
            if module.name == module_name and module.error is None:
                return module.schema
        return None

    def surface_of(self, module_name: str) -> Surface | None:
        """The types of a module written in this run (built again if the module was current)."""
        path = self.schema_of(module_name)
        if path is None:
            return None
        if path not in self._surfaces:
            try:
                self._surface(path)
            except (OSError, SchemaError, ValueError):
                return None
        return self._surfaces[path]

    def _surface(self, path: Path) -> Surface:
        surface = build_surface(load_schema(path), truly_recursive=True)
        self._surfaces[path] = surface
        return surface

    def refresh_all(self) -> None:
        """Bring every module written by earlier runs up to date, before mypy reads them from its cache."""
        if not self.directory.is_dir():
            return
        for module in sorted(self.directory.glob("schema_*.pyi")):
            source = _header(module, _SOURCE_PREFIX)
            if source is not None:
                path = Path(source)
                self._current[path] = self._refresh(path)

    def _module_name(self, path: Path) -> str:
        return f"{PACKAGE}.schema_{hashlib.sha256(str(path).encode()).hexdigest()[:16]}"

    def _target(self, path: Path) -> Path:
        return self.directory / f"{self._module_name(path).rsplit('.', 1)[1]}.pyi"

    def _refresh(self, path: Path) -> SchemaModule:
        name = self._module_name(path)
        target = self._target(path)
        try:
            sources = read_sources(path)
        except (OSError, UnicodeDecodeError) as error:
            return self._write_failure(name, path, target, f"cannot read the schema {path}: {error}")
        digest = hashlib.sha256(self._version.encode())
        for file_name, text in sources:
            digest.update(f"\0{file_name}\0{text}".encode())
        if _header(target, _DIGEST_PREFIX) == digest.hexdigest():
            return SchemaModule(name, path)
        try:
            body = render_module(
                self._surface(path), header=f"Types of the Prisma schema {path}.", declared_by=DECLARE_TYPES
            )
        except SchemaError as error:
            lines = [f"{d.span.file}:{d.span.line}:{d.span.column}: {d.message}" for d in error.errors]
            return self._write_failure(name, path, target, f"the schema {path} is invalid: " + "; ".join(lines))
        except ValueError as error:
            return self._write_failure(name, path, target, f"the schema {path} cannot be typed: {error}")
        self._write(target, f"{_SOURCE_PREFIX}{path}\n{_DIGEST_PREFIX}{digest.hexdigest()}\n{body}")
        return SchemaModule(name, path)

    def _write_failure(self, name: str, path: Path, target: Path, error: str) -> SchemaModule:
        # An empty module with the error in it: its text changes, so mypy re-checks the callers,
        # which is where the plugin reports the error.
        self._write(target, f"{_SOURCE_PREFIX}{path}\n# error: {error}\n")
        return SchemaModule(name, path, error)

    def _write(self, target: Path, text: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        package = self.directory / "__init__.pyi"
        if not package.exists() or package.read_text(encoding="utf-8") != _PACKAGE_INIT:
            atomic_write(package, _PACKAGE_INIT)
        if target.exists() and target.read_text(encoding="utf-8") == text:
            return
        atomic_write(target, text)


def _header(module: Path, prefix: str, *, lines: int = 2) -> str | None:
    try:
        with module.open(encoding="utf-8") as stream:
            for _ in range(lines):
                line = stream.readline()
                if line.startswith(prefix):
                    return line[len(prefix) :].rstrip("\n")
    except OSError:
        return None
    return None
