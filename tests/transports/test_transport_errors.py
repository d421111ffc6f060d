"""error_from_response: the engine's error bodies become the right exception classes."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from prisma_dynamic import errors
from prisma_dynamic.engine.core import EngineUserError
from prisma_dynamic.fields import Base64, Json


def body(code: str, message: str = "boom", meta: dict[str, Any] | None = None, error: str | None = None) -> Any:
    return {"errors": [EngineUserError(code, message, meta).to_json() | ({"error": error} if error else {})]}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("P2002", errors.UniqueViolationError),
        ("P2003", errors.ForeignKeyViolationError),
        ("P2009", errors.FieldNotFoundError),
        ("P2010", errors.RawQueryError),
        ("P2012", errors.MissingRequiredValueError),
        ("P2019", errors.InputError),
        ("P2021", errors.TableNotFoundError),
        ("P2025", errors.RecordNotFoundError),
        ("P2000", errors.DataError),
        ("P9999", errors.DataError),
    ],
)
def test_code_table(code: str, expected: type[errors.PrismaError]) -> None:
    error = errors.error_from_response(body(code, meta={"target": ["email"]}))
    assert type(error) is expected
    assert isinstance(error, errors.DataError)
    assert error.code == code
    assert error.meta == {"target": ["email"]}
    assert error.data["user_facing_error"]["error_code"] == code
    assert str(error) == "boom"


def test_transaction_errors_come_first() -> None:
    expired = errors.error_from_response(body("P2028", error="Transaction already closed: expired"))
    assert type(expired) is errors.TransactionExpiredError
    prefixed = errors.error_from_response(
        body("P2028", error="Transaction API error: Transaction already closed: gone")
    )
    assert type(prefixed) is errors.TransactionExpiredError
    other = errors.error_from_response(body("P2028", error="Transaction API error: could not start"))
    assert type(other) is errors.TransactionError
    assert "could not start" in str(other)
    assert issubclass(errors.TransactionNotStartedError, errors.TransactionError)


def test_value_required_message_beats_code() -> None:
    error = errors.error_from_response(body("P2019", "Argument data: A value is required but not set"))
    assert type(error) is errors.MissingRequiredValueError


@pytest.mark.parametrize("kind", ["UnknownArgument", "UnknownInputField", "UnknownSelectionField"])
def test_meta_kind_beats_code(kind: str) -> None:
    error = errors.error_from_response(body("P2019", meta={"kind": kind}))
    assert type(error) is errors.FieldNotFoundError


def test_special_attributes() -> None:
    raw = errors.error_from_response(body("P2010", "Raw query failed", {"code": "1", "message": "near SELEC"}))
    assert isinstance(raw, errors.RawQueryError)
    assert str(raw) == "near SELEC"
    table = errors.error_from_response(body("P2021", meta={"table": "main.User"}))
    assert isinstance(table, errors.TableNotFoundError)
    assert table.table == "main.User"


def test_first_entry_with_a_code_decides() -> None:
    payload = {"errors": [{"error": "no code"}, *body("P2002")["errors"], *body("P2025")["errors"]]}
    assert type(errors.error_from_response(payload)) is errors.UniqueViolationError


@pytest.mark.parametrize(
    "payload",
    [None, "text", {"errors": []}, {"errors": [{"error": "internal"}]}, {"data": 1}, {"errors": "x"}],
)
def test_unparseable_bodies(payload: Any) -> None:
    error = errors.error_from_response(payload, status_code=500)
    assert type(error) is errors.EngineRequestError
    assert error.status_code == 500
    assert isinstance(error, errors.EngineError)


def test_engine_request_error_message_and_422() -> None:
    error = errors.error_from_response(
        {"errors": [{"error": "RuntimeError: boom", "type": "RuntimeError"}]}, status_code=500
    )
    assert str(error) == "500: RuntimeError: boom"
    assert "RuntimeError" in error.body
    unprocessable = errors.error_from_response({"errors": [{"error": "not JSON"}]}, status_code=422)
    assert type(unprocessable) is errors.UnprocessableEntityError


def test_hierarchy() -> None:
    for cls in (
        errors.ClientNotRegisteredError,
        errors.ClientAlreadyRegisteredError,
        errors.ClientNotConnectedError,
        errors.HTTPClientClosedError,
        errors.SchemaError,
        errors.QueryValidationError,
        errors.DataError,
        errors.TransactionError,
        errors.BuilderError,
        errors.GeneratorError,
        errors.EngineError,
    ):
        assert issubclass(cls, errors.PrismaError)
    for cls in (
        errors.BinaryNotFoundError,
        errors.AlreadyConnectedError,
        errors.NotConnectedError,
        errors.MismatchedVersionsError,
        errors.EngineConnectionError,
        errors.EngineRequestError,
    ):
        assert issubclass(cls, errors.EngineError)
    assert issubclass(errors.UnprocessableEntityError, errors.EngineRequestError)
    assert issubclass(errors.UnsupportedSubclassWarning, errors.PrismaWarning)
    for cls in (errors.InvalidModelError, errors.UnknownModelError, errors.UnknownRelationalFieldError):
        assert issubclass(cls, errors.BuilderError)
    assert errors.UnsupportedDatabaseError("sqlite", "create_many").database == "sqlite"
    from prisma_dynamic.schema.ast import Span
    from prisma_dynamic.schema.diagnostics import Diagnostic

    problem = Diagnostic("error", "bad", Span("s.prisma", 1, 1, 1, 2, 0, 1))
    schema_error = errors.SchemaError([problem], {"s.prisma": "x\n"})
    assert schema_error.diagnostics == (problem,) and "s.prisma:1:1" in str(schema_error)
    validation = errors.QueryValidationError("unknown field", path="where.author.is.emial")
    assert validation.path == "where.author.is.emial"
    assert "where.author.is.emial" in str(validation)
    mismatch = errors.MismatchedVersionsError(expected="1", got="2")
    assert (mismatch.expected, mismatch.got) == ("1", "2")


class _Row(BaseModel):
    data: Base64
    doc: Json


def test_base64() -> None:
    value = Base64.encode(b"hello")
    assert str(value) == "aGVsbG8="
    assert value.decode() == b"hello"
    assert value.decode_str() == "hello"
    assert value == Base64.fromb64("aGVsbG8=") == Base64.fromb64(b"aGVsbG8=")
    assert value != Base64.encode(b"other")
    assert {value, Base64.fromb64("aGVsbG8=")} == {value}
    for given in ("aGVsbG8=", b"aGVsbG8=", value):
        assert _Row(data=given, doc=1).data == value
    with pytest.raises(ValueError, match="base64"):
        _Row(data="not base64!", doc=1)
    with pytest.raises(ValueError):
        _Row(data=123, doc=1)
    row = _Row(data=value, doc={"a": 1})
    assert row.model_dump_json() == '{"data":"aGVsbG8=","doc":{"a":1}}'
    assert row.model_dump()["data"] == value
    assert _Row.model_json_schema()["properties"]["data"] == {"type": "string", "format": "byte", "title": "Data"}


def test_json() -> None:
    assert Json.keys(a=1) == Json({"a": 1})
    assert Json([1]).data == [1]
    assert repr(Json(None)) == "Json(None)"
    assert _Row(data="", doc=Json({"a": [1, 2]})).doc == {"a": [1, 2]}
    assert _Row(data="", doc="text").doc == "text"
