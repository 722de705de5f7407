"""List polarity (formats.md §4) and 有效期至, on the real ingest path: explicit 名单类别 wins, then the
list catalogue, else quarantine; a red listing never makes a "linking black-listed firms" rep."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graph.cypher import statement
from graph.store import GraphStore
from ingest.catalogue import CatalogueError, ListCatalogue
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState
from queries.bidders import run_bidder_check
from queries.common import Page
from queries.linking import linking_reps
from tests.conftest import SECRET, Run
from tests.ingest import synth

A, B, C = synth.uscc(701), synth.uscc(702), synth.uscc(703)
REP_ID = synth.id_no(71)
LIST_HEADER = ["名单名称", "名单类别", "主体名称", "统一社会信用代码", "认定部门", "列入日期", "有效期至"]
LISTINGS = statement(
    "MATCH (s:Entity)-[:LISTED_IN]->(l:Listing) "
    "RETURN s.uscc AS uscc, l.list_name AS list, l.polarity AS polarity, l.polarity_basis AS basis, "
    "l.valid_until AS valid_until ORDER BY uscc, list"
)


def _registry(tmp_path: Path) -> Path:
    """A and B share one legal representative, identified by a full ID number."""
    header = ["统一社会信用代码", "企业名称", "企业类型", "法定代表人", "法定代表人证件号码", "成立日期"]
    rows = [
        [A, "甲示例工程有限公司", "有限责任公司", "王强", REP_ID, "2015-01-01"],
        [B, "乙示例工程有限公司", "有限责任公司", "王强", REP_ID, "2016-01-01"],
    ]
    return synth.write_csv(tmp_path / "registry_basic.csv", header, rows)


def _lists(tmp_path: Path, rows: list[list[object]], name: str = "lists.csv") -> Path:
    return synth.write_csv(tmp_path / name, LIST_HEADER, rows)


def test_explicit_then_catalogue_else_quarantine(
    run: Run, store: GraphStore, state: IngestState, tmp_path: Path
) -> None:
    path = _lists(
        tmp_path,
        [
            [
                "某县诚信经营榜",
                "红名单",
                "甲",
                A,
                "某县市场监督管理局",
                "2024-01-01",
                "",
            ],  # unknown list, explicit
            ["守信激励对象名单", "", "乙", B, "某市发展和改革委员会", "2024-01-01", ""],  # catalogue: red
            ["严重失信主体名单", "", "丙", C, "某市市场监督管理局", "2024-01-01", ""],  # catalogue: black
            [
                "A级纳税人",
                "黑名单",
                "丙",
                C,
                "某市税务局",
                "2024-02-01",
                "",
            ],  # explicit wins over the catalogue
            ["某县重点整治对象", "", "甲", A, "某县人民政府", "2024-01-01", ""],  # unknown and blank
        ],
    )
    [report] = run(path)
    assert (report.written, report.quarantined) == (4, 1)
    found = [(x["uscc"], x["list"], x["polarity"], x["basis"]) for x in store.read(LISTINGS)]
    assert found == [
        (A, "某县诚信经营榜", "red", "名单类别"),
        (B, "守信激励对象名单", "red", "名单目录"),
        (C, "A级纳税人", "black", "名单类别"),
        (C, "严重失信主体名单", "black", "名单目录"),
    ]
    [bad] = state.quarantined()
    assert bad.row == 6 and bad.field == "名单类别"
    assert "名单目录中没有「某县重点整治对象」" in bad.reason
    conflict = state.db.execute("SELECT row, field, reason FROM warnings").fetchall()
    assert [(r, f) for r, f, _ in conflict] == [(5, "名单类别")] and "不一致" in conflict[0][2]


def test_the_operator_extends_the_catalogue(store: GraphStore, state: IngestState, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    entry = {
        "name": "某县重点整治对象",
        "aliases": ["重点整治对象"],
        "polarity": "watch",
        "source": "某县文件",
    }
    (home / "lists.json").write_text(json.dumps({"lists": [entry]}, ensure_ascii=False), encoding="utf-8")
    path = _lists(tmp_path, [["2025年度某县重点整治对象", "", "甲", A, "某县人民政府", "2025-01-01", ""]])
    options = Options(lists=ListCatalogue.load(home))
    [report] = Ingest(store, state, SECRET, options).run([path])
    assert (report.written, report.quarantined) == (1, 0)
    assert [x["polarity"] for x in store.read(LISTINGS)] == ["watch"]
    (home / "lists.json").write_text('{"lists": [{"name": "x", "polarity": "红"}]}', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"lists\.json.*polarity 应为"):
        ListCatalogue.load(home)


def test_a_red_listing_with_a_blank_category_links_no_blacklisted_firms(
    run: Run, store: GraphStore, tmp_path: Path
) -> None:
    red = [
        ["守信激励对象名单", "", n, u, "某市发展和改革委员会", "2024-01-01", ""]
        for n, u in (("甲", A), ("乙", B))
    ]
    run(_registry(tmp_path), _lists(tmp_path, red))
    assert linking_reps(store, 2, date(2025, 1, 1), Page(0, 50)) == ([], 0)
    assert run_bidder_check(store, [A, B], date(2025, 1, 1)).listed == {}
    # The same rows on a black list of the catalogue do link (the check can fail).
    black = [
        ["严重失信主体名单", "", n, u, "某市市场监督管理局", "2024-01-01", ""]
        for n, u in (("甲", A), ("乙", B))
    ]
    run(_lists(tmp_path, black, "black.csv"))
    assert linking_reps(store, 2, date(2025, 1, 1), Page(0, 50))[1] == 1


def test_a_listing_stops_counting_after_its_valid_until(run: Run, store: GraphStore, tmp_path: Path) -> None:
    rows = [
        ["严重失信主体名单", "黑名单", "甲", A, "某市市场监督管理局", "2024-01-01", "2099-12-31"],  # 长期
        ["严重失信主体名单", "黑名单", "乙", B, "某市市场监督管理局", "2024-01-01", "2025-06-30"],
    ]
    run(_registry(tmp_path), _lists(tmp_path, rows))
    assert [x["valid_until"] for x in store.read(LISTINGS)] == [None, date(2025, 6, 30)]
    last_day, day_after = date(2025, 6, 30), date(2025, 7, 1)
    assert linking_reps(store, 2, last_day, Page(0, 50))[1] == 1
    assert linking_reps(store, 2, day_after, Page(0, 50)) == ([], 0)
    on_last_day = run_bidder_check(store, [A, B], last_day)
    after = run_bidder_check(store, [A, B], day_after)
    assert sorted(on_last_day.bidders[i].uscc or "" for i in on_last_day.listed) == [A, B]
    assert [after.bidders[i].uscc for i in after.listed] == [A]
