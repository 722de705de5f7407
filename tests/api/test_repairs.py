"""信用修复 applications over real HTTP: a subject applies with materials, follows its application by
id + contact, staff accept and approve it, the record is repaired with its 修复方式; the daily job
reports an application past its time limit; refusals name the file or the record."""

from __future__ import annotations

import base64
import json
import stat
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from api.audit import AuditLog
from api.gql.repairs import REPAIR_LIMIT
from api.roles import Role
from api.settings import Settings
from graph.legal.calendar import add_working_days
from graph.lifecycle.maintenance import maintain
from graph.lifecycle.repairs import RepairRules
from graph.settings import GraphSettings
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState
from tests.api.conftest import KEYS, Api, serve
from tests.conftest import SECRET
from tests.ingest import synth

FIRM, OTHER = synth.uscc(1721), synth.uscc(1722)
AUTHORITY, NUMBER = "某区市场监督管理局", "某区监罚〔2026〕3号"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DOCX = b"PK\x03\x04" + b"\x00" * 32
SUBMIT = """mutation($u: String!, $r: String!, $m: [MaterialInput!]!) {
  submitRepair(uscc: $u, record: $r, contact: "13800003333", method: COMMITMENT, materials: $m) {
    id state method submittedOn acceptDue decideDue contact materials { type filename size } } }"""
STATUS = "query($id: ID!, $c: String!) { repairStatus(id: $id, contact: $c) { state method decidedOn } }"
LIST = "{ repairApplications(state: [submitted, under_review]) { totalCount edges { node { id contact } } } }"
DECIDE = """mutation($id: ID!, $d: RepairDecision!) {
  decideRepair(id: $id, decision: $d, reason: "材料齐全") { state decidedOn } }"""
CASE = """query($audit: Boolean!) { case(authority: "某区市场监督管理局", decisionNo: "某区监罚〔2026〕3号",
  audit: $audit) { id repairedOn repairableFrom history } }"""


@pytest.fixture(scope="module")
def repair_api(
    graph_settings: GraphSettings, session_store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    """One 双公示 case (decided 2026-03-01, 一般: repairable from 2026-06-01) behind a served API."""
    session_store.delete_all()
    folder = tmp_path_factory.mktemp("repairs")
    header = ["行政相对人名称", "行政相对人代码_1(统一社会信用代码)", "行政处罚决定书文号", "处罚类别",
              "罚款金额(万元)", "处罚决定日期", "处罚机关"]  # fmt: skip
    path = synth.write_penalties(
        folder / "penalties.csv",
        header,
        [["丁示例科技有限公司", FIRM, NUMBER, "罚款", "2", "2026-03-01", AUTHORITY]],
    )
    state = IngestState(folder / "ingest.sqlite")
    try:
        Ingest(session_store, state, SECRET, Options(source="双公示")).run([path])
    finally:
        state.close()
    for url in serve(Settings(graph=graph_settings, api_keys=dict(KEYS))):
        yield Api(url, Settings(graph=graph_settings, api_keys=dict(KEYS)))


def material(kind: str, name: str, content: bytes) -> dict[str, str]:
    return {"type": kind, "filename": name, "contentBase64": base64.b64encode(content).decode()}


def refusal(api: Api, **variables: object) -> str:
    body = api.post(SUBMIT, **variables).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
    return str(body["errors"][0]["message"])


def test_applications_the_rules_refuse_name_the_file_or_the_record(repair_api: Api) -> None:
    REPAIR_LIMIT.seen.clear()
    record = repair_api.data(CASE, Role.ADMIN, audit=True)["case"]["id"]
    good = material("COMMITMENT", "承诺书.pdf", PDF)
    assert "不涉及" in refusal(repair_api, u=OTHER, r=record, m=[good])
    assert "整改.docx" in refusal(
        repair_api, u=FIRM, r=record, m=[material("RECTIFICATION", "整改.docx", DOCX)]
    )
    big = material("CREDIT_REPORT", "报告.pdf", PDF + b"0" * RepairRules().max_file_bytes)
    REPAIR_LIMIT.seen.clear()
    assert "超过上限" in refusal(repair_api, u=FIRM, r=record, m=[big])
    bad_type = repair_api.post(SUBMIT, u=FIRM, r=record, m=[{**good, "type": "营业执照"}]).json()
    assert "营业执照" in bad_type["errors"][0]["message"]  # a closed enum: refused by GraphQL itself


def test_a_repair_application_from_submission_to_the_records_repair(
    repair_api: Api, session_store: GraphStore, graph_settings: GraphSettings
) -> None:
    REPAIR_LIMIT.seen.clear()
    record = repair_api.data(CASE, Role.ADMIN, audit=True)["case"]["id"]
    materials = [material("COMMITMENT", "承诺书.pdf", PDF), material("RECTIFICATION", "整改.png", PNG)]
    submitted = repair_api.data(SUBMIT, u=FIRM, r=record, m=materials)["submitRepair"]
    entry = [e for e in AuditLog(repair_api.settings.audit_path).entries() if e.operation == "submitRepair"][
        -1
    ]
    assert entry.subjects == sorted([record, f"e:{FIRM}"])  # the firm the record is about, too
    today = date.today()
    assert (submitted["state"], submitted["method"], submitted["contact"]) == ("submitted", "信用承诺", None)
    assert submitted["acceptDue"] == add_working_days(today, RepairRules().accept_working_days).isoformat()
    assert submitted["decideDue"] == add_working_days(today, RepairRules().decide_working_days).isoformat()
    assert submitted["materials"] == [
        {"type": "信用承诺书", "filename": "承诺书.pdf", "size": len(PDF)},
        {"type": "整改报告", "filename": "整改.png", "size": len(PNG)},
    ]
    stored = sorted((graph_settings.home / "repairs" / submitted["id"].replace(":", "-")).iterdir())
    assert [p.suffix for p in stored] == [".pdf", ".png"] and stored[0].read_bytes() == PDF
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in stored)

    aid = submitted["id"]
    assert repair_api.data(STATUS, id=aid, c="13800003333")["repairStatus"]["state"] == "submitted"
    assert repair_api.data(STATUS, id=aid, c="13800009999")["repairStatus"] is None  # wrong contact
    assert "FORBIDDEN" in repair_api.post(LIST).text
    listed = repair_api.data(LIST, Role.REVIEWER)["repairApplications"]
    assert listed["totalCount"] == 1 and listed["edges"][0]["node"] == {"id": aid, "contact": "13800003333"}

    # Not accepted within 3 working days: the daily job of the day after says so.
    late = date.fromisoformat(submitted["acceptDue"]) + timedelta(days=1)
    breaches = maintain(session_store, late).repair_sla_breaches
    assert [(b.id, b.state, b.due.isoformat()) for b in breaches] == [
        (aid, "submitted", submitted["acceptDue"])
    ]

    assert "FORBIDDEN" in repair_api.post(DECIDE, id=aid, d="START_REVIEW").text
    assert (
        repair_api.data(DECIDE, Role.REVIEWER, id=aid, d="START_REVIEW")["decideRepair"]["state"]
        == "under_review"
    )
    approved = repair_api.data(DECIDE, Role.ADMIN, id=aid, d="APPROVE")["decideRepair"]
    assert approved == {"state": "approved", "decidedOn": today.isoformat()}
    assert repair_api.data(STATUS, id=aid, c="13800003333")["repairStatus"] == {
        "state": "approved", "method": "信用承诺", "decidedOn": today.isoformat()}  # fmt: skip

    # The record is repaired with its 修复方式: no longer public, kept with its history.
    assert repair_api.data(CASE, audit=False)["case"] is None
    case = repair_api.data(CASE, Role.ADMIN, audit=True)["case"]
    assert case["repairedOn"] == today.isoformat()
    entry = json.loads(case["history"][-1])
    assert (entry["action"], entry["method"], entry["source"]) == (
        "repair",
        "信用承诺",
        f"信用修复申请 {aid}",
    )
    assert maintain(session_store, late).repair_sla_breaches == ()  # decided: no longer late
    again = repair_api.post(SUBMIT, u=FIRM, r=record, m=materials[:1]).json()
    assert "已于" in again["errors"][0]["message"] and "完成信用修复" in again["errors"][0]["message"]
