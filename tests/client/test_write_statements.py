"""How many statements each write sends, counted in the engine's query log on every database.

A write that changes data in one statement runs without BEGIN/COMMIT or a savepoint around it:
`INSERT/UPDATE/DELETE ... RETURNING <selected columns>` where the server has RETURNING for the
statement (MariaDB 10.5+: INSERT and DELETE, not UPDATE), the INSERT and one read-back by
LAST_INSERT_ID on MySQL. Nested creates of several children are one
multi-row INSERT. The log is the embedded engine's (the HTTP engine logs in its own process).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import pytest

from prisma_dynamic.errors import UniqueViolationError
from prisma_dynamic.schema.connectors.mysql import MySqlConnector
from tests.client.conftest import Api


def _statements(api: Api, caplog: pytest.LogCaptureFixture, write: Callable[[], Any]) -> tuple[Any, list[str]]:
    """-> (the write's result, the statements it sent, each as its SQL text)."""
    caplog.clear()
    caplog.set_level(logging.DEBUG, logger="prisma_dynamic.engine")
    try:
        result = write()
    finally:
        caplog.set_level(logging.WARNING, logger="prisma_dynamic.engine")
    sent = [r.getMessage().strip() for r in caplog.records if r.name == "prisma_dynamic.engine"]
    return result, sent


def _verbs(sent: list[str]) -> list[str]:
    return [statement.split()[0].upper() for statement in sent]


def _mariadb(api: Api) -> bool:
    """Whether a `mysql` database is MariaDB 10.5+ (INSERT and DELETE ... RETURNING), not MySQL."""
    if api.provider != "mysql":
        return False
    version = str(api.query_raw("SELECT VERSION() AS v")[0]["v"])
    major, minor = (int(part) for part in version.split(".")[:2])
    return "MariaDB" in version and (major, minor) >= (10, 5)


@pytest.fixture
def logged(api: Api) -> Api:
    if api.transport != "embedded":
        pytest.skip("the HTTP engine logs its statements in its own process")
    return api


def test_create_is_one_statement(logged: Api, caplog: pytest.LogCaptureFixture) -> None:
    api = logged
    user, sent = _statements(api, caplog, lambda: api.user.create(data={"email": "a@example.com", "name": "A"}))
    assert (user.email, user.name, user.role) == ("a@example.com", "A", "USER")
    assert user.createdAt is not None and user.updatedAt is not None
    if api.provider == "mysql" and not _mariadb(api):
        assert _verbs(sent) == ["INSERT", "SELECT"], sent  # LAST_INSERT_ID, then one read-back
    else:
        assert _verbs(sent) == ["INSERT"], sent
        assert "RETURNING" in sent[0]
    assert api.user.find_unique(where={"id": user.id}) == user


def test_create_with_a_selection_of_relations_reads_only_the_relations_without_a_transaction(
    logged: Api, caplog: pytest.LogCaptureFixture
) -> None:
    api = logged
    user, sent = _statements(
        api, caplog, lambda: api.user.create(data={"email": "b@example.com"}, include={"posts": True})
    )
    assert user.email == "b@example.com" and user.posts == []
    if api.provider == "mysql" and not _mariadb(api):
        assert _verbs(sent) == ["INSERT", "SELECT", "SELECT"], sent  # the user by LAST_INSERT_ID, its posts
    else:
        # RETURNING gives the user and the key its posts are read by.
        assert _verbs(sent) == ["INSERT", "SELECT"] and "posts" in sent[1], sent
    post = api.post.create(data={"title": "w", "author": {"connect": {"id": user.id}}})
    updated, update_sent = _statements(
        api,
        caplog,
        lambda: api.post.update(where={"id": post.id}, data={"views": 4}, include={"author": True}),
    )
    assert updated is not None and updated.views == 4 and updated.author is not None
    assert updated.author.email == "b@example.com"
    if api.provider != "mysql":
        assert _verbs(update_sent) == ["UPDATE", "SELECT"] and "RETURNING" in update_sent[0], update_sent


def test_create_many_and_return_is_one_insert_and_one_read_per_relation(
    logged: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """createManyAndReturn and updateManyAndReturn take the records from RETURNING: no read-back
    of each record, the included relation read once for all of them."""
    api = logged
    if api.provider == "mysql":
        pytest.skip("no RETURNING: MySQL has no *_and_return actions (test_selection.py)")
    author = api.user.create(data={"email": "r@example.com"})
    # Two runs of rows giving different columns: two INSERTs, the records still in the given order.
    data = [{"title": f"r{i}", "authorId": author.id} for i in range(6)] + [{"title": "r6", "views": 9}]
    created, sent = _statements(
        api, caplog, lambda: api.post.create_many_and_return(data=data, include={"author": True})
    )
    assert [(p.title, p.views, p.author.email if p.author else None) for p in created] == [
        *((f"r{i}", 0, "r@example.com") for i in range(6)),
        ("r6", 9, None),
    ]
    assert _verbs(sent) == ["BEGIN", "INSERT", "INSERT", "SELECT", "COMMIT"], sent
    updated, update_sent = _statements(
        api,
        caplog,
        lambda: api.post.update_many_and_return(
            where={"title": {"startswith": "r"}},
            data={"views": {"increment": 1}},
            select={"title": True, "views": True},
        ),
    )
    assert sorted((p.title, p.views) for p in updated) == [*((f"r{i}", 1) for i in range(6)), ("r6", 10)]
    assert _verbs(update_sent) == ["BEGIN", "SELECT", "UPDATE", "COMMIT"] and "RETURNING" in update_sent[2]
    unchanged, _ = _statements(api, caplog, lambda: api.post.update_many_and_return(where={"title": "r6"}, data={}))
    assert [(p.title, p.views) for p in unchanged] == [("r6", 10)]


def test_create_many_rows_in_any_key_order_share_an_insert_and_one_clock(
    logged: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """Rows giving the same fields in another order go in one multi-row INSERT (each value is
    taken by its name), and the fields the engine fills with the time (`@updatedAt`) get one
    instant for all the rows, as Prisma reads the clock once per request."""
    api = logged
    data = [
        {"email": f"k{i:02}@example.com", "name": f"K{i}"}
        if i % 2
        else {"name": f"K{i}", "email": f"k{i:02}@example.com"}
        for i in range(40)
    ]
    count, sent = _statements(api, caplog, lambda: api.user.create_many(data=data))
    assert count == 40
    assert _verbs(sent).count("INSERT") == 1, sent
    users = api.user.find_many(where={"email": {"startswith": "k"}}, order={"email": "asc"})
    assert [(u.email, u.name) for u in users] == [(f"k{i:02}@example.com", f"K{i}") for i in range(40)]
    assert len({u.updatedAt for u in users}) == 1


def test_create_many_fills_each_row_its_own_default_and_splits_rows_of_other_fields(
    logged: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """The engine fills a column at a time when every row gives the same fields, a cuid still
    made per row; rows giving other fields go in an INSERT of their own, in the order given."""
    api = logged
    posts = [{"title": f"same{i}", "views": i} for i in range(30)]
    count, sent = _statements(api, caplog, lambda: api.post.create_many(data=posts))
    assert count == 30
    assert _verbs(sent).count("INSERT") == 1, sent
    made = api.post.find_many(where={"title": {"startswith": "same"}})
    assert sorted((p.title, p.views, p.published) for p in made) == sorted((f"same{i}", i, False) for i in range(30))
    assert len({p.id for p in made}) == 30

    mixed: list[dict[str, Any]] = [{"title": "mixed0"}, {"title": "mixed1"}, {"title": "mixed2", "views": 7}]
    mixed.append({"views": 8, "title": "mixed3"})  # the same fields as the row before, in another order
    count, sent = _statements(api, caplog, lambda: api.post.create_many(data=mixed))
    assert count == 4
    assert _verbs(sent).count("INSERT") == 2, sent
    made = api.post.find_many(where={"title": {"startswith": "mixed"}}, order={"title": "asc"})
    assert [(p.title, p.views) for p in made] == [("mixed0", 0), ("mixed1", 0), ("mixed2", 7), ("mixed3", 8)]


def test_update_many_of_a_key_reads_nothing_back(logged: Api, caplog: pytest.LogCaptureFixture) -> None:
    api = logged
    api.tag.create_many(data=[{"name": "k1"}, {"name": "k2"}])
    count, sent = _statements(
        api, caplog, lambda: api.tag.update_many(where={"name": {"startswith": "k"}}, data={"id": {"increment": 500}})
    )
    single = ["BEGIN", "SELECT", "UPDATE", "COMMIT"] if api.provider == "mysql" else ["UPDATE"]
    assert count == 2 and _verbs(sent) == single, sent
    assert all(t.id > 500 for t in api.tag.find_many(where={"name": {"startswith": "k"}}))


def test_update_and_delete_are_one_statement_with_returning(logged: Api, caplog: pytest.LogCaptureFixture) -> None:
    api = logged
    post = api.post.create(data={"title": "t", "views": 1})
    updated, sent = _statements(
        api, caplog, lambda: api.post.update(where={"id": post.id}, data={"views": {"increment": 2}, "title": "u"})
    )
    assert updated is not None and (updated.id, updated.title, updated.views) == (post.id, "u", 3)
    deleted, deleted_sent = _statements(api, caplog, lambda: api.post.delete(where={"id": post.id}))
    assert deleted is not None and (deleted.id, deleted.title, deleted.views) == (post.id, "u", 3)
    assert api.post.find_unique(where={"id": post.id}) is None
    if api.provider == "mysql":
        # No UPDATE ... RETURNING: the row changed then read back by the same where.
        assert _verbs(sent) == ["UPDATE", "SELECT"], sent
    else:
        assert _verbs(sent) == ["UPDATE"] and "RETURNING" in sent[0], sent
    if api.provider == "mysql" and not _mariadb(api):
        # No DELETE ... RETURNING: the row read, then deleted, by the same where.
        assert _verbs(deleted_sent) == ["SELECT", "DELETE"], deleted_sent
    else:
        assert _verbs(deleted_sent) == ["DELETE"] and "RETURNING" in deleted_sent[0], deleted_sent


def test_update_and_delete_by_another_unique_are_as_short(logged: Api, caplog: pytest.LogCaptureFixture) -> None:
    api = logged
    user = api.user.create(data={"email": "m@example.com"})
    updated, sent = _statements(
        api, caplog, lambda: api.user.update(where={"email": "m@example.com"}, data={"name": "M"})
    )
    assert updated is not None and (updated.id, updated.email, updated.name) == (user.id, "m@example.com", "M")
    assert updated.updatedAt >= user.updatedAt
    deleted, deleted_sent = _statements(api, caplog, lambda: api.user.delete(where={"email": "m@example.com"}))
    assert deleted == updated and api.user.find_unique(where={"id": user.id}) is None
    api.membership.create(data={"orgId": 1, "role": "a", "user": {"create": {"email": "n@example.com"}}})
    member, member_sent = _statements(
        api,
        caplog,
        lambda: api.membership.update(
            where={
                "orgId_userId": {
                    "orgId": 1,
                    "userId": api.user.find_unique_or_raise(where={"email": "n@example.com"}).id,
                }
            },
            data={"role": "b"},
        ),
    )
    assert member is not None and member.role == "b"
    if api.provider == "mysql":
        assert _verbs(sent) == ["UPDATE", "SELECT"], sent
        assert _verbs(deleted_sent) == (["DELETE"] if _mariadb(api) else ["SELECT", "DELETE"]), deleted_sent
        assert _verbs(member_sent)[-2:] == ["UPDATE", "SELECT"], member_sent
    else:
        assert _verbs(sent) == ["UPDATE"] and _verbs(deleted_sent) == ["DELETE"], (sent, deleted_sent)


def test_a_one_statement_write_made_once_runs_with_each_requests_values_and_time(api: Api) -> None:
    """A one-statement update or delete is made once per shape of its `where` and `data` and
    run with each request's values: the same shape again writes the new values, `@updatedAt`
    gets the time of each update, and a delete names the record its own request names."""
    users = [api.user.create(data={"email": f"s{i}@example.com", "name": "S"}) for i in range(3)]
    first = api.user.update(where={"id": users[0].id}, data={"name": "one", "role": "ADMIN"})
    time.sleep(0.01)
    second = api.user.update(where={"id": users[1].id}, data={"name": "two", "role": "USER"})
    assert first is not None and second is not None
    assert (first.email, first.name, first.role) == ("s0@example.com", "one", "ADMIN")
    assert (second.email, second.name, second.role) == ("s1@example.com", "two", "USER")
    assert second.updatedAt > first.updatedAt
    by_email = api.user.update(where={"email": "s2@example.com"}, data={"name": None})
    assert by_email is not None and by_email.name is None and by_email.id == users[2].id
    counted = [api.user.update_many(where={"name": name}, data={"role": "USER"}) for name in ("one", "zzz")]
    assert counted == [1, 0]
    assert api.user.delete(where={"id": users[0].id}).email == "s0@example.com"  # type: ignore[union-attr]
    assert api.user.delete(where={"id": users[1].id}).email == "s1@example.com"  # type: ignore[union-attr]
    assert [u.email for u in api.user.find_many(where={"email": {"startswith": "s"}})] == ["s2@example.com"]


def test_an_update_of_what_its_where_reads_is_still_right(logged: Api, caplog: pytest.LogCaptureFixture) -> None:
    # The new email is not what the where names: the record is found by its key first.
    api = logged
    user = api.user.create(data={"email": "o@example.com"})
    updated, sent = _statements(
        api, caplog, lambda: api.user.update(where={"email": "o@example.com"}, data={"email": "p@example.com"})
    )
    assert updated is not None and (updated.id, updated.email) == (user.id, "p@example.com")
    assert api.user.find_unique(where={"email": "o@example.com"}) is None
    if api.provider == "mysql":
        assert _verbs(sent) == ["BEGIN", "SELECT", "UPDATE", "SELECT", "COMMIT"], sent
    # A where with a filter besides its unique criterion, on a field the data changes.
    post = api.post.create(data={"title": "q", "views": 1})
    bumped = api.post.update(where={"id": post.id, "views": {"gte": 1}}, data={"views": {"increment": 1}})
    assert bumped is not None and bumped.views == 2
    assert api.post.update(where={"id": post.id, "views": {"lt": 2}}, data={"views": 0}) is None
    assert api.post.delete(where={"id": post.id, "views": {"lt": 2}}) is None
    assert api.post.find_unique_or_raise(where={"id": post.id}).views == 2


def test_one_statement_writes_report_missing_records_and_conflicts(api: Api) -> None:
    # PCP's update and delete return None for a missing record (the engine's P2025).
    assert api.post.update(where={"id": "missing"}, data={"title": "x"}) is None
    assert api.post.delete(where={"id": "missing"}) is None
    api.user.create(data={"email": "c@example.com"})
    with pytest.raises(UniqueViolationError):
        api.user.create(data={"email": "c@example.com"})
    other = api.user.create(data={"email": "d@example.com"})
    with pytest.raises(UniqueViolationError):
        api.user.update(where={"id": other.id}, data={"email": "c@example.com"})
    assert [u.email for u in api.user.find_many(order={"email": "asc"})] == ["c@example.com", "d@example.com"]


def test_nested_create_of_many_children_is_one_insert(logged: Api, caplog: pytest.LogCaptureFixture) -> None:
    api = logged
    titles = [f"p{i}" for i in range(10)]
    posts = [{"title": t, "views": i} for i, t in enumerate(titles)]
    user, sent = _statements(
        api,
        caplog,
        lambda: api.user.create(
            data={"email": "e@example.com", "posts": {"create": posts}},
            include={"posts": True},
        ),
    )
    assert sorted((p.title, p.views, p.authorId) for p in user.posts) == [(t, i, user.id) for i, t in enumerate(titles)]
    inserts = [s for s in sent if s.upper().startswith("INSERT")]
    assert len(inserts) == 2, sent  # the user, then its ten posts in one statement
    assert _verbs(sent)[0] == "BEGIN" and _verbs(sent)[-1] == "COMMIT", sent


def test_nested_update_many_and_delete_many_are_one_statement_each(
    logged: Api, caplog: pytest.LogCaptureFixture
) -> None:
    api = logged
    posts = [{"title": f"n{i}", "views": i} for i in range(6)]
    user = api.user.create(data={"email": "n@example.com", "posts": {"create": posts}})
    updated, sent = _statements(
        api,
        caplog,
        lambda: api.user.update(
            where={"id": user.id},
            data={
                "posts": {
                    "update_many": [{"where": {"views": {"lt": 3}}, "data": {"published": True}}],
                    "delete_many": [{"views": {"gte": 4}}],
                }
            },
            include={"posts": True},
        ),
    )
    assert updated is not None
    assert sorted((p.title, p.published) for p in updated.posts) == [
        ("n0", True),
        ("n1", True),
        ("n2", True),
        ("n3", False),
    ]
    assert _verbs(sent).count("UPDATE") == 1 and _verbs(sent).count("DELETE") == 1, sent
    kept, delete_sent = _statements(
        api,
        caplog,
        lambda: api.user.update(
            where={"id": user.id},
            data={"posts": {"delete": [{"id": p.id} for p in updated.posts[:3]]}},
            include={"posts": True},
        ),
    )
    assert kept is not None and [p.id for p in kept.posts] == [updated.posts[3].id]
    assert _verbs(delete_sent).count("DELETE") == 1, delete_sent
    # A record not among the user's posts: nothing deleted (PCP's update answers None for P2025).
    other = api.post.create(data={"title": "other"})
    missing = {"posts": {"delete": [{"id": updated.posts[3].id}, {"id": other.id}]}}
    assert api.user.update(where={"id": user.id}, data=missing) is None
    assert api.post.count(where={"authorId": user.id}) == 1 and api.post.find_unique(where={"id": other.id})


def test_connecting_and_disconnecting_many_is_one_statement_each(logged: Api, caplog: pytest.LogCaptureFixture) -> None:
    api = logged
    api.tag.create_many(data=[{"name": f"c{i}"} for i in range(5)])
    tags = api.tag.find_many(where={"name": {"startswith": "c"}}, order={"name": "asc"})
    user = api.user.create(data={"email": "c@example.com"})
    posts = [api.post.create(data={"title": f"c{i}"}) for i in range(4)]

    def update(delegate: Any, record_id: Any, data: dict[str, Any], relation: str) -> tuple[Any, list[str]]:
        return _statements(
            api, caplog, lambda: delegate.update(where={"id": record_id}, data=data, include={relation: True})
        )

    post, m2n = update(api.post, posts[0].id, {"tags": {"connect": [{"id": t.id} for t in tags]}}, "tags")
    assert post is not None and sorted(t.name for t in post.tags) == [f"c{i}" for i in range(5)]
    assert _verbs(m2n).count("INSERT") == 1, m2n
    owner, fk = update(api.user, user.id, {"posts": {"connect": [{"id": p.id} for p in posts]}}, "posts")
    assert owner is not None and sorted(p.title for p in owner.posts) == [f"c{i}" for i in range(4)]
    assert _verbs(fk).count("UPDATE") == 1, fk
    kept, set_sent = update(api.post, posts[0].id, {"tags": {"set": [{"id": tags[0].id}, {"id": tags[1].id}]}}, "tags")
    assert kept is not None and sorted(t.name for t in kept.tags) == ["c0", "c1"]
    assert _verbs(set_sent).count("DELETE") == 1 and _verbs(set_sent).count("INSERT") == 1, set_sent
    # The same record named twice, by two unique criteria: connected once, as one by one would.
    again = api.post.update(
        where={"id": posts[1].id},
        data={"tags": {"connect": [{"id": tags[2].id}, {"name": "c2"}]}},
        include={"tags": True},
    )
    assert again is not None and [t.name for t in again.tags] == ["c2"]
    # A missing record fails the whole update (PCP's update answers None for Prisma's P2025).
    missing = {"tags": {"connect": [{"id": tags[3].id}, {"id": -1}]}}
    assert api.post.update(where={"id": posts[1].id}, data=missing) is None
    unchanged = api.post.find_unique_or_raise(where={"id": posts[1].id}, include={"tags": True})
    assert [t.name for t in unchanged.tags or []] == ["c2"]  # the failed connect wrote nothing


def test_connect_or_create_of_records_that_all_exist_is_one_look_up_and_one_link(
    logged: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """When every `where` of a connectOrCreate names a record that is there, they are found by one
    SELECT and linked by one statement; when some are missing, each item is looked up on its
    own, so a record an earlier item creates is connected by a later one naming it."""
    api = logged
    api.tag.create_many(data=[{"name": f"o{i}"} for i in range(4)])
    post = api.post.create(data={"title": "o"})
    items = [{"where": {"name": f"o{i}"}, "create": {"name": f"o{i}"}} for i in range(4)]
    updated, sent = _statements(
        api,
        caplog,
        lambda: api.post.update(
            where={"id": post.id}, data={"tags": {"connect_or_create": items}}, include={"tags": True}
        ),
    )
    assert updated is not None and sorted(t.name for t in updated.tags) == [f"o{i}" for i in range(4)]
    # The post's key, the tags' look-up, the post read back and its tags; one INSERT of the links.
    assert _verbs(sent).count("INSERT") == 1 and _verbs(sent).count("SELECT") == 4, sent
    new = [{"where": {"name": "o0"}, "create": {"name": "o0"}}, {"where": {"name": "p1"}, "create": {"name": "p1"}}]
    again = [*new, {"where": {"name": "p1"}, "create": {"name": "p1"}}]
    user = api.user.create(
        data={"email": "o@example.com", "posts": {"create": {"title": "p", "tags": {"connect_or_create": again}}}},
        include={"posts": {"include": {"tags": True}}},
    )
    assert sorted(t.name for t in user.posts[0].tags) == ["o0", "p1"]
    assert api.tag.count(where={"name": "p1"}) == 1


def test_an_upsert_by_one_unique_field_is_one_statement(logged: Api, caplog: pytest.LogCaptureFixture) -> None:
    """Prisma's "database upsert" where the database has one (PostgreSQL, SQLite): the `where`
    names one unique field, `create` gives it the same value, no nested writes."""
    api = logged
    native = api.provider != "mysql"

    def upsert(update: dict[str, Any]) -> Any:
        return api.user.upsert(
            where={"email": "u@example.com"},
            data={"create": {"email": "u@example.com", "name": "made"}, "update": update},
        )

    created, create_sent = _statements(api, caplog, lambda: upsert({"name": "changed"}))
    assert (created.email, created.name, created.role) == ("u@example.com", "made", "USER")
    updated, update_sent = _statements(api, caplog, lambda: upsert({"name": "changed"}))
    assert (updated.id, updated.name) == (created.id, "changed") and updated.updatedAt >= created.updatedAt
    same, same_sent = _statements(api, caplog, lambda: upsert({}))
    assert same == updated  # an empty update changes nothing, @updatedAt included
    if native:
        for sent in (create_sent, update_sent, same_sent):
            assert _verbs(sent) == ["INSERT"] and "ON CONFLICT" in sent[0], sent
    post = api.post.create(data={"title": "v", "views": 1})
    bumped, bump_sent = _statements(
        api,
        caplog,
        lambda: api.post.upsert(
            where={"id": post.id},
            data={"create": {"id": post.id, "title": "v"}, "update": {"views": {"increment": 2}}},
        ),
    )
    assert bumped.views == 3 and (_verbs(bump_sent) == ["INSERT"] or not native), bump_sent
    # `create` without the `where`'s value: the look-up, then the create.
    other, other_sent = _statements(
        api,
        caplog,
        lambda: api.user.upsert(
            where={"email": "w@example.com"}, data={"create": {"email": "x@example.com"}, "update": {}}
        ),
    )
    assert other.email == "x@example.com" and "ON CONFLICT" not in " ".join(other_sent), other_sent


def test_concurrent_upserts_of_one_new_record_all_succeed(api: Api) -> None:
    """A look-up then an INSERT lets two upserts both insert, one failing on the unique index;
    one `INSERT ... ON CONFLICT DO UPDATE` does not (PostgreSQL: several pooled connections)."""
    if api.provider != "postgresql" or api.interface != "async":
        pytest.skip("PostgreSQL's pool runs the upserts at once; the async client sends them together")
    import asyncio

    async def upserts() -> list[Any]:
        one = {
            "where": {"email": "race@example.com"},
            "data": {"create": {"email": "race@example.com", "name": "0"}, "update": {"name": "again"}},
        }
        return list(await asyncio.gather(*(api.client.user.upsert(**one) for _ in range(8))))

    results = api.run(upserts)
    assert len({user.id for user in results}) == 1
    assert sorted(user.name for user in results).count("0") == 1
    assert api.user.count(where={"email": "race@example.com"}) == 1


def test_delete_many_by_scalar_fields_is_one_delete(logged: Api, caplog: pytest.LogCaptureFixture) -> None:
    api = logged
    author = api.user.create(data={"email": "dm@example.com"})
    api.post.create_many(data=[{"title": f"dm{i}", "views": i, "authorId": author.id} for i in range(6)])
    where = {"OR": [{"views": {"lt": 2}}, {"title": "dm5"}], "NOT": {"title": "dm0"}}
    count, sent = _statements(api, caplog, lambda: api.post.delete_many(where=where))
    assert count == 2 and _verbs(sent) == ["DELETE"], sent  # dm1 and dm5
    # A relation filter: the records are found first, then deleted by key, in a transaction.
    count, sent = _statements(
        api, caplog, lambda: api.post.delete_many(where={"author": {"is": {"email": "dm@example.com"}}, "views": 2})
    )
    assert count == 1 and _verbs(sent) == ["BEGIN", "SELECT", "DELETE", "COMMIT"], sent
    assert sorted(p.title for p in api.post.find_many(where={"authorId": author.id})) == ["dm0", "dm3", "dm4"]
    assert api.post.delete_many(where={"title": {"in": ["nothing"]}}) == 0


def test_update_many_by_scalar_fields_is_one_update_counting_matched_rows(
    logged: Api, caplog: pytest.LogCaptureFixture
) -> None:
    api = logged
    api.post.create_many(data=[{"title": f"um{i}", "views": i % 2} for i in range(5)])
    where = {"title": {"startswith": "um"}, "NOT": {"title": "um4"}}
    count, sent = _statements(api, caplog, lambda: api.post.update_many(where=where, data={"views": 1}))
    # Two of the four already held 1: every matched row counts, changed or not (as Prisma counts).
    assert count == 4, sent
    if api.provider == "mysql":  # MySQL's UPDATE counts the rows it changed: found by key first
        assert _verbs(sent) == ["BEGIN", "SELECT", "UPDATE", "COMMIT"], sent
    else:
        assert _verbs(sent) == ["UPDATE"], sent
    assert sorted(p.views for p in api.post.find_many(where={"title": {"startswith": "um"}})) == [0, 1, 1, 1, 1]
    assert api.post.update_many(where={"title": "nothing"}, data={"views": 3}) == 0


def test_a_write_in_a_transaction_takes_no_savepoint(logged: Api, caplog: pytest.LogCaptureFixture) -> None:
    api = logged

    async def create_in_transaction() -> Any:
        async with api.client.tx() as tx:
            return await tx.tag.create(data={"name": "in-tx"})

    if api.interface == "async":
        tag, sent = _statements(api, caplog, lambda: api.run(create_in_transaction))
    else:

        def sync_create() -> Any:
            with api.client.tx() as tx:
                return tx.tag.create(data={"name": "in-tx"})

        tag, sent = _statements(api, caplog, sync_create)
    assert tag.name == "in-tx" and api.tag.find_unique(where={"name": "in-tx"}) == tag
    assert not [s for s in sent if "SAVEPOINT" in s.upper()], sent
    assert _verbs(sent).count("INSERT") == 1, sent


@pytest.mark.parametrize(
    ("version", "statements"),
    [
        ("10.11.6-MariaDB-0+deb12u1", {"INSERT", "DELETE"}),
        ("10.5.0-MariaDB", {"INSERT", "DELETE"}),
        ("10.4.34-MariaDB", set()),  # DELETE ... RETURNING but no INSERT ... RETURNING yet
        ("8.0.36", set()),
        ("8.4.0-commercial", set()),
        (None, set()),
    ],
)
def test_the_mysql_connector_says_what_returning_a_server_has(version: str | None, statements: set[str]) -> None:
    assert MySqlConnector().returning_statements(version) == statements
