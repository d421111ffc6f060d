"""Engine responses decoded: tagged values, nested includes into model classes, counts, raw rows,
and batches."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

import pytest

from prisma_dynamic.client.batch import SyncBatch
from prisma_dynamic.errors import QueryValidationError, UniqueViolationError
from prisma_dynamic.fields import Base64
from prisma_dynamic.protocol import QueryBuilder, decode_value
from prisma_dynamic.protocol import decode as decode_module
from prisma_dynamic.protocol.raw import raw_rows
from tests.protocol.senders import Harness, SyncRecorder
from tests.protocol.test_requests import POST, USER

UTC = datetime.timezone.utc


def test_tagged_values_are_decoded() -> None:
    decoded = decode_value(
        {
            "at": {"$type": "DateTime", "value": "2024-01-02T03:04:05.678Z"},
            "big": {"$type": "BigInt", "value": "9007199254740993"},
            "money": {"$type": "Decimal", "value": "12.50"},
            "blob": {"$type": "Bytes", "value": "aGk="},
            "doc": {"$type": "Json", "value": '{"a": [1, 2]}'},
            "list": [{"$type": "BigInt", "value": "1"}, 2],
        }
    )
    assert decoded == {
        "at": datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC),
        "big": 9007199254740993,
        "money": decimal.Decimal("12.50"),
        "blob": Base64.encode(b"hi"),
        "doc": {"a": [1, 2]},
        "list": [1, 2],
    }


def test_nested_includes_become_model_instances_with_counts(harness: Harness, builder: QueryBuilder) -> None:
    record = {
        **USER,
        "settings": {"$type": "Json", "value": '{"theme": "dark"}'},
        "avatar": {"$type": "Bytes", "value": "aGk="},
        "posts": [{**POST, "categories": [{"id": 1, "name": "c"}], "_count": {"categories": 1}}],
        "profile": None,
        "_count": {"posts": 1},
    }
    user = harness.delegate("User", {"findUniqueUser": record})
    found = user.find_unique(
        {"id": 1}, include={"posts": {"include": {"categories": True, "_count": True}}, "profile": True, "_count": True}
    )
    models = builder.registry.models
    assert isinstance(found, models.User) and found._count == {"posts": 1}
    assert found.createdAt == datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    assert found.balance == decimal.Decimal("0") and found.big == 0
    assert found.settings == {"theme": "dark"} and found.avatar == Base64.encode(b"hi")
    assert found.profile is None
    assert isinstance(found.posts[0], models.Post) and found.posts[0]._count == {"categories": 1}
    assert isinstance(found.posts[0].categories[0], models.Category)
    assert found.posts[0].categories[0].name == "c"


def test_nested_records_with_nothing_to_decode_go_to_pydantic_whole(
    harness: Harness, builder: QueryBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records whose relations hold nothing to decode (plain values, as the embedded transport
    gives them) are validated in one call, their relation fields parsing the nested records; the
    per-record decoder is left for levels that need it: a nested `select` (its own view class),
    tagged values or `_count` anywhere below."""
    used: list[str] = []  # the levels decoded record by record
    decoder = decode_module._decoder

    def spying(plan: Any) -> Any:
        if plan.cls.__name__ not in used:
            used.append(plan.cls.__name__)
        return decoder(plan)

    monkeypatch.setattr(decode_module, "_decoder", spying)
    category = {"id": 1, "name": "c"}
    posts = [{**POST, "categories": [category]}, {**POST, "id": 8, "categories": []}]
    models = builder.registry.models
    post = harness.delegate("Post", {"findManyPost": posts}, {"findManyPost": [{**POST, "author": USER}]})
    found = post.find_many(include={"categories": True})
    assert used == []
    assert [type(p) for p in found] == [models.Post, models.Post] and [p.id for p in found] == [7, 8]
    assert isinstance(found[0].categories[0], models.Category) and found[0].categories[0].name == "c"
    assert found[1].categories == []
    # The author's DateTime, Decimal and BigInt come tagged (as over HTTP): decoded record by record.
    (with_author,) = post.find_many(include={"author": True})
    assert used == ["Post", "User"]
    assert isinstance(with_author.author, models.User)
    assert with_author.author.createdAt == datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    assert with_author.author.big == 0 and with_author.author.balance == decimal.Decimal("0")

    used.clear()
    titles = harness.delegate("Category", {"findManyCategory": [{**category, "posts": [{"title": "T"}]}]})
    (selected,) = titles.find_many(include={"posts": {"select": {"title": True}}})
    assert used == ["Category"]  # the posts are a view of Post: not what the field parses into
    assert set(type(selected.posts[0]).model_fields) == {"title"} and selected.posts[0].title == "T"


def test_find_many_and_missing_records(harness: Harness) -> None:
    post = harness.delegate("Post", {"findManyPost": [POST, {**POST, "id": 8}]}, {"findFirstPost": None})
    assert [p.id for p in post.find_many()] == [7, 8]
    assert post.find_first() is None


def test_engine_errors_reach_the_caller(harness: Harness) -> None:
    unique = {"errors": [{"error": "x", "user_facing_error": {"error_code": "P2002", "message": "dup", "meta": {}}}]}
    user = harness.delegate("User", unique)
    with pytest.raises(UniqueViolationError):
        user.create({"email": "a"})


def test_raw_rows_follow_the_column_types() -> None:
    rows = raw_rows(
        {
            "columns": ["n", "big", "money", "doc", "at", "nums"],
            "types": ["int", "bigint", "decimal", "json", "datetime", "bigint-array"],
            "rows": [[1, "9007199254740993", "1.5", '{"a": 1}', "2024-01-01T00:00:00Z", ["1", None]], [None] * 6],
        }
    )
    assert rows[0] == {
        "n": 1,
        "big": 9007199254740993,
        "money": 1.5,
        "doc": {"a": 1},
        "at": "2024-01-01T00:00:00Z",
        "nums": [1, None],
    }
    assert rows[1] == dict.fromkeys(["n", "big", "money", "doc", "at", "nums"])


class TestBatch:
    names = {"user": "User", "post": "Post"}

    def test_commit_sends_one_transactional_batch(self, harness: Harness) -> None:
        batch, recorder = harness.batch(self.names, {"batchResult": []}, tx_id="tx-9")
        batch.user.create({"email": "a"})
        batch.post.update_many({"published": True}, {"views": {"gt": 1}})
        batch.post.delete_many()
        batch.execute_raw("DELETE FROM x WHERE id = ?", 1)
        recorder.responses = [[{"data": {"createOneUser": USER}}, {"data": {}}, {"data": {}}, {"data": {}}]]
        harness.run(batch.commit)
        body, tx_id = recorder.requests[0]
        assert tx_id == "tx-9" and body["transaction"] == {}
        assert [q["action"] for q in body["batch"]] == ["createOne", "updateMany", "deleteMany", "executeRaw"]
        assert body["batch"][0] == {
            "modelName": "User",
            "action": "createOne",
            "query": {"arguments": {"data": {"email": "a"}}, "selection": {"$scalars": True, "$composites": True}},
        }
        harness.run(batch.commit)  # the queue was emptied: nothing more is sent
        assert len(recorder.requests) == 1

    def test_a_failed_query_raises(self, harness: Harness) -> None:
        error = {"errors": [{"error": "x", "user_facing_error": {"error_code": "P2002", "message": "dup"}}]}
        batch, _ = harness.batch(self.names, [{"data": {}}, error])
        batch.user.create({"email": "a"})
        batch.user.create({"email": "a"})
        with pytest.raises(UniqueViolationError):
            harness.run(batch.commit)

    def test_context_manager_commits_only_without_exception(self, builder: QueryBuilder) -> None:
        recorder = SyncRecorder([{"data": {}}])
        with SyncBatch(builder, recorder, self.names) as batch:  # type: ignore[arg-type]
            batch.post.create({"title": "t"})
        assert len(recorder.requests) == 1
        with pytest.raises(RuntimeError), SyncBatch(builder, recorder, self.names) as batch:  # type: ignore[arg-type]
            batch.post.create({"title": "t"})
            raise RuntimeError("boom")
        assert len(recorder.requests) == 1

    def test_unknown_delegate_and_validation(self, harness: Harness) -> None:
        batch, _ = harness.batch(self.names)
        with pytest.raises(AttributeError, match="'comment'"):
            _ = batch.comment
        with pytest.raises(QueryValidationError, match=r"data\.title"):
            batch.post.create({})
