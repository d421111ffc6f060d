"""Relation rules, split like Prisma's: what every 1:1/1:n relation needs, then each kind's own."""

from __future__ import annotations

from prisma_dynamic.schema.validation.relations import fields_and_references, many_to_many, one_to_many, one_to_one

RULES = (*fields_and_references.RULES, *one_to_one.RULES, *one_to_many.RULES, *many_to_many.RULES)
