"""The 双公示 KPIs of issue 14 on files whose answer is known by hand, through the real ingest path.

及时率 with statutory holidays, 上报率 (serial gaps, reviewed decisions never disclosed), 重复报送
(both versions kept), sources kept apart by their relative path, 重错码率 per subject, and the
two workbooks of the CLI read back with openpyxl.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from graph.ids import case_id
from graph.model import Case, Provenance, Record
from graph.review.crosscheck import SOURCE as REVIEWED
from graph.store import GraphStore
from ingest.quality import QualityRow, quality_rows
from ingest.quarantine import IngestState
from tests.conftest import Run
from tests.ingest import synth

HEADER = [
    "行政相对人名称",
    "行政相对人代码_1(统一社会信用代码)",
    "行政处罚决定书文号",
    "处罚类别",
    "罚款金额(万元)",
    "处罚决定日期",
    "公示日期",
    "处罚机关",
]
A, B, C = synth.uscc(11), synth.uscc(12), synth.uscc(13)


def _penalty(
    name: str, code: str, number: str, decided: str, disclosed: str, fine: str = "1"
) -> list[object]:
    return [name, code, number, "罚款", fine, decided, disclosed, "甲市监局"]


def _by(rows: list[QualityRow]) -> dict[tuple[str, str], QualityRow]:
    return {(r.source, r.month): r for r in rows}


def test_holiday_inside_the_seven_working_days(run: Run, state: IngestState, tmp_path: Path) -> None:
    path = synth.write_csv(
        tmp_path / "p.csv",
        HEADER,
        [
            # 10-01..07 are holidays, 09-29 and 10-12 make-up days: 4 working days (Mon–Fri said 8).
            _penalty("甲公司", A, "甲市监罚〔2024〕1号", "2024-09-27", "2024-10-09"),
            # 12 working days later: late either way.
            _penalty("甲公司", A, "甲市监罚〔2024〕2号", "2024-09-27", "2024-10-17"),
            # 2031 is not in the calendar: counted Mon–Fri, and said so.
            _penalty("甲公司", A, "甲市监罚〔2031〕1号", "2031-03-03", "2031-03-05"),
        ],
    )
    run(path, source="节假日")
    rows = _by(quality_rows(state, "节假日"))
    autumn = rows[("节假日", "2024-09")].as_dict()
    assert autumn["with_disclosure_date"] == 2 and autumn["on_time"] == 1
    assert autumn["calendar_fallback"] == 0
    later = rows[("节假日", "2031-03")].as_dict()
    assert later["on_time"] == 1 and later["calendar_fallback"] == 1


def test_serial_gap_is_a_suspected_omission(run: Run, state: IngestState, tmp_path: Path) -> None:
    path = synth.write_csv(
        tmp_path / "p.csv",
        HEADER,
        [
            _penalty("甲公司", A, "甲市监罚〔2024〕118号", "2024-03-01", "2024-03-04"),
            _penalty("乙公司", B, "甲市监罚〔2024〕119号", "2024-03-01", "2024-03-04"),
            _penalty("丙公司", C, "甲市监罚[2024]121号", "2024-03-02", "2024-03-04"),  # other brackets
            _penalty("甲公司", A, "甲市监罚〔2023〕7号", "2023-12-01", "2023-12-04"),  # other year: no gap
        ],
    )
    run(path, source="断号")
    march = _by(quality_rows(state, "断号"))[("断号", "2024-03")].as_dict()
    assert march["suspected_missing"] == [
        {"authority": "甲市监局", "decision_no": "甲市监罚〔2024〕120号", "why": "文号断号"}
    ]
    assert march["reported"] == 3 and march["reporting_rate"] == 0.75


def test_reviewed_decision_without_disclosure_counts_against_the_reporting_rate(
    run: Run, store: GraphStore, state: IngestState, tmp_path: Path
) -> None:
    path = synth.write_csv(
        tmp_path / "p.csv", HEADER, [_penalty("甲公司", A, "甲市监罚〔2024〕5号", "2024-05-06", "2024-05-07")]
    )
    run(path, source="复核")
    writer = store.writer()
    for number, decided in (
        ("甲市监罚〔2024〕9号", date(2024, 5, 8)),
        ("甲市监罚〔2024〕5号", date(2024, 5, 6)),
    ):
        case = Case(case_id("甲市监局", number), number, "甲市监局", decision_date=decided)
        writer.add(Record(Provenance(REVIEWED, "doc:1", "test", date(2024, 6, 1)), (case,), ()))
    writer.flush()
    may = _by(quality_rows(state, "复核", store, today=date(2024, 6, 1)))[("复核", "2024-05")]
    # 9号 is known from a reviewed decision text only; 5号 was disclosed; 6–8号 would be a serial
    # gap only once 9号 is disclosed, so here they are not counted.
    assert [(m.decision_no, m.why) for m in may.missing] == [("甲市监罚〔2024〕9号", "复核决定书")]
    assert may.as_dict()["reporting_rate"] == 0.5
    # Within the 7 working days it is not 漏报 yet (05-08 + 7 working days = 05-17).
    early = _by(quality_rows(state, "复核", store, today=date(2024, 5, 16)))[("复核", "2024-05")]
    assert early.as_dict()["suspected_missing"] == []


def test_resent_decision_number_keeps_both_versions(run: Run, state: IngestState, tmp_path: Path) -> None:
    first = synth.write_csv(
        tmp_path / "march.csv",
        HEADER,
        [
            _penalty("甲公司", A, "甲市监罚〔2024〕30号", "2024-03-01", "2024-03-04", fine="0.5"),
            _penalty("乙公司", B, "甲市监罚〔2024〕31号", "2024-03-01", "2024-03-04"),
        ],
    )
    run(first, source="重报")
    run(first, source="重报")  # the same file again adds no version
    again = synth.write_csv(
        tmp_path / "march-fixed.csv",
        HEADER,
        [_penalty("甲公司", A, "甲市监罚〔2024〕30号", "2024-03-01", "2024-03-04", fine="0.8")],
    )
    run(again, source="重报")
    row = _by(quality_rows(state, "重报"))[("重报", "2024-03")].as_dict()
    resent = row["resent"]
    assert isinstance(resent, list) and len(resent) == 1
    assert resent[0]["decision_no"] == "甲市监罚〔2024〕30号" and resent[0]["changed"] == ["fine_wan"]
    assert [(Path(v["file"]).name, v["row"], v["values"]["fine_wan"]) for v in resent[0]["versions"]] == [
        ("march.csv", 2, "0.5"),
        ("march-fixed.csv", 2, "0.8"),
    ]
    assert row["reported"] == 2  # one decision sent twice is still one decision


def test_two_departments_penalties_csv_stay_apart(run: Run, state: IngestState, tmp_path: Path) -> None:
    root = tmp_path / "incoming"
    for department, names in (("市场监管局", ["甲公司", "乙公司"]), ("应急管理局", ["丙公司"])):
        (root / department).mkdir(parents=True)
        synth.write_csv(
            root / department / "penalties.csv",
            HEADER,
            [
                _penalty(n, synth.uscc(20 + i), f"{department}罚〔2024〕{i}号", "2024-04-01", "2024-04-02")
                for i, n in enumerate(names, 1)
            ],
        )
    run(root)
    sources = {r.source: r.rows for r in quality_rows(state) if r.source.endswith("penalties.csv")}
    assert sources == {"市场监管局/penalties.csv": 2, "应急管理局/penalties.csv": 1}


def test_code_error_rate_counts_subjects_not_shareholder_rows(
    run: Run, state: IngestState, tmp_path: Path
) -> None:
    company = synth.uscc(31)
    basic = synth.write_csv(
        tmp_path / "basic.csv",
        ["统一社会信用代码", "企业名称", "法定代表人", "成立日期", "注册资本(万元)"],
        [[company, "甲公司", "王芳", "2010-01-01", "100"]],
    )
    holders = synth.write_csv(
        tmp_path / "holders.csv",
        ["统一社会信用代码", "股东名称", "股东类型", "股东证照号码", "认缴出资额(万元)", "出资比例"],
        [
            [company, "王芳", "自然人股东", "", "60", "60%"],
            [company, "李强", "自然人股东", "", "40", "40%"],
        ],
    )
    run(basic, source="登记")
    run(holders, source="股东")
    assert [r.as_dict()["code_error_rate"] for r in quality_rows(state, "登记")] == [0.0]
    assert [r.as_dict()["code_error_rate"] for r in quality_rows(state, "股东")] == [None]  # was 1.0
    # Per subject: a code under two names in three rows is one bad subject out of two.
    penalties = synth.write_csv(
        tmp_path / "p.csv",
        HEADER,
        [
            _penalty("甲公司", A, "甲市监罚〔2024〕40号", "2024-03-01", "2024-03-04"),
            _penalty("甲公司", A, "甲市监罚〔2024〕41号", "2024-03-01", "2024-03-04"),
            _penalty("甲分公司", A, "甲市监罚〔2024〕42号", "2024-03-01", "2024-03-04"),
            _penalty("乙公司", B, "甲市监罚〔2024〕43号", "2024-03-01", "2024-03-04"),
        ],
    )
    run(penalties, source="重码")
    row = quality_rows(state, "重码")[0].as_dict()
    assert row["with_uscc"] == 2 and row["duplicate_or_wrong"] == 1 and row["code_error_rate"] == 0.5
    assert row["bad_codes"] == [A]


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "credit-graph"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_cli_workbooks_per_source(store: GraphStore, env_for_cli: dict[str, str], tmp_path: Path) -> None:
    env = {**env_for_cli, "CREDIT_GRAPH_ID_KEY": "quality-cli"}
    root = tmp_path / "报送"
    (root / "质检甲局").mkdir(parents=True)
    (root / "质检乙局").mkdir(parents=True)
    synth.write_penalties(
        root / "质检甲局" / "penalties.csv",
        HEADER,
        [
            _penalty("甲公司", A, "质检甲罚〔2024〕1号", "2024-09-27", "2024-10-09"),
            _penalty("乙公司", synth.bad_check(B), "质检甲罚〔2024〕3号", "2024-09-27", "2024-10-09"),
        ],
    )
    synth.write_penalties(
        root / "质检乙局" / "penalties.csv",
        HEADER,
        [_penalty('=HYPERLINK("http://x")', C, "", "2024-09-27", "2024-10-09")],  # no 文号: quarantined
    )
    ingested = _cli(env, "ingest", "--restart", str(root))
    assert ingested.returncode == 0, ingested.stderr
    hostile = synth.write_penalties(
        tmp_path / "hostile.csv", HEADER, [_penalty("丁公司", C, "", "2024-09-27", "2024-10-09")]
    )
    ingested = _cli(env, "ingest", "--restart", "--source", "=1+2", str(hostile))
    assert ingested.returncode == 0, ingested.stderr

    book_path = tmp_path / "quality.xlsx"
    shown = _cli(env, "quality", "--json", "--xlsx", str(book_path))
    assert shown.returncode == 0, shown.stderr
    mine = {r["source"]: r for r in json.loads(shown.stdout) if r["source"].startswith("质检")}
    assert set(mine) == {"质检甲局/penalties.csv", "质检乙局/penalties.csv"}
    book = load_workbook(book_path)
    sheet = book["质检甲局_penalties.csv"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == ["数据来源单位", "质检甲局/penalties.csv"] + [None] * (len(cells[0]) - 2)
    header = cells[3]
    assert header[:5] == ["月份", "处罚/许可机关", "报送行数", "合规行数", "合规率"]
    line = dict(zip(header, cells[4], strict=True))
    assert line["月份"] == "2024-09" and line["报送行数"] == 2 and line["合规行数"] == 1
    assert line["及时率"] == "100.00%"  # both in time once the National Day holidays are counted
    assert line["疑似漏报文号"] == "质检甲罚〔2024〕2号（文号断号）"

    export_path = tmp_path / "quarantine.xlsx"
    exported = _cli(env, "quarantine", "export", str(export_path))
    assert exported.returncode == 0, exported.stderr
    book = load_workbook(export_path)
    first = [[c.value for c in row] for row in book["质检甲局_penalties.csv"].iter_rows()]
    assert first[0] == ["数据来源单位", "文件", "行号", "数据项", "原因", "处理结果", "原因（原文）"]
    assert len(first) == 2 and first[1][2] == 3 and first[1][3] == "行政相对人代码_1(统一社会信用代码)"
    assert "统一社会信用代码" in first[1][4] and "USCC" not in first[1][4] and first[1][5] == "已隔离，未加载"
    second = [[c for c in row] for row in book["质检乙局_penalties.csv"].iter_rows()]
    assert [c.value for c in second[1]][3:6] == [
        "行政处罚决定书文号",
        "缺少行政处罚决定书文号",
        "已隔离，未加载",
    ]
    # every text cell is a string cell, never a formula
    assert all(c.data_type == "s" for row in second for c in row if isinstance(c.value, str))
    hostile_sheet = book["=1+2"]
    assert hostile_sheet["A2"].value == "'=1+2" and hostile_sheet["A2"].data_type == "s"
