"""Publicity rules and credit repair: classes and windows, repair and withdrawal at query time,
point-in-time answers (asOf) for listings and dated legal representatives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from api.roles import Role
from graph.ids import case_id, make_id
from graph.lifecycle.classification import classify_cases
from graph.lifecycle.errors import RecordError
from graph.lifecycle.maintenance import overdue_report
from graph.lifecycle.publicity import PublicityRules, Severity, add_months, classify
from graph.lifecycle.records import repair, withdraw
from graph.model import Authority, Case, Entity, Link, Person, Provenance, Record, Rel, Sanction
from graph.settings import GraphSettings
from graph.store import GraphStore
from tests.api.conftest import Api, served_api
from tests.queries.graphs import USCC

RULES = PublicityRules()
D = date(2025, 3, 31)


@pytest.mark.parametrize(
    ("types", "fines", "person", "severity", "months"),
    [
        (["警告"], 0.0, False, Severity.MINOR, (0, 0)),
        (["罚款"], 3000.0, False, Severity.MINOR, (0, 0)),  # 简易程序 ceiling for organisations
        (["罚款"], 500.0, True, Severity.GENERAL, (3, 12)),  # above 200 yuan for a citizen
        (["警告", "罚款"], 52120.0, False, Severity.GENERAL, (3, 12)),
        (["没收非法财物"], 0.0, False, Severity.GENERAL, (3, 12)),
        (["暂扣许可证件"], 0.0, False, Severity.GENERAL, (3, 12)),
        (["吊销许可证件"], 0.0, False, Severity.SERIOUS, (12, 36)),
        (["罚款"], 2_000_000.0, False, Severity.SERIOUS, (12, 36)),
        (["限制从业", "罚款"], 1000.0, True, Severity.SERIOUS, (12, 36)),
    ],
)
def test_classification_and_windows(
    types: list[str], fines: float, person: bool, severity: Severity, months: tuple[int, int]
) -> None:
    result = classify(types, fines, person, D, RULES)
    assert result.severity is severity
    assert (result.min_end, result.max_end) == (add_months(D, months[0]), add_months(D, months[1]))
    assert result.rule_version == RULES.version


def test_add_months_keeps_month_ends() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert add_months(date(2025, 3, 31), 12) == date(2026, 3, 31)


K, L = "91110000T00000116Y", "91110000T00000124R"
PROV = Provenance("fixture", "publicity", "tests/1", date(2026, 1, 1))


def extra(store: GraphStore) -> None:
    """A representative change between two bid deadlines, and two penalty decisions."""
    k = Entity(f"e:{K}", "K建设有限公司", "K建设有限公司", uscc=K)
    l_ = Entity(f"e:{L}", "L建设有限公司", "L建设有限公司", uscc=L)
    zhao = Person("p:zhao", "赵敏", "赵敏", id_hash="h3", masked_id="3501**********0011", verified=True)
    authority = Authority(make_id("auth", "某市市场监督管理局"), "某市市场监督管理局")
    cases = [
        Case(
            case_id(authority.name, "某市监罚〔2025〕1号"),
            "某市监罚〔2025〕1号",
            authority.name,
            decision_date=date(2025, 3, 1),
        ),
        Case(
            case_id(authority.name, "某市监罚〔2021〕9号"),
            "某市监罚〔2021〕9号",
            authority.name,
            decision_date=date(2021, 1, 10),
        ),
    ]
    sanctions = [Sanction(cases[0].id + "/1", "罚款", 50000.0), Sanction(cases[1].id + "/1", "罚款", 20000.0)]
    links = [
        Link(Rel.LEGAL_REP_OF, zhao.id, k.id, {"until": date(2025, 9, 1)}),
        Link(Rel.LEGAL_REP_OF, zhao.id, l_.id),
    ]
    for case, sanction in zip(cases, sanctions, strict=True):
        links += [
            Link(Rel.PARTY_TO, k.id, case.id),
            Link(Rel.DECIDED_BY, case.id, authority.id),
            Link(Rel.IMPOSES, case.id, sanction.id),
        ]
    store.writer().add_all([Record(PROV, (k, l_, zhao, authority, *cases, *sanctions), tuple(links))])


@pytest.fixture(scope="module")
def api(
    graph_settings: GraphSettings, session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    yield from served_api(graph_settings, session_store, tmp_path_factory, extra)


LISTED = """query($u: [String!]!, $asOf: Date) { bidderCheck(usccs: $u, asOf: $asOf, purpose: "测试") {
  pairs { verdict } listedBidders { entity { uscc } } } }"""
REPS = """query($asOf: Date) { legalRepresentativesLinkingBlacklistedFirms(
  minFirms: 1, asOf: $asOf, purpose: "测试 FZCG-TEST-001") {
  edges { node { firms { uscc } } } } }"""
RISK = """query($u: String!, $asOf: Date) { entity(uscc: $u, asOf: $asOf) { associatedRisk(maxHops: 2) {
  subject { uscc } } } }"""
AUDIT = """query($u: String!) { entity(uscc: $u) { listings(audit: true) { listName repairedOn history }
  cases(audit: true) { decisionNo visible severity history } } }"""


def linked_firms(api: Api, as_of: str) -> set[str]:
    data = api.data(REPS, Role.INVESTIGATOR, asOf=as_of)["legalRepresentativesLinkingBlacklistedFirms"]
    return {f["uscc"] for e in data["edges"] for f in e["node"]["firms"]}


def test_a_repaired_listing_stops_counting_everywhere_the_same_day(
    api: Api, session_store: GraphStore
) -> None:
    today = date.today().isoformat()
    assert USCC["A"] in linked_firms(api, today)
    listing = make_id("listing", "严重失信主体名单", USCC["A"])
    repair(session_store, listing, date.today(), "信用中国 受理号 X-1", "test:reviewer")

    assert USCC["A"] not in linked_firms(api, today)
    check = api.data(LISTED, Role.INVESTIGATOR, u=[USCC["A"], USCC["B"]], asOf=today)["bidderCheck"]
    assert check["listedBidders"] == []
    risk = api.data(RISK, Role.INVESTIGATOR, u=USCC["B"], asOf=today)["entity"]["associatedRisk"]
    assert USCC["A"] not in {r["subject"]["uscc"] for r in risk}
    public = api.data("query($u: String!) { entity(uscc: $u) { listings { listName } } }", u=USCC["A"])
    assert public["entity"]["listings"] == []
    # Before the repair date the association is reported.
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert USCC["A"] in linked_firms(api, yesterday)
    around = (
        'query($id: ID!, $asOf: Date) { neighbourhood(id: $id, asOf: $asOf, purpose: "测试") {'
        " items { nodes { kind } } } }"
    )

    def neighbours(as_of: str) -> set[str]:
        found = api.data(around, Role.INVESTIGATOR, id=USCC["A"], asOf=as_of)["neighbourhood"]["items"]
        return {item["nodes"][-1]["kind"] for item in found}

    assert "Listing" in neighbours(yesterday) and "Listing" not in neighbours(today)
    # Admins still see it, with its history, in audit mode; others may not ask.
    audit = api.data(AUDIT, Role.ADMIN, u=USCC["A"])["entity"]["listings"]
    assert audit[0]["repairedOn"] == today and "信用中国 受理号 X-1" in audit[0]["history"][0]
    assert "FORBIDDEN" in api.post(AUDIT, Role.INVESTIGATOR, u=USCC["A"]).text


def test_a_representative_change_between_two_bid_deadlines(api: Api) -> None:
    before = api.data(LISTED, Role.INVESTIGATOR, u=[K, L], asOf="2025-06-30")["bidderCheck"]["pairs"]
    after = api.data(LISTED, Role.INVESTIGATOR, u=[K, L], asOf="2025-10-31")["bidderCheck"]["pairs"]
    assert [p["verdict"] for p in before] == ["BARRED"]
    assert [p["verdict"] for p in after] == []


def test_cases_follow_their_publicity_window_and_withdrawal(api: Api, session_store: GraphStore) -> None:
    counts = classify_cases(session_store)
    assert counts == {"一般": 2}
    assert classify_cases(session_store) == {}  # idempotent under the same rule version
    one = case_id("某市市场监督管理局", "某市监罚〔2025〕1号")
    assert classify_cases(session_store, ids=[one]) == {"一般": 1}  # a named case: again, any version
    query = (
        "query($u: String!, $asOf: Date) { entity(uscc: $u, asOf: $asOf) { cases { decisionNo maxEnd } } }"
    )
    shown = api.data(query, u=K, asOf="2025-06-01")["entity"]["cases"]
    assert [c["decisionNo"] for c in shown] == ["某市监罚〔2025〕1号"]  # the 2021 case's year has passed
    assert shown[0]["maxEnd"] == "2026-03-01"
    audit = api.data(AUDIT, Role.ADMIN, u=K)["entity"]["cases"]
    assert {(c["decisionNo"], c["visible"], c["severity"]) for c in audit} >= {
        ("某市监罚〔2021〕9号", False, "一般")
    }

    recent = case_id("某市市场监督管理局", "某市监罚〔2025〕1号")
    with pytest.raises(RecordError):  # repair before the 3-month minimum is refused
        repair(session_store, recent, date(2025, 4, 1), "x", "test")
    assert withdraw(session_store, recent, "复议撤销", "test", date(2025, 5, 3), date(2025, 5, 1)) is True
    assert api.data(query, u=K, asOf="2025-06-01")["entity"]["cases"] == []
    by_key = (
        'query($asOf: Date) { case(authority: "某市市场监督管理局", decisionNo: "某市监罚〔2025〕1号", '
        "asOf: $asOf) {"
    )
    assert api.data(by_key + " decisionNo } }", asOf="2025-05-01")["case"] == {
        "decisionNo": "某市监罚〔2025〕1号"
    }
    assert api.data(by_key + " decisionNo } }", asOf="2025-06-01")["case"] is None  # withdrawn on 05-03
    late = case_id("某市市场监督管理局", "某市监罚〔2021〕9号")
    assert withdraw(session_store, late, "诉讼撤销", "test", date(2021, 6, 20), date(2021, 6, 1)) is False
    report = overdue_report(session_store, date(2026, 3, 1))  # the recent case's last day
    assert [r.id for r in report.late_withdrawals] == [late]
    assert [r.id for r in report.publicity_ended] == [recent]
