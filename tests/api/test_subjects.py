"""Subjects by USCC or by id over real HTTP: unverified firms have a profile, a malformed USCC is
BAD_USER_INPUT, the review desk's party warnings and published parties, and the offline SDL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from graphql import build_client_schema, build_schema, get_introspection_query, lexicographic_sort_schema
from graphql import print_schema as print_sdl
from typer.testing import CliRunner

from api.cli.main import app
from api.roles import Role
from graph.identity import entity
from graph.model import Provenance, Record
from graph.settings import GraphSettings
from graph.store import GraphStore
from tests.api.conftest import Api, served_api
from tests.conftest import DATA
from tests.queries.graphs import NAMES, USCC, eid

# An individual business without a code, keyed by name: its only key is its node id.
UNVERIFIED = entity("福州市鼓楼区阿明小吃店", None, None, "个体工商户")
PROFILE = """query($u: String, $id: ID) { entity(uscc: $u, id: $id) { id uscc name verified kind } }"""


def unverified(store: GraphStore) -> None:
    prov = Provenance("fixture", "test_subjects.py", "subjects/1", date(2026, 1, 1))
    store.writer().add_all([Record(prov, (UNVERIFIED,), ())])


@pytest.fixture(scope="module")
def subjects_api(
    graph_settings: GraphSettings, session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    yield from served_api(graph_settings, session_store, tmp_path_factory, unverified)


def errors(api: Api, query: str, role: Role = Role.PUBLIC, **variables: object) -> list[dict[str, object]]:
    body = api.post(query, role, **variables).json()
    assert body["data"] is None or body["data"] == {"entity": None}, body
    return list(body["errors"])


def test_an_unverified_firm_has_a_profile_by_id(subjects_api: Api) -> None:
    assert UNVERIFIED.id.startswith("e-u:")
    found = subjects_api.data(PROFILE, id=UNVERIFIED.id)["entity"]
    assert found == {
        "id": UNVERIFIED.id,
        "uscc": None,
        "name": "福州市鼓楼区阿明小吃店",
        "verified": False,
        "kind": "individual_business",
    }
    by_code = subjects_api.data(PROFILE, u=USCC["A"])["entity"]
    assert by_code["id"] == eid("A") and by_code["name"] == NAMES["A"]
    assert subjects_api.data(PROFILE, id=eid("A"))["entity"] == by_code  # the same subject either way
    assert subjects_api.data(PROFILE, id="e-u:nosuchfirm")["entity"] is None
    assert subjects_api.data(PROFILE, id="p:wang")["entity"] is None  # a person is not an entity


def test_entity_takes_exactly_one_key(subjects_api: Api) -> None:
    for variables in ({}, {"u": USCC["A"], "id": eid("A")}):
        found = errors(subjects_api, PROFILE, **variables)
        assert found[0]["extensions"]["code"] == "BAD_USER_INPUT"  # type: ignore[index]
        assert "uscc 或 id 之一" in str(found[0]["message"])


def test_a_malformed_uscc_is_bad_user_input_and_an_unknown_one_null(subjects_api: Api) -> None:
    for code, reason in (
        ("911100000000000000", "校验码错误"),
        ("9135", "不是18位"),
        ("91350102MA2Y0010OR", "字符集以外"),
        ("91350102MA2Y****8R", "脱敏"),
    ):
        found = errors(subjects_api, PROFILE, u=code)
        assert found[0]["extensions"]["code"] == "BAD_USER_INPUT", found  # type: ignore[index]
        assert reason in str(found[0]["message"]), found
    assert subjects_api.data(PROFILE, u="91350102MA2Y00108R")["entity"] is None  # valid, not held
    assert subjects_api.data(PROFILE, u=f" {USCC['B'].lower()} ")["entity"]["id"] == eid("B")


SUBMIT = """mutation($text: String!, $name: String!) { submitDecision(text: $text, sourceName: $name) {
  ... on Submitted { extraction { id partyCodeWarnings { party name uscc reason message } } } } }"""
APPROVE = """mutation($id: ID!) { approveExtraction(id: $id) {
  __typename ... on Published { caseId parties { id kind name uscc } } ... on ReviewError { message } } }"""


def test_a_party_code_failing_its_check_is_flagged_and_published_unverified(subjects_api: Api) -> None:
    text = (DATA / "decisions" / "011.txt").read_text(encoding="utf-8")
    wrong = text.replace("92140502MA0HN7218F", "92140502MA0HN7218A")
    submitted = subjects_api.data(SUBMIT, Role.REVIEWER, text=wrong, name="011-wrong.txt")
    x = submitted["submitDecision"]["extraction"]
    [warning] = x["partyCodeWarnings"]
    assert warning["party"] == 0 and warning["uscc"] == "92140502MA0HN7218A"
    assert warning["reason"] == "校验码错误（GB 32100）"
    assert "未核验主体" in warning["message"] and warning["name"] in warning["message"]
    published = subjects_api.data(APPROVE, Role.REVIEWER, id=x["id"])["approveExtraction"]
    assert published["__typename"] == "Published", published
    [party] = published["parties"]
    assert party["id"].startswith("e-u:") and party["uscc"] is None  # keyed by name, not by the bad code
    assert subjects_api.data(PROFILE, id=party["id"])["entity"]["name"] == warning["name"]
    good = subjects_api.data(SUBMIT, Role.REVIEWER, text=text, name="011.txt")["submitDecision"]["extraction"]
    assert good["partyCodeWarnings"] == []


def test_the_schema_command_prints_the_served_schema(subjects_api: Api) -> None:
    printed = CliRunner().invoke(app, ["schema"])
    assert printed.exit_code == 0, printed.output
    assert "uscc: String = null" in printed.output and "id: ID = null" in printed.output
    query = get_introspection_query(descriptions=True, specified_by_url=True)
    served = httpx.post(
        f"{subjects_api.url}/graphql",
        json={"query": query},
        headers={"Authorization": "Bearer inv-key"},
        timeout=60,
    ).json()["data"]
    offline = print_sdl(lexicographic_sort_schema(build_schema(printed.output)))
    assert offline == print_sdl(lexicographic_sort_schema(build_client_schema(served)))
