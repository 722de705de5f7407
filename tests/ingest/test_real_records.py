"""Real disclosure rows from shared/data/records load as far as they are complete; the rest is quarantined."""

from __future__ import annotations

from graph.cypher import statement
from graph.store import GraphStore
from tests.conftest import DATA, Run

RECORDS = DATA / "records"
CASES = statement(
    "MATCH (s:Subject)-[:PARTY_TO]->(c:Case)-[:DECIDED_BY]->(a:Authority) "
    "RETURN s.id AS subject, c.decision_no AS no, c.total_fine_yuan AS fine, a.name AS authority ORDER BY no"
)
LICENCES = statement("MATCH (s:Subject)-[:HOLDS]->(l:Licence) RETURN s.name AS holder, l.doc_no AS doc_no")


def test_cf_and_xk_api_fixture(run: Run, store: GraphStore) -> None:
    reports = run(RECORDS / "fuseapp_shuangyashan_creditlist_fixture.json")
    assert {r.kind for r in reports} == {"mixed"} or all(r.error is None for r in reports)
    cases = store.read(CASES)
    assert [(c["subject"], c["no"], c["fine"]) for c in cases] == [
        ("e:91230500MA1B3N1N2M", "市场【2019】1号", 2000.0)
    ]
    assert len(store.read(LICENCES)) >= 1


def test_vendor_penalty_dump(run: Run, store: GraphStore) -> None:
    (report,) = run(RECORDS / "env_penalty_mock_publishData_cnpc.jsonl")
    assert report.kind == "penalty" and report.error is None
    assert report.rows_read == 10 and report.written + report.quarantined == 10
    assert report.quarantined >= 1  # the row without a decision number
    fines = {c["no"]: c["fine"] for c in store.read(CASES)}
    assert fines["济环罚字〔2020〕TQ第Q-4008号"] == 20000.0  # 2.00 万元
