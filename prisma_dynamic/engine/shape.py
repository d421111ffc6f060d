"""Query shapes: a request with its values taken out.

Two requests that differ only in their values (`where: {id: 1}` and `where: {id: 2}`) have the
same shape and therefore the same compiled plan. `parametrize` walks a request once, replacing
every value by a `Param` that remembers its position in the value list; the shape key is a
tuple that spells what is left (`ShapeKey`). Parts of a request that decide the SQL itself rather than feed it
(order directions, selections, `null` meaning IS NULL, `mode`, `distinct` and `by` field
lists, which keys are present) stay in the shape.
"""

from __future__ import annotations

import json
from typing import Any

from prisma_dynamic.engine.values import JSON_LEAVES

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


def parametrize(arguments: dict[str, Any]) -> tuple[ShapeKey, dict[str, Any], list[Any]]:
    """-> (shape key, template with Params in place of values, the values in order)."""
    values: list[Any] = []
    tokens: list[Any] = []
    template = _walk(arguments, values, tokens, structural=False)
    return tuple(tokens), template, values


# The shape key is the walk's tokens in order: an object is `_OBJECT, (key, its value)..., _END`,
# a list `_LIST, items..., _END`, a value `(_PARAM, kind)` (positions are implied by order; only
# the kind shapes the SQL), a structural string itself, any other structural leaf `(type, leaf)`
# (so `true` and `1` differ, as in JSON), a tagged object kept whole `(_WHOLE, its JSON)`. Each
# part is self-delimiting, so two templates have equal keys only when they are equal. Built as
# the walk goes: no second pass over the template, no JSON encoding of it.
ShapeKey = tuple[Any, ...]
_OBJECT, _LIST, _END, _PARAM, _WHOLE = (object() for _ in range(5))
_VALUE = (_PARAM, "value")
_VALUES = (_PARAM, "list")


def _walk(node: Any, values: list[Any], tokens: list[Any], structural: bool) -> Any:
    """The template of a dict or list `node` (and its key's tokens, appended to `tokens`)."""
    if isinstance(node, dict):
        if _TAGGED in node and "value" in node and len(node) == 2:
            tag = node[_TAGGED]
            if structural or tag == "FieldRef" or (tag == "Enum" and node["value"] in _JSON_NULLS):
                # A column reference is part of the SQL, not a value; so is a Json null sentinel
                # (IS NULL or a JSON `null`). An enum value spelled like one only gets its own shape.
                tokens.append((_WHOLE, json.dumps(node)))
                return node
            values.append(node)
            tokens.append((_PARAM, str(tag)))
            return Param(len(values) - 1, str(tag))
        # A `_relevance` order's search text is a value, though orders are structural: a plan per
        # search text would grow the plan cache with every new text.
        relevance = structural and node.keys() == {"fields", "search", "sort"}
        tokens.append(_OBJECT)
        template: dict[str, Any] = {}
        for key, item in node.items():
            tokens.append(key)
            inner = (structural or key in _STRUCTURAL_KEYS) and not (relevance and key == "search")
            kind = type(item)
            if kind is dict or kind is list or (kind not in JSON_LEAVES and isinstance(item, (dict, list))):
                template[key] = _walk(item, values, tokens, inner)
            elif inner or item is None:
                tokens.append(item if kind is str or item is None else (kind, item))
                template[key] = item
            else:
                values.append(item)
                tokens.append(_VALUE)
                template[key] = Param(len(values) - 1, "value")
        tokens.append(_END)
        return template
    if not structural and node and all(_is_scalar(v) for v in node):
        # A list of plain values (`in: [...]`, `hasSome`, a scalar list) is one value: its
        # length must not make a new shape.
        values.append(node)
        tokens.append(_VALUES)
        return Param(len(values) - 1, "list")
    tokens.append(_LIST)
    items: list[Any] = []
    for item in node:
        kind = type(item)
        if kind is dict or kind is list or (kind not in JSON_LEAVES and isinstance(item, (dict, list))):
            items.append(_walk(item, values, tokens, structural))
        elif structural or item is None:
            tokens.append(item if kind is str or item is None else (kind, item))
            items.append(item)
        else:
            values.append(item)
            tokens.append(_VALUE)
            items.append(Param(len(values) - 1, "value"))
    tokens.append(_END)
    return items


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list)) or (isinstance(value, dict) and _TAGGED in value)
