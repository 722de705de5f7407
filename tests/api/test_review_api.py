"""The review workflow over real HTTP: roles, submit → approve / correct / reject, typed errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.app import key_id
from api.roles import Role
from api.settings import Settings
from graph.settings import GraphSettings
from graph.store import GraphStore
from tests.api.conftest import KEYS, TOKENS, Api, serve
from tests.conftest import DATA

SUBMIT = """mutation($text: String!, $name: String!) { submitDecision(text: $text, sourceName: $name) {
  __typename ... on Submitted { created extraction { id status decisionNo authority priority } }
  ... on ReviewError { code message } } }"""
QUEUE = "{ reviewQueue(first: 10) { totalCount edges { node { id status sourceName priority conflicts } } } }"
SHOW = """query($id: ID!) { extraction(id: $id) { id status text caseId values
  actions { action by reason changes { field old new } } } }"""
APPROVE = """mutation($id: ID!, $reason: String) { approveExtraction(id: $id, reason: $reason) {
  __typename ... on Published { caseId extraction { status } } ... on ReviewError { code message } } }"""
CORRECT = """mutation($id: ID!, $changes: [FieldChangeInput!]!) {
  correctExtraction(id: $id, changes: $changes) {
  __typename ... on Published { caseId extraction { status } } ... on ReviewError { code message } } }"""
REJECT = """mutation($id: ID!, $reason: String!) { rejectExtraction(id: $id, reason: $reason) {
  __typename ... on Rejected { extraction { status } } ... on ReviewError { code message } } }"""
CASE = """query($a: String!, $n: String!) { case(authority: $a, decisionNo: $n) {
  decisionNo totalFineYuan sanctions { type } } }"""


@pytest.fixture(scope="module")
def review_api(graph_settings: GraphSettings, session_store: GraphStore) -> Iterator[Api]:
    """An empty graph behind a served API: the tests here fill it through the API itself."""
    session_store.delete_all()
    settings = Settings(graph=graph_settings, api_keys=dict(KEYS))
    for url in serve(settings):
        yield Api(url, settings)


def text(name: str) -> str:
    return (DATA / "decisions" / name).read_text(encoding="utf-8")


def error_code(api: Api, query: str, role: Role, **variables: object) -> str:
    body = api.post(query, role, **variables).json()
    assert body.get("data") in (None, {}) or all(v is None for v in body["data"].values()), body
    return str(body["errors"][0]["extensions"]["code"])


def test_public_and_investigators_cannot_see_or_touch_extractions(review_api: Api) -> None:
    submitted = review_api.data(SUBMIT, Role.REVIEWER, text=text("031.txt"), name="031.txt")
    xid = submitted["submitDecision"]["extraction"]["id"]
    for role in (Role.PUBLIC, Role.INVESTIGATOR):
        assert error_code(review_api, QUEUE, role) == "FORBIDDEN"
        assert error_code(review_api, SHOW, role, id=xid) == "FORBIDDEN"
        assert error_code(review_api, SUBMIT, role, text=text("029.txt"), name="029.txt") == "FORBIDDEN"
        assert error_code(review_api, APPROVE, role, id=xid) == "FORBIDDEN"
        assert error_code(review_api, REJECT, role, id=xid, reason="x") == "FORBIDDEN"
    pending = review_api.data(CASE, a="贵州省住房和城乡建设厅", n="黔建字[2026]8号")["case"]
    assert pending is None  # not public until a person accepted it
    rejected = review_api.data(REJECT, Role.ADMIN, id=xid, reason="duplicate of a paper file")
    assert rejected["rejectExtraction"] == {"__typename": "Rejected", "extraction": {"status": "rejected"}}
    assert error_code(review_api, SHOW, Role.PUBLIC, id=xid) == "FORBIDDEN"  # rejected: still private


def test_reviewer_submits_approves_and_corrects_over_http(review_api: Api) -> None:
    first = review_api.data(SUBMIT, Role.REVIEWER, text=text("029.txt"), name="029.txt")["submitDecision"]
    assert first["__typename"] == "Submitted" and first["created"] is True
    assert (
        first["extraction"]["status"] == "pending"
        and first["extraction"]["decisionNo"] == "鄂建罚字〔2025〕11号"
    )
    again = review_api.data(SUBMIT, Role.REVIEWER, text=text("029.txt"), name="029.txt")["submitDecision"]
    assert again["created"] is False and again["extraction"]["id"] == first["extraction"]["id"]
    second = review_api.data(SUBMIT, Role.ADMIN, text=text("030.txt"), name="030.txt")["submitDecision"]
    queue = review_api.data(QUEUE, Role.REVIEWER)["reviewQueue"]
    ids = [e["node"]["id"] for e in queue["edges"]]
    assert queue["totalCount"] == 2 and set(ids) == {first["extraction"]["id"], second["extraction"]["id"]}

    published = review_api.data(APPROVE, Role.REVIEWER, id=first["extraction"]["id"])["approveExtraction"]
    assert published["__typename"] == "Published" and published["extraction"] == {"status": "approved"}
    case = review_api.data(CASE, a="湖北省住房和城乡建设厅", n="鄂建罚字〔2025〕11号")["case"]
    assert case == {
        "decisionNo": "鄂建罚字〔2025〕11号",
        "totalFineYuan": None,
        "sanctions": [{"type": "暂扣许可证件"}],
    }

    bad = review_api.data(CORRECT, Role.REVIEWER, id=second["extraction"]["id"],
                          changes=[{"field": "decision_date", "value": "2020/04/31"}])  # fmt: skip
    assert bad["correctExtraction"]["__typename"] == "ReviewError"
    assert bad["correctExtraction"]["code"] == "BAD_CHANGE"
    fixed = review_api.data(CORRECT, Role.REVIEWER, id=second["extraction"]["id"],
                            changes=[{"field": "total_fine_yuan", "value": 10000}])  # fmt: skip
    assert fixed["correctExtraction"]["extraction"] == {"status": "corrected"}
    detail = review_api.data(SHOW, Role.ADMIN, id=second["extraction"]["id"])["extraction"]
    reviewer = key_id(TOKENS[Role.REVIEWER])
    assert [(a["action"], a["by"]) for a in detail["actions"]] == [
        ("submit", key_id(TOKENS[Role.ADMIN])), ("correct", reviewer)]  # fmt: skip
    assert detail["actions"][1]["changes"] == [{"field": "total_fine_yuan", "old": None, "new": 10000}]
    assert detail["caseId"] == fixed["correctExtraction"]["caseId"] and "建督罚字" in detail["text"]

    twice = review_api.data(APPROVE, Role.REVIEWER, id=first["extraction"]["id"])["approveExtraction"]
    assert twice["__typename"] == "ReviewError" and twice["code"] == "WRONG_STATE"
    assert review_api.data(QUEUE, Role.REVIEWER)["reviewQueue"]["totalCount"] == 0


def test_queue_filters_by_the_review_status_enum(review_api: Api) -> None:
    """After the tests above: 031 rejected, 029 approved, 030 corrected; the enum's names are the values."""
    query = "query($s: [ReviewStatus!]) { reviewQueue(status: $s) { totalCount edges { node { status } } } }"
    done = review_api.data(query, Role.REVIEWER, s=["approved", "corrected", "rejected"])["reviewQueue"]
    assert done["totalCount"] == 3
    assert sorted(e["node"]["status"] for e in done["edges"]) == ["approved", "corrected", "rejected"]
    literal = review_api.data("{ reviewQueue(status: [rejected]) { totalCount } }", Role.ADMIN)
    assert literal["reviewQueue"]["totalCount"] == 1
    assert error_code(review_api, query, Role.INVESTIGATOR, s=["rejected"]) == "FORBIDDEN"
