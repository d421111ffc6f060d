"""Nested writes under a relation field: the shapes every model shares, as generic TypedDicts.

Prisma names one input per model and relation (`PostUpdateWithWhereUniqueWithoutAuthorInput`,
`PostUpsertWithWhereUniqueWithoutAuthorInput`, `PostCreateManyAuthorInputEnvelope`, ...), all of
the same few shapes. Declaring each shape once, generic over the model's own types, keeps them out
of the per-model count: a model's relation inputs name `NestedUpdateInput[PostWhereUniqueInput,
PostUpdateManyMutationInput]` instead of a class of their own.
"""

from __future__ import annotations

from stubs_plugin.surface import Capabilities, Key, TypedDictType

UPDATE = "NestedUpdateInput"
UPSERT_MANY = "NestedUpsertManyInput"
UPSERT_ONE = "NestedUpsertOneInput"
CREATE_MANY = "NestedCreateManyInput"


def nested_write_types(caps: Capabilities) -> list[TypedDictType]:
    where, data, create, update = "_Where", "_Data", "_Create", "_Update"
    create_many_keys = [Key("data", f"list[{create}]", required=True)]
    if caps.skip_duplicates:
        create_many_keys.append(Key("skip_duplicates", "bool"))
    return [
        # update / update_many of a list relation: the records chosen by `where` get `data`.
        TypedDictType(UPDATE, (Key("where", where, required=True), Key("data", data, required=True)), (where, data)),
        TypedDictType(
            UPSERT_MANY,
            (
                Key("where", where, required=True),
                Key("create", create, required=True),
                Key("update", update, required=True),
            ),
            (where, create, update),
        ),
        # Prisma's optional `where` (narrowing the one related record) is left out: basedpyright
        # cannot solve a type variable of a key that the call omits, and refuses the whole dict.
        TypedDictType(
            UPSERT_ONE, (Key("create", create, required=True), Key("update", update, required=True)), (create, update)
        ),
        TypedDictType(CREATE_MANY, tuple(create_many_keys), (create,)),
    ]


def generic(name: str, *arguments: str) -> str:
    return f"{name}[{', '.join(arguments)}]"
