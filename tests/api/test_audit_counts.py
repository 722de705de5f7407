"""查询使用登记审查 for admins over the served app: `auditCounts` (per user and role: queries,
distinct subjects, refusals, over a period) and `whoQueried` with the purpose; other roles are
refused (issue 16)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from api.audit import AuditLog
from api.roles import Role
from tests.api.conftest import Api
from tests.queries.graphs import USCC, eid

COUNTS = """query($since: Date, $until: Date) { auditCounts(since: $since, until: $until) {
  user role queries subjects refusals lastAt } }"""
CHECK = 'query($u: [String!]!) { bidderCheck(usccs: $u, purpose: "资格审查 FZCG-2026-0303") { asOf } }'
PERSON = '{ person(id: "p:wang", purpose: "案件调查 闽市监〔2026〕5号") { name } }'


def _user_of(api: Api, operation: str) -> str:
    return next(
        e.key_id for e in reversed(AuditLog(api.settings.audit_path).entries()) if e.operation == operation
    )


@pytest.mark.parametrize("role", [Role.PUBLIC, Role.INVESTIGATOR, Role.REVIEWER])
def test_audit_counts_are_for_admins_only(api: Api, role: Role) -> None:
    body = api.post(COUNTS, role).json()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], body
    assert body["data"] is None


def test_audit_counts_per_user_queries_subjects_and_refusals(api: Api) -> None:
    api.data(CHECK, Role.INVESTIGATOR, u=[USCC["A"], USCC["B"]])
    api.data(CHECK, Role.INVESTIGATOR, u=[USCC["A"], USCC["C"]])
    api.data(PERSON, Role.INVESTIGATOR)
    investigator = _user_of(api, "person")
    refused = api.post(PERSON).json()  # the public role runs no association queries
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    public = _user_of(api, "person")
    assert public != investigator

    entries = AuditLog(api.settings.audit_path).entries()
    mine = [e for e in entries if e.key_id == investigator]
    rows = {(r["user"], r["role"]): r for r in api.data(COUNTS, Role.ADMIN)["auditCounts"]}
    row = rows[(investigator, "investigator")]
    assert row["queries"] == len(mine) >= 3
    assert row["refusals"] == sum(e.outcome == "FORBIDDEN" for e in mine)  # auditCounts itself, above
    assert row["subjects"] == len({s for e in mine for s in e.subjects}) >= 4  # A, B, C, p:wang
    assert row["lastAt"] == mine[-1].at
    assert rows[(public, "public")]["refusals"] >= 1 and rows[(public, "public")]["subjects"] == 0
    ordered = [r["queries"] for r in api.data(COUNTS, Role.ADMIN)["auditCounts"]]
    assert ordered == sorted(ordered, reverse=True)

    today = datetime.now(UTC).date()
    assert api.data(COUNTS, Role.ADMIN, until=str(today - timedelta(days=1)))["auditCounts"] == []
    since_today = api.data(COUNTS, Role.ADMIN, since=str(today), until=str(today))["auditCounts"]
    assert {(r["user"], r["role"]) for r in since_today} >= {(investigator, "investigator")}
    wrong = api.post(COUNTS, Role.ADMIN, since=str(today), until=str(today - timedelta(days=1))).json()
    assert wrong["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_who_queried_a_subject_shows_why(api: Api) -> None:
    api.data(PERSON, Role.INVESTIGATOR)
    query = """query($u: String!) { whoQueried(uscc: $u) { user role operation purpose subjects } }"""
    seen = api.data(query, Role.ADMIN, u="p:wang")["whoQueried"]
    assert seen and seen[-1]["operation"] == "person" and seen[-1]["purpose"] == "案件调查 闽市监〔2026〕5号"
    around = api.data(
        f'{{ neighbourhood(id: "{eid("H")}", purpose: "招标核查 FZCG-9") {{ total }} }}', Role.INVESTIGATOR
    )
    assert around["neighbourhood"]["total"] == 2
    by_uscc = api.data(query, Role.ADMIN, u=USCC["H"])["whoQueried"]
    assert by_uscc[-1]["purpose"] == "招标核查 FZCG-9"
