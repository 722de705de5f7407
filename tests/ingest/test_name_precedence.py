"""Names have a precedence (issue 14): registry > 双公示 > lists > bids. A lower source never
renames a subject; what it said is kept as an alias with its provenance, in either load order."""

from __future__ import annotations

from pathlib import Path

from graph.cypher import statement
from graph.store import GraphStore
from tests.conftest import Run
from tests.ingest import synth

A = synth.uscc(901)
NAME = statement(
    "MATCH (e:Entity {uscc: $uscc}) RETURN e.name AS name, e.name_norm AS norm, e.name_rank AS rank, "
    "e.aliases AS aliases, e.alias_from AS alias_from",
    uscc="91410102T00000016X",
)


def _registry(tmp_path: Path, name: str = "甲建设工程有限公司") -> Path:
    header = ["统一社会信用代码", "企业名称", "企业类型", "法定代表人", "成立日期"]
    return synth.write_csv(
        tmp_path / "registry_basic.csv", header, [[A, name, "有限责任公司", "王强", "2015-01-01"]]
    )


def _bids(tmp_path: Path) -> Path:
    header = ["项目编号", "标段", "投标人名称", "投标人统一社会信用代码", "联系电话"]
    return synth.write_csv(
        tmp_path / "bids.csv", header, [["ZB-2024-1", "1", "甲建设公司", A, "0371-65550001"]]
    )


def _list(tmp_path: Path) -> Path:
    header = ["名单名称", "名单类别", "主体名称", "统一社会信用代码", "列入日期"]
    return synth.write_csv(
        tmp_path / "lists.csv", header, [["经营异常名录", "", "甲建设(集团)", A, "2024-01-01"]]
    )


def test_a_bid_does_not_rename_a_registry_company(run: Run, store: GraphStore, tmp_path: Path) -> None:
    run(_registry(tmp_path), _bids(tmp_path))
    [found] = store.read(NAME, uscc=A)
    assert found["name"] == "甲建设工程有限公司" and found["rank"] == 40
    assert found["aliases"] == ["甲建设公司"]
    assert found["alias_from"] == ["bids.csv|bids.csv:2|ingest.bids/1"]
    before = store.counts()
    run(_registry(tmp_path), _bids(tmp_path))  # a second run adds nothing
    assert store.counts() == before


def test_a_later_higher_source_renames_and_keeps_the_old_name(
    run: Run, store: GraphStore, tmp_path: Path
) -> None:
    run(_bids(tmp_path))
    run(_list(tmp_path))
    [found] = store.read(NAME, uscc=A)
    assert (found["name"], found["rank"]) == ("甲建设(集团)", 20)
    run(_registry(tmp_path))
    [found] = store.read(NAME, uscc=A)
    assert (found["name"], found["norm"]) == ("甲建设工程有限公司", "甲建设工程有限公司")
    assert found["aliases"] == ["甲建设公司", "甲建设(集团)"]
    assert found["alias_from"] == [
        "bids.csv|bids.csv:2|ingest.bids/1",
        "lists.csv|lists.csv:2|ingest.lists/1",
    ]
    run(_bids(tmp_path))  # a bid seen again: no rename, no second alias
    assert store.read(NAME, uscc=A) == [found]
    # The registry itself may rename (a 名称变更): the old registry name becomes an alias.
    run(_registry(tmp_path, "甲建设集团有限公司"))
    [renamed] = store.read(NAME, uscc=A)
    assert renamed["name"] == "甲建设集团有限公司"
    assert renamed["aliases"][-1] == "甲建设工程有限公司"
    assert renamed["alias_from"][-1] == "registry_basic.csv|registry_basic.csv:2|ingest.registry/1"
