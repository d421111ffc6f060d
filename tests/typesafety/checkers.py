"""Running real mypy (with our plugin) and real basedpyright (on stubs written by our CLI) and
reading what they report, per file and line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Finding:
    file: str  # base name
    line: int
    kind: str  # "error" or "reveal"
    message: str


_MYPY_LINE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<severity>error|note): (?P<message>.*)$")
_REVEALED = re.compile(r'^Revealed type is "(?P<type>.*)"$')
_PYRIGHT_REVEALED = re.compile(r'^Type of ".*" is "(?P<type>.*)"$', re.DOTALL)
_MODULE_PATH = re.compile(r"\b(?:[a-z_]\w*\.)+(?=[A-Za-z_])")


def _strip_typed_dict(text: str) -> str:
    """mypy writes a TypedDict as `TypedDict(module.Name, {...})`; Pyright as `Name`."""
    while (start := text.find("TypedDict(")) != -1:
        depth, end = 0, start
        for end in range(start + len("TypedDict"), len(text)):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            if depth == 0:
                break
        name = text[start + len("TypedDict(") :].split(",", 1)[0]
        text = text[:start] + name + text[end + 1 :]
    return text


def normalize_type(text: str) -> str:
    return _MODULE_PATH.sub("", _strip_typed_dict(text))


def mypy_config(directory: Path, schema: Path | None = None) -> Path:
    config = directory / "mypy.ini"
    lines = ["[mypy]", "plugins = stubs_plugin.mypy_plugin"]
    if schema is not None:
        lines += ["", "[prisma-dynamic]", f"schema = {schema}"]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def run_mypy(files: list[Path], cwd: Path, config: Path, cache: Path, *, blocked: bool = False) -> list[Finding]:
    """`blocked`: mypy is to stop on an error it cannot go on after (exit status 2)."""
    command = [sys.executable, "-m", "mypy", "--strict", "--config-file", str(config), "--cache-dir", str(cache)]
    command += ["--no-error-summary", "--hide-error-context", "--no-pretty", *(f.name for f in files)]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode not in ((2,) if blocked else (0, 1)) or result.stderr.strip():
        raise AssertionError(f"mypy failed to run ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    findings = []
    for line in result.stdout.splitlines():
        match = _MYPY_LINE.match(line)
        if match is None:
            raise AssertionError(f"unexpected mypy output line: {line!r}")
        message = match["message"]
        revealed = _REVEALED.match(message)
        if match["severity"] == "note" and revealed is None:
            continue  # hints that follow an error ("maybe ...")
        kind, text = ("reveal", normalize_type(revealed["type"])) if revealed else ("error", message)
        findings.append(Finding(Path(match["file"]).name, int(match["line"]), kind, text))
    return findings


def basedpyright() -> str:
    found = shutil.which("basedpyright") or str(Path(sys.executable).with_name("basedpyright"))
    if not os.path.exists(found):
        raise AssertionError("basedpyright is not installed: pip install -e '.[dev]'")
    return found


def write_stubs(schema: Path, out: Path) -> None:
    """Run in the schema's folder, the fixture project's root, where the command finds its partial
    type generator (`prisma/partial_types.py`); this checkout stays first on the import path."""
    command = [sys.executable, "-m", "prisma_dynamic", "stubs", "--schema", str(schema), "--out", str(out)]
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=schema.parent, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def run_pyright(files: list[Path], stubs: Path, work: Path) -> list[Finding]:
    config = work / "pyrightconfig.json"
    settings = {
        "stubPath": str(stubs),
        "typeCheckingMode": "strict",
        "pythonVersion": "3.11",
    }
    config.write_text(json.dumps(settings), encoding="utf-8")
    command = [basedpyright(), "--outputjson", "-p", str(config), "--pythonpath", sys.executable, *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        raise AssertionError(f"basedpyright failed to run:\n{result.stdout}\n{result.stderr}") from error
    findings = []
    for diagnostic in report["generalDiagnostics"]:
        line = diagnostic["range"]["start"]["line"] + 1
        file = Path(diagnostic["file"]).name
        message = diagnostic["message"]
        if diagnostic["severity"] == "information":
            revealed = _PYRIGHT_REVEALED.match(message)
            if revealed is not None:
                findings.append(Finding(file, line, "reveal", revealed["type"]))
        elif diagnostic["severity"] == "error":
            findings.append(Finding(file, line, "error", message))
    return findings


_MARK = re.compile(
    r"#\s*(?P<tag>E|R|R-mypy|R-pyright|mypy|pyright):\s*(?P<text>.*?)\s*(?=#\s*(?:E|R|R-mypy|R-pyright|mypy|pyright):|$)"
)


@dataclass(frozen=True)
class Expectation:
    line: int
    kind: str  # "error" or "reveal"
    text: str
    checker: str | None  # None: both


def expectations(file: Path) -> list[Expectation]:
    """`# E: text` an error containing text, `# mypy: text` / `# pyright: text` the same for one
    checker, `# R: type` the revealed type (`# R-mypy: type` / `# R-pyright: type` for one)."""
    found = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if "#" not in line:
            continue
        for mark in _MARK.finditer(line[line.index("#") :]):
            tag, text = mark["tag"], mark["text"]
            if tag.startswith("R"):
                found.append(Expectation(number, "reveal", text, tag.partition("-")[2] or None))
            else:
                found.append(Expectation(number, "error", text, None if tag == "E" else tag))
    return found


def compare(checker: str, file: Path, findings: list[Finding]) -> list[str]:
    """Every mismatch between what the file's marks expect and what the checker said."""
    problems = []
    mine = [f for f in findings if f.file == file.name]
    expected = [e for e in expectations(file) if e.checker in (None, checker)]
    for expectation in expected:
        at_line = [f for f in mine if f.line == expectation.line and f.kind == expectation.kind]
        if expectation.kind == "reveal":
            if not any(f.message == expectation.text for f in at_line):
                problems.append(f"{file.name}:{expectation.line}: expected type {expectation.text!r}, got {at_line}")
        elif not any(expectation.text in f.message for f in at_line):
            problems.append(
                f"{file.name}:{expectation.line}: expected an error with {expectation.text!r}, got {at_line}"
            )
    marked = {(e.line, e.kind) for e in expected}
    for finding in mine:
        if finding.kind == "error" and (finding.line, "error") not in marked:
            problems.append(f"{file.name}:{finding.line}: unexpected error: {finding.message}")
    return problems
