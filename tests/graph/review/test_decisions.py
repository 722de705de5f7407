"""The review workflow end to end on real decisions (shared/data) and real 双公示 rows.

Submit → pending; approve one, correct one, reject one → only the approved and corrected ones
are in the public graph, with `extracted_by` + `reviewed_by`; the log has every action. Plus the
cross-check against an ingested 双公示 row and the re-review after an extractor change.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from graph.cypher import Statement
from graph.ids import case_id
from graph.review import queue as review
from graph.review.corrections import apply_changes
from graph.review.crosscheck import compare
from graph.review.errors import ReviewFailed
from graph.review.extraction import Extracted, extraction_id
from graph.review.reviewer import Reviewer
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState
from nlp.extract import EXTRACTOR_VERSION, Extractor
from tests.conftest import DATA

SECRET = b"test-id-hash-key"
DECISIONS = DATA / "decisions"
PENALTY_HEADER = ["行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)",
                  "行政处罚决定书文号", "处罚类别", "罚款金额(万元)", "处罚决定日期", "处罚机关"]  # fmt: skip

PUBLISHED = """
MATCH (c:Case)
RETURN c.id AS id, c.decision_no AS no, c.total_fine_yuan AS fine, c.extracted_by AS extracted_by,
  c.reviewed_by AS reviewed_by, c.source AS source, c.record AS record,
  [(p:Subject)-[r:PARTY_TO]->(c) | {name: p.name, uscc: p.uscc, by: r.reviewed_by, ex: r.extracted_by}]
    AS parties,
  [(c)-[r:IMPOSES]->(s:Sanction) | s.type] AS sanctions,
  [(c)-[:DECIDED_BY]->(a:Authority) | a.name] AS authority
ORDER BY c.decision_no
"""


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def text(name: str) -> str:
    return (DECISIONS / name).read_text(encoding="utf-8")


def ingest_penalties(store: GraphStore, tmp_path: Path, rows: list[list[str]]) -> None:
    """A real 双公示 file through the real pipeline (no shortcut into the graph)."""
    path = tmp_path / "penalties.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([PENALTY_HEADER, *rows])
    state = IngestState(tmp_path / "ingest.sqlite")
    try:
        [report] = Ingest(store, state, SECRET, Options(source="双公示")).run([path])
    finally:
        state.close()
    assert report.written == len(rows), report


def cases(store: GraphStore) -> list[dict[str, Any]]:
    return store.read(Statement(PUBLISHED))


def test_submit_approve_correct_reject_end_to_end(store: GraphStore, extractor: Extractor) -> None:
    alice = Reviewer(store, SECRET, by="rev:alice")
    bob = Reviewer(store, SECRET, by="rev:bob")
    carol = Reviewer(store, SECRET, by="rev:carol")
    names = ["029.txt", "030.txt", "031.txt", "010.txt"]
    ids = [alice.submit(extractor, text(n), n)[0] for n in names]
    assert ids == [extraction_id(text(n)) for n in names]
    assert bob.submit(extractor, text("029.txt"), "again.txt") == (ids[0], False)  # idempotent
    queued, total = review.queue(store, limit=50)
    assert total == 4 and {q.id for q in queued} == set(ids) and {q.status for q in queued} == {"pending"}
    assert cases(store) == []  # nothing extracted is public before a person accepted it

    approved = alice.approve(ids[0])
    corrected = bob.correct(ids[1], [("total_fine_yuan", "20000"), ("decision_date", "2020-04-29")])
    assert carol.reject(ids[2], "not a penalty decision of ours") == "rejected"

    found = {c["id"]: c for c in cases(store)}
    assert set(found) == {approved, corrected}
    first = found[approved]
    assert first["no"] == "鄂建罚字〔2025〕11号" and first["authority"] == ["湖北省住房和城乡建设厅"]
    assert first["parties"] == [{"name": "武汉明凯建筑工程有限公司", "uscc": "91420104761204905C",
                                 "by": "rev:alice", "ex": EXTRACTOR_VERSION}]  # fmt: skip
    assert first["sanctions"] == ["暂扣许可证件"]
    assert (first["extracted_by"], first["reviewed_by"]) == (EXTRACTOR_VERSION, "rev:alice")
    assert (first["source"], first["record"]) == ("reviewed-decisions", ids[0])
    assert found[corrected]["fine"] == 20000 and found[corrected]["reviewed_by"] == "rev:bob"

    detail = review.show(store, ids[1])
    assert detail is not None and detail.item.status == "corrected" and detail.case_id == corrected
    correction = detail.actions[-1]
    assert correction.action == "correct" and correction.by == "rev:bob"
    assert correction.changes == [
        {"field": "total_fine_yuan", "old": None, "new": 20000},
        {"field": "decision_date", "old": "2020-04-28", "new": "2020-04-29"},
    ]
    log = review.log(store, limit=50)
    assert sorted((a.action, a.by) for a in log if a.action != "submit") == [
        ("approve", "rev:alice"), ("correct", "rev:bob"), ("reject", "rev:carol")]  # fmt: skip
    assert [a.reason for a in log if a.action == "reject"] == ["not a penalty decision of ours"]
    assert sum(a.action == "submit" for a in log) == 4
    assert [q.id for q in review.queue(store, limit=50)[0]] == [ids[3]]
    with pytest.raises(ReviewFailed) as again:
        alice.approve(ids[2])  # a rejected one stays rejected
    assert again.value.refusal == "WRONG_STATE"


def test_cross_check_flags_a_fine_that_disagrees_and_approval_needs_a_reason(
    store: GraphStore, extractor: Extractor, tmp_path: Path
) -> None:
    alice = Reviewer(store, SECRET, by="rev:alice")
    # 001 names no authority (only 我局); the 双公示 row of the same decision says 5 万元, the text 52120 元.
    row = ["汨罗市恒锋新材料有限公司", "法人及非法人组织", "", "岳环罚决字〔2021〕136号", "罚款", "5",
           "2021-06-01", "岳阳市生态环境局"]  # fmt: skip
    ingest_penalties(store, tmp_path, [row])
    xid, _ = alice.submit(extractor, text("001.txt"), "001.txt")
    fix = [("authority", "岳阳市生态环境局")]
    with pytest.raises(ReviewFailed) as refused:
        alice.correct(xid, fix)
    assert refused.value.refusal == "CONFLICT_NEEDS_REASON"
    check = refused.value.check
    assert check is not None and check.found
    assert check.case_id == case_id("岳阳市生态环境局", "岳环罚决字〔2021〕136号")
    fine = next(f for f in check.fields if f.field == "total_fine_yuan")
    assert (fine.extracted, fine.recorded, fine.agrees) == ("52120", "50000", False)
    assert next(f for f in check.fields if f.field == "penalty_types").agrees is True
    assert cases(store)[0]["fine"] == 50000  # refused: nothing published

    published = alice.correct(xid, fix, reason="决定书原文为伍万贰仟壹佰贰拾元")
    assert published == check.case_id
    [action] = [a for a in review.show(store, xid).actions if a.action == "correct"]  # type: ignore[union-attr]
    assert action.reason == "决定书原文为伍万贰仟壹佰贰拾元"


def test_conflicting_submission_is_flagged_and_queued_first(
    store: GraphStore, extractor: Extractor, tmp_path: Path
) -> None:
    alice = Reviewer(store, SECRET, by="rev:alice")
    # The row names another firm (a different USCC) and a fine the decision does not impose.
    row = ["武汉某某建筑有限公司", "法人及非法人组织", "91500101MAABXQBG7Q", "鄂建罚字〔2025〕11号", "罚款",
           "1", "2025-12-11", "湖北省住房和城乡建设厅"]  # fmt: skip
    ingest_penalties(store, tmp_path, [row])
    plain, _ = alice.submit(extractor, text("010.txt"), "010.txt")
    flagged, _ = alice.submit(extractor, text("029.txt"), "029.txt")
    queued, _ = review.queue(store, limit=10)
    assert [q.id for q in queued] == [flagged, plain] and queued[0].conflicts == 2
    detail = review.show(store, flagged)
    assert detail is not None and detail.cross_check is not None
    disagree = {f.field for f in detail.cross_check.fields if f.agrees is False}
    assert disagree == {"party_uscc", "penalty_types"}
    with pytest.raises(ReviewFailed, match="请填写理由"):
        alice.approve(flagged)
    assert alice.approve(flagged, reason="双公示 row is of another decision")


class NewerExtractor:
    """The next extractor version: reads the same texts, but the fine of 029 differently."""

    version = "nlp-rules/9.9.9"

    def __init__(self, inner: Extractor) -> None:
        self.inner = inner

    def extract(self, text: str, source_file: str = "") -> Extracted:
        values = self.inner.extract(text, source_file).to_json()
        values["extractor_version"] = self.version
        if "鄂建罚字〔2025〕11号" in text:
            values["penalties"] = [*values["penalties"], {"type": "罚款", "amount_yuan": 30000}]
            values["total_fine_yuan"] = 30000
        return _Json(values)


class _Json:
    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def to_json(self) -> dict[str, Any]:
        return self.values


def test_extractor_change_requeues_a_changed_decision_and_keeps_its_facts(
    store: GraphStore, extractor: Extractor
) -> None:
    alice = Reviewer(store, SECRET, by="rev:alice")
    job = Reviewer(store, SECRET, by="cli:job")
    bob = Reviewer(store, SECRET, by="rev:bob")
    changed, _ = alice.submit(extractor, text("029.txt"), "029.txt")
    same, _ = alice.submit(extractor, text("030.txt"), "030.txt")
    case_a, case_b = alice.approve(changed), alice.approve(same)
    before = {c["id"]: c for c in cases(store)}
    newer = NewerExtractor(extractor)
    assert job.rereview(newer, newer.version) == [changed]
    assert job.rereview(newer, newer.version) == []  # done once per version

    queued, _ = review.queue(store, limit=10)
    assert [(q.id, q.status) for q in queued] == [(changed, "changed_by_extractor")]
    detail = review.show(store, changed)
    assert detail is not None and detail.values["total_fine_yuan"] == 30000
    assert detail.published is not None and detail.published["total_fine_yuan"] is None
    requeue = detail.actions[-1]
    assert requeue.action == "requeue" and requeue.by == "extractor:nlp-rules/9.9.9"
    assert {c["field"] for c in requeue.changes} == {"penalties", "total_fine_yuan"}
    assert {c["id"]: c for c in cases(store)} == before  # published facts stay until a person decides
    assert review.show(store, same).item.status == "approved"  # type: ignore[union-attr]

    assert bob.approve(changed) == case_a
    after = {c["id"]: c for c in cases(store)}
    assert after[case_a]["fine"] == 30000 and sorted(after[case_a]["sanctions"]) == ["暂扣许可证件", "罚款"]
    assert after[case_b] == before[case_b]


def test_rejecting_a_requeued_reading_keeps_what_is_published(
    store: GraphStore, extractor: Extractor
) -> None:
    alice = Reviewer(store, SECRET, by="rev:alice")
    job = Reviewer(store, SECRET, by="cli:job")
    bob = Reviewer(store, SECRET, by="rev:bob")
    xid, _ = alice.submit(extractor, text("029.txt"), "029.txt")
    alice.approve(xid)
    job.rereview(NewerExtractor(extractor), NewerExtractor.version)
    assert bob.reject(xid, "the new reading invents a fine") == "approved"
    detail = review.show(store, xid)
    assert detail is not None and detail.values["total_fine_yuan"] is None
    assert cases(store)[0]["sanctions"] == ["暂扣许可证件"]


def test_changes_are_checked_like_ingest_checks_values() -> None:
    values = {"parties": [{"name": "甲", "uscc": None}], "total_fine_yuan": None}
    changes = [("parties.0.uscc", "91420104761204905C"), ("penalties.0.type", "罚款")]
    out, done = apply_changes(values, changes)
    assert out["parties"][0]["uscc"] == "91420104761204905C" and out["penalties"] == [{"type": "罚款"}]
    assert [c.field for c in done] == ["parties.0.uscc", "penalties.0.type"]
    for bad in [("parties.0.uscc", "91420104761204905X"), ("decision_date", "2025/13/01"),
                ("spans", {}), ("total_fine_yuan", "五千"), ("parties.3.name", "乙")]:  # fmt: skip
        with pytest.raises(ReviewFailed):
            apply_changes(values, [bad])


def test_compare_treats_an_unstated_side_as_unknown() -> None:
    fields = {f.field: f for f in compare({"total_fine_yuan": 52120}, {"total_fine_yuan": 52120.0}, [], [])}
    assert fields["total_fine_yuan"].agrees is True and fields["party_uscc"].agrees is None


def test_a_later_disclosure_row_updates_the_cross_check_of_a_pending_decision(
    store: GraphStore, extractor: Extractor, tmp_path: Path
) -> None:
    """Submitted first, 双公示 row ingested afterwards: the queue learns of the conflict by itself."""
    alice = Reviewer(store, SECRET, by="rev:alice")
    xid, _ = alice.submit(extractor, text("029.txt"), "029.txt")
    [before] = review.queue(store, limit=10)[0]
    assert before.conflicts == 0
    row = ["武汉某某建筑有限公司", "法人及非法人组织", "91500101MAABXQBG7Q", "鄂建罚字〔2025〕11号", "罚款",
           "1", "2025-12-11", "湖北省住房和城乡建设厅"]  # fmt: skip
    ingest_penalties(store, tmp_path, [row])
    [after] = review.queue(store, limit=10)[0]
    assert after.id == xid and after.conflicts == 2 and after.priority > before.priority
