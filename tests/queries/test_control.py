"""Control chains, common controllers and 实际控制人 in the bidder check and the control queries,
on the real ingest path: registry CSVs written here, ingested, then queried."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph.ids import entity_id_for_uscc
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState
from queries.bidders import PairResult, Verdict, run_bidder_check
from queries.control import ACTUAL, CONTROLLER, Depth, beneficial_owners, controllers, ownership
from tests.conftest import SECRET, Run
from tests.ingest.synth import id_no, uscc, write_csv

DAY = date(2026, 1, 1)
BASIC = [
    "统一社会信用代码",
    "企业名称",
    "企业类型",
    "法定代表人",
    "法定代表人证件号码",
    "实际控制人",
    "实际控制人证件号码",
]
HOLDERS = ["统一社会信用代码", "股东名称", "股东类型", "股东证照号码", "认缴出资额(万元)", "出资比例"]

# Companies by key: USCC and name.
CODE = {k: uscc(8100 + i) for i, k in enumerate("ABCHMGXY")}
NAME = {k: f"{k}控股测试有限公司" for k in CODE}
PERSON_ID = id_no(8101, birth="19750505")


def eid(key: str) -> str:
    return entity_id_for_uscc(CODE[key])


def basic(tmp_path: Path, keys: str, controller: dict[str, tuple[str, str]] | None = None) -> Path:
    rows: list[list[object]] = []
    for k in keys:
        name, code = (controller or {}).get(k, ("", ""))
        rows.append([CODE[k], NAME[k], "有限责任公司", f"代表{k}", "", name, code])
    return write_csv(tmp_path / f"basic-{keys}.csv", BASIC, rows)


def org(holder: str, company: str, ratio: str) -> list[object]:
    return [CODE[company], NAME[holder], "企业法人", CODE[holder], 100, ratio]


def natural(name: str, id_number: str, company: str, ratio: str) -> list[object]:
    return [CODE[company], name, "自然人股东", id_number, 100, ratio]


def holders(tmp_path: Path, rows: list[list[object]], name: str = "holders") -> Path:
    return write_csv(tmp_path / f"{name}.csv", HOLDERS, rows)


def load(run: Run, *paths: Path) -> None:
    reports = run(*paths)
    assert all(r.quarantined == 0 and not r.error for r in reports), reports


def only_pair(store: GraphStore, keys: str, day: date = DAY) -> PairResult | None:
    result = run_bidder_check(store, [CODE[k] for k in keys], day)
    assert len(result.pairs) <= 1
    return result.pairs[0] if result.pairs else None


def test_a_two_step_chain_is_control_with_the_middle_company_named(
    run: Run, store: GraphStore, tmp_path: Path
) -> None:
    load(run, basic(tmp_path, "AMC"), holders(tmp_path, [org("A", "M", "60%"), org("M", "C", "60%")]))
    pair = only_pair(store, "AC")
    assert pair is not None and pair.verdict is Verdict.BARRED
    [evidence] = pair.evidence
    assert evidence.kind == "holding"
    assert evidence.description == (
        f"控股关系：{NAME['A']} 持有 {NAME['M']} 60.0%，{NAME['M']} 持有 {NAME['C']} 60.0%"
    )
    assert [n.id for n in evidence.path.nodes] == [eid("A"), eid("M"), eid("C")]
    assert "第三十四条" in pair.legal_basis and "仅及于直接控股" in pair.legal_basis

    [top] = controllers(store, eid("C"), DAY)
    assert (top.subject.id, top.kind, top.effective_share) == (eid("A"), ACTUAL, 0.36)
    assert [n.id for n in top.path.nodes] == [eid("A"), eid("M"), eid("C")]
    [direct] = controllers(store, eid("M"), DAY)
    assert (direct.subject.id, direct.kind, direct.effective_share) == (eid("A"), CONTROLLER, 0.6)


def test_a_person_controlling_through_a_holding_company_is_a_common_controller(
    run: Run, store: GraphStore, tmp_path: Path
) -> None:
    rows = [
        natural("赵控", PERSON_ID, "A", "80%"),
        natural("赵控", PERSON_ID, "H", "100%"),
        org("H", "B", "100%"),
    ]
    load(run, basic(tmp_path, "ABH"), holders(tmp_path, rows))
    pair = only_pair(store, "AB")
    assert pair is not None and pair.verdict is Verdict.SUSPECTED
    common = [e for e in pair.evidence if e.kind == "common_controller"]
    assert [e.via for e in common] == ["赵控"]
    assert NAME["H"] in common[0].description and NAME["A"] in common[0].description
    ids = [n.id for n in common[0].path.nodes]
    assert ids[0] == eid("A") and ids[-1] == eid("B") and eid("H") in ids
    assert "赵控" in [n.name for n in common[0].path.nodes]
    # The same person is not listed again as a mere shareholder of both.
    assert all(e.kind != "shared_person" for e in pair.evidence)

    [owner] = beneficial_owners(store, eid("B"), DAY)
    assert (owner.person.name, owner.effective_share, owner.controls) == ("赵控", 1.0, True)


def test_actual_controller_columns_build_the_relationship_and_the_verdict(
    run: Run, store: GraphStore, tmp_path: Path
) -> None:
    declared = {
        "A": ("钱实控", PERSON_ID),
        "B": ("钱实控", PERSON_ID),
        "X": (NAME["G"], CODE["G"]),  # an organisation, by its USCC
    }
    load(run, basic(tmp_path, "ABGX", declared))
    same = only_pair(store, "AB")
    assert same is not None and same.verdict is Verdict.SUSPECTED
    assert [(e.kind, e.via) for e in same.evidence if e.kind == "common_controller"] == [
        ("common_controller", "钱实控")
    ]
    between = only_pair(store, "GX")
    assert between is not None and between.verdict is Verdict.BARRED
    assert [e.description for e in between.evidence] == [
        f"实际控制关系：{NAME['G']} 为 {NAME['X']} 的实际控制人"
    ]

    [declared_controller] = controllers(store, eid("X"), DAY)
    assert (declared_controller.subject.id, declared_controller.kind, declared_controller.declared) == (
        eid("G"),
        ACTUAL,
        True,
    )
    [person] = controllers(store, eid("A"), DAY)
    assert person.subject.name == "钱实控" and "Person" in person.subject.labels


def test_exactly_half_is_not_control(run: Run, store: GraphStore, tmp_path: Path) -> None:
    rows = [org("A", "B", "50%"), org("H", "B", "50%"), org("H", "C", "50%"), org("A", "C", "50%")]
    load(run, basic(tmp_path, "ABCH"), holders(tmp_path, rows))
    half = only_pair(store, "AB")
    assert half is not None and half.verdict is not Verdict.BARRED
    assert all(e.kind not in ("holding", "common_controller") for e in half.evidence)
    assert controllers(store, eid("B"), DAY) == []
    # Two companies held half each by the same two holders: no common controller either.
    sisters = only_pair(store, "BC")
    assert sisters is not None and sisters.verdict is not Verdict.BARRED
    assert all(e.kind != "common_controller" for e in sisters.evidence)


def test_sister_companies_are_suspected_not_barred(run: Run, store: GraphStore, tmp_path: Path) -> None:
    load(run, basic(tmp_path, "ABH"), holders(tmp_path, [org("H", "A", "60%"), org("H", "B", "60%")]))
    sisters = only_pair(store, "AB")
    assert sisters is not None and sisters.verdict is Verdict.SUSPECTED
    [common] = [e for e in sisters.evidence if e.kind == "common_controller"]
    assert common.via == NAME["H"]
    assert common.description == (
        f"同一控制人：{NAME['H']}（{NAME['H']} 持有 {NAME['A']} 60.0%；{NAME['H']} 持有 {NAME['B']} 60.0%）"
    )
    assert [n.id for n in common.path.nodes] == [eid("A"), eid("H"), eid("B")]
    assert "第三十四条" in sisters.legal_basis and "投标人之间" in sisters.legal_basis
    # The parent bidding with one of them is barred.
    parent = only_pair(store, "AH")
    assert parent is not None and parent.verdict is Verdict.BARRED


def test_a_holding_ended_before_the_tender_date_does_not_count(store: GraphStore, tmp_path: Path) -> None:
    def snapshot(path: Path, day: date) -> None:
        state = IngestState(tmp_path / f"state-{day}.sqlite")
        reports = Ingest(store, state, SECRET, Options(snapshot=day)).run([path])
        state.close()
        assert all(r.quarantined == 0 and not r.error for r in reports), reports

    snapshot(basic(tmp_path, "ABMY"), date(2025, 1, 1))
    first = holders(tmp_path, [org("A", "M", "60%"), org("M", "B", "70%")], "holders-2025-01")
    second = holders(tmp_path, [org("A", "M", "60%"), org("Y", "B", "70%")], "holders-2025-09")
    snapshot(first, date(2025, 1, 1))
    snapshot(second, date(2025, 9, 1))

    before = only_pair(store, "AB", date(2025, 6, 30))
    assert before is not None and before.verdict is Verdict.BARRED
    after = only_pair(store, "AB", date(2025, 10, 1))
    assert after is None or after.verdict is not Verdict.BARRED
    assert [c.subject.id for c in controllers(store, eid("B"), date(2025, 10, 1))] == [eid("Y")]
    assert [c.subject.id for c in controllers(store, eid("B"), date(2025, 6, 30))] == [eid("A")]


def test_a_cross_holding_cycle_terminates(run: Run, store: GraphStore, tmp_path: Path) -> None:
    rows = [org("A", "B", "60%"), org("B", "A", "60%"), org("B", "C", "60%"), org("C", "A", "30%")]
    load(run, basic(tmp_path, "ABC"), holders(tmp_path, rows))
    result = run_bidder_check(store, [CODE[k] for k in "ABC"], DAY)
    assert {frozenset((p.a, p.b)): p.verdict for p in result.pairs} == {
        frozenset((eid("A"), eid("B"))): Verdict.BARRED,
        frozenset((eid("B"), eid("C"))): Verdict.BARRED,
        frozenset((eid("A"), eid("C"))): Verdict.BARRED,
    }
    found = controllers(store, eid("C"), DAY)
    assert found and all(len({n.id for n in c.path.nodes}) == len(c.path.nodes) for c in found)
    tree = ownership(store, eid("A"), Depth.TEN, DAY)
    assert tree is not None and not tree.truncated
    assert {n.subject.id for n in tree.up} == {eid("B"), eid("C")}
    assert {n.subject.id for n in tree.down} == {eid("B")}
