"""The delegate methods (API.md section 4 and 0b), written once for the async and the sync client.

Every model's delegate is the shared generic class specialised with that model's types, so the
signatures below exist once per stub module instead of once per model.
"""

from __future__ import annotations

from stubs_plugin.surface import DELEGATE_PARAMETERS, Capabilities

# The shared delegate classes, and the suffix of each model's subclass of them (`UserActions`).
ASYNC_DELEGATE, SYNC_DELEGATE, BATCH_DELEGATE = "_Actions", "_SyncActions", "_BatchActions"
DELEGATE_SUBCLASSES = (("Actions", ASYNC_DELEGATE), ("SyncActions", SYNC_DELEGATE), ("BatchActions", BATCH_DELEGATE))

# Optional TypedDict arguments default to `...` rather than `X | None = None`: against a plain
# TypedDict both checkers name the misspelled or mistyped key, against a union they only say "incompatible".
_SELECTION = "include: _Include = ..., *, select: _Select = ..., omit: _Omit = ..."
_ORDER = "_OrderByInput | list[_OrderByInput]"
_FIND_FIRST = (
    "skip: int | None = None, where: _WhereInput = ..., cursor: _WhereUniqueInput = ..., "
    f"include: _Include = ..., order: {_ORDER} = ..., distinct: list[_ScalarFieldKeys] | None = None, "
    "*, select: _Select = ..., omit: _Omit = ..."
)
_COUNT = (
    "take: int | None = None, skip: int | None = None, where: _WhereInput = ..., cursor: _WhereUniqueInput = ..., "
    f"*, order: {_ORDER} = ..."
)
_AGGREGATES = (
    "avg: _AvgAggregateInput = ..., sum: _SumAggregateInput = ..., "
    "min: _MinAggregateInput = ..., max: _MaxAggregateInput = ..."
)


def _methods(caps: Capabilities) -> list[str]:
    """Method declarations; `{a}` is `async ` or nothing."""
    skip_duplicates = ", *, skip_duplicates: bool | None = None" if caps.skip_duplicates else ""
    methods = [
        f"{{a}}def create(self, data: _CreateInput, {_SELECTION}) -> _Model: ...",
        f"{{a}}def create_many(self, data: list[_CreateWithoutRelationsInput]{skip_duplicates}) -> int: ...",
        f"{{a}}def find_unique(self, where: _WhereUniqueInput, {_SELECTION}) -> _Model | None: ...",
        f"{{a}}def find_unique_or_raise(self, where: _WhereUniqueInput, {_SELECTION}) -> _Model: ...",
        f"{{a}}def find_first(self, {_FIND_FIRST}) -> _Model | None: ...",
        f"{{a}}def find_first_or_raise(self, {_FIND_FIRST}) -> _Model: ...",
        f"{{a}}def find_many(self, take: int | None = None, {_FIND_FIRST}) -> list[_Model]: ...",
        f"{{a}}def update(self, data: _UpdateInput, where: _WhereUniqueInput, {_SELECTION}) -> _Model | None: ...",
        f"{{a}}def upsert(self, where: _WhereUniqueInput, data: _UpsertInput, {_SELECTION}) -> _Model: ...",
        "{a}def update_many(self, data: _UpdateManyMutationInput, where: _WhereInput, *, limit: int | None = None"
        ") -> int: ...",
        f"{{a}}def delete(self, where: _WhereUniqueInput, {_SELECTION}) -> _Model | None: ...",
        "{a}def delete_many(self, where: _WhereInput = ..., *, limit: int | None = None) -> int: ...",
        "@_overload",
        f"{{a}}def count(self, select: None = None, {_COUNT}) -> int: ...",
        "@_overload",
        f"{{a}}def count(self, select: _CountAggregateInput, {_COUNT}) -> _CountAggregateOutput: ...",
        "{a}def group_by(self, by: list[_ScalarFieldKeys], *, where: _WhereInput = ..., "
        f"take: int | None = None, skip: int | None = None, {_AGGREGATES}, "
        "having: _ScalarWhereWithAggregatesInput = ..., count: bool | _CountAggregateInput = ..., "
        "order: _Mapping[_ScalarFieldKeys, SortOrder] | list[_Mapping[_ScalarFieldKeys, SortOrder]] = ..."
        ") -> list[_GroupByOutput]: ...",
        f"{{a}}def aggregate(self, *, count: bool | _CountAggregateInput = ..., {_AGGREGATES}, "
        f"where: _WhereInput = ..., order: {_ORDER} = ..., take: int | None = None, "
        "skip: int | None = None, cursor: _WhereUniqueInput = ..."
        ") -> _AggregateOutput: ...",
    ]
    if caps.returning:
        methods += [
            "{a}def create_many_and_return(self, data: list[_CreateWithoutRelationsInput]"
            f"{skip_duplicates or ', *'}, include: _Include = ..., select: _Select = ..., omit: _Omit = ..."
            ") -> list[_Model]: ...",
            "{a}def update_many_and_return(self, data: _UpdateManyMutationInput, where: _WhereInput, *, "
            "limit: int | None = None, include: _Include = ..., select: _Select = ..., omit: _Omit = ..."
            ") -> list[_Model]: ...",
        ]
    if caps.raw_queries:
        methods += [
            "{a}def query_raw(self, query: _LiteralString, *args: _Any) -> list[_Model]: ...",
            "{a}def query_first(self, query: _LiteralString, *args: _Any) -> _Model | None: ...",
        ]
    return methods


_BATCH_METHODS = [
    "def create(self, data: _CreateInput, include: _Include = ...) -> None: ...",
    "def create_many(self, data: list[_CreateWithoutRelationsInput]{skip_duplicates}) -> None: ...",
    "def delete(self, where: _WhereUniqueInput, include: _Include = ...) -> None: ...",
    "def update(self, data: _UpdateInput, where: _WhereUniqueInput, include: _Include = ...) -> None: ...",
    "def upsert(self, where: _WhereUniqueInput, data: _UpsertInput, include: _Include = ...) -> None: ...",
    "def update_many(self, data: _UpdateManyMutationInput, where: _WhereInput) -> None: ...",
    "def delete_many(self, where: _WhereInput = ...) -> None: ...",
]


def type_variables() -> str:
    return "\n".join(f'_{p} = _TypeVar("_{p}")' for p in DELEGATE_PARAMETERS)


def generic_parameters() -> str:
    return ", ".join(f"_{p}" for p in DELEGATE_PARAMETERS)


def delegate_classes(caps: Capabilities) -> str:
    """`_Actions`, `_SyncActions` and `_BatchActions`, generic over `DELEGATE_PARAMETERS`."""
    generic = f"_Generic[{generic_parameters()}]"
    blocks = []
    for name, prefix in ((ASYNC_DELEGATE, "async "), (SYNC_DELEGATE, "")):
        body = "\n".join("    " + m.format(a=prefix) for m in _methods(caps))
        blocks.append(f"class {name}({generic}):\n{body}")
    skip_duplicates = ", *, skip_duplicates: bool | None = None" if caps.skip_duplicates else ""
    batch = "\n".join("    " + m.format(skip_duplicates=skip_duplicates) for m in _BATCH_METHODS)
    blocks.append(f"class {BATCH_DELEGATE}({generic}):\n{batch}")
    return "\n\n".join(blocks)
