"""What `prisma format` adds besides layout: the side a relation is missing.

A relation written on one side only is an error ("missing an opposite relation field"); Prisma's
formatter repairs it before laying the file out, and so does ours:

- a complete forward side (`author User @relation(fields: [authorId], references: [id])` in `Post`,
  nothing of type `Post` in `User`) gets its back-relation field, written just before the closing
  brace of the referenced model: named after the referencing model, camelCased, plural for a
  one-to-many (`posts Post[]`), singular and optional for a one-to-one (`post Post?`, when the
  `fields:` are unique in the referencing model), with `@ignore` when that model is ignored;
- a lone list field (`posts Post[]` in `User`, nothing of type `User` in `Post`) gets the forward
  side in the other model, `user User? @relation(fields: [userId], references: [id])`, and the
  foreign-key fields it names (`userId Int?`, with the referenced field's native type) unless the
  model has them; the keys are those of the referenced model's first unique criterion.

One deliberate difference: when the relation is named (`@relation("Author", ...)`) the new field
carries the name. Prisma's formatter leaves it out, which leaves the relation unpaired and adds
one more field on every run; with the name the schema is repaired and formatting stays idempotent.

- a forward side without `fields`/`references` (`author User`, or `@relation(onDelete: Cascade)`)
  gets the missing arguments, `@relation(fields: [userId], references: [id])`, and the
  foreign-key fields, as optional as the relation field (plus its back-relation field if missing).

As in Prisma, names come from the model names only, so two relations to one model get the same
new names (and a duplicate-field error to resolve by hand); a one-to-one without `fields` on
either side is left alone (which side holds the key is for the user to say).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from prisma_dynamic.schema import ast
from prisma_dynamic.schema.ir import SCALAR_TYPES

_MODEL_KINDS = ("model", "view")


@dataclass(frozen=True, slots=True)
class Insertion:
    """Text to insert into a file at a character offset (before the referenced model's `}`)."""

    file: str
    offset: int
    text: str


def missing_relation_sides(trees: Sequence[ast.SchemaFile]) -> list[Insertion]:
    """The fields Prisma's formatter would add, in the order of the relation fields written."""
    models = {block.name: (block, tree) for tree in trees for block in tree.blocks if block.kind in _MODEL_KINDS}
    insertions: list[Insertion] = []
    later: list[Insertion] = []  # `@relation` arguments come after the fields, as in Prisma
    for tree in trees:
        for model in tree.blocks:
            if model.kind not in _MODEL_KINDS:
                continue
            for f in model.fields:
                # `Unsupported("...")` is no relation, even beside a model named Unsupported.
                found = models.get(f.type.name) if f.type is not None and f.type.unsupported is None else None
                if found is None or f.type is None:
                    continue
                target, target_tree = found
                relation = _relation_attribute(f)
                name = _relation_name(relation)
                opposite = _opposite(target, model.name, f, name)
                if f.type.arity == "list":
                    if opposite is None:
                        insertions.extend(_missing_forward_side(model, tree, target, target_tree, name))
                    continue
                if opposite is not None and opposite.type is not None and opposite.type.arity != "list":
                    continue  # a one-to-one: which side holds the foreign key is not for us to guess
                fields = relation.arguments.named("fields") if relation is not None else None
                if opposite is None:
                    written = fields.value if fields is not None else None
                    insertions.append(_missing_back_side(model, written, target, target_tree, name))
                if fields is None or relation is None or relation.arguments.named("references") is None:
                    keys, arguments = _missing_foreign_key(model, tree, f, relation, target, target_tree)
                    insertions.extend(keys)
                    later.extend(arguments)
    return insertions + later


def _missing_foreign_key(
    model: ast.Block,
    tree: ast.SchemaFile,
    forward: ast.Field,
    relation: ast.Attribute | None,
    target: ast.Block,
    target_tree: ast.SchemaFile,
) -> tuple[list[Insertion], list[Insertion]]:
    """For a forward side without `fields`/`references` (`author User`): the foreign-key fields
    (`userId Int`, named after the referenced model and its first unique criterion, as optional
    as the relation field) and the missing `@relation` arguments."""
    criterion = _first_unique_criterion(target)
    prefix = _camel_case(target.name)
    keys = [(prefix + key.name[0].upper() + key.name[1:], key) for key in criterion]
    existing = {f.name for f in model.fields}
    assert forward.type is not None
    arity = "?" if forward.type.arity == "optional" else ""
    fields_argument = f"fields: [{', '.join(k for k, _ in keys)}]"
    references_argument = f"references: [{', '.join(f.name for f in criterion)}]"
    key_fields: list[Insertion] = []
    written_fields = relation.arguments.named("fields") if relation is not None else None
    if written_fields is None:
        for key, referenced in keys:
            if key in existing:
                continue
            if referenced.type is None or referenced.type.name not in SCALAR_TYPES:
                break
            native = next((a for a in referenced.attributes if "." in a.name), None)
            written = target_tree.text[native.span.start : native.span.end] if native is not None else ""
            key_fields.append(
                Insertion(tree.path, model.span.end - 1, f"{key} {referenced.type.name}{arity} {written}\n")
            )
    if relation is None:
        position = forward.type.span.end
        while position < len(tree.text) and tree.text[position] in "[]?!":
            position += 1
        text = f" @relation({fields_argument}, {references_argument})"
        return key_fields, [Insertion(tree.path, position, text)]
    extra = [fields_argument] if written_fields is None else []
    if relation.arguments.named("references") is None:
        extra.append(references_argument)
    if relation.arguments.span is None:
        return key_fields, [Insertion(tree.path, relation.span.end, f"({', '.join(extra)})")]
    separator = ", " if relation.arguments.arguments else ""
    return key_fields, [Insertion(tree.path, relation.span.end - 1, separator + ", ".join(extra))]


def _missing_back_side(
    model: ast.Block, fields: ast.Expression | None, target: ast.Block, target_tree: ast.SchemaFile, name: str | None
) -> Insertion:
    """`posts Post[]` (or `post Post?` for a one-to-one) in the model a forward side points at."""
    one_to_one = fields is not None and _is_unique(model, _names(fields))
    field_name = _camel_case(model.name) if one_to_one else _plural(_camel_case(model.name))
    parts = [field_name, model.name + ("?" if one_to_one else "[]")]
    if name is not None:
        parts.append(f"@relation({_quote(name)})")
    if any(a.name == "ignore" for a in model.attributes):
        parts.append("@ignore")
    return Insertion(target_tree.path, target.span.end - 1, " ".join(parts) + "\n")


def _missing_forward_side(
    model: ast.Block, tree: ast.SchemaFile, target: ast.Block, target_tree: ast.SchemaFile, name: str | None
) -> list[Insertion]:
    """For a lone list field (`posts Post[]` in `User`): the field holding the foreign key in the
    other model (`user User? @relation(fields: [userId], references: [id])`) and the foreign-key
    fields it names (`userId Int?`, with the referenced field's native type), named after the
    referenced model and the fields of its first unique criterion (its id, else a unique)."""
    criterion = _first_unique_criterion(model)
    existing = {f.name: f for f in target.fields}
    prefix = _camel_case(model.name)
    keys = [(prefix + key.name[0].upper() + key.name[1:], key) for key in criterion]
    optional = any(_arity(existing.get(key)) != "required" for key, _ in keys)
    arguments = f"fields: [{', '.join(k for k, _ in keys)}], references: [{', '.join(f.name for f in criterion)}]"
    if name is not None:
        arguments = f"{_quote(name)}, {arguments}"
    lines = [f"{prefix} {model.name}{'?' if optional else ''} @relation({arguments})"]
    for key, referenced in keys:
        if key in existing:
            continue
        if referenced.type is None or referenced.type.name not in SCALAR_TYPES:
            break  # as Prisma: no foreign-key field of an enum or composite type, nor any after it
        native = next((a for a in referenced.attributes if "." in a.name), None)
        written = tree.text[native.span.start : native.span.end] if native is not None else ""
        lines.append(f"{key} {referenced.type.name}? {written}")
    return [Insertion(target_tree.path, target.span.end - 1, line + "\n") for line in lines]


def _arity(f: ast.Field | None) -> str:
    # A foreign-key field still to be added will be optional.
    return f.type.arity if f is not None and f.type is not None else "optional"


def _first_unique_criterion(model: ast.Block) -> list[ast.Field]:
    """The fields of the model's id, else of its first unique (field `@unique` before `@@unique`)."""
    by_name = {f.name: f for f in model.fields}
    for kind in ("id", "unique"):
        single = next((f for f in model.fields if any(a.name == kind for a in f.attributes)), None)
        if single is not None:
            return [single]
        for attribute in model.attributes:
            argument = attribute.arguments.named("fields") or next(iter(attribute.arguments.positional()), None)
            if attribute.name == kind and argument is not None:
                return [by_name[n] for n in _criterion_list(argument.value) if n in by_name]
    return []


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


def _opposite(target: ast.Block, model_name: str, forward: ast.Field, name: str | None) -> ast.Field | None:
    """The other field of `target` that points back at `model_name` within the same relation."""
    return next(
        (
            other
            for other in target.fields
            if other is not forward
            and other.type is not None
            and other.type.unsupported is None
            and other.type.name == model_name
            and _relation_name(_relation_attribute(other)) == name
        ),
        None,
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
    return frozenset(_criterion_list(value))


def _criterion_list(value: ast.Expression) -> list[str]:
    # `@@unique([a, b(sort: Desc)])`: a field may carry arguments.
    items = value.items if isinstance(value, ast.ArrayValue) else (value,)
    return [item.name for item in items if isinstance(item, (ast.ConstantValue, ast.FunctionCall))]


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
