"""Enums and Relay connections over real HTTP: introspected enum types, enum values in answers,
paging across pages (every item exactly once), totalCount, and bad cursors refused in Chinese."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from api.bench.codes import uscc
from api.gql.errors import ApiErrorCode
from api.roles import Role
from graph.errors import ErrorCode
from graph.ids import entity_id_for_uscc, make_id
from graph.lifecycle.listings import ListingState
from graph.lifecycle.publicity import Severity
from graph.model import Case, Entity, Link, Listing, Person, Polarity, Provenance, Record, Rel
from graph.settings import GraphSettings
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState
from tests.api.conftest import Api, served_api
from tests.conftest import ROOT

X = uscc(30, region="110000", series="MA")
XID = entity_id_for_uscc(X)
SAMPLE_FIRM = "91350102MA2Y0001X6"  # 福州榕信建设工程有限公司: penalised in the bundled sample
TODAY = date.today()
CASES, LISTINGS, HOLDERS, OFFICERS = 7, 5, 6, 3


def build_many(store: GraphStore) -> None:
    """Firm X with more cases, listings, shareholders and officers than one small page holds."""
    prov = Provenance("fixture", "test_enums_connections.py", "tests/1", TODAY)
    nodes: list[object] = [Entity(XID, "某某多项建设有限公司", "某某多项建设有限公司", uscc=X)]
    links: list[Link] = []
    for i in range(CASES):
        case = Case(make_id("case", "某局", f"某罚〔2026〕{i}号"), f"某罚〔2026〕{i}号", "某局",
                    decision_date=TODAY - timedelta(days=10 + i))  # fmt: skip
        nodes.append(case)
        links.append(Link(Rel.PARTY_TO, XID, case.id))
    polarities = [Polarity.BLACK, Polarity.RED, Polarity.WATCH, Polarity.BLACK, Polarity.RED]
    for i, polarity in enumerate(polarities):
        removed = TODAY - timedelta(days=5) if i == 3 else None
        listed_on = TODAY - timedelta(days=100)
        listing = Listing(make_id("listing", f"名单{i}", X), f"名单{i}", polarity.value,
                          listed_on=listed_on, removed_on=removed, reason="测试")  # fmt: skip
        nodes.append(listing)
        links.append(Link(Rel.LISTED_IN, XID, listing.id))
    for i in range(HOLDERS):
        holder = Person(f"p:holder{i}", f"股东{i}", f"股东{i}", id_hash=f"hh{i}", verified=True)
        nodes.append(holder)
        links.append(Link(Rel.SHAREHOLDER_OF, holder.id, XID, {"ratio": 0.1}))
    for i in range(OFFICERS):
        officer = Person(f"p:officer{i}", f"高管{i}", f"高管{i}", id_hash=f"ho{i}", verified=True)
        nodes.append(officer)
        links.append(Link(Rel.OFFICER_OF, officer.id, XID, {"role": "董事"}))
    store.writer().add_all([Record(prov, tuple(nodes), tuple(links))])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def many(
    graph_settings: GraphSettings, session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    def sample(store: GraphStore) -> None:
        state = IngestState(tmp_path_factory.mktemp("ingest") / "state.sqlite")
        reports = Ingest(store, state, b"sample-key", Options()).run([ROOT / "sample"])
        state.close()
        assert all(not r.error for r in reports)

    yield from served_api(graph_settings, session_store, tmp_path_factory, build_many, sample)


def enum_values(api: Api, name: str) -> list[str]:
    found = api.data(
        "query($n: String!) { __type(name: $n) { kind enumValues { name } } }", Role.INVESTIGATOR, n=name
    )
    assert found["__type"] and found["__type"]["kind"] == "ENUM", (name, found)
    return [v["name"] for v in found["__type"]["enumValues"]]


def field_type(api: Api, type_name: str, field: str) -> str:
    query = "query($n: String!) { __type(name: $n) { fields { name type { name kind ofType { name } } } } }"
    fields = api.data(query, Role.INVESTIGATOR, n=type_name)["__type"]["fields"]
    found = next(f["type"] for f in fields if f["name"] == field)
    return str(found["name"] or found["ofType"]["name"])


def test_enum_types_are_introspectable_with_todays_wire_values(many: Api) -> None:
    assert enum_values(many, "Polarity") == ["black", "red", "watch"]
    assert enum_values(many, "EntityKind") == ["company", "individual_business", "organisation", "unknown"]
    assert enum_values(many, "ListingState") == [s.value for s in ListingState]
    assert enum_values(many, "ObjectionState") == ["submitted", "under_review", "upheld", "rejected"]
    assert enum_values(many, "Severity") == ["MINOR", "GENERAL", "SERIOUS"]
    assert "Entity" in enum_values(many, "NodeKind") and "Address" in enum_values(many, "NodeKind")
    codes = enum_values(many, "ErrorCode")
    assert codes == [c.value for c in ApiErrorCode]
    # every product code a caller can see is documented (INTERNAL is masked as INTERNAL_SERVER_ERROR)
    assert {c.value for c in ErrorCode} - {ErrorCode.INTERNAL.value} <= set(codes)
    assert field_type(many, "Listing", "polarity") == "Polarity"
    assert field_type(many, "Entity", "kind") == "EntityKind"
    assert field_type(many, "PathNode", "kind") == "NodeKind"
    assert field_type(many, "Case", "severityClass") == "Severity"
    assert field_type(many, "ReviewError", "code") == "ReviewRefusal"
    assert field_type(many, "PathRelationship", "type") == "RelType"
    assert {"LEGAL_REP_OF", "LOCATED_AT", "HAS_PHONE"} <= set(enum_values(many, "RelType"))


def test_answers_carry_enum_values(many: Api) -> None:
    query = "query($u: String!) { entity(uscc: $u) { kind listings(audit: true) { "
    query += "listName polarity state inEffect } } }"
    entity = many.data(query, Role.ADMIN, u=X)["entity"]
    assert entity["kind"] == "company"
    by_name = {item["listName"]: item for item in entity["listings"]}
    polarities = [by_name[f"名单{i}"]["polarity"] for i in range(LISTINGS)]
    assert polarities == ["black", "red", "watch", "black", "red"]
    assert by_name["名单0"]["state"] == "in_effect" and by_name["名单0"]["inEffect"] is True
    assert by_name["名单3"]["state"] == "removed" and by_name["名单3"]["inEffect"] is False
    cases = many.data(
        "query($u: String!) { entity(uscc: $u) { cases(audit: true) { severity severityClass } } }",
        Role.ADMIN,
        u=SAMPLE_FIRM,
    )["entity"]["cases"]
    classified = [c for c in cases if c["severity"]]
    assert classified, cases
    for case in classified:
        assert case["severityClass"] == Severity(case["severity"]).name


def pages(
    api: Api, query: str, path: list[str], role: Role, first: int, **variables: Any
) -> list[dict[str, Any]]:
    """Walks a connection with `first` until hasNextPage is false; returns every page."""
    found, after = [], None
    for _ in range(50):
        data: Any = api.data(query, role, first=first, after=after, **variables)
        for key in path:
            data = data[key]
        found.append(data)
        if not data["pageInfo"]["hasNextPage"]:
            return found
        after = data["pageInfo"]["endCursor"]
    raise AssertionError("no last page")


CONNECTION = """query($u: String!, $first: Int, $after: String) { entity(uscc: $u) {
  %s(first: $first, after: $after%s) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { %s } } }
  %s%s { %s } } }"""


@pytest.mark.parametrize(
    ("field", "audit", "key", "count"),
    [
        ("cases", True, "decisionNo", CASES),
        ("listings", True, "listName", LISTINGS),
        ("shareholders", False, "name", HOLDERS),
        ("officers", False, "person { id }", OFFICERS),
    ],
)
def test_entity_connections_page_every_item_exactly_once(
    many: Api, field: str, audit: bool, key: str, count: int
) -> None:
    flag = ", audit: true" if audit else ""
    query = CONNECTION % (f"{field}Connection", flag, key, field, "(audit: true)" if audit else "", key)
    walked = pages(many, query, ["entity", f"{field}Connection"], Role.ADMIN, 2, u=X)
    assert len(walked) == (count + 1) // 2
    assert {p["totalCount"] for p in walked} == {count}
    nodes = [edge["node"] for p in walked for edge in p["edges"]]
    whole = many.data(query, Role.ADMIN, u=X, first=2)["entity"][field]
    assert nodes == whole  # the same items as the list field, in its order, each once
    assert len({str(n) for n in nodes}) == count
    cursors = [edge["cursor"] for p in walked for edge in p["edges"]]
    assert len(set(cursors)) == count and walked[-1]["pageInfo"]["endCursor"] == cursors[-1]


def test_neighbourhood_connection_pages_every_neighbour_once(many: Api) -> None:
    query = """query($id: ID!, $first: Int, $after: String) {
      neighbourhoodConnection(id: $id, purpose: "测试 分页", first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { length nodes { id kind } relationships { type } } } } }"""
    walked = pages(many, query, ["neighbourhoodConnection"], Role.INVESTIGATOR, 4, id=XID)
    total = walked[0]["totalCount"]
    assert total == CASES + LISTINGS + HOLDERS + OFFICERS  # no contact points in the fixture
    neighbours = [edge["node"]["nodes"][-1]["id"] for p in walked for edge in p["edges"]]
    assert len(neighbours) == len(set(neighbours)) == total
    assert all(
        edge["node"]["nodes"][0] == {"id": XID, "kind": "Entity"} for p in walked for edge in p["edges"]
    )
    types = {edge["node"]["relationships"][0]["type"] for p in walked for edge in p["edges"]}
    assert types == {"PARTY_TO", "LISTED_IN", "SHAREHOLDER_OF", "OFFICER_OF"}
    old = many.data(
        'query($id: ID!) { neighbourhood(id: $id, purpose: "测试 分页", first: 100) { '
        "total items { nodes { id } } } }",
        Role.INVESTIGATOR,
        id=XID,
    )["neighbourhood"]
    assert old["total"] == total and {i["nodes"][-1]["id"] for i in old["items"]} == set(neighbours)


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        base64.urlsafe_b64encode(b"o:-3").decode(),
        base64.urlsafe_b64encode(b"x:3").decode(),
        base64.urlsafe_b64encode("o:三".encode()).decode(),
    ],
)
def test_a_bad_cursor_is_bad_user_input_in_chinese(many: Api, cursor: str) -> None:
    for query, role in (
        (CONNECTION % ("casesConnection", "", "decisionNo", "cases", "", "decisionNo"), Role.PUBLIC),
        (
            'query($u: ID!, $first: Int, $after: String) { neighbourhoodConnection(id: $u, purpose: "测试", '
            "first: $first, after: $after) { totalCount } }",
            Role.INVESTIGATOR,
        ),
    ):
        body = many.post(query, role, u=X if role is Role.PUBLIC else XID, first=2, after=cursor).json()
        error = body["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", body
        assert "游标" in error["message"] and "endCursor" in error["message"]


def test_first_above_the_limit_written_in_the_sdl_is_refused(many: Api) -> None:
    query = 'query { __type(name: "Entity") { fields { name args { name description } } } }'
    fields = many.data(query, Role.INVESTIGATOR)["__type"]["fields"]
    first = next(
        a for f in fields if f["name"] == "casesConnection" for a in f["args"] if a["name"] == "first"
    )
    limit = many.settings.max_page
    assert f"1 to {limit}" in first["description"]
    # a field its resolver caps lower says so (not the general page limit)
    suspected = next(
        a for f in fields if f["name"] == "suspectedRelations" for a in f["args"] if a["name"] == "first"
    )
    assert "1 to 100 " in suspected["description"]
    body = many.post(CONNECTION % ("casesConnection", "", "decisionNo", "cases", "", "decisionNo"), u=X,
                     first=limit + 1).json()  # fmt: skip
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert f"1 到 {limit}" in body["errors"][0]["message"]
