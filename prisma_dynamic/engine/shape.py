"""Query shapes: a request with its values taken out.

Two requests that differ only in their values (`where: {id: 1}` and `where: {id: 2}`) have the
same shape and therefore the same compiled plan. `parametrize` walks a request once, replacing
every value by a `Param` that remembers its position in the value list; the shape key is the
JSON text of what is left. Parts of a request that decide the SQL itself rather than feed it
(order directions, selections, `null` meaning IS NULL, `mode`, `distinct` and `by` field
lists, which keys are present) stay in the shape.
"""

from __future__ import annotations

import json
from typing import Any

# Keys whose whole subtree is structural: they choose columns and clauses, not values.
_STRUCTURAL_KEYS = frozenset({"selection", "orderBy", "distinct", "by", "mode", "_count", "sort", "nulls"})
# The key that marks a tagged value (`{"$type": "DateTime", "value": ...}`): one value, not an object.
_TAGGED = "$type"
# Prisma's Json null sentinels, sent as `{"$type": "Enum", "value": "DbNull"}`.
_JSON_NULLS = frozenset({"DbNull", "JsonNull", "AnyNull"})


class Param:
    """A value taken out of a request; `index` is its position in the value list."""

    __slots__ = ("index", "kind")

    def __init__(self, index: int, kind: str) -> None:
        self.index = index
        self.kind = kind  # "value" for plain JSON, or a tag: "DateTime", "BigInt", ...

    def __repr__(self) -> str:
        return f"Param({self.index}, {self.kind})"


def parametrize(arguments: dict[str, Any]) -> tuple[str, dict[str, Any], list[Any]]:
    """-> (shape key, template with Params in place of values, the values in order)."""
    values: list[Any] = []
    template = _walk(arguments, values, structural=False)
    key = json.dumps(template, default=_param_json, separators=(",", ":"))
    return key, template, values


def _param_json(param: Param) -> str:
    return f"${param.kind}"  # positions are implied by order; only the kind shapes the SQL


def _walk(node: Any, values: list[Any], structural: bool) -> Any:
    if isinstance(node, dict):
        tag = node.get(_TAGGED)
        if tag is not None and "value" in node and len(node) == 2:
            if structural or tag == "FieldRef" or (tag == "Enum" and node["value"] in _JSON_NULLS):
                # A column reference is part of the SQL, not a value; so is a Json null sentinel
                # (IS NULL or a JSON `null`). An enum value spelled like one only gets its own shape.
                return node
            values.append(node)
            return Param(len(values) - 1, str(tag))
        # A `_relevance` order's search text is a value, though orders are structural: a plan per
        # search text would grow the plan cache with every new text.
        relevance = structural and node.keys() == {"fields", "search", "sort"}
        return {
            k: _walk(v, values, (structural or k in _STRUCTURAL_KEYS) and not (relevance and k == "search"))
            for k, v in node.items()
        }
    if isinstance(node, list):
        if not structural and node and all(_is_scalar(v) for v in node):
            # A list of plain values (`in: [...]`, `hasSome`, a scalar list) is one value: its
            # length must not make a new shape.
            values.append(node)
            return Param(len(values) - 1, "list")
        return [_walk(v, values, structural) for v in node]
    if structural or node is None:
        return node
    values.append(node)
    return Param(len(values) - 1, "value")


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list)) or (isinstance(value, dict) and _TAGGED in value)
