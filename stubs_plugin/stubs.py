"""`.pyi` files for checkers without plugins (Pyright, Pylance): a stub package `prisma_dynamic`.

Put in a folder the checker reads stubs from (Pyright's `stubPath`, `typings/` by default), the
package (`prisma_dynamic-stubs/`) makes `from prisma_dynamic import Prisma` the client typed for one schema, and
`prisma_dynamic.models`, `.enums` and `.types` the schema's classes and TypedDicts, and
`prisma_dynamic.partials` the partial models its partial type generator declares. Modules the
stubs do not declare (`prisma_dynamic.errors`, `.fields`, ...) are still read from the installed
package: both checkers look a module up in the stub folder first and fall back to the package.
The names the run-time package exports are re-exported from where the run time defines them, so
the stubs never lag behind it.
"""

from __future__ import annotations

import importlib
import types
from pathlib import Path

from prisma_dynamic.models.registry import registry_for
from prisma_dynamic.schema import ir
from stubs_plugin.build import build_surface
from stubs_plugin.files import atomic_write
from stubs_plugin.partials import render_partials
from stubs_plugin.render import render_models, render_module
from stubs_plugin.surface import Surface

PACKAGE = "prisma_dynamic"
# A partial stub-only package (PEP 561): Pyright reads the modules it lacks from the installed
# package, and binds `from . import errors` to the real submodule.
STUB_PACKAGE = f"{PACKAGE}-stubs"
TYPED_MODULE = "_typed"
# The enums and models alone, so that a module importing only them (a FastAPI module annotating
# with `User`) costs Pyright a small file instead of the whole typed module (civitai: 0.15 of 7.9 MB).
MODELS_MODULE = "_models"
# Run-time names whose stub is the schema's typed client.
_CLIENT_ALIASES = {"Prisma": "Prisma", "Client": "Prisma", "SyncPrisma": "SyncPrisma"}
_PREAMBLE = "# Written by `prisma-dynamic stubs` from {schema}; run it again after editing the schema.\n"


def stub_files(schema: ir.Schema, schema_label: str) -> dict[str, str]:
    """File name (inside the `prisma_dynamic` stub package) -> text."""
    surface = build_surface(schema)
    preamble = _PREAMBLE.format(schema=schema_label)
    typed, models_module = f"{PACKAGE}.{TYPED_MODULE}", f"{PACKAGE}.{MODELS_MODULE}"
    header = f"Types of the Prisma schema {schema_label}."
    models = [m.name for m in surface.models]
    return {
        f"{TYPED_MODULE}.pyi": preamble + render_module(surface, header=header, models_from=models_module),
        f"{MODELS_MODULE}.pyi": preamble + render_models(surface, header=f"Enums and models of {schema_label}."),
        "__init__.pyi": preamble + _package_init(typed),
        # `prisma_dynamic.models` is a package (its submodules stay readable from the installed one).
        "models/__init__.pyi": preamble + _reexport(models_module, models, _runtime_exports("models")),
        "enums.pyi": preamble + _reexport(models_module, [e.name for e in surface.enums], _runtime_exports("enums")),
        "types.pyi": preamble + _reexport(typed, _type_names(surface), _runtime_exports("types")),
        "partials.pyi": preamble
        + render_partials(
            surface,
            schema,
            registry_for(schema).declared_partials(),
            models_from=models_module,
            typed_from=typed,
            header=f"Partial models declared for {schema_label}.",
        ),
        # The run time defines the clients in `prisma_dynamic.client`; importing them from there
        # must give the typed clients too.
        "client/__init__.pyi": preamble + _client_init(typed),
        "py.typed": "partial\n",
    }


def write_stubs(schema: ir.Schema, out: Path, schema_label: str) -> list[Path]:
    """Write the stub package into `out/prisma_dynamic-stubs/`; returns the files written."""
    package = out / STUB_PACKAGE
    package.mkdir(parents=True, exist_ok=True)
    # Written by earlier versions; a checker would prefer it to `models/__init__.pyi`.
    (package / "models.pyi").unlink(missing_ok=True)
    written = []
    for name, text in stub_files(schema, schema_label).items():
        target = package / name
        target.parent.mkdir(exist_ok=True)
        atomic_write(target, text)
        written.append(target)
    return written


def _type_names(surface: Surface) -> list[str]:
    names = [a.name for a in surface.aliases] + [t.name for t in surface.typed_dicts]
    return [n for n in names if not n.startswith("_")] + ["DatasourceOverride", "IsolationLevel"]


def _runtime_exports(submodule: str | None) -> dict[str, str]:
    """Public names of a run-time module -> the module that defines each (itself for submodules)."""
    module_name = PACKAGE if submodule is None else f"{PACKAGE}.{submodule}"
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return {}
    exported: dict[str, str] = {}
    for name in getattr(module, "__all__", ()):
        value = getattr(module, name, None)
        if isinstance(value, types.ModuleType):
            exported[name] = value.__name__
        elif value is not None and isinstance(getattr(value, "__module__", None), str):
            exported[name] = value.__module__
    return exported


def _client_init(typed: str) -> str:
    lines = [
        f"from {typed} import {_CLIENT_ALIASES.get(name, name)} as {name}"
        if name in _CLIENT_ALIASES
        else f"from {origin} import {name} as {name}"
        for name, origin in sorted(_runtime_exports("client").items())
    ]
    return "\n".join(lines) + "\n"


def _package_init(typed: str) -> str:
    lines = [f"from {typed} import AsyncPrisma as AsyncPrisma"]
    for name, origin in sorted(_runtime_exports(None).items()):
        if name in _CLIENT_ALIASES:
            lines.append(f"from {typed} import {_CLIENT_ALIASES[name]} as {name}")
        elif origin == f"{PACKAGE}.{name}":
            lines.append(f"from . import {name} as {name}")
        else:
            lines.append(f"from {origin} import {name} as {name}")
    for name, target in _CLIENT_ALIASES.items():
        line = f"from {typed} import {target} as {name}"
        if line not in lines:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _reexport(typed: str, schema_names: list[str], runtime: dict[str, str]) -> str:
    # Names of the schema win over run-time helpers of the same name.
    lines = [
        f"from {origin} import {name} as {name}" for name, origin in sorted(runtime.items()) if name not in schema_names
    ]
    lines += [f"from {typed} import {name} as {name}" for name in schema_names]
    return "\n".join(lines) + "\n"
