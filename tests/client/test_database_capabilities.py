"""Actions a database may not offer: they work where its connector offers them and are refused
before anything is sent (naming the database and the action) where it does not."""

from __future__ import annotations

import pytest

from prisma_dynamic import errors
from prisma_dynamic.schema.connectors import connector_of
from tests.client.conftest import Api


def test_create_many_and_return_only_with_returning(api: Api) -> None:
    if connector_of(api.provider).supports_returning:
        created = api.tag.create_many_and_return(data=[{"name": "x"}, {"name": "y"}])
        assert sorted(t.name for t in created) == ["x", "y"]
        updated = api.tag.update_many_and_return(where={"name": "x"}, data={"name": "z"})
        assert [t.name for t in updated] == ["z"]
        return
    with pytest.raises(errors.UnsupportedDatabaseError) as caught:
        api.tag.create_many_and_return(data=[{"name": "x"}])
    assert (caught.value.database, caught.value.context) == (api.provider, "create_many_and_return")
    with pytest.raises(errors.UnsupportedDatabaseError) as caught:
        api.tag.update_many_and_return(where={"name": "x"}, data={"name": "z"})
    assert (caught.value.database, caught.value.context) == (api.provider, "update_many_and_return")
    assert api.tag.count() == 0


def test_create_many_skip_duplicates_only_where_offered(api: Api) -> None:
    api.tag.create(data={"name": "taken"})
    rows = [{"name": "taken"}, {"name": "new"}]
    if connector_of(api.provider).supports_skip_duplicates:
        assert api.tag.create_many(data=rows, skip_duplicates=True) == 1
        assert sorted(t.name for t in api.tag.find_many()) == ["new", "taken"]
        return
    with pytest.raises(errors.UnsupportedDatabaseError) as caught:
        api.tag.create_many(data=rows, skip_duplicates=True)
    assert (caught.value.database, caught.value.context) == (api.provider, "create_many_skip_duplicates")
    batch = api.client.batch_()
    with pytest.raises(errors.UnsupportedDatabaseError):
        batch.tag.create_many(data=rows, skip_duplicates=True)
    assert [t.name for t in api.tag.find_many()] == ["taken"]
