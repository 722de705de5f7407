"""实际控制人 columns of 企业基本信息 → ACTUAL_CONTROLLER_OF (person by ID hash, organisation by
USCC), dated by registry snapshots like the legal representative, and refused when the code is bad."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph.cypher import statement
from graph.ids import entity_id_for_uscc
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState
from queries.bidders import Verdict, run_bidder_check
from tests.conftest import SECRET, Run
from tests.ingest.synth import bad_check, id_no, uscc, write_csv

HEADER = [
    "统一社会信用代码",
    "企业名称",
    "企业类型",
    "法定代表人",
    "法定代表人证件号码",
    "实际控制人",
    "实际控制人证件号码",
]
A, B, G = uscc(8201), uscc(8202), uscc(8203)
P, Q = id_no(8201, birth="19700303"), id_no(8202, birth="19810404")

CONTROLLED = statement(
    "MATCH (c:Subject)-[x:ACTUAL_CONTROLLER_OF]->(e:Entity) "
    "RETURN e.uscc AS company, c.name AS name, labels(c) AS labels, c.masked_id AS masked, "
    "c.verified AS verified, x.since AS since, x.until AS until ORDER BY company, name"
)
SAME_NODE = statement(
    "MATCH (p:Person)-[:LEGAL_REP_OF]->(e:Entity {id: $id}) MATCH (p)-[:ACTUAL_CONTROLLER_OF]->(e) "
    "RETURN count(p) AS n",
    id="e:1",
)


def test_controller_columns_build_relationships(run: Run, store: GraphStore, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "basic.csv",
        HEADER,
        [
            [
                A,
                "甲实控测试有限公司",
                "有限责任公司",
                "钱一",
                P,
                "钱一",
                P,
            ],  # the legal representative himself
            [B, "乙实控测试有限公司", "有限责任公司", "孙二", "", "甲实控测试有限公司", A],  # an organisation
            [
                G,
                "丙实控测试有限公司",
                "有限责任公司",
                "李三",
                "",
                "周四",
                "1101**********2345",
            ],  # masked: scoped
        ],
    )
    [report] = run(path)
    assert report.quarantined == 0 and not report.error
    rows = store.read(CONTROLLED)
    assert [(r["company"], r["name"], "Person" in r["labels"], r["verified"]) for r in rows] == [
        (A, "钱一", True, True),
        (B, "甲实控测试有限公司", False, True),
        (G, "周四", True, False),
    ]
    assert rows[2]["masked"] == "1101**********2345"
    assert store.read(SAME_NODE, id=entity_id_for_uscc(A))[0]["n"] == 1
    # A is B's declared controller: the two may not bid together.
    [pair] = run_bidder_check(store, [A, B], date(2026, 1, 1)).pairs
    assert pair.verdict is Verdict.BARRED and pair.evidence[0].kind == "actual_control"


def test_a_bad_controller_code_rejects_the_row_naming_the_column(
    run: Run, state: IngestState, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "basic.csv",
        HEADER,
        [[A, "甲实控测试有限公司", "有限责任公司", "钱一", "", "钱一", bad_check(P)]],
    )
    [report] = run(path)
    assert report.quarantined == 1
    (bad,) = state.quarantined()
    assert (bad.row, bad.field) == (2, "实际控制人证件号码")


def test_controller_changes_are_dated_by_snapshots(store: GraphStore, tmp_path: Path) -> None:
    def snapshot(rows: list[list[object]], day: date) -> None:
        path = write_csv(tmp_path / f"basic-{day}.csv", HEADER, rows)
        state = IngestState(tmp_path / f"state-{day}.sqlite")
        reports = Ingest(store, state, SECRET, Options(snapshot=day)).run([path])
        state.close()
        assert all(r.quarantined == 0 and not r.error for r in reports), reports

    first = [
        [A, "甲实控测试有限公司", "有限责任公司", "钱一", "", "赵实控", P],
        [B, "乙实控测试有限公司", "有限责任公司", "孙二", "", "赵实控", P],
    ]
    second = [
        [A, "甲实控测试有限公司", "有限责任公司", "钱一", "", "王实控", Q],
        [B, "乙实控测试有限公司", "有限责任公司", "孙二", "", "赵实控", P],
    ]
    snapshot(first, date(2025, 1, 1))
    snapshot(second, date(2025, 9, 1))
    dated = [(r["company"], r["name"], r["since"], r["until"]) for r in store.read(CONTROLLED)]
    assert dated == [
        (A, "王实控", date(2025, 9, 1), None),
        (A, "赵实控", None, date(2025, 9, 1)),
        (B, "赵实控", None, None),
    ]
    [before] = run_bidder_check(store, [A, B], date(2025, 6, 30)).pairs
    assert before.verdict is Verdict.SUSPECTED and before.evidence[0].via == "赵实控"
    assert run_bidder_check(store, [A, B], date(2025, 10, 1)).pairs == []
