"""Corrupted input: every valid row is written, every bad row is quarantined with its reason."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from graph.cypher import statement
from graph.store import GraphStore
from ingest.quarantine import IngestState
from tests.conftest import Run
from tests.ingest import synth

COUNT_CASES = statement("MATCH (c:Case) RETURN count(c) AS n")
COUNT_PARTIES = statement("MATCH (:Subject)-[r:PARTY_TO]->(:Case) RETURN count(r) AS n")

HEADER = [
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1(统一社会信用代码)",
    "证件号码",
    "行政处罚决定书文号",
    "处罚类别",
    "罚款金额(万元)",
    "处罚决定日期",
    "处罚机关",
]


def _row(i: int) -> list[str]:
    if i % 7 == 0:  # a person born 1970 in 410102 (created 1983): valid, though stdnum.cn.ric rejects it
        return [
            f"自然人{i}",
            "自然人",
            "",
            synth.id_no(i),
            f"豫罚〔2024〕{i}号",
            "罚款",
            "0.1",
            "2024-01-02",
            "郑州市市场监督管理局",
        ]
    return [
        f"公司{i}",
        "法人及非法人组织",
        synth.uscc(i),
        "",
        f"豫罚〔2024〕{i}号",
        "罚款",
        "1.5",
        "2024/01/02",
        "郑州市市场监督管理局",
    ]


BAD_KINDS = ["uscc", "date", "columns", "amount", "id", "missing_no"]


def _corrupt(i: int, row: list[str], kind: str) -> list[str]:
    if kind == "uscc":
        row = [f"公司{i}", "法人及非法人组织", synth.bad_check(synth.uscc(i)), *row[3:]]
    elif kind == "date":
        row[7] = "2024-02-30"
    elif kind == "columns":
        row = row[:5]
    elif kind == "amount":
        row[6] = "一点五"
    elif kind == "id":
        row = [f"自然人{i}", "自然人", "", synth.bad_check(synth.id_no(i)), *row[4:]]
    else:
        row[4] = ""
    return row


def test_ten_thousand_rows_one_percent_bad_gbk_with_blank_lines(
    run: Run, store: GraphStore, state: IngestState, tmp_path: Path
) -> None:
    path = tmp_path / "penalties_gbk.csv"
    expected_bad: Counter[str] = Counter()
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(1, 10_001):
            row = _row(i)
            if i % 100 == 0:
                kind = BAD_KINDS[(i // 100) % len(BAD_KINDS)]
                row = _corrupt(i, row, kind)
                expected_bad[kind] += 1
            writer.writerow(row)
            if i % 1000 == 0:
                handle.write("\r\n\r\n")  # blank lines are not rows
    report = run(path, chunk_rows=2500)[0]
    assert report.error is None and report.kind == "penalty"
    assert report.rows_read == 10_000
    assert report.quarantined == 100 and report.written == 9_900
    assert report.written + report.quarantined == report.rows_read
    assert store.read(COUNT_CASES)[0]["n"] == 9_900
    assert store.read(COUNT_PARTIES)[0]["n"] == 9_900
    rows = state.quarantined(limit=1000)
    assert len({r.row for r in rows}) == 100
    reasons = " ".join(r.reason for r in rows)
    for fragment in (
        "wrong check digit",
        "impossible date",
        "wrong column count",
        "not an amount",
        "missing 行政处罚决定书文号",
    ):
        assert fragment in reasons
    assert all(r.raw for r in rows) and all(r.file.endswith("penalties_gbk.csv") for r in rows)
    # the reasons in the summary add up too
    assert sum(report.reasons.values()) == 100


def test_bom_utf8_and_row_numbers(run: Run, state: IngestState, tmp_path: Path) -> None:
    rows = [_row(1), _row(2), _corrupt(3, _row(3), "date"), _row(4)]
    path = synth.write_csv(tmp_path / "bom.csv", HEADER, rows, encoding="utf-8-sig")
    report = run(path)[0]
    assert (report.rows_read, report.written, report.quarantined) == (4, 3, 1)
    (bad,) = state.quarantined()
    assert (bad.row, bad.field, bad.reason) == (4, "处罚决定日期", "impossible date '2024-02-30'")


def test_unreadable_file_is_named_and_others_load(run: Run, store: GraphStore, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip at all")
    unknown = synth.write_csv(tmp_path / "unknown.csv", ["甲", "乙"], [["1", "2"]])
    good = synth.write_csv(tmp_path / "good.csv", HEADER, [_row(1)])
    reports = {Path(r.file).name: r for r in run(broken, unknown, good)}
    assert "XLSX" in (reports["broken.xlsx"].error or "")
    assert "cannot tell the kind" in (reports["unknown.csv"].error or "")
    assert reports["good.csv"].written == 1
    assert store.read(COUNT_CASES)[0]["n"] == 1
