"""Paths, associated risk and neighbourhoods, called directly (no HTTP)."""

from __future__ import annotations

from datetime import date

from api.bench.codes import uscc
from graph.ids import entity_id_for_uscc, make_id
from graph.model import Address, Entity, Link, Person, Phone, Record, Rel
from graph.store import GraphStore
from queries.common import Hops
from queries.paths import (
    CROWDED,
    FANOUT,
    HUB,
    SEARCH_COST,
    associated_risk,
    contact_loads,
    dated_shortest_paths,
    neighbourhood,
    shortest_paths,
    suspected_relations,
)
from tests.queries.graphs import PROV, eid

DAY = date(2026, 1, 1)
ADDR1, ADDR2 = make_id("addr", "某市某路1号"), make_id("addr", "某市某路2号")


def test_shortest_path_through_shared_addresses(graph: GraphStore) -> None:
    [path] = shortest_paths(graph, eid("H"), eid("I"), Hops.FOUR, DAY)
    assert path.length == 4
    assert [n.id for n in path.nodes] == [eid("H"), ADDR1, eid("J"), ADDR2, eid("I")]
    assert [n.kind for n in path.nodes] == ["Entity", "Address", "Entity", "Address", "Entity"]
    assert [n.name for n in path.nodes][1] == "某市某路1号"
    assert [r.type for r in path.rels] == ["LOCATED_AT"] * 4
    assert shortest_paths(graph, eid("H"), eid("I"), Hops.THREE, DAY) == []
    # The bidirectional search (used when every engine shortest path has ended) agrees.
    assert dated_shortest_paths(graph, eid("H"), eid("I"), Hops.FOUR, DAY) == [path]
    assert dated_shortest_paths(graph, eid("H"), eid("I"), Hops.THREE, DAY) == []


def test_paths_follow_dated_relationships(graph: GraphStore) -> None:
    # 李娜 represented G until 2025-07-01 and E from then on: no day on which she joins them.
    for day in (date(2025, 1, 1), DAY):
        assert shortest_paths(graph, eid("E"), eid("G"), Hops.TWO, day) == []
    [before] = shortest_paths(graph, "p:li", eid("G"), Hops.ONE, date(2025, 1, 1))
    assert [n.id for n in before.nodes] == ["p:li", eid("G")]
    assert shortest_paths(graph, "p:li", eid("G"), Hops.ONE, DAY) == []


def test_associated_risk_finds_the_listed_firm_behind_a_shared_representative(graph: GraphStore) -> None:
    # B's own listing was removed in 2025; A, also represented by 王强, is listed.
    [hit] = associated_risk(graph, eid("B"), Hops.TWO, DAY)
    assert hit.subject == eid("A") and hit.lists == ("严重失信主体名单",)
    assert [n.id for n in hit.path.nodes] == [eid("B"), "p:wang", eid("A")]
    assert associated_risk(graph, eid("B"), Hops.ONE, DAY) == []
    # In 2024 B was listed itself, but a subject is never its own risk.
    assert [h.subject for h in associated_risk(graph, eid("B"), Hops.TWO, date(2024, 6, 1))] == [eid("A")]


def test_neighbourhood_pages_and_counts_the_rest(graph: GraphStore) -> None:
    found = neighbourhood(graph, eid("H"), 0, 1, DAY)
    assert found is not None and found.total == 2 and found.more(len(found.paths)) == 1
    [first] = found.paths
    assert first.nodes[0].id == eid("H")
    assert (first.rels[0].type, first.nodes[1].kind, first.nodes[1].name) == (
        "HAS_PHONE",
        "Phone",
        "13800138000",
    )
    rest = neighbourhood(graph, eid("H"), 1, 50, DAY)
    assert rest is not None and [(p.rels[0].type, p.nodes[1].id) for p in rest.paths] == [
        ("LOCATED_AT", ADDR1)
    ]
    assert rest.more(1 + len(rest.paths)) == 0
    # A dated representative is a neighbour only while the role holds.
    earlier, later = (neighbourhood(graph, eid("G"), 0, 50, day) for day in (date(2025, 1, 1), DAY))
    assert earlier is not None and "p:li" in {p.nodes[1].id for p in earlier.paths}
    assert later is not None and "p:li" not in {p.nodes[1].id for p in later.paths}
    assert neighbourhood(graph, "e:none", 0, 50, DAY) is None


def test_the_shortest_path_that_holds_on_the_day_is_found_when_a_shorter_one_ended(store: GraphStore) -> None:
    # X and Y shared a representative until 2025 (2 hops); today they meet only through Z, by an
    # address and by a phone (4 hops each). The search checks dates while it walks, so the
    # ended 2-hop path does not hide the two 4-hop ones.
    codes = {k: uscc(i, region="320000", series="MB") for i, k in enumerate("XYZ")}
    firms = {
        k: Entity(entity_id_for_uscc(c), f"{k}贸易有限公司", f"{k}贸易有限公司", uscc=c)
        for k, c in codes.items()
    }
    old = Person("p:old", "周敏", "周敏", id_hash="h9", masked_id="3201**********1111", verified=True)
    places = [Address(make_id("addr", f"某市某街{i}号"), f"某市某街{i}号") for i in (1, 2)]
    phones = [Phone(make_id("phone", n), n) for n in ("13900000001", "13900000002")]
    x, y, z = (firms[k].id for k in "XYZ")
    links = [
        Link(Rel.LEGAL_REP_OF, old.id, x, {"until": date(2025, 1, 1)}),
        Link(Rel.LEGAL_REP_OF, old.id, y, {"until": date(2025, 1, 1)}),
        Link(Rel.LOCATED_AT, x, places[0].id),
        Link(Rel.LOCATED_AT, z, places[0].id),
        Link(Rel.LOCATED_AT, z, places[1].id),
        Link(Rel.LOCATED_AT, y, places[1].id),
        Link(Rel.HAS_PHONE, x, phones[0].id),
        Link(Rel.HAS_PHONE, z, phones[0].id),
        Link(Rel.HAS_PHONE, z, phones[1].id),
        Link(Rel.HAS_PHONE, y, phones[1].id),
    ]
    nodes = (*firms.values(), old, *places, *phones)
    store.writer().add_all([Record(PROV, nodes, tuple(links))])  # type: ignore[arg-type]

    [before] = shortest_paths(store, x, y, Hops.FOUR, date(2024, 6, 1))
    assert [n.id for n in before.nodes] == [x, "p:old", y]
    assert [(r.type, r.start, r.end) for r in before.rels] == [
        ("LEGAL_REP_OF", "p:old", x),
        ("LEGAL_REP_OF", "p:old", y),
    ]
    assert dated_shortest_paths(store, x, y, Hops.FOUR, date(2024, 6, 1)) == [before]

    today = shortest_paths(store, x, y, Hops.FOUR, DAY)
    # Every shortest path: X to Z by the address or the phone, then Z to Y by either (2 x 2).
    assert sorted([n.id for n in p.nodes] for p in today) == sorted(
        [x, first.id, z, second.id, y]
        for first in (places[0], phones[0])
        for second in (places[1], phones[1])
    )
    assert [n.kind for n in today[0].nodes][0::2] == ["Entity"] * 3
    # Both directions give the same paths, reversed; and nothing within fewer hops.
    back = shortest_paths(store, y, x, Hops.FOUR, DAY)
    assert sorted([n.id for n in p.nodes][::-1] for p in back) == sorted(
        [n.id for n in p.nodes] for p in today
    )
    assert shortest_paths(store, x, y, Hops.THREE, DAY) == []
    assert shortest_paths(store, x, "e:none", Hops.FOUR, DAY) == []


def test_the_search_starts_at_the_cheaper_end_and_paths_still_run_from_source_to_target(
    store: GraphStore,
) -> None:
    # A is one of six subsidiaries of the holding H; B shares only a phone with the subsidiary S1.
    # The engine's search starts at B (the smaller two-step neighbourhood), so its paths come back
    # from B to A and must be turned round; asked the other way, they are not.
    codes = {
        k: uscc(i, region="330000", series="HB")
        for i, k in enumerate(["H", "A", "B", "S1", "S2", "S3", "S4", "S5"])
    }
    firms = {
        k: Entity(entity_id_for_uscc(c), f"{k}实业有限公司", f"{k}实业有限公司", uscc=c)
        for k, c in codes.items()
    }
    phone = Phone(make_id("phone", "13700000001"), "13700000001")
    h, a, b, s1 = (firms[k].id for k in ("H", "A", "B", "S1"))
    links = [
        Link(Rel.SHAREHOLDER_OF, h, firms[k].id, {"ratio": 1.0}) for k in ("A", "S1", "S2", "S3", "S4", "S5")
    ]
    links += [Link(Rel.HAS_PHONE, s1, phone.id), Link(Rel.HAS_PHONE, b, phone.id)]
    store.writer().add_all([Record(PROV, (*firms.values(), phone), tuple(links))])

    cost = {row["id"]: row["cost"] for row in store.read(SEARCH_COST, ids=[a, b], hub=HUB, fanout=FANOUT)}
    assert cost[b] < cost[a]  # so shortest_paths(a, b) searches from b
    [forward] = shortest_paths(store, a, b, Hops.FOUR, DAY)
    assert [n.id for n in forward.nodes] == [a, h, s1, phone.id, b]
    assert [(r.type, r.start, r.end) for r in forward.rels] == [
        ("SHAREHOLDER_OF", h, a),
        ("SHAREHOLDER_OF", h, s1),
        ("HAS_PHONE", s1, phone.id),
        ("HAS_PHONE", b, phone.id),
    ]
    [backward] = shortest_paths(store, b, a, Hops.FOUR, DAY)
    assert backward.nodes == forward.nodes[::-1] and backward.rels == forward.rels[::-1]
    assert dated_shortest_paths(store, a, b, Hops.FOUR, DAY) == [forward]
    assert shortest_paths(store, a, b, Hops.THREE, DAY) == []


def test_a_crowded_contact_point_is_counted_not_listed(store: GraphStore) -> None:
    # X and Y share a phone and an address; the address fills up with other firms. Up to CROWDED
    # others it is a lead (every firm there is listed); one more and it is a cluster-registration
    # address: counted, left out of 疑似关系, and Y stays a suspect by the phone alone.
    def firm(i: int) -> Entity:
        code = uscc(i, region="440000", series="CR")
        name = f"集中登记样本{i}号有限公司"
        return Entity(entity_id_for_uscc(code), name, name, uscc=code)

    x, y, *fillers = [firm(i) for i in range(CROWDED + 2)]
    hub = Address(make_id("addr", "某市某路99号商务中心"), "某市某路99号商务中心")
    phone = Phone(make_id("phone", "13600000009"), "13600000009")
    links = [Link(Rel.LOCATED_AT, f.id, hub.id) for f in (x, y, *fillers[:-1])]
    links += [Link(Rel.HAS_PHONE, x.id, phone.id), Link(Rel.HAS_PHONE, y.id, phone.id)]
    store.writer().add_all([Record(PROV, (x, y, *fillers, hub, phone), tuple(links))])

    loads = {c.id: (c.firms, c.crowded) for c in contact_loads(store, x.id, DAY)}
    assert loads == {hub.id: (CROWDED, False), phone.id: (1, False)}
    before = suspected_relations(store, x.id, DAY, limit=100)
    assert len(before) == CROWDED and before[0].entity.id == y.id
    assert [s.type for s in before[0].shared] == ["HAS_PHONE", "LOCATED_AT"]

    store.writer().add_all([Record(PROV, (), (Link(Rel.LOCATED_AT, fillers[-1].id, hub.id),))])
    loads = {c.id: (c.firms, c.crowded) for c in contact_loads(store, x.id, DAY)}
    assert loads == {hub.id: (CROWDED + 1, True), phone.id: (1, False)}
    [after] = suspected_relations(store, x.id, DAY, limit=100)
    assert after.entity.id == y.id
    assert [(s.type, s.value) for s in after.shared] == [("HAS_PHONE", "13600000009")]
