"""Lossless reading: a line that does not decode or parse is quarantined alone, its neighbours load.

A UTF-8 file of 10,000 rows with 1 % broken lines (binary garbage, GBK lines, unclosed quotes,
short and long rows, bad codes and dates): every valid row is a Case in the graph, every broken
line is in the quarantine under its line number, and rows + continuation lines = data lines.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from graph.store import GraphStore
from ingest.quarantine import IngestState
from tests.conftest import Run
from tests.ingest import synth
from tests.ingest.test_corrupt import COUNT_CASES, HEADER, _row

BROKEN = ["garbage", "gbk", "quote", "quote_last", "short", "long", "uscc", "date"]
REASON = {
    "garbage": "无法按UTF-8解码",
    "gbk": "无法按UTF-8解码",
    "quote": "引号未闭合",
    "quote_last": "引号未闭合",
    "short": "列数不符",
    "long": "列数不符",
    "uscc": "wrong check digit",
    "date": "impossible date",
}


def _line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(cells)
    return out.getvalue()


def _broken(i: int, kind: str) -> bytes:
    row = _row(i)
    if kind == "garbage":
        return b"\xff\xfe\x00\x9c\x81garbage\xc3(\xa0\xa1" + bytes(range(0x80, 0x90)) + b"\r\n"
    if kind == "gbk":
        return _line(row).encode("gbk")
    if kind == "quote":  # a field opened with " and never closed
        return _line(row).replace(row[0], '"' + row[0], 1).encode()
    if kind == "quote_last":  # the same in the last column: the cell count alone would not show it
        return _line(row).replace(",郑州市市场监督管理局", ',"郑州市市场监督管理局').encode()
    if kind == "short":
        return _line(row[:5]).encode()
    if kind == "long":
        return _line([*row, "多余", "两列"]).encode()
    if kind == "uscc":
        return _line([f"公司{i}", "法人及非法人组织", synth.bad_check(synth.uscc(i)), "", *row[4:]]).encode()
    row[7] = "2024-02-30"
    return _line(row).encode()


def write_corrupted(path: Path, rows: int) -> dict[int, str]:
    """The file, and the line number → kind of every broken line (the header is line 1)."""
    bad: dict[int, str] = {}
    with path.open("wb") as handle:
        handle.write(_line(HEADER).encode())
        line = 1
        for i in range(1, rows + 1):
            line += 1
            if i % 100 == 50:
                kind = BROKEN[(i // 100) % len(BROKEN)]
                handle.write(_broken(i, kind))
                bad[line] = kind
                continue
            handle.write(_line(_row(i)).encode())
    return bad


def test_ten_thousand_utf8_rows_one_percent_broken_lines(
    run: Run, store: GraphStore, state: IngestState, tmp_path: Path
) -> None:
    path = tmp_path / "penalties_utf8.csv"
    bad = write_corrupted(path, 10_000)
    assert len(bad) == 100 and set(Counter(bad.values())) == set(BROKEN)
    (report,) = run(path, chunk_rows=2500)
    assert report.error is None and report.kind == "penalty"
    assert report.lines == 10_000 and report.continued == 0
    assert (report.rows_read, report.written, report.quarantined) == (10_000, 9_900, 100)
    assert report.accounting.endswith("✓")
    assert store.read(COUNT_CASES)[0]["n"] == 9_900  # every valid row loaded
    quarantined = state.quarantined(limit=10_000)
    by_line = {q.row: q for q in quarantined}
    assert set(by_line) == set(bad)  # every broken line, under its own line number
    for line, kind in bad.items():
        assert REASON[kind] in by_line[line].reason, (line, kind, by_line[line].reason)
    decoded = [by_line[n] for n, k in bad.items() if k in ("garbage", "gbk")]
    assert all(q.reason.startswith(f"第{q.row}行无法按UTF-8解码") and q.raw for q in decoded)
    assert sum(report.reasons.values()) == 100


def test_multi_line_field_kept_unclosed_quote_alone_quarantined(
    run: Run, store: GraphStore, state: IngestState, tmp_path: Path
) -> None:
    header = [*HEADER, "违法事实"]
    text = '第一段，含逗号,和引号"原文"\n第二段\n第三段'
    lines = [
        _line([*_row(1), text]),  # lines 2-4: one row over three lines
        _line([*_row(2), "短"]),  # line 5
        _line([*_row(3), "短"]).replace(",短", ',"短', 1),  # line 6: unclosed in the last column
        _line([*_row(4), "短"]),  # line 7
        "\r\n",  # line 8: blank
        _line([*_row(5), "短"]).replace("公司5", '"公司5', 1),  # line 9: unclosed, runs to the end
        _line([*_row(6), "短"]),  # line 10
    ]
    path = tmp_path / "facts.csv"
    path.write_text(_line(header) + "".join(lines), encoding="utf-8", newline="")
    (report,) = run(path)
    assert report.error is None
    assert (report.lines, report.continued) == (8, 2)
    assert (report.written, report.quarantined) == (4, 2)
    assert report.accounting.endswith("✓")
    assert [(q.row, "引号未闭合" in q.reason) for q in state.quarantined()] == [(6, True), (9, True)]
    assert store.read(COUNT_CASES)[0]["n"] == 4


def test_json_lines_bad_bytes_line_quarantined(
    run: Run, store: GraphStore, state: IngestState, tmp_path: Path
) -> None:
    path = synth.write_json(tmp_path / "p.jsonl", HEADER, [_row(i) for i in range(1, 5)], lines=True)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[1] = "中文".encode("gbk") + b"\n"
    path.write_bytes(b"".join(lines))
    (report,) = run(path)
    assert (report.written, report.quarantined, report.lines) == (3, 1, 4)
    ((q),) = state.quarantined()
    assert q.row == 2 and q.reason.startswith("第2行无法按UTF-8解码")
    assert store.read(COUNT_CASES)[0]["n"] == 3


@pytest.mark.slow  # a `credit-graph ingest` process of its own
def test_cli_summary_accounts_every_line(
    store: GraphStore, env_for_cli: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "penalties_cli.csv"
    bad = write_corrupted(path, 1_000)
    env = {**env_for_cli, "CREDIT_GRAPH_ID_KEY": "k", "COLUMNS": "400"}
    command = [str(Path(sys.executable).parent / "credit-graph"), "ingest", str(path)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert f"数据行1000 = 写入{1000 - len(bad)} + 隔离{len(bad)} + 续行0 ✓" in done.stdout
    assert "第N行无法按UTF-8解码" in done.stdout  # the reason, counted without its line number
    assert store.read(COUNT_CASES)[0]["n"] == 1000 - len(bad)
