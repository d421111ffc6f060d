"""Run-time pydantic models: types, coercions, defaults, relations, composites, dumps and partials."""

from __future__ import annotations

import datetime
import decimal
import json

import pydantic
import pytest

from prisma_dynamic.fields import Base64, Json
from prisma_dynamic.models import PrismaEnum, PrismaModel, registry_for
from tests.models.schemas import MONGO, POSTGRES, schema

UTC = datetime.timezone.utc


@pytest.fixture(scope="module")
def registry():  # type: ignore[no-untyped-def]
    return registry_for(schema(POSTGRES))


def user_data(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": 1,
        "email": "ada@example.com",
        "name": None,
        "role": "ADMIN",
        "roles": ["USER"],
        "tags": ["a"],
        "createdAt": datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC),
        "updatedAt": datetime.datetime(2024, 1, 2, tzinfo=UTC),
        "balance": decimal.Decimal("12.50"),
        "big": 2**60,
        "score": 1.5,
        "active": True,
        "avatar": Base64.encode(b"hi"),
        "settings": {"theme": "dark"},
    }
    data.update(extra)
    return data


def test_every_scalar_gets_its_python_type(registry) -> None:  # type: ignore[no-untyped-def]
    user = registry.models.User.model_validate(user_data())
    assert user.id == 1 and isinstance(user.id, int)
    assert user.createdAt == datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    assert user.balance == decimal.Decimal("12.50") and isinstance(user.balance, decimal.Decimal)
    assert user.big == 2**60
    assert user.score == 1.5
    assert user.active is True
    assert user.avatar == Base64.encode(b"hi") and user.avatar.decode() == b"hi"
    assert user.settings == {"theme": "dark"}
    role = registry.enums.Role
    assert user.role is role.ADMIN and user.role == "ADMIN"  # a member, equal to its string
    assert user.roles == ["USER"] and user.roles[0] is role.USER


def test_fields_have_schema_names_not_database_names(registry) -> None:  # type: ignore[no-untyped-def]
    fields = registry.models.User.model_fields
    assert "createdAt" in fields and "created_at" not in fields
    assert "authorId" in registry.models.Post.model_fields


def test_optional_scalars_and_relations_default_to_none(registry) -> None:  # type: ignore[no-untyped-def]
    user = registry.models.User.model_validate(user_data(score=None, avatar=None, settings=None))
    assert user.score is None and user.avatar is None and user.settings is None
    assert user.posts is None and user.profile is None
    fields = registry.models.User.model_fields
    assert not fields["name"].is_required() and not fields["posts"].is_required()
    assert fields["email"].is_required()


def test_required_scalar_lists_turn_none_into_empty(registry) -> None:  # type: ignore[no-untyped-def]
    user = registry.models.User.model_validate(user_data(tags=None, roles=None))
    assert user.tags == [] and user.roles == []


def test_naive_datetimes_are_taken_as_utc_and_others_converted(registry) -> None:  # type: ignore[no-untyped-def]
    naive = registry.models.User.model_validate(user_data(createdAt=datetime.datetime(2024, 5, 1, 12)))
    assert naive.createdAt == datetime.datetime(2024, 5, 1, 12, tzinfo=UTC) and naive.createdAt.tzinfo is UTC
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    when = datetime.datetime(2024, 5, 1, 12, tzinfo=plus_two)
    shifted = registry.models.User.model_validate(user_data(createdAt=when))
    assert shifted.createdAt.hour == 10 and shifted.createdAt.tzinfo is UTC


def test_wrong_values_are_rejected(registry) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(pydantic.ValidationError):
        registry.models.User.model_validate(user_data(role="OWNER"))
    with pytest.raises(pydantic.ValidationError):
        registry.models.User.model_validate(user_data(avatar="not base64!"))
    with pytest.raises(pydantic.ValidationError):
        registry.models.User.model_validate({"id": 1})


def test_enums_are_str_enums_whose_names_are_values(registry) -> None:  # type: ignore[no-untyped-def]
    role = registry.enums.Role
    assert issubclass(role, PrismaEnum) and issubclass(role, str)
    assert [m.name for m in role] == ["USER", "ADMIN"] and role.ADMIN.value == "ADMIN"
    assert role.ADMIN == "ADMIN" and str(role.ADMIN) == "ADMIN" and f"{role.USER}" == "USER"
    assert role.__doc__ == "What a user may do."
    user = registry.models.User.model_validate(user_data(role=role.USER))
    assert user.role == "USER"


def test_relations_parse_into_related_classes(registry) -> None:  # type: ignore[no-untyped-def]
    post = {"id": 3, "title": "T", "content": None, "views": 0, "published": False, "authorId": 1}
    user = registry.models.User.model_validate(user_data(posts=[post], profile={"id": 1, "bio": "b", "userId": 1}))
    assert isinstance(user.posts[0], registry.models.Post) and user.posts[0].title == "T"
    assert isinstance(user.profile, registry.models.Profile)
    with pytest.raises(pydantic.ValidationError):
        registry.models.User.model_validate(user_data(posts=[{"id": "x"}]))


def test_a_list_of_related_instances_is_kept_record_by_record(registry) -> None:  # type: ignore[no-untyped-def]
    """A to-many relation's list is checked as a whole: instances (the decoder's) are kept as
    they are, in a list of the model's own; dicts are validated; anything else is refused."""
    post = registry.models.Post.model_validate(
        {"id": 3, "title": "T", "content": None, "views": 0, "published": False, "authorId": 1}
    )
    given = [post, post]
    user = registry.models.User.model_validate(user_data(posts=given))
    assert user.posts is not given and user.posts == given and all(p is post for p in user.posts)
    mixed = registry.models.User.model_validate(user_data(posts=(post, post.model_dump())))
    assert [type(p) for p in mixed.posts] == [registry.models.Post, registry.models.Post]
    for wrong in ("posts", {"id": 3}, 5):
        with pytest.raises(pydantic.ValidationError, match="posts"):
            registry.models.User.model_validate(user_data(posts=wrong))


def test_model_dump_and_json_round_trip(registry) -> None:  # type: ignore[no-untyped-def]
    post = {"id": 3, "title": "T", "content": None, "views": 0, "published": False, "authorId": 1}
    user = registry.models.User.model_validate(user_data(posts=[post]))
    dumped = user.model_dump()
    assert dumped["posts"][0]["title"] == "T" and dumped["avatar"] == Base64.encode(b"hi")
    text = user.model_dump_json()
    document = json.loads(text)
    assert document["createdAt"] == "2024-01-02T03:04:05.678000Z"
    assert document["balance"] == "12.50" and document["avatar"] == "aGk=" and document["settings"] == {"theme": "dark"}
    assert document["posts"][0]["authorId"] == 1
    again = registry.models.User.model_validate_json(text)
    assert again == user


def test_json_fields_accept_the_wrapper(registry) -> None:  # type: ignore[no-untyped-def]
    user = registry.models.User.model_validate(user_data(settings=Json([1, 2])))
    assert user.settings == [1, 2]


def test_docs_become_docstrings_and_descriptions(registry) -> None:  # type: ignore[no-untyped-def]
    assert registry.models.User.__doc__ == "A person who writes."
    assert registry.models.Post.model_fields["title"].description == "The headline."


def test_classes_are_built_once_and_registry_is_cached_per_schema() -> None:
    parsed = schema(POSTGRES)
    registry = registry_for(parsed)
    assert registry_for(parsed) is registry
    assert registry.models.User is registry.models.User
    assert registry_for(schema(POSTGRES)) is not registry


def test_model_classes_carry_the_model_name_and_base(registry) -> None:  # type: ignore[no-untyped-def]
    user_cls = registry.models.User
    assert user_cls.__prisma_model__ == "User"
    assert issubclass(user_cls, registry.bases.BaseUser) and issubclass(user_cls, PrismaModel)
    assert "User" in registry.models and sorted(registry.enums) == ["Role"]
    with pytest.raises(AttributeError, match="no model named 'Nope'"):
        _ = registry.models.Nope


def test_json_schema_can_be_generated(registry) -> None:  # type: ignore[no-untyped-def]
    document = registry.models.User.model_json_schema()
    # Relations are cycles (User.posts -> Post.author -> User): pydantic files User under $defs.
    user = document["$defs"]["User"] if "$ref" in document else document
    assert user["title"] == "User" and "posts" in user["properties"]
    assert {"$ref": "#/$defs/Post"} in [item.get("items") for item in user["properties"]["posts"]["anyOf"]]


def test_composite_types_are_their_own_models() -> None:
    registry = registry_for(schema(MONGO))
    product = registry.models.Product.model_validate(
        {
            "id": "p1",
            "name": "lamp",
            "photos": [{"height": 1, "url": "u"}],
            "address": {"street": "s", "zip": "z", "geo": None},
        }
    )
    assert isinstance(product.address, registry.models.Address)
    assert isinstance(product.photos[0], registry.models.Photo) and product.photos[0].url == "u"
    assert product.model_dump()["address"] == {"street": "s", "zip": "z", "geo": None}


class TestPartials:
    def test_include_and_required(self) -> None:
        registry = registry_for(schema(POSTGRES))
        partial = registry.models.User.create_partial("UserName", include={"id", "name"}, required={"name"})
        assert registry.partials.UserName is partial
        assert set(partial.model_fields) == {"id", "name"} and partial.model_fields["name"].is_required()
        assert issubclass(partial, registry.bases.BaseUser) and partial.__prisma_model__ == "User"
        assert partial(id=1, name="x").model_dump() == {"id": 1, "name": "x"}

    def test_exclude_optional_and_relations(self) -> None:
        registry = registry_for(schema(POSTGRES))
        registry.models.Post.create_partial("PostTitle", include=["title"])
        partial = registry.models.User.create_partial(
            "UserPosts", exclude=["avatar"], optional=["email"], relations={"posts": "PostTitle"}
        )
        assert "avatar" not in partial.model_fields and not partial.model_fields["email"].is_required()
        user = partial.model_validate(user_data(posts=[{"title": "T"}]))
        assert type(user.posts[0]) is registry.partials.PostTitle

    def test_exclude_relational_fields(self) -> None:
        registry = registry_for(schema(POSTGRES))
        partial = registry.models.User.create_partial("UserFlat", exclude_relational_fields=True)
        assert "posts" not in partial.model_fields and "email" in partial.model_fields

    @pytest.mark.parametrize(
        ("options", "error", "message"),
        [
            ({"include": ["id"], "exclude": ["id"]}, TypeError, "mutually exclusive"),
            ({"include": ["id"], "exclude_relational_fields": True}, TypeError, "mutually exclusive"),
            ({"required": ["name"], "optional": ["name"]}, ValueError, "both required and optional"),
            ({"include": ["nmae"]}, ValueError, "'nmae' is not a field of User"),
            ({"relations": {"posts": "Missing"}}, ValueError, "Unknown partial type 'Missing'"),
            ({"relations": {"email": "X"}}, ValueError, "not a relational field"),
        ],
    )
    def test_bad_arguments(self, options: dict[str, object], error: type[Exception], message: str) -> None:
        registry = registry_for(schema(POSTGRES))
        with pytest.raises(error, match=message):
            registry.models.User.create_partial("Bad", **options)  # type: ignore[arg-type]

    def test_names_are_unique_and_targets_checked(self) -> None:
        registry = registry_for(schema(POSTGRES))
        registry.models.User.create_partial("Once", include=["id"])
        with pytest.raises(ValueError, match="already been created"):
            registry.models.User.create_partial("Once", include=["id"])
        with pytest.raises(ValueError, match="is a partial of User"):
            registry.models.User.create_partial("Wrong", relations={"posts": "Once"})


def test_lazy_building_of_a_large_schema(schemas_dir) -> None:  # type: ignore[no-untyped-def]
    from prisma_dynamic.schema.load import load_schema

    large = load_schema(schemas_dir / "real" / "civitai__civitai.prisma")
    registry = registry_for(large)
    user = registry.models.User
    # Only the asked-for model (and the enums/types its fields use) is built, not the 300 others.
    assert len(registry._models) == 1 and user.__prisma_model__ == "User"


def test_prisma_classmethod_and_module_access_go_through_the_registered_client(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from prisma_dynamic.client import Prisma, register
    from prisma_dynamic.client.actions import AsyncActions
    from prisma_dynamic.models.registration import unregister
    from tests.models.schemas import SQLITE

    path = tmp_path / "schema.prisma"
    path.write_text(SQLITE)
    db = Prisma.from_schema(path)
    user_cls = db.models.User
    partial = user_cls.create_partial("UserEmailOnly", include=["email"])
    delegate = partial.prisma(db)
    assert isinstance(delegate, AsyncActions) and delegate.model_class is partial and delegate.model_name == "User"
    register(db)
    try:
        assert user_cls.prisma().model_class is user_cls
        from prisma_dynamic.models import User  # type: ignore[attr-defined]

        assert User is user_cls
    finally:
        unregister()
