"""The exceptions code written for Prisma Client Python catches: its classes, texts and `meta`."""

from __future__ import annotations

import pytest

from prisma_dynamic import errors
from tests.client.conftest import Api


def test_unknown_fields_are_field_not_found_errors_that_name_the_path(pcp: Api) -> None:
    with pytest.raises(errors.FieldNotFoundError, match=r"data\.colour") as caught:
        pcp.book.create(data={"title": "t", "colour": "red"})
    assert isinstance(caught.value, errors.QueryValidationError) and caught.value.code == "P2009"


def test_missing_and_null_required_values_are_missing_required_value_errors(pcp: Api) -> None:
    with pytest.raises(errors.MissingRequiredValueError, match=r"data\.title"):
        pcp.book.create(data={})
    with pytest.raises(errors.MissingRequiredValueError, match=r"data\.title"):
        pcp.book.create(data={"title": None})
    with pytest.raises(errors.MissingRequiredValueError, match=r"data\.author"):
        pcp.book.create(data={"title": "t", "author": None})
    assert pcp.book.count() == 0


def test_any_invalid_query_is_a_data_error(pcp: Api) -> None:
    with pytest.raises(errors.DataError, match="Expected exactly one field to be present, got 2"):
        pcp.book.update_many(where={}, data={"size": {"increment": 1, "multiply": 2}})
    with pytest.raises(errors.DataError):
        pcp.book.find_unique(where={"title": "not unique"})


def test_include_of_a_non_relation_is_an_unknown_relational_field_error(pcp: Api) -> None:
    with pytest.raises(errors.UnknownRelationalFieldError, match=r"include\.title") as caught:
        pcp.book.find_many(include={"title": True})
    assert caught.value.model == "Book" and caught.value.field == "title"


def test_group_by_refuses_what_the_groups_do_not_hold(pcp: Api) -> None:
    with pytest.raises(errors.InputError, match=r"by-arguments of the query\. Missing fields: title"):
        pcp.book.group_by(["done"], order={"title": "asc"})
    with pytest.raises(errors.InputError, match=r"aggregation filter .* Missing fields: size"):
        pcp.book.group_by(["done"], having={"size": {"gt": 1}})
    assert pcp.book.group_by(["done"], having={"size": {"_sum": {"gt": 1}}}) == []
    with pytest.raises(TypeError, match="'order' which is required when 'skip' is present"):
        pcp.book.group_by(["done"], skip=1)


def test_database_errors_carry_prismas_texts_and_meta(pcp: Api) -> None:
    pcp.author.create(data={"email": "a@x"})
    with pytest.raises(errors.UniqueViolationError) as unique:
        pcp.author.create(data={"email": "a@x"})
    assert unique.value.meta["target"] in (["email"], "Author_email_key")
    with pytest.raises(errors.ForeignKeyViolationError, match="Foreign key constraint failed on the field") as fk:
        pcp.book.create(data={"title": "t", "authorId": 424242})
    assert fk.value.meta["field_name"]
    with pytest.raises(errors.RecordNotFoundError, match="required but not found") as missing:
        pcp.book.find_first_or_raise(where={"title": "nothing"})
    assert missing.value.meta["cause"] == "Expected a record, found none."
    with pytest.raises(errors.RecordNotFoundError, match="required but not found") as nested:
        pcp.book.create(data={"title": "t", "author": {"connect": {"id": 424242}}})
    assert nested.value.meta["cause"]


def test_classes_that_declare_what_the_model_lacks_are_refused(pcp: Api) -> None:
    class Nicknamed(pcp.client.models.Author):  # type: ignore[name-defined,misc]
        nickname: str

    with pytest.raises(errors.FieldNotFoundError, match=r"Field 'nickname' not found in enclosing type 'Author'"):
        pcp.run(Nicknamed.prisma(pcp.client).find_first)
    name = f"BookTitle{pcp.provider}{pcp.transport}{pcp.interface}"
    titles = pcp.client.models.Book.create_partial(name, include={"id", "title"})
    pcp.book.create(data={"title": "t"})
    assert pcp.run(titles.prisma(pcp.client).find_first).title == "t"
    with pytest.raises(errors.UnknownRelationalFieldError, match=f'"author" .* on the {name} model'):
        pcp.run(titles.prisma(pcp.client).find_first, include={"author": True})


def test_a_transaction_inside_a_transaction_warns_in_pcps_words(pcp: Api) -> None:
    manager = pcp.client.tx()
    inner = pcp.run(manager.start)
    try:
        nested = inner.tx(max_wait=200)
        with pytest.warns(
            UserWarning, match=r"already in a transaction\. This can lead to surprising behaviour\."
        ) as warned:
            try:
                nested.start() if pcp.interface == "sync" else pcp.run(nested.start)
            except errors.TransactionError:  # SQLite's one connection is the outer transaction's
                nested = None
        if pcp.interface == "sync":
            assert warned[0].filename == __file__  # it points at the caller
        if nested is not None:
            pcp.run(nested.rollback)
    finally:
        pcp.run(manager.rollback)
