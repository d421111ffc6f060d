"""Diagnostics: what is wrong in a schema, where, and how it is shown to a person."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from prisma_dynamic.schema.ast import Span

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    message: str
    span: Span
    hint: str | None = None

    def render(self, sources: Mapping[str, str], color: bool = False) -> str:
        """The diagnostic with its file:line:col, the offending line(s) and a caret under the span."""
        span = self.span
        red, blue, bold, reset = ("\x1b[31m", "\x1b[34m", "\x1b[1m", "\x1b[0m") if color else ("",) * 4
        if self.severity == "warning":
            red = "\x1b[33m" if color else ""
        head = f"{red}{bold}{self.severity}{reset}{bold}: {self.message}{reset}"
        location = f"  {blue}-->{reset} {span.file}:{span.line}:{span.column}"
        text = sources.get(span.file)
        lines = [head, location]
        if text is not None:
            source_lines = text.splitlines()
            last = min(span.end_line, len(source_lines))
            if span.end_line > span.line and span.end_column == 1:
                last = max(span.line, last - 1)  # an end at column 1 belongs to the line before
            last = min(last, span.line + 6)  # a whole block is shown by its first lines only
            width = len(str(last))
            lines.append(f"{' ' * width} {blue}|{reset}")
            for number in range(span.line, last + 1):
                source = source_lines[number - 1] if number - 1 < len(source_lines) else ""
                lines.append(f"{blue}{number:>{width}} |{reset} {source}")
                if number == span.line:
                    start = span.column - 1
                    end = span.end_column - 1 if span.end_line == span.line else len(source)
                    carets = "^" * max(1, end - start)
                    lines.append(f"{' ' * width} {blue}|{reset} {' ' * start}{red}{carets}{reset}")
        if self.hint:
            lines.append(f"{' ' * 3}{blue}={reset} hint: {self.hint}")
        return "\n".join(lines)


def render_all(diagnostics: Iterable[Diagnostic], sources: Mapping[str, str], color: bool = False) -> str:
    return "\n\n".join(d.render(sources, color) for d in diagnostics)
