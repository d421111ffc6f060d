"""What `prisma format` adds besides layout: the back-relation field a relation is missing.

A relation written on one side only (`author User @relation(fields: [authorId], references: [id])`
in `Post`, nothing of type `Post` in `User`) is an error ("missing an opposite relation field");
Prisma's formatter repairs it by writing the missing field into the referenced model, just
before its closing brace, and then lays the file out as usual. The field is named after the
referencing model, camelCased, plural for a one-to-many (`posts Post[]`), singular and optional
for a one-to-one (`post Post?`, when the `fields:` are unique in the referencing model), with
`@ignore` when that model is ignored.

One deliberate difference: when the relation is named (`@relation("Author", ...)`) the new field
carries the name (`posts Post[] @relation("Author")`). Prisma's formatter leaves it out, which
leaves the relation unpaired and adds one more field on every run; with the name the schema is
repaired and formatting stays idempotent.

Only forward sides that are complete (`fields` and `references` written, the referenced model
present) are repaired; everything else is left for validation to report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from prisma_dynamic.schema import ast

_MODEL_KINDS = ("model", "view")


@dataclass(frozen=True, slots=True)
class Insertion:
    """Text to insert into a file at a character offset (before the referenced model's `}`)."""

    file: str
    offset: int
    text: str


def missing_back_relations(trees: Sequence[ast.SchemaFile]) -> list[Insertion]:
    """The fields Prisma's formatter would add, in the order of the relations' forward fields."""
    models = {block.name: block for tree in trees for block in tree.blocks if block.kind in _MODEL_KINDS}
    files = {block.name: tree.path for tree in trees for block in tree.blocks if block.kind in _MODEL_KINDS}
    insertions: list[Insertion] = []
    for tree in trees:
        for model in tree.blocks:
            if model.kind not in _MODEL_KINDS:
                continue
            for f in model.fields:
                target = models.get(f.type.name) if f.type is not None else None
                relation = _relation_attribute(f)
                if target is None or relation is None or f.type is None or f.type.arity == "list":
                    continue
                fields, references = relation.arguments.named("fields"), relation.arguments.named("references")
                if fields is None or references is None:
                    continue
                name = _relation_name(relation)
                if _has_opposite(target, model.name, f, name):
                    continue
                one_to_one = _is_unique(model, _names(fields.value))
                field_name = _camel_case(model.name) if one_to_one else _plural(_camel_case(model.name))
                parts = [field_name, model.name + ("?" if one_to_one else "[]")]
                if name is not None:
                    parts.append(f"@relation({_quote(name)})")
                if any(a.name == "ignore" for a in model.attributes):
                    parts.append("@ignore")
                insertions.append(Insertion(files[target.name], target.span.end - 1, " ".join(parts) + "\n"))
    return insertions


def insert(text: str, insertions: Sequence[Insertion]) -> str:
    """`text` with the insertions (all for this file) made; several at one offset keep their order."""
    ordered = sorted(insertions, key=lambda i: i.offset)
    pieces: list[str] = []
    position = 0
    for insertion in ordered:
        pieces.append(text[position : insertion.offset])
        pieces.append(insertion.text)
        position = insertion.offset
    pieces.append(text[position:])
    return "".join(pieces)


# ---- reading the syntax tree --------------------------------------------------------------------


def _relation_attribute(f: ast.Field) -> ast.Attribute | None:
    return next((a for a in f.attributes if a.name == "relation"), None)


def _relation_name(attribute: ast.Attribute | None) -> str | None:
    if attribute is None:
        return None
    argument = attribute.arguments.named("name") or next(iter(attribute.arguments.positional()), None)
    return argument.value.value if argument is not None and isinstance(argument.value, ast.StringValue) else None


def _has_opposite(target: ast.Block, model_name: str, forward: ast.Field, name: str | None) -> bool:
    """Some other field of `target` points back at `model_name` within the same relation."""
    return any(
        other is not forward
        and other.type is not None
        and other.type.name == model_name
        and _relation_name(_relation_attribute(other)) == name
        for other in target.fields
    )


def _names(value: ast.Expression) -> frozenset[str]:
    items = value.items if isinstance(value, ast.ArrayValue) else (value,)
    return frozenset(item.name for item in items if isinstance(item, ast.ConstantValue))


def _is_unique(model: ast.Block, fields: frozenset[str]) -> bool:
    """The `fields:` are the model's id or one of its unique criteria (a one-to-one relation)."""
    if not fields:
        return False
    for f in model.fields:
        if any(a.name in ("id", "unique") for a in f.attributes) and fields == {f.name}:
            return True
    for attribute in model.attributes:
        if attribute.name in ("id", "unique"):
            argument = attribute.arguments.named("fields") or next(iter(attribute.arguments.positional()), None)
            if argument is not None and _criterion_names(argument.value) == fields:
                return True
    return False


def _criterion_names(value: ast.Expression) -> frozenset[str]:
    # `@@unique([a, b(sort: Desc)])`: a field may carry arguments.
    items = value.items if isinstance(value, ast.ArrayValue) else (value,)
    return frozenset(item.name for item in items if isinstance(item, (ast.ConstantValue, ast.FunctionCall)))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---- English, as Prisma's formatter writes field names --------------------------------------------


def _camel_case(name: str) -> str:
    """`UserProfile` -> `userProfile`, `user_profile` -> `userProfile`, `API` -> `api`."""
    words = [w for w in re.split(r"[_\-\s]+", name) if w]
    if not words:
        return name
    first, rest = words[0], words[1:]
    first = first.lower() if first.isupper() else first[0].lower() + first[1:]
    return first + "".join(w[0].upper() + w[1:] for w in rest)


_IRREGULAR = {
    "person": "people",
    "man": "men",
    "woman": "women",
    "child": "children",
    "tooth": "teeth",
    "foot": "feet",
    "mouse": "mice",
    "goose": "geese",
    "ox": "oxen",
}
_UNCOUNTABLE = frozenset(
    {"equipment", "information", "rice", "money", "species", "series", "fish", "sheep", "deer", "news", "jeans"}
)


def _plural(word: str) -> str:
    """English plural of the last word of a camelCase name: `post` -> `posts`, `category` -> `categories`."""
    split = re.match(r"^(.*?)([A-Z]?[a-z0-9]*)$", word)
    assert split is not None, "the pattern matches every string"
    head, last = split.groups()
    if not last:
        return word + "s"
    lower = last.lower()
    if lower in _UNCOUNTABLE:
        return word
    if lower in _IRREGULAR:
        plural = _IRREGULAR[lower]
        return head + (plural[0].upper() + plural[1:] if last[0].isupper() else plural)
    if re.search(r"[^aeiou]y$", lower):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", lower):
        return word + "es"
    return word + "s"
