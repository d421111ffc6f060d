"""The grammar and the resolver on constructs written for these tests (not from the corpus)."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema import ir
from prisma_dynamic.schema.dmmf import to_dmmf
from prisma_dynamic.schema.load import build_schema, find_schema, load_schema


def schema_of(text: str) -> ir.Schema:
    return build_schema([("schema.prisma", textwrap.dedent(text))])


def test_prisma6_and_prisma7_datasources_both_load() -> None:
    six = schema_of(
        """
        datasource db {
          provider = "postgresql"
          url      = env("DATABASE_URL")
        }
        model A {
          id Int @id
        }
        """
    )
    seven = schema_of(
        """
        datasource db {
          provider = "sqlite"
        }
        model A {
          id Int @id
        }
        """
    )
    assert six.datasource is not None and six.datasource.url == ir.ConfigValue(env="DATABASE_URL")
    assert six.datasource.url.resolve({"DATABASE_URL": "postgresql://x"}) == "postgresql://x"
    assert seven.datasource is not None and seven.datasource.url is None
    assert seven.provider == "sqlite"


def test_arguments_and_arrays_may_span_lines_and_strings_unescape() -> None:
    schema = schema_of(
        r"""
        generator client {
          provider      = "prisma-client-py"
          binaryTargets = [
            "native",
            "debian-openssl-3.0.x",
          ]
          recursive_type_depth = -1
        }
        model Post {
          id    Int    @id @default(autoincrement())
          title String @default("say \"hi\"\n")
          slug  String
          @@unique(
            [title, slug],
            name: "titleSlug"
          )
        }
        """
    )
    generator = schema.generators[0]
    assert generator.binary_targets == ("native", "debian-openssl-3.0.x")
    assert generator.recursive_type_depth == -1
    post = schema.model("Post")
    assert post.field("title").default == ir.DefaultValue(value='say "hi"\n')
    assert post.unique_indexes[0].name == "titleSlug"
    assert post.unique_criteria() == (("id",), ("title", "slug"))


def test_documentation_from_triple_slash_trailing_and_block_comments() -> None:
    schema = schema_of(
        """
        /// A user.
        /// Second line.
        model User {
          id    Int    @id /// the key
          // not documentation
          name  String
          /**
           * Block documentation.
           */
          email String
        }
        """
    )
    user = schema.model("User")
    assert user.documentation == "A user.\nSecond line."
    assert user.field("id").documentation == "the key"
    assert user.field("name").documentation is None
    assert user.field("email").documentation == "*\n   * Block documentation."


def test_relations_are_paired_with_prisma_defaults() -> None:
    schema = schema_of(
        """
        model User {
          id      Int      @id
          posts   Post[]
          profile Profile?
          tags    Tag[]
        }
        model Post {
          id       Int  @id
          author   User @relation(fields: [authorId], references: [id])
          authorId Int
        }
        model Profile {
          id     Int   @id
          user   User? @relation(fields: [userId], references: [id], onDelete: Cascade)
          userId Int?  @unique
        }
        model Tag {
          id    Int    @id
          users User[]
        }
        """
    )
    posts = schema.relation_of("User", "posts")
    assert posts.kind == "one_to_many" and posts.name == "PostToUser"
    assert posts.referencing == ir.RelationSide("Post", "author")
    assert (posts.on_delete, posts.on_update) == ("Restrict", "Cascade")
    assert schema.holds_foreign_key("Post", "author") and not schema.holds_foreign_key("User", "posts")
    profile = schema.relation_of("Profile", "user")
    assert profile.kind == "one_to_one" and profile.on_delete == "Cascade"
    tags = schema.relation_of("Tag", "users")
    assert tags.kind == "many_to_many" and tags.join_table == "_TagToUser"
    assert tags.referencing.model == "Tag"  # column A is the model whose name sorts first
    opposite = schema.opposite_field("User", "posts")
    assert opposite is not None and opposite.name == "author"
    assert schema.model("Post").field("authorId").is_read_only


def test_defaults_are_structured() -> None:
    schema = schema_of(
        """
        enum Role {
          USER
          ADMIN @map("admin")
        }
        model A {
          id     String   @id @default(uuid(7))
          cuid   String   @default(cuid())
          n      Decimal  @default(1.50)
          big    BigInt   @default(9007199254740993)
          roles  Role[]   @default([USER])
          at     DateTime @default(now())
          gen    String   @default(dbgenerated("gen_random_uuid()"))
        }
        """
    )
    a = schema.model("A")
    assert a.field("id").default == ir.DefaultValue(function=ir.DefaultFunction("uuid", (7,)))
    assert a.field("cuid").default == ir.DefaultValue(function=ir.DefaultFunction("cuid", (1,)))
    assert a.field("n").default == ir.DefaultValue(value=Decimal("1.50"))
    assert a.field("roles").default == ir.DefaultValue(value=(ir.EnumValueRef("USER"),))
    assert schema.enum("Role").values[1].db_name == "admin"
    dmmf_fields = {f["name"]: f for f in to_dmmf(schema)["models"][0]["fields"]}
    assert dmmf_fields["big"]["default"] == "9007199254740993"
    assert dmmf_fields["n"]["default"] == 1.5


def test_syntax_error_has_location_and_caret() -> None:
    text = 'model User {\n  id Int @id\n  name String @default("x"))\n}\n'
    with pytest.raises(SchemaError) as caught:
        build_schema([("my.prisma", text)])
    message = str(caught.value)
    assert "my.prisma:3:" in message
    assert "name String" in message and "^" in message
    assert "Traceback" not in message


def test_unknown_type_is_reported_with_a_hint() -> None:
    with pytest.raises(SchemaError) as caught:
        schema_of(
            """
            model User {
              id   Int    @id
              name Strin
            }
            """
        )
    (error,) = caught.value.errors
    assert "Strin" in error.message and error.span.line == 4
    assert error.hint == "did you mean `String`?"


def test_schema_discovery_and_multi_file_folders(tmp_path: Path) -> None:
    folder = tmp_path / "prisma" / "schema"
    folder.mkdir(parents=True)
    (folder / "b_models.prisma").write_text("model User {\n  id Int @id\n  posts Post[]\n}\n")
    (folder / "a_post.prisma").write_text(
        "model Post {\n  id Int @id\n  user User @relation(fields: [userId], references: [id])\n  userId Int\n}\n"
    )
    (folder / "main.prisma").write_text('datasource db {\n  provider = "sqlite"\n  url = "file:dev.db"\n}\n')
    assert find_schema(cwd=tmp_path) == folder
    schema = load_schema(folder)
    assert [m.name for m in schema.models] == ["Post", "User"]  # files in name order
    (tmp_path / "pyproject.toml").write_text('[tool.prisma]\nschema = "custom.prisma"\n')
    assert find_schema(cwd=tmp_path) == tmp_path / "custom.prisma"


def test_load_schema_reflects_edits(tmp_path: Path) -> None:
    path = tmp_path / "schema.prisma"
    path.write_text("model A {\n  id Int @id\n}\n")
    first = load_schema(path)
    assert load_schema(path) is first  # cached
    path.write_text("model A {\n  id Int @id\n  name String\n}\n")
    assert [f.name for f in load_schema(path).model("A").fields] == ["id", "name"]
