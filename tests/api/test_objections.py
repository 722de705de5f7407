"""Objections (异议): the full life cycle over GraphQL, the 异议处理中 marker, SLA breach reporting,
rate limits; admin repair and withdrawal mutations."""

from __future__ import annotations

from datetime import date, timedelta

from api.audit import AuditLog
from api.gql.records import FILING_LIMIT
from api.roles import Role
from graph.ids import make_id
from graph.legal.calendar import add_working_days
from graph.lifecycle.objections import (
    ObjectionRules,
    ObjectionState,
    file_objection,
    move,
    review_due,
    sla_breaches,
)
from graph.store import GraphStore
from tests.api.conftest import Api
from tests.queries.graphs import USCC

LISTING = make_id("listing", "严重失信主体名单", USCC["A"])
FILE = """mutation($s: String!, $r: String!) { fileObjection(subject: $s, record: $r, reason: "已履行义务",
  contact: "13900001111") { id state reviewDue contact } }"""
DECIDE = """mutation($id: ID!, $d: ObjectionDecision!) {
  decideObjection(id: $id, decision: $d, resolution: "核实无误") { state correctionDue contact } }"""
MARKER = """query($u: String!) { entity(uscc: $u) { listings { listName objectionOpen } } }"""


def test_working_days_skip_weekends() -> None:
    assert add_working_days(date(2026, 11, 20), 3) == date(2026, 11, 25)  # Fri → Wed


def test_objection_life_cycle_over_graphql(api: Api) -> None:
    FILING_LIMIT.seen.clear()
    filed = api.data(FILE, s=f"e:{USCC['A']}", r=LISTING)["fileObjection"]
    assert filed["state"] == "submitted" and filed["contact"] is None  # personal data: admins only
    assert filed["reviewDue"] == review_due(date.today(), 15).isoformat()
    assert api.data(MARKER, u=USCC["A"])["entity"]["listings"] == [
        {"listName": "严重失信主体名单", "objectionOpen": True}
    ]
    assert "FORBIDDEN" in api.post(DECIDE, Role.INVESTIGATOR, id=filed["id"], d="START_REVIEW").text
    review = api.data(DECIDE, Role.REVIEWER, id=filed["id"], d="START_REVIEW")["decideObjection"]
    assert review["state"] == "under_review"
    wrong = api.post(DECIDE, Role.REVIEWER, id=filed["id"], d="START_REVIEW").json()
    assert wrong["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    upheld = api.data(DECIDE, Role.ADMIN, id=filed["id"], d="UPHOLD_AND_WITHDRAW")["decideObjection"]
    assert upheld["state"] == "upheld" and upheld["contact"] == "13900001111"
    assert upheld["correctionDue"] == add_working_days(date.today(), 3).isoformat()
    # Upheld: the record was withdrawn, so it no longer shows; the marker is gone in audit mode.
    assert api.data(MARKER, u=USCC["A"])["entity"]["listings"] == []
    audit = api.data(
        "query($u: String!) { entity(uscc: $u) { listings(audit: true) { objectionOpen withdrawnOn "
        "history } } }",
        Role.ADMIN,
        u=USCC["A"],
    )["entity"]["listings"][0]
    assert audit["objectionOpen"] is False and audit["withdrawnOn"] == date.today().isoformat()
    assert "异议成立" in audit["history"][-1]


def test_sla_breaches_are_reported(session_store: GraphStore, api: Api) -> None:
    other = make_id("listing", "失信被执行人", USCC["C"])
    day = date(2026, 1, 5)
    oid = file_objection(
        session_store, f"e:{USCC['C']}", other, "并非本人", "x@example.cn", "test", today=day
    )
    assert [b.id for b in sla_breaches(session_store, day + timedelta(days=15))] == []  # Tue 2026-01-20
    assert [b.id for b in sla_breaches(session_store, day + timedelta(days=16))] == [oid]
    move(session_store, oid, ObjectionState.UNDER_REVIEW, "test", today=day + timedelta(days=2))
    move(session_store, oid, ObjectionState.UPHELD, "test", "成立", today=day + timedelta(days=3))
    due = add_working_days(day + timedelta(days=3), ObjectionRules().correct_working_days)
    assert [b.state for b in sla_breaches(session_store, due + timedelta(days=1))] == ["upheld"]


def test_filing_is_rate_limited_and_admin_mutations_are_guarded(api: Api) -> None:
    FILING_LIMIT.seen.clear()
    record = make_id("listing", "失信被执行人", USCC["D"])
    codes = []
    for i in range(6):
        body = api.post(FILE.replace("已履行义务", f"理由{i}"), s=f"e:{USCC['D']}", r=record).json()
        codes.append(body["errors"][0]["extensions"]["code"] if "errors" in body else "OK")
    assert codes == ["OK"] * 5 + ["RATE_LIMITED"]
    repair = 'mutation($r: String!) { repairRecord(record: $r, on: "2026-01-01", source: "信用中国") }'
    assert "FORBIDDEN" in api.post(repair, Role.INVESTIGATOR, r=record).text
    assert api.data(repair, Role.ADMIN, r=record)["repairRecord"] is True
    # Logged under the listed firm too, not only the record's id; the refused attempt as FORBIDDEN.
    entries = [e for e in AuditLog(api.settings.audit_path).entries() if e.operation == "repairRecord"]
    assert [(e.outcome, e.subjects) for e in entries][-1] == ("ok", sorted([record, f"e:{USCC['D']}"]))
