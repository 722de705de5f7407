"""What is published is what was decided (issue 17), over real HTTP on real decisions and a real
双公示 file: a correction reaches every derived field and the case's history; the record's own
公示截止期 ends its publicity; objections that correct; no objection on a withdrawn record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from api.audit import AuditLog
from api.gql.records import FILING_LIMIT
from api.roles import Role
from api.settings import Settings
from graph.legal.calendar import add_working_days
from graph.lifecycle.objections import (
    ObjectionRules,
    ObjectionState,
    file_objection,
    get_objection,
    move,
    review_due,
)
from graph.review import queue
from graph.review.reviewer import Reviewer
from graph.settings import GraphSettings
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState
from nlp.extract import Extractor
from tests.api.conftest import KEYS, Api, serve
from tests.conftest import DATA, SECRET
from tests.ingest import synth

CASE = """query($a: String!, $n: String!, $on: Date, $audit: Boolean!) {
  case(authority: $a, decisionNo: $n, asOf: $on, audit: $audit) {
    id totalFineYuan severity publicityStart repairableFrom publicityEnd maxEnd withdrawnOn history
    sanctions { type amountYuan } } }"""
FILE = """mutation($s: String!, $r: String!) { fileObjection(subject: $s, record: $r, reason: "金额有误",
  contact: "13900002222") { id state } }"""
DECIDE = """mutation($id: ID!, $d: ObjectionDecision!, $c: [FieldChangeInput!]) {
  decideObjection(id: $id, decision: $d, resolution: "核实金额有误", corrections: $c) {
    state outcome correctionDue } }"""
ENV_AUTHORITY, ENV_NO = "岳阳市生态环境局", "岳环罚决字〔2021〕136号"
MARKET, MARKET_NO = "某市市场监督管理局", "某市监罚〔2024〕12号"
FIRM = synth.uscc(1701)


@pytest.fixture(scope="module")
def life_api(graph_settings: GraphSettings, session_store: GraphStore) -> Iterator[Api]:
    """An empty graph behind a served API, filled by the tests through the real paths."""
    session_store.delete_all()
    settings = Settings(graph=graph_settings, api_keys=dict(KEYS))
    for url in serve(settings):
        yield Api(url, settings)


def case(api: Api, authority: str, number: str, on: date | None = None) -> dict[str, object] | None:
    shown = api.data(CASE, Role.ADMIN, a=authority, n=number, on=on and on.isoformat(), audit=True)["case"]
    assert shown is not None
    return dict(shown)


def public_case(api: Api, authority: str, number: str, on: date) -> object:
    return api.data(CASE, a=authority, n=number, on=on.isoformat(), audit=False)["case"]


def history(shown: dict[str, object]) -> list[dict[str, object]]:
    return [json.loads(str(line)) for line in shown["history"]]  # type: ignore[attr-defined]


def test_a_correction_is_reflected_in_every_field_and_in_history(
    life_api: Api, session_store: GraphStore
) -> None:
    alice = Reviewer(session_store, SECRET, by="rev:alice")
    bob = Reviewer(session_store, SECRET, by="rev:bob")
    xid, _ = alice.submit(Extractor(), (DATA / "decisions" / "001.txt").read_text("utf-8"), "001.txt")
    alice.correct(xid, [("authority", ENV_AUTHORITY), ("decision_date", "2025-06-02")], "补全机关")
    first = case(life_api, ENV_AUTHORITY, ENV_NO)
    assert first is not None
    assert (first["totalFineYuan"], first["severity"]) == (52120, "一般")
    assert (first["repairableFrom"], first["publicityEnd"]) == ("2025-09-02", "2026-06-02")

    # The fine item corrected: the total, the sanction, the class and the windows follow.
    bob.correct(xid, [("penalties.0.amount_yuan", 2_000_000)], "金额笔误")
    shown = case(life_api, ENV_AUTHORITY, ENV_NO)
    assert shown is not None
    assert shown["totalFineYuan"] == 2_000_000
    assert shown["sanctions"] == [{"type": "罚款", "amountYuan": 2_000_000}]
    assert (shown["severity"], shown["repairableFrom"], shown["publicityEnd"]) == (
        "严重", "2026-06-02", "2028-06-02")  # fmt: skip
    by_field = {(e["field"], e["by"]): e for e in history(shown)}
    total = by_field[("total_fine_yuan", "rev:bob")]
    assert (total["old"], total["new"], total["reason"], total["action"]) == (
        52120,
        2_000_000,
        "金额笔误",
        "correct",
    )
    assert (by_field[("severity", "rev:bob")]["old"], by_field[("severity", "rev:bob")]["new"]) == (
        "一般",
        "严重",
    )
    assert by_field[("sanctions", "rev:bob")]["new"] == ["罚款 2e+06"]
    assert by_field[("publicity_end", "rev:bob")]["new"] == "2028-06-02"
    assert by_field[("publicity_start", "rev:alice")]["new"] == "2025-06-02"  # the first publication
    assert all(e["at"] for e in history(shown))
    # The review log has the derived change too, next to the reviewer's own.
    detail = queue.show(session_store, xid)
    assert detail is not None and detail.actions[-1].changes == [
        {"field": "penalties.0.amount_yuan", "old": 52120, "new": 2000000},
        {"field": "total_fine_yuan", "old": 52120, "new": 2000000},
    ]


def _ingest_market_case(store: GraphStore, tmp_path: Path) -> None:
    header = ["行政相对人名称", "行政相对人代码_1(统一社会信用代码)", "行政处罚决定书文号", "处罚类别",
              "罚款金额(万元)", "处罚决定日期", "处罚机关", "公示截止期"]  # fmt: skip
    row = ["丙示例商贸有限公司", FIRM, MARKET_NO, "罚款", "5", "2024-03-01", MARKET, "2024-07-10"]
    path = synth.write_penalties(tmp_path / "penalties.csv", header, [row])
    state = IngestState(tmp_path / "ingest.sqlite")
    try:
        [report] = Ingest(store, state, SECRET, Options(source="双公示")).run([path])
    finally:
        state.close()
    assert report.written == 1, report


def test_an_own_publicity_end_earlier_than_the_class_end_hides_the_case_after_it(
    life_api: Api, session_store: GraphStore, tmp_path: Path
) -> None:
    _ingest_market_case(session_store, tmp_path)
    shown = case(life_api, MARKET, MARKET_NO)
    assert shown is not None
    assert (shown["severity"], shown["maxEnd"], shown["publicityEnd"], shown["repairableFrom"]) == (
        "一般", "2025-03-01", "2024-07-11", "2024-06-01")  # fmt: skip
    assert public_case(life_api, MARKET, MARKET_NO, date(2024, 7, 10)) is not None  # its last day
    assert public_case(life_api, MARKET, MARKET_NO, date(2024, 7, 11)) is None
    assert public_case(life_api, MARKET, MARKET_NO, date(2024, 8, 1)) is None  # the example


def test_uphold_and_correct_changes_the_value_and_keeps_the_record(life_api: Api) -> None:
    """After the two tests above: the 双公示 case (no decision text) and the reviewed one."""
    FILING_LIMIT.seen.clear()
    for authority, number, value in ((MARKET, MARKET_NO, 30000), (ENV_AUTHORITY, ENV_NO, 60000)):
        before = case(life_api, authority, number)
        assert before is not None
        filed = life_api.data(FILE, s=f"e:{FIRM}", r=before["id"])["fileObjection"]
        life_api.data(DECIDE, Role.REVIEWER, id=filed["id"], d="START_REVIEW")
        refused = life_api.post(DECIDE, Role.REVIEWER, id=filed["id"], d="UPHOLD_AND_CORRECT").json()
        assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"  # no corrected fields
        fix = [{"field": "total_fine_yuan", "value": value}]
        upheld = life_api.data(DECIDE, Role.ADMIN, id=filed["id"], d="UPHOLD_AND_CORRECT", c=fix)
        assert upheld["decideObjection"]["state"] == "upheld"
        assert upheld["decideObjection"]["outcome"] == "corrected"
        after = case(life_api, authority, number)
        assert after is not None and after["id"] == before["id"] and after["withdrawnOn"] is None
        assert after["totalFineYuan"] == value
        assert after["sanctions"] == [{"type": "罚款", "amountYuan": value}]
        corrected = [e for e in history(after) if e["field"] == "total_fine_yuan"][-1]
        assert corrected["new"] == value and str(corrected["reason"]).startswith("异议成立")


def test_an_objection_on_a_withdrawn_record_is_refused(life_api: Api, session_store: GraphStore) -> None:
    shown = case(life_api, MARKET, MARKET_NO)
    assert shown is not None
    FILING_LIMIT.seen.clear()
    withdraw = 'mutation($r: String!) { withdrawRecord(record: $r, reason: "复议撤销") }'
    assert life_api.data(withdraw, Role.ADMIN, r=shown["id"])["withdrawRecord"] is True
    # The audit entry names the record and the firm it is about (`audit --subject USCC` finds it).
    [entry] = [e for e in AuditLog(life_api.settings.audit_path).entries() if e.operation == "withdrawRecord"]
    assert entry.subjects == sorted([str(shown["id"]), f"e:{FIRM}"]) and entry.role == "admin"
    body = life_api.post(FILE, s=f"e:{FIRM}", r=shown["id"]).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "撤销公示" in body["errors"][0]["message"] and "不能再提出异议" in body["errors"][0]["message"]


def test_objection_deadlines_count_statutory_holidays_and_make_up_days(
    life_api: Api, session_store: GraphStore
) -> None:
    """2024: National Day 10-01…10-07 off, Sunday 09-29 and Saturday 10-12 worked (调休)."""
    assert review_due(date(2024, 9, 16), 15) == date(2024, 10, 8)  # 10-01 is a holiday: next working day
    assert review_due(date(2024, 9, 14), 15) == date(2024, 9, 29)  # a make-up Sunday is a working day
    assert ObjectionRules().correction_due(date(2024, 9, 27)) == date(2024, 10, 8)  # 09-29, 09-30, 10-08
    assert add_working_days(date(2024, 9, 27), 3) == date(2024, 10, 8)
    shown = case(life_api, ENV_AUTHORITY, ENV_NO)  # still published (the other one is withdrawn)
    assert shown is not None
    oid = file_objection(session_store, f"e:{FIRM}", str(shown["id"]), "并非本人", "x@example.cn", "t",
                         today=date(2024, 9, 16))  # fmt: skip
    move(session_store, oid, ObjectionState.UNDER_REVIEW, "t", today=date(2024, 9, 20))
    move(session_store, oid, ObjectionState.UPHELD, "t", "成立", today=date(2024, 9, 27))
    found = get_objection(session_store, oid)
    assert (found.review_due, found.correction_due) == (date(2024, 10, 8), date(2024, 10, 8))
