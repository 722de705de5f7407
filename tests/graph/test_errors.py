"""One error root: every error we raise carries a code and its locating fields; the store tells a
timeout by the server's status code, never by the message."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j.exceptions import Neo4jError

from graph.cypher import Statement
from graph.errors import (
    CreditGraphError,
    EngineError,
    ErrorCode,
    GraphUnavailable,
    QueryFailed,
    QueryTimeout,
    SchemaMissing,
)
from graph.store import GraphStore, stopped_by_server
from ingest.errors import Problem, RowRejected, UnreadableFile
from nlp.readers import UnsupportedFile, read_text


def test_every_error_derives_from_the_root_with_its_code(tmp_path: Path) -> None:
    cases: list[tuple[CreditGraphError, ErrorCode]] = [
        (GraphUnavailable("down"), ErrorCode.UNAVAILABLE),
        (EngineError("did not start", "log"), ErrorCode.UNAVAILABLE),
        (QueryTimeout("MATCH …", "stopped"), ErrorCode.TIMEOUT),
        (QueryFailed("MATCH …", "syntax"), ErrorCode.INTERNAL),
        (SchemaMissing(["entity_id"]), ErrorCode.INTERNAL),
        (UnreadableFile("a.csv", "empty file"), ErrorCode.BAD_USER_INPUT),
        (RowRejected([Problem("uscc", "bad check digit")]), ErrorCode.BAD_USER_INPUT),
    ]
    for error, code in cases:
        assert isinstance(error, CreditGraphError) and error.code is code
    assert isinstance(QueryTimeout("s", "r"), QueryFailed)
    assert UnreadableFile("a.csv", "empty file").fields == {"file": "a.csv", "reason": "empty file"}
    assert RowRejected([Problem("uscc", "bad"), Problem("name", "empty")]).fields == {"field": "uscc, name"}
    (tmp_path / "x.odt").write_bytes(b"")
    with pytest.raises(UnsupportedFile) as err:
        read_text(tmp_path / "x.odt")
    assert err.value.code is ErrorCode.BAD_USER_INPUT


@pytest.mark.parametrize(
    ("code", "stopped"),
    [
        ("Neo.ClientError.Transaction.TransactionTimedOut", True),
        ("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", True),
        ("Neo.ClientError.Transaction.Terminated", True),
        ("Neo.TransientError.Transaction.LockClientStopped", True),
        ("Neo.ClientError.Statement.SyntaxError", False),
        ("Neo.ClientError.Schema.ConstraintValidationFailed", False),
        (None, False),
    ],
)
def test_a_timeout_is_told_by_status_code(code: str | None, stopped: bool) -> None:
    assert stopped_by_server(code) is stopped


def test_the_store_raises_query_timeout_for_a_stopped_transaction() -> None:
    """The embedded engine does not enforce the Bolt transaction timeout (a 6 s statement with a
    0.5 s timeout ran to its end), so the server's error is built as the driver builds it."""
    store = GraphStore.__new__(GraphStore)
    stmt = Statement("MATCH (n) RETURN n", {}, "test")
    # A message that never says "timeout": the code alone decides.
    stopped = Neo4jError._hydrate_neo4j(code="Neo.ClientError.Transaction.Terminated", message="bye")
    with pytest.raises(QueryTimeout) as err, store._errors(stmt):
        raise stopped
    assert err.value.statement == "MATCH (n) RETURN n" and err.value.reason == "bye"
    other = Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError", message="timeout in text")
    with pytest.raises(QueryFailed) as failed, store._errors(stmt):
        raise other
    assert type(failed.value) is QueryFailed
