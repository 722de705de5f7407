"""The daily job on a small real graph: classification first, then what staff must act on."""

from __future__ import annotations

from datetime import date

import pytest

from graph.errors import CreditGraphError, ErrorCode
from graph.ids import case_id, make_id
from graph.lifecycle.errors import RepairTooEarly, StepRefused, UnknownObjection, UnknownRecord
from graph.lifecycle.maintenance import maintain
from graph.lifecycle.objections import ObjectionState, file_objection, get_objection, move
from graph.lifecycle.records import repair, withdraw
from graph.model import Authority, Case, Entity, Link, Provenance, Record, Rel, Sanction
from graph.store import GraphStore

AUTHORITY = "某县市场监督管理局"
PROV = Provenance("fixture", "maintenance", "tests/1", date(2026, 1, 1))


def two_cases(store: GraphStore) -> tuple[str, str]:
    firm = Entity("e:91110000000000013X", "M商贸有限公司", "M商贸有限公司", uscc="91110000000000013X")
    body = Authority(make_id("auth", AUTHORITY), AUTHORITY)
    ended = Case(case_id(AUTHORITY, "某县监罚〔2025〕3号"), "某县监罚〔2025〕3号", AUTHORITY,
                 decision_date=date(2025, 3, 1))  # fmt: skip
    revoked = Case(case_id(AUTHORITY, "某县监罚〔2026〕1号"), "某县监罚〔2026〕1号", AUTHORITY,
                   decision_date=date(2026, 1, 2))  # fmt: skip
    nodes: list[Entity | Authority | Case | Sanction] = [firm, body, ended, revoked]
    links = []
    for case in (ended, revoked):
        fine = Sanction(case.id + "/1", "罚款", 50000.0)
        nodes.append(fine)
        links += [Link(Rel.PARTY_TO, firm.id, case.id), Link(Rel.DECIDED_BY, case.id, body.id),
                  Link(Rel.IMPOSES, case.id, fine.id)]  # fmt: skip
    store.writer().add_all([Record(PROV, tuple(nodes), tuple(links))])
    return ended.id, revoked.id


def test_maintain_classifies_then_reports_ended_windows_late_withdrawals_and_sla_breaches(
    store: GraphStore,
) -> None:
    ended, revoked = two_cases(store)
    withdraw(store, revoked, "复议撤销", "test", date(2026, 2, 1), date(2026, 1, 20))  # 12 days late
    oid = file_objection(store, "e:91110000000000013X", ended, "已履行", "x@example.cn", "test",
                         today=date(2026, 1, 5))  # fmt: skip

    report = maintain(store, date(2026, 3, 1))  # the last day of the 2025 case's 12-month window
    assert report.classified == {"一般": 2}
    assert [(w.id, w.ended) for w in report.publicity_ended] == [(ended, date(2026, 3, 1))]
    assert [(w.id, w.revoked_on, w.withdrawn_on) for w in report.late_withdrawals] == [
        (revoked, date(2026, 1, 20), date(2026, 2, 1))
    ]
    assert [(b.id, b.state, b.record) for b in report.objection_sla_breaches] == [(oid, "submitted", ended)]
    assert maintain(store, date(2026, 3, 1)).classified == {}  # classified once per rule version


def test_life_cycle_refusals_carry_codes_and_fields(store: GraphStore) -> None:
    ended, _ = two_cases(store)
    maintain(store, date(2026, 3, 1))
    with pytest.raises(RepairTooEarly) as early:
        repair(store, ended, date(2025, 4, 1), "信用中国", "test")
    assert early.value.fields == {"record": ended, "possible_from": "2025-06-01"}
    with pytest.raises(UnknownRecord) as unknown:
        withdraw(store, "case:none", "x", "test", date(2026, 1, 1), None)
    assert unknown.value.code is ErrorCode.BAD_USER_INPUT and unknown.value.record_id == "case:none"
    with pytest.raises(UnknownObjection):
        get_objection(store, "objection:none")
    oid = file_objection(store, "e:91110000000000013X", ended, "已履行", "x@example.cn", "test")
    assert get_objection(store, oid).state is ObjectionState.SUBMITTED
    with pytest.raises(StepRefused) as refused:
        move(store, oid, ObjectionState.UPHELD, "test")
    assert isinstance(refused.value, CreditGraphError) and refused.value.fields == {
        "objection": oid, "state": "submitted", "to": "upheld"}  # fmt: skip
