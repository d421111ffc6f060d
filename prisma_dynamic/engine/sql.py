"""SQL text with positional parameters, built piece by piece.

A `Fragment` is SQL text whose placeholders are written as `\x00` markers, plus what each
marker is bound to: a request value (`Param` index), a computed value (a `Bind`), or a value
known only while the plan runs (parent keys of an include). The dialect turns markers into its
own placeholder syntax (`?`, `$1`, `%s`) once, when a plan is compiled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

MARK = "\x00"


@dataclass(slots=True)
class Bind:
    """A placeholder's source: `param` (a request value index, with a conversion for the column
    it is compared with), `const` (a value fixed at compile time) or `slot` (a named run-time
    value, e.g. the parent keys of an include). Not changed once made, yet not frozen: a frozen
    dataclass is made through `object.__setattr__` per field, 3.5x the cost, and a write makes
    one per value it binds."""

    source: str  # "param" | "const" | "slot"
    ref: Any
    convert: Any = None  # a callable turning the request value into the driver value
    expand: bool = False  # a list spread over one placeholder per item (`IN (%s, %s, ...)`)


class Fragment:
    __slots__ = ("binds", "text")

    def __init__(self, text: str = "", binds: Sequence[Bind] = ()) -> None:
        self.text = text
        self.binds = list(binds)

    def __add__(self, other: Fragment | str) -> Fragment:
        if isinstance(other, str):
            return Fragment(self.text + other, self.binds)
        return Fragment(self.text + other.text, [*self.binds, *other.binds])

    def __radd__(self, other: str) -> Fragment:
        return Fragment(other + self.text, self.binds)

    @staticmethod
    def bind(bind: Bind) -> Fragment:
        return Fragment(MARK, [bind])

    @staticmethod
    def join(separator: str, parts: Iterable[Fragment]) -> Fragment:
        texts: list[str] = []
        binds: list[Bind] = []
        for part in parts:
            texts.append(part.text)
            binds.extend(part.binds)
        return Fragment(separator.join(texts), binds)

    def wrap(self) -> Fragment:
        return Fragment(f"({self.text})", self.binds)


TRUE = Fragment("1=1")
FALSE = Fragment("1=0")


class Statement:
    """Compiled SQL and the sources of its parameters. A statement with an expanding bind keeps
    its text split at the placeholders, to spread that list over as many as it has items."""

    __slots__ = ("binds", "parts", "sql")

    def __init__(self, sql: str, binds: list[Bind], placeholder: str = "?") -> None:
        self.sql = sql
        self.binds = binds
        self.parts = sql.split(placeholder) if any(b.expand for b in binds) else None

    def bound(self, values: Sequence[Any], slots: dict[str, Any] | None = None) -> tuple[str, list[Any]]:
        """-> (SQL, parameters) for one execution."""
        out: list[Any] = []
        counts: list[int] = []
        for bind in self.binds:
            if bind.source == "param":
                raw = values[bind.ref]
                value = bind.convert(raw) if bind.convert else raw
            elif bind.source == "slot":
                raw = (slots or {})[bind.ref]
                value = bind.convert(raw) if bind.convert else raw
            else:
                value = bind.ref
            if bind.expand:
                items = list(value) or [None]  # `IN (NULL)` matches nothing, like an empty list
                out.extend(items)
                counts.append(len(items))
            else:
                out.append(value)
                counts.append(1)
        if self.parts is None:
            return self.sql, out
        placeholder = "%s"
        text = [self.parts[0]]
        for count, part in zip(counts, self.parts[1:], strict=True):
            text.append(", ".join([placeholder] * count))
            text.append(part)
        return "".join(text), out
