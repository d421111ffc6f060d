"""`format_schema` and `prisma-dynamic format`: Prisma's layout, idempotent, nothing lost."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from prisma_dynamic.errors import SchemaError
from prisma_dynamic.schema.dmmf import to_dmmf
from prisma_dynamic.schema.format import format_schema, format_sources
from prisma_dynamic.schema.load import build_schema, read_sources
from prisma_dynamic.schema.parser import parse_text
from tests.conftest import REPO
from tests.corpus import accepted_schemas, beside


def corpus_pairs(schema: Path) -> list[tuple[Path, Path]]:
    """(our input, Prisma's formatted output) for each file of a schema."""
    if schema.is_dir():
        formatted = beside(schema, ".formatted")
        return [(f, formatted / f.relative_to(schema)) for f in sorted(schema.rglob("*.prisma"))]
    return [(schema, beside(schema, ".formatted.prisma"))]


def fmt(text: str) -> str:
    """Formats a schema written for a test, checking on the way that formatting is idempotent."""
    once = format_schema(textwrap.dedent(text).lstrip("\n"))
    assert format_schema(once) == once, "formatting twice changed the text"
    return once


def expected(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# ---- the corpus -------------------------------------------------------------------------------


@pytest.mark.parametrize("schema", accepted_schemas(), ids=lambda p: p.name)
def test_formatted_like_prisma(schema: Path, schemas_dir: Path) -> None:
    for source, prisma in corpus_pairs(schema):
        text = source.read_text(encoding="utf-8")
        theirs = prisma.read_text(encoding="utf-8")
        ours = format_schema(text, source.name)
        assert ours == theirs, f"{source} differs from Prisma's {prisma}"


@pytest.mark.parametrize("schema", accepted_schemas(), ids=lambda p: p.name)
def test_formatting_twice_changes_nothing(schema: Path, schemas_dir: Path) -> None:
    for source, _ in corpus_pairs(schema):
        once = format_schema(source.read_text(encoding="utf-8"), source.name)
        assert format_schema(once, source.name) == once, source


@pytest.mark.parametrize("schema", accepted_schemas(), ids=lambda p: p.name)
def test_formatting_keeps_the_schema_and_its_comments(schema: Path, schemas_dir: Path) -> None:
    sources = read_sources(schema)
    formatted = format_sources(sources)
    assert to_dmmf(build_schema(formatted)) == to_dmmf(build_schema(sources))
    for (name, before), (_, after) in zip(sources, formatted, strict=True):
        assert line_comments(before, name) == line_comments(after, name), name


def line_comments(text: str, name: str) -> list[str]:
    return [c.text.rstrip("\r") for c in parse_text(text, name).comments if not c.text.startswith("/*")]


def test_the_corpus_output_is_formatted_not_its_input(schemas_dir: Path) -> None:
    # Guards the comparison above: for single files and folders alike, Prisma's output differs
    # from the input where the input is not in Prisma's layout (31 of the 62 single files).
    schemas = accepted_schemas()
    assert len([s for s in schemas if s.is_dir()]) >= 5
    changed = {
        schema.is_dir()
        for schema in schemas
        for source, prisma in corpus_pairs(schema)
        if source.read_text(encoding="utf-8") != prisma.read_text(encoding="utf-8")
    }
    assert changed == {False, True}


# ---- layout rules on schemas written for these tests --------------------------------------------


def test_columns_align_per_block_and_restart_after_a_blank_line() -> None:
    assert fmt(
        """
        model User {
        id Int @id
          emailAddress    String   @unique
             name String?


          posts String[]
          organizationId Int?
        }
        model Post {
          id Int @id
        }
        """
    ) == expected(
        """
        model User {
          id           Int     @id
          emailAddress String  @unique
          name         String?

          posts          String[]
          organizationId Int?
        }

        model Post {
          id Int @id
        }
        """
    )


def test_the_last_cell_is_not_padded_and_a_trailing_comment_follows_it() -> None:
    assert fmt(
        """
        model A {
          id      Int      @id   // the key
          note    String  // free text
          tags    Tag[]
          createdAt DateTime @default(now())
        }
        """
    ) == expected(
        """
        model A {
          id        Int      @id // the key
          note      String // free text
          tags      Tag[]
          createdAt DateTime @default(now())
        }
        """
    )


def test_key_values_align_on_the_equals_sign() -> None:
    assert fmt(
        """
        generator client {
            provider = "prisma-client-py"
          recursive_type_depth=5
          previewFeatures = [ "fullTextSearch" ,"views", ]
        }
        datasource db {
          provider="postgresql"
          url = env( "DATABASE_URL" )
        }
        """
    ) == expected(
        """
        generator client {
          provider             = "prisma-client-py"
          recursive_type_depth = 5
          previewFeatures      = ["fullTextSearch", "views"]
        }

        datasource db {
          provider = "postgresql"
          url      = env("DATABASE_URL")
        }
        """
    )


def test_attributes_are_reprinted_and_put_in_prismas_order() -> None:
    assert fmt(
        r"""
        model A {
          id     String @db.Uuid   @default( dbgenerated("gen_random_uuid()") )  @id
          slug   String @map("the_slug") @unique( map : "A_slug_key" , )
          price  Decimal @default(0.50) @db.Decimal(10,2)
          quote  String @default("say \"hi\"")
          b      B @relation(fields:[bId],references:[id],onDelete:Cascade)
          bId    Int
        }
        """
    ) == expected(
        r"""
        model A {
          id    String  @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
          slug  String  @unique(map: "A_slug_key") @map("the_slug")
          price Decimal @default(0.50) @db.Decimal(10, 2)
          quote String  @default("say \"hi\"")
          b     B       @relation(fields: [bId], references: [id], onDelete: Cascade)
          bId   Int
        }
        """
    )


def test_block_attributes_move_to_the_end_with_the_comments_above_them() -> None:
    assert fmt(
        """
        model A {
          @@map("a")
          id Int @id
          // why this index exists
          @@index([name])

          name String

          @@schema("public")


          @@unique([id, name])
        }
        """
    ) == expected(
        """
        model A {
          id Int @id

          name String

          @@unique([id, name])
          // why this index exists
          @@index([name])
          @@map("a")
          @@schema("public")
        }
        """
    )


def test_enums_align_values_and_their_attributes() -> None:
    assert fmt(
        """
        enum Role {
          USER   @map("user")
          ADMINISTRATOR @map("admin") // all rights
          GUEST
          @@map("roles")
        }
        """
    ) == expected(
        """
        enum Role {
          USER          @map("user")
          ADMINISTRATOR @map("admin") // all rights
          GUEST

          @@map("roles")
        }
        """
    )


def test_blank_lines_are_collapsed_and_comments_stay_in_place() -> None:
    assert fmt(
        """


        // The schema of the shop.

        /// Someone who buys.
        model Customer {


          /// Shown on invoices.
          name  String
          // kept for the import
             legacy Int?

          // the orders
          orders String[]


        }
        // Not documentation: a plain comment right above a block.
        model Order {
          id Int @id
        }


        // the end
        """
    ) == expected(
        """
        // The schema of the shop.

        /// Someone who buys.
        model Customer {
          /// Shown on invoices.
          name   String
          // kept for the import
          legacy Int?

          // the orders
          orders String[]
        }

        // Not documentation: a plain comment right above a block.
        model Order {
          id Int @id
        }

        // the end
        """
    )


def test_comment_text_is_kept_to_the_last_space_but_code_lines_lose_trailing_spaces() -> None:
    source = "model A {   \n  id Int @id   \n  // note   \n  name String // why  \n}   \n"
    assert fmt(source) == "model A {\n  id   Int    @id\n  // note   \n  name String // why  \n}\n"


def test_block_comments_take_the_canonical_shape() -> None:
    assert fmt(
        """
        /* Tables of
           the shop */
        model A {
          /**
               * The key.
          *   Never reused.
           */
          id Int @id
          /* short */
          name String
        }
        """
    ) == expected(
        """
        /**
         * Tables of
         * the shop
         */
        model A {
          /**
           * The key.
           * Never reused.
           */
          id   Int    @id
          /**
           * short
           */
          name String
        }
        """
    )


def test_comments_on_the_brace_lines_stay_there() -> None:
    # Prisma drops the first and moves the second; we keep both where they were written.
    assert fmt(
        """
        model A { // audited
          id Int @id
        }   // end of A
        """
    ) == expected(
        """
        model A { // audited
          id Int @id
        } // end of A
        """
    )


def test_types_keep_their_modifiers_and_unsupported_keeps_its_text() -> None:
    assert fmt(
        """
        model A {
          id Int @id
          tags String [ ]
          note String ?
          shape Unsupported( "geometry(Point, 4326)" )?
        }
        """
    ) == expected(
        """
        model A {
          id    Int                                   @id
          tags  String[]
          note  String?
          shape Unsupported("geometry(Point, 4326)")?
        }
        """
    )


def test_crlf_line_endings_become_lf() -> None:
    assert fmt("model A {\r\n  id Int @id // key\r\n  // c\r\n}\r\n") == "model A {\n  id Int @id // key\n  // c\n}\n"


def test_an_empty_schema_is_one_newline() -> None:
    assert fmt("\n\n   \n") == "\n"


def test_a_syntax_error_is_a_schema_error_with_its_place() -> None:
    with pytest.raises(SchemaError) as caught:
        format_schema("model A {\n  id Int @id(\n}\n", "broken.prisma")
    [error] = caught.value.errors
    # The broken declaration (line 2) or the brace that ends it too early (line 3).
    assert error.span.file == "broken.prisma" and error.span.line in (2, 3)


def test_format_sources_reports_the_errors_of_every_file() -> None:
    with pytest.raises(SchemaError) as caught:
        format_sources([("a.prisma", "model A {\n  id Int @id(\n}\n"), ("b.prisma", "model B {\n  id Int @@\n}\n")])
    assert sorted(e.span.file for e in caught.value.errors) == ["a.prisma", "b.prisma"]


# ---- missing back-relation fields, added as Prisma's formatter adds them -----------------------


def test_the_missing_back_relation_of_the_corpus_is_added_and_the_schema_becomes_valid(schemas_dir: Path) -> None:
    source = schemas_dir / "invalid" / "relation-missing-opposite-field.prisma"
    with pytest.raises(SchemaError) as caught:
        build_schema(read_sources(source))
    [error] = caught.value.diagnostics
    assert error.message.endswith("Either run `prisma-dynamic format` or add it manually.")
    formatted = format_schema(source.read_text(encoding="utf-8"), source.name)
    assert "model User {\n  id    Int    @id @default(autoincrement())\n  posts Post[]\n}\n" in formatted
    assert format_schema(formatted) == formatted
    [user, post] = to_dmmf(build_schema([(source.name, formatted)]))["models"]
    assert (user["fields"][1]["name"], user["fields"][1]["relationName"]) == ("posts", "PostToUser")
    assert post["fields"][1]["relationName"] == "PostToUser"


def test_back_relations_are_named_after_the_referencing_model_one_or_many() -> None:
    assert fmt(
        """
        model Person {
          id Int @id
        }

        model Category {
          id Int @id
          @@map("categories")
        }

        model Address {
          id       Int    @id
          owner    Person @relation(fields: [ownerId], references: [id])
          ownerId  Int    @unique
        }

        model BlogPost {
          id         Int      @id
          author     Person   @relation("Writer", fields: [authorId], references: [id])
          authorId   Int
          category   Category @relation(fields: [categoryId, categoryKey], references: [id, key])
          categoryId Int
          categoryKey Int
          @@unique([categoryId, categoryKey])
          @@ignore
        }
        """
    ) == expected(
        """
        model Person {
          id        Int        @id
          address   Address?
          blogPosts BlogPost[] @relation("Writer") @ignore
        }

        model Category {
          id       Int       @id
          blogPost BlogPost? @ignore

          @@map("categories")
        }

        model Address {
          id      Int    @id
          owner   Person @relation(fields: [ownerId], references: [id])
          ownerId Int    @unique
        }

        model BlogPost {
          id          Int      @id
          author      Person   @relation("Writer", fields: [authorId], references: [id])
          authorId    Int
          category    Category @relation(fields: [categoryId, categoryKey], references: [id, key])
          categoryId  Int
          categoryKey Int

          @@unique([categoryId, categoryKey])
          @@ignore
        }
        """
    )


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("Category", "categories"),
        ("Address", "addresses"),
        ("Person", "people"),
        ("Box", "boxes"),
        ("Day", "days"),
        ("UserProfile", "userProfiles"),
        ("user_group", "userGroups"),
    ],
)
def test_a_one_to_many_back_relation_is_the_plural_of_the_model_name(model: str, field: str) -> None:
    relation = "owner Owner @relation(fields: [ownerId], references: [id])"
    text = f"model Owner {{\n  id Int @id\n}}\n\nmodel {model} {{\n  id Int @id\n  {relation}\n  ownerId Int\n}}\n"
    owner = format_schema(text).split("\n\n")[0]
    assert owner.splitlines()[2].split() == [field, f"{model}[]"]


def test_a_back_relation_goes_into_the_file_of_the_referenced_model() -> None:
    users = "model User {\n  id Int @id\n}\n"
    posts = (
        "model Post {\n  id Int @id\n  author User @relation(fields: [authorId], references: [id])\n  authorId Int\n}\n"
    )
    formatted = dict(format_sources([("users.prisma", users), ("posts.prisma", posts)]))
    assert formatted["users.prisma"] == "model User {\n  id    Int    @id\n  posts Post[]\n}\n"
    assert formatted["posts.prisma"] == format_schema(posts)


def test_a_lone_list_field_gets_its_forward_side_and_foreign_key_in_the_other_model() -> None:
    source = """
        datasource db {
          provider = "postgresql"
          url      = env("DB")
        }

        model User {
          id    String @id @db.Uuid
          posts Post[]
          notes Note[] @relation("Notes")
        }

        model Post {
          id Int @id
        }

        model Note {
          id     Int    @id
          userId String
        }
        """
    formatted = fmt(source)
    assert formatted.endswith(
        expected(
            """
            model Post {
              id     Int     @id
              user   User?   @relation(fields: [userId], references: [id])
              userId String? @db.Uuid
            }

            model Note {
              id     Int    @id
              userId String
              user   User   @relation("Notes", fields: [userId], references: [id])
            }
            """
        )
    )
    build_schema([("schema.prisma", formatted)])  # valid now


def test_the_forward_side_references_the_first_unique_criterion_when_there_is_no_id() -> None:
    formatted = fmt(
        """
        model Team {
          slug   String
          region String
          people Member[]
          @@unique([slug, region])
        }

        model Member {
          id Int @id
        }
        """
    )
    assert "  team       Team?   @relation(fields: [teamSlug, teamRegion], references: [slug, region])\n" in formatted
    assert "  teamSlug   String?\n  teamRegion String?\n" in formatted


def test_a_relation_with_both_sides_is_left_alone() -> None:
    both = expected(
        """
        model User {
          id    Int    @id
          posts Post[]
        }

        model Post {
          id       Int  @id
          author   User @relation(fields: [authorId], references: [id])
          authorId Int
        }
        """
    )
    assert fmt(both) == both


def test_a_forward_side_without_foreign_key_gets_it_and_its_back_relation() -> None:
    formatted = fmt(
        """
        datasource db {
          provider = "postgresql"
          url      = env("DB")
        }

        model User {
          id String @id @db.Uuid
        }

        model Post {
          id     Int  @id
          author User?
        }

        model Comment {
          id     Int  @id
          author User @relation(onDelete: Cascade)
        }
        """
    )
    assert formatted.endswith(
        expected(
            """
            model User {
              id       String    @id @db.Uuid
              posts    Post[]
              comments Comment[]
            }

            model Post {
              id     Int     @id
              author User?   @relation(fields: [userId], references: [id])
              userId String? @db.Uuid
            }

            model Comment {
              id     Int    @id
              author User   @relation(onDelete: Cascade, fields: [userId], references: [id])
              userId String @db.Uuid
            }
            """
        )
    )
    build_schema([("schema.prisma", formatted)])  # valid now


def test_the_missing_foreign_key_error_points_to_our_formatter_which_fixes_it() -> None:
    text = "model User {\n  id Int @id\n  posts Post[]\n}\n\nmodel Post {\n  id Int @id\n  author User\n}\n"
    text = 'datasource db {\n  provider = "sqlite"\n  url      = "file:x.db"\n}\n\n' + text
    with pytest.raises(SchemaError) as caught:
        build_schema([("schema.prisma", text)])
    assert [d.message.split(". ")[-1] for d in caught.value.diagnostics] == [
        "You can run `prisma-dynamic format` to fix this automatically.",
        "You can run `prisma-dynamic format` to fix this automatically.",
    ]
    build_schema([("schema.prisma", format_schema(text))])


# ---- the command line ---------------------------------------------------------------------------

UNFORMATTED = "model User {\nid Int @id\n    name String?\n}\n"
FORMATTED = "model User {\n  id   Int     @id\n  name String?\n}\n"


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "prisma_dynamic", "format", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_rewrites_the_file_in_place_keeping_its_mode(tmp_path: Path) -> None:
    schema = tmp_path / "schema.prisma"
    schema.write_text(UNFORMATTED, encoding="utf-8")
    schema.chmod(0o640)
    result = cli(tmp_path)
    assert result.returncode == 0, result.stderr
    assert schema.read_text(encoding="utf-8") == FORMATTED
    assert stat.S_IMODE(schema.stat().st_mode) == 0o640
    assert result.stdout.splitlines() == ["schema.prisma"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schema.prisma"], "a temporary file was left behind"
    again = cli(tmp_path)
    assert again.returncode == 0 and again.stdout == ""


def test_cli_check_lists_the_files_that_would_change_and_writes_nothing(tmp_path: Path) -> None:
    schema = tmp_path / "prisma" / "schema.prisma"
    schema.parent.mkdir()
    schema.write_text(UNFORMATTED, encoding="utf-8")
    result = cli(tmp_path, "--check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [os.path.join("prisma", "schema.prisma")]
    assert schema.read_text(encoding="utf-8") == UNFORMATTED
    schema.write_text(FORMATTED, encoding="utf-8")
    clean = cli(tmp_path, "--check")
    assert clean.returncode == 0 and clean.stdout == ""


def test_cli_check_counts_crlf_endings_as_a_change(tmp_path: Path) -> None:
    schema = tmp_path / "schema.prisma"
    schema.write_bytes(FORMATTED.replace("\n", "\r\n").encode())
    assert cli(tmp_path, "--check").returncode == 1
    assert cli(tmp_path).returncode == 0
    assert schema.read_bytes() == FORMATTED.encode()


def test_cli_formats_every_file_of_a_schema_folder(tmp_path: Path) -> None:
    folder = tmp_path / "schema"
    (folder / "models").mkdir(parents=True)
    (folder / "main.prisma").write_text('datasource db {\n  provider = "sqlite"\n  url      = "file:dev.db"\n}\n')
    (folder / "models" / "user.prisma").write_text(UNFORMATTED)
    check = cli(tmp_path, "--schema", "schema", "--check")
    assert check.returncode == 1
    assert check.stdout.splitlines() == [os.path.join("schema", "models", "user.prisma")]
    assert cli(tmp_path, "--schema", "schema").returncode == 0
    assert (folder / "models" / "user.prisma").read_text() == FORMATTED
    assert cli(tmp_path, "--schema", "schema", "--check").returncode == 0


def test_cli_writes_nothing_when_a_file_does_not_parse(tmp_path: Path) -> None:
    folder = tmp_path / "schema"
    folder.mkdir()
    (folder / "a.prisma").write_text(UNFORMATTED)
    (folder / "b.prisma").write_text("model B {\n  id Int @id(\n}\n")
    result = cli(tmp_path, "--schema", "schema")
    assert result.returncode == 1
    assert os.path.join("schema", "b.prisma") + ":" in result.stderr
    assert "a.prisma" not in result.stderr
    assert (folder / "a.prisma").read_text() == UNFORMATTED


def test_cli_reports_a_missing_schema(tmp_path: Path) -> None:
    result = cli(tmp_path, "--schema", "nowhere.prisma")
    assert result.returncode == 1
    assert "nowhere.prisma does not exist" in result.stderr
