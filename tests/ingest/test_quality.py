"""The quality report: 合规率, 及时率 (7 working days) and 重错码率 per source and authority."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest.quality import quality_rows, working_days_after
from ingest.quarantine import IngestState
from tests.conftest import Run
from tests.ingest import synth

HEADER = [
    "行政相对人名称",
    "行政相对人代码_1(统一社会信用代码)",
    "行政处罚决定书文号",
    "处罚类别",
    "处罚决定日期",
    "公示日期",
    "处罚机关",
]


def test_working_days() -> None:
    friday = date(2024, 3, 1)
    assert working_days_after(friday, date(2024, 3, 4)) == 1  # the weekend does not count
    assert working_days_after(friday, date(2024, 3, 11)) == 6
    assert working_days_after(friday, date(2024, 3, 13)) == 8
    assert working_days_after(friday, friday) == 0


def test_quality_rates(run: Run, state: IngestState, tmp_path: Path) -> None:
    a, b = synth.uscc(1), synth.uscc(2)
    path = synth.write_penalties(
        tmp_path / "q.csv",
        HEADER,
        [
            ["甲公司", a, "1号", "警告", "2024-03-01", "2024-03-11", "甲局"],  # on time (6 working days)
            ["甲公司", a, "2号", "警告", "2024-03-01", "2024-03-13", "甲局"],  # late (8)
            [
                "乙公司",
                synth.bad_check(b),
                "3号",
                "警告",
                "2024-03-01",
                "2024-03-04",
                "甲局",
            ],  # 错码 → quarantined
            ["丙公司", a, "4号", "警告", "2024-03-01", "", "乙局"],  # same code, other name: 重码
        ],
    )
    run(path, source="测试来源")
    rows = {r.authority: r.as_dict() for r in quality_rows(state, "测试来源")}
    first = rows["甲局"]
    assert first["rows"] == 3 and first["compliance_rate"] == round(2 / 3, 4)
    assert first["with_disclosure_date"] == 3 and first["on_time"] == 2
    # Per subject, not per row (issue 14): a is 重码 (甲公司 and 丙公司), b is 错码 — two subjects,
    # where the row count (a's two rows + b) said 3.
    assert first["with_uscc"] == 2 and first["duplicate_or_wrong"] == 2
    second = rows["乙局"]
    assert second["timeliness_rate"] is None and second["code_error_rate"] == 1.0
