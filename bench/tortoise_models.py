"""Tortoise ORM's models of `bench.orm`'s tables (Tortoise finds models by module)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Author(Model):
    id = fields.IntField(primary_key=True)
    name = fields.TextField()

    class Meta:
        table = "Author"


class Post(Model):
    id = fields.IntField(primary_key=True)
    title = fields.TextField()
    views = fields.IntField(default=0)
    published = fields.BooleanField(default=False)
    author: fields.ForeignKeyRelation[Author] = fields.ForeignKeyField(
        "models.Author", related_name="posts", source_field="authorId"
    )

    class Meta:
        table = "Post"
