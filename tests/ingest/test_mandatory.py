"""Mandatory items of a 双公示 行政处罚 row (formats.md §1), on the real ingest path: a row lacking a
non-identifying item loads and is reported with the item named (a `必填项…` warning, which the
quality report counts against 合规率); a row lacking an identifying item is quarantined."""

from __future__ import annotations

from pathlib import Path

from graph.cypher import statement
from graph.store import GraphStore
from ingest.fields import MANDATORY
from ingest.quarantine import IngestState
from tests.conftest import Run
from tests.ingest import synth

AUTH = synth.uscc(1, prefix="11", series="0")
SOURCE = synth.uscc(2, prefix="11", series="0")
HEADER = [
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1(统一社会信用代码)",
    "法定代表人",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额(万元)",
    "处罚决定日期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
]
CASES = statement("MATCH (c:Case) RETURN c.decision_no AS no ORDER BY no")


def _row(n: int, **changes: str) -> list[object]:
    values = dict(
        zip(
            HEADER,
            [
                f"示例公司{n}",
                "法人及非法人组织",
                synth.uscc(800 + n),
                "李四",
                f"某市监罚〔2024〕{n}号",
                "虚假宣传",
                "发布虚假广告",
                "《中华人民共和国广告法》第五十五条",
                "罚款",
                "罚款人民币2万元",
                "2",
                "2024-03-01",
                "2025-03-01",
                "某市市场监督管理局",
                AUTH,
                "某市市场监督管理局",
                SOURCE,
            ],
            strict=True,
        )
    )
    values.update(changes)
    return list(values.values())


def test_missing_items_are_reported_by_name_and_identifying_ones_quarantine(
    run: Run, store: GraphStore, state: IngestState, tmp_path: Path
) -> None:
    rows = [
        _row(1),  # compliant
        _row(2, 处罚依据=""),
        _row(3, **{"罚款金额(万元)": "", "法定代表人": ""}),
        _row(4, 处罚机关统一社会信用代码=synth.bad_check(AUTH)),
        _row(5, 处罚决定日期=""),  # identifies the decision: quarantined
    ]
    [report] = run(synth.write_csv(tmp_path / "penalties.csv", HEADER, rows))
    assert (report.written, report.quarantined, report.warnings) == (4, 1, 3)
    assert [c["no"] for c in store.read(CASES)] == [f"某市监罚〔2024〕{n}号" for n in (1, 2, 3, 4)]
    warned = state.db.execute(
        "SELECT row, field, reason, kind, source FROM warnings ORDER BY row, field"
    ).fetchall()
    mandatory = [(r, f, why) for r, f, why, _, _ in warned if why.startswith(MANDATORY)]
    assert [(r, f) for r, f, _ in mandatory] == [
        (3, "处罚依据"),
        (4, "法定代表人"),
        (4, "罚款金额(万元)"),
        (5, "处罚机关统一社会信用代码"),
    ]
    assert mandatory[0][2] == "必填项「处罚依据」缺失"
    assert mandatory[3][2].startswith("必填项「处罚机关统一社会信用代码」无效")
    assert {(k, s) for _, _, _, k, s in warned} == {("penalty", "penalties.csv")}
    [bad] = state.quarantined()
    assert (bad.row, bad.field) == (6, "处罚决定日期") and "处罚决定日期" in bad.reason
