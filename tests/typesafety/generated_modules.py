"""Removing the stub modules the mypy plugin wrote for a test's schemas, so that tests leave
`stubs_plugin/_generated/` as they found it."""

from __future__ import annotations

from pathlib import Path

from stubs_plugin.generated import DIRECTORY


def remove_generated_modules(schemas_under: Path) -> None:
    root = str(schemas_under.resolve())
    for module in [*DIRECTORY.glob("schema_*.pyi"), *DIRECTORY.glob("partials_*.pyi")]:
        with module.open(encoding="utf-8") as stream:
            first = stream.readline()
        if first.startswith("# schema: ") and first[len("# schema: ") :].strip().startswith(root):
            module.unlink()
