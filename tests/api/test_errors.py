"""Our errors are mapped to API error codes once (`api_error`), by their code, never their text."""

from __future__ import annotations

import asyncio

import pytest

from api.gql.context import run
from api.gql.errors import ApiError, api_error
from graph.errors import CreditGraphError, ErrorCode, GraphUnavailable, QueryFailed, QueryTimeout
from graph.review.errors import ExtractionNotFound
from ingest.errors import UnreadableFile


class _Refused(CreditGraphError):
    code = ErrorCode.CONFLICT


def test_each_error_becomes_its_code_with_its_fields() -> None:
    error = api_error(UnreadableFile("a.csv", "empty file"))
    assert error is not None and error.message == "a.csv: empty file"
    assert error.extensions == {"code": "BAD_USER_INPUT", "file": "a.csv", "reason": "empty file"}
    refused = api_error(_Refused("taken", record="c:1", api_key="k-1", contact="a@b.cn", at=["x"]))
    assert refused is not None and refused.extensions == {"code": "CONFLICT", "record": "c:1"}


def test_driver_detail_stays_in_the_logs() -> None:
    down = api_error(GraphUnavailable("graph database unavailable: Couldn't connect to 127.0.0.1:7687"))
    assert down is not None and down.extensions == {"code": "UNAVAILABLE"}
    assert down.message == "图数据库暂不可用，请稍后重试"
    slow = api_error(QueryTimeout("MATCH (a:Subject {id: $from}) …", "Transaction terminated"))
    assert slow is not None and slow.extensions == {"code": "TIMEOUT"}
    assert slow.message.startswith("查询耗时过长")
    assert api_error(QueryFailed("MATCH …", "syntax error")) is None  # internal: masked and logged


def _raise(error: Exception) -> None:
    raise error


def test_run_maps_every_error_once_and_passes_review_refusals_to_the_resolver() -> None:
    with pytest.raises(ApiError) as err:
        asyncio.run(run(_raise, QueryTimeout("MATCH …", "no words about time here")))
    assert err.value.extensions == {"code": "TIMEOUT"}
    with pytest.raises(QueryFailed):  # internal: left to the schema's masking
        asyncio.run(run(_raise, QueryFailed("MATCH …", "syntax")))
    with pytest.raises(ApiError) as refused:  # a refused step of any workflow: its own code, once
        asyncio.run(run(_raise, _Refused("taken", record="c:1")))
    assert refused.value.extensions == {"code": "CONFLICT", "record": "c:1"}
    with pytest.raises(ExtractionNotFound):  # the review resolvers answer it as a typed result
        asyncio.run(run(_raise, ExtractionNotFound("x:1")))
