"""The rules of `create_partial`: which fields a partial has and which of them it requires."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from prisma_dynamic.schema import ir

__all__ = ["PartialRequest"]


@dataclass(frozen=True, slots=True)
class PartialRequest:
    fields: frozenset[str]
    required: frozenset[str]
    optional: frozenset[str]
    relations: Mapping[str, str]

    def is_required(self, field: ir.Field) -> bool:
        if field.name in self.required:
            return True
        if field.name in self.optional or field.is_relation:
            return False
        return field.is_required

    @classmethod
    def check(
        cls,
        model: ir.Model,
        name: str,
        existing: Mapping[str, type[Any]],
        *,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
        required: Iterable[str] | None = None,
        optional: Iterable[str] | None = None,
        relations: Mapping[str, str] | None = None,
        exclude_relational_fields: bool = False,
    ) -> PartialRequest:
        """Validate `create_partial`'s arguments against the model (ValueError / TypeError as
        Prisma Client Python raised them) and say which fields the partial has."""
        if name in existing:
            raise ValueError(f"Partial type {name!r} has already been created.")
        if include is not None and exclude is not None:
            raise TypeError("include and exclude are mutually exclusive.")
        if include is not None and exclude_relational_fields:
            raise TypeError("include and exclude_relational_fields=True are mutually exclusive.")
        if relations and exclude_relational_fields:
            raise TypeError("relations and exclude_relational_fields=True are mutually exclusive.")
        known = {f.name: f for f in model.fields if not f.is_ignored and f.kind != "unsupported"}
        include_set = _names("include", include, known, model)
        exclude_set = _names("exclude", exclude, known, model)
        required_set = _names("required", required, known, model)
        optional_set = _names("optional", optional, known, model)
        both = required_set & optional_set
        if both:
            raise ValueError(f"Cannot make the same field(s) both required and optional: {', '.join(sorted(both))}")
        relation_map = dict(relations or {})
        _names("relations", relation_map, known, model)
        for field_name, partial in relation_map.items():
            field = known[field_name]
            if not field.is_relation:
                raise ValueError(f"{field_name!r} of {model.name} is not a relational field.")
            target = existing.get(partial)
            if target is None:
                raise ValueError(f"Unknown partial type {partial!r} for {model.name}.{field_name}; create it first.")
            if getattr(target, "__prisma_model__", None) != field.type:
                raise ValueError(
                    f"Partial type {partial!r} is a partial of {target.__prisma_model__}, "
                    f"but {model.name}.{field_name} relates to {field.type}."
                )
        chosen = include_set if include is not None else set(known) - exclude_set
        if exclude_relational_fields:
            chosen = {n for n in chosen if not known[n].is_relation}
        return cls(frozenset(chosen), frozenset(required_set), frozenset(optional_set), relation_map)


def _names(argument: str, names: Iterable[str] | None, known: Mapping[str, ir.Field], model: ir.Model) -> set[str]:
    found = set(names or ())
    unknown = sorted(found - set(known))
    if unknown:
        raise ValueError(f"{argument}: {', '.join(map(repr, unknown))} is not a field of {model.name}.")
    return found
