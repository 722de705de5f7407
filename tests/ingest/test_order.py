"""One run is order-independent: registry first, rows waiting for a company retried at the end.

A shareholder and an officer of a company that first appears in a 双公示 file (loaded after the
registry tables) used to be quarantined and load only on the next run, so a second run of the same
folder changed the graph. Now they load in the first run, and any order of the files, one run or
two, gives the same graph.
"""

from __future__ import annotations

from pathlib import Path

from graph.store import GraphStore
from ingest.quarantine import IngestState
from tests.conftest import Run
from tests.ingest import synth
from tests.ingest.test_corrupt import HEADER
from tests.ingest.test_resume import dump

A, B, C = synth.uscc(101), synth.uscc(102), synth.uscc(103)
BASIC = [
    "统一社会信用代码",
    "企业名称",
    "企业类型",
    "法定代表人",
    "成立日期",
    "注册资本(万元)",
    "登记状态",
    "登记机关",
]
HOLDERS = ["统一社会信用代码", "股东名称", "股东类型", "股东证照号码", "认缴出资额(万元)", "出资比例"]
PEOPLE = ["统一社会信用代码", "姓名", "职务", "证件号码"]


def _folder(root: Path) -> list[Path]:
    root.mkdir()
    authority = "郑州市市场监督管理局"
    return [
        synth.write_csv(
            root / "a_basic.csv",
            BASIC,
            [[A, "甲有限公司", "有限责任公司", "王五", "2010-01-02", "500", "存续", authority]],
        ),
        synth.write_csv(
            root / "b_holders.csv",
            HOLDERS,
            [
                [A, "王五", "自然人股东", "", "200", "40%"],
                [B, "甲有限公司", "企业法人", A, "300", "60%"],  # B first appears in the 双公示 file
                [C, "赵八", "自然人股东", "", "100", "100%"],  # C appears nowhere: stays quarantined
            ],
        ),
        synth.write_csv(
            root / "c_people.csv", PEOPLE, [[B, "孙七", "监事", ""], [A, "王五", "执行董事", ""]]
        ),
        synth.write_csv(
            root / "d_penalties.csv",
            HEADER,
            [
                [
                    "乙有限公司",
                    "法人及非法人组织",
                    B,
                    "",
                    "豫罚〔2024〕1号",
                    "罚款",
                    "1.5",
                    "2024-01-02",
                    authority,
                ],
                [
                    "甲有限公司",
                    "法人及非法人组织",
                    A,
                    "",
                    "豫罚〔2024〕2号",
                    "罚款",
                    "0.5",
                    "2024-01-03",
                    authority,
                ],
            ],
        ),
    ]


def test_two_orders_two_runs_same_graph_as_one_run(
    run: Run, store: GraphStore, state: IngestState, tmp_path: Path
) -> None:
    files = _folder(tmp_path / "in")
    reports = {Path(r.file).name: r for r in run(*files)}
    assert [r.kind for r in reports.values()] == [
        "registry-basic",
        "registry-shareholders",
        "registry-people",
        "penalty",
    ]
    holders, people = reports["b_holders.csv"], reports["c_people.csv"]
    assert (holders.written, holders.quarantined, holders.retried) == (2, 1, 1)
    assert (people.written, people.quarantined, people.retried) == (2, 0, 1)
    assert all(r.accounting.endswith("✓") for r in reports.values())
    (left,) = state.quarantined()
    assert (left.row, left.reason) == (4, "company not in the graph: load its 企业基本信息 first")
    once, once_dump = store.counts(), dump(store)

    run(*files)  # the same folder again: nothing changes
    assert store.counts() == once
    assert dump(store) == once_dump

    store.delete_all()
    run(*reversed(files))  # another order, one run
    assert store.counts() == once
    assert dump(store) == once_dump

    store.delete_all()
    run(tmp_path / "in")  # the folder itself
    assert store.counts() == once
    assert dump(store) == once_dump
    assert len(state.quarantined()) == 1


def test_order_within_a_kind_does_not_matter(run: Run, store: GraphStore, tmp_path: Path) -> None:
    files = _folder(tmp_path / "in")
    extra = synth.write_csv(
        tmp_path / "in" / "e_basic.csv",
        BASIC,
        [[B, "乙有限公司", "有限责任公司", "孙七", "2012-03-04", "100", "存续", "郑州市市场监督管理局"]],
    )
    first = run(extra, *files)
    assert [Path(r.file).name for r in first][:2] == ["a_basic.csv", "e_basic.csv"]
    assert all(r.retried == 0 for r in first)  # B's basic info came first: nothing had to wait
    counts, graph = store.counts(), dump(store)
    store.delete_all()
    run(*files, extra)
    assert store.counts() == counts
    assert dump(store) == graph
