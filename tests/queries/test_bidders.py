"""The bidder check called directly (no HTTP): every verdict, its evidence and path, dated roles."""

from __future__ import annotations

from datetime import date

from api.bench.codes import uscc
from graph.ids import entity_id_for_uscc, make_id
from graph.model import Address, Entity, Link, Record, Rel
from graph.store import GraphStore
from queries.bidders import DISCLAIMER, BidderCheckResult, PairResult, Verdict, run_bidder_check
from queries.common import Hops
from queries.paths import CROWDED
from tests.queries.graphs import NAMES, PROV, USCC, eid

DAY = date(2026, 1, 1)


def by_pair(result: BidderCheckResult) -> dict[frozenset[str], PairResult]:
    return {frozenset((p.a, p.b)): p for p in result.pairs}


def pair(*keys: str) -> frozenset[str]:
    return frozenset(eid(k) for k in keys)


def test_every_verdict_with_its_evidence_and_path(graph: GraphStore) -> None:
    result = run_bidder_check(graph, [USCC[k] for k in "ABCDEFGHI"] + ["91000000000000000X"], DAY)
    pairs = by_pair(result)
    assert {k: p.verdict for k, p in pairs.items()} == {
        pair("A", "B"): Verdict.BARRED,
        pair("C", "D"): Verdict.BARRED,
        pair("E", "F"): Verdict.DEEMED_COLLUSION,
        pair("G", "H"): Verdict.SUSPECTED,
        pair("H", "I"): Verdict.CONNECTED,
    }
    # Strongest first, then by the pair's ids.
    assert [p.verdict for p in result.pairs] == sorted(
        (p.verdict for p in result.pairs), key=lambda v: v.value
    )

    same_rep = pairs[pair("A", "B")]
    assert [(e.kind, e.via) for e in same_rep.evidence] == [("same_legal_rep", "王强")]
    assert [n.id for n in same_rep.evidence[0].path.nodes] == [eid("A"), "p:wang", eid("B")]
    assert [r.type for r in same_rep.evidence[0].path.rels] == ["LEGAL_REP_OF", "LEGAL_REP_OF"]
    assert "第三十四条" in same_rep.legal_basis

    holding = pairs[pair("C", "D")].evidence
    assert [e.kind for e in holding] == ["holding"]
    assert holding[0].description == f"控股关系：{NAMES['C']} 持有 {NAMES['D']} 60.0%"
    assert holding[0].path.rels[0].ratio == 0.6

    machine = pairs[pair("E", "F")].evidence
    assert [(e.kind, e.via) for e in machine] == [("machine_code", "MC-9")]
    assert [n.kind for n in machine[0].path.nodes] == ["Entity", "Bid", "Identifier", "Bid", "Entity"]
    assert "第四十条" in pairs[pair("E", "F")].legal_basis

    phone = pairs[pair("G", "H")].evidence
    assert [(e.kind, e.description) for e in phone] == [("HAS_PHONE", "联系电话相同：13800138000")]

    connected = pairs[pair("H", "I")].evidence
    assert [e.kind for e in connected] == ["path"] and connected[0].path.length == 4
    assert connected[0].description == "4 步关联"
    # The search may start at either end (the cheaper one); the path runs from the pair's first.
    assert [connected[0].path.nodes[i].id for i in (0, -1)] == sorted(pair("H", "I"))

    assert result.unknown == ["91000000000000000X"]
    assert result.bidders[eid("A")].name == NAMES["A"] and result.bidders[eid("A")].uscc == USCC["A"]
    listed = {k: [x.list_name for x in v] for k, v in result.listed.items()}
    assert listed == {eid("A"): ["严重失信主体名单"], eid("C"): ["失信被执行人"], eid("D"): ["失信被执行人"]}
    assert result.disclaimer == DISCLAIMER and result.as_of == DAY


def test_max_hops_bounds_the_connected_search(graph: GraphStore) -> None:
    near = run_bidder_check(graph, [USCC["H"], USCC["I"]], DAY, Hops.FOUR)
    far = run_bidder_check(graph, [USCC["H"], USCC["I"]], DAY, Hops.THREE)
    assert [p.verdict for p in near.pairs] == [Verdict.CONNECTED]
    assert far.pairs == []


def test_bid_artefacts_count_only_within_the_named_tender(graph: GraphStore) -> None:
    same = run_bidder_check(graph, [USCC["E"], USCC["F"]], DAY, tender=make_id("tender", "T-1"))
    other = run_bidder_check(graph, [USCC["E"], USCC["F"]], DAY, tender=make_id("tender", "T-2"))
    assert [p.verdict for p in same.pairs] == [Verdict.DEEMED_COLLUSION]
    # Outside tender T-1 the shared machine code is no bid evidence, only an association path.
    assert [(p.verdict, [e.kind for e in p.evidence]) for p in other.pairs] == [(Verdict.CONNECTED, ["path"])]


def test_dated_roles_and_listings_follow_the_as_of_date(graph: GraphStore) -> None:
    # 李娜 represented G until 2025-07-01 and E from then on: never both at once.
    for day in (date(2025, 1, 1), DAY):
        assert run_bidder_check(graph, [USCC["E"], USCC["G"]], day).pairs == []
    # B's listing counted until its removal in 2025.
    before = run_bidder_check(graph, [USCC["A"], USCC["B"]], date(2024, 6, 1))
    after = run_bidder_check(graph, [USCC["A"], USCC["B"]], DAY)
    assert set(before.listed) == {eid("A"), eid("B")}
    assert set(after.listed) == {eid("A")}
    assert [p.verdict for p in before.pairs] == [p.verdict for p in after.pairs] == [Verdict.BARRED]


def test_a_shared_cluster_registration_address_says_how_many_firms_use_it(store: GraphStore) -> None:
    # Two bidders at one address: evidence either way, but when more than CROWDED other firms are
    # registered there too, the description says so (a business-secretary address is a weak lead).
    codes = [uscc(i, region="440000", series="CB") for i in range(CROWDED + 3)]
    firms = [
        Entity(entity_id_for_uscc(c), f"样本{i}号有限公司", f"样本{i}号有限公司", uscc=c)
        for i, c in enumerate(codes)
    ]
    hub = Address(make_id("addr", "某市某路88号商务中心"), "某市某路88号商务中心")
    store.writer().add_all(
        [Record(PROV, (*firms[:2], hub), tuple(Link(Rel.LOCATED_AT, f.id, hub.id) for f in firms[:2]))]
    )
    [few] = run_bidder_check(store, codes[:2], DAY).pairs
    assert [e.description for e in few.evidence] == ["住所相同：某市某路88号商务中心"]

    links = tuple(Link(Rel.LOCATED_AT, f.id, hub.id) for f in firms[2:])
    store.writer().add_all([Record(PROV, tuple(firms[2:]), links)])
    [crowded] = run_bidder_check(store, codes[:2], DAY).pairs
    assert crowded.verdict is Verdict.SUSPECTED
    assert [e.description for e in crowded.evidence] == [
        f"住所相同：某市某路88号商务中心（该住所共登记 {CROWDED + 3} 家企业，"
        "可能为集中登记地或商务秘书地址，关联意义有限）"
    ]


def test_a_shared_address_counts_only_while_both_bidders_are_there(store: GraphStore) -> None:
    # P moved out of the address Q still uses (its LOCATED_AT ended on 2025-06-01).
    codes = [uscc(i, region="440000", series="DT") for i in range(2)]
    p, q = (Entity(entity_id_for_uscc(c), f"迁址样本{i}号有限公司", f"迁址样本{i}号有限公司", uscc=c)
            for i, c in enumerate(codes))  # fmt: skip
    place = Address(make_id("addr", "某市某路7号"), "某市某路7号")
    links = (
        Link(Rel.LOCATED_AT, p.id, place.id, {"until": date(2025, 6, 1)}),
        Link(Rel.LOCATED_AT, q.id, place.id),
    )
    store.writer().add_all([Record(PROV, (p, q, place), links)])
    [then] = run_bidder_check(store, codes, date(2025, 1, 1)).pairs
    assert [e.description for e in then.evidence] == ["住所相同：某市某路7号"]
    assert run_bidder_check(store, codes, DAY).pairs == []
