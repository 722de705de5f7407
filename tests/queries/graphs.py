"""A small association graph built from model records: every bidder-check verdict, a homonym,
a removed listing, a dated legal-representative change. Shared by the query and API tests."""

from __future__ import annotations

from datetime import date

from api.bench.codes import uscc
from graph.ids import entity_id_for_uscc, make_id, person_id_scoped
from graph.model import (
    Address,
    Bid,
    Entity,
    Identifier,
    Link,
    Listing,
    Person,
    Phone,
    Provenance,
    Record,
    Rel,
    Tender,
)
from graph.store import GraphStore

PROV = Provenance("fixture", "graphs.py", "tests/1", date(2026, 1, 1))


# Bidders A..H (and I, J): valid codes (the API refuses one that fails its check digit).
USCC = {k: uscc(i, region="110000", series="MA") for i, k in enumerate("ABCDEFGHIJ")}
NAMES = {k: f"{k}建设有限公司" for k in USCC}


def eid(key: str) -> str:
    return entity_id_for_uscc(USCC[key])


def build(store: GraphStore) -> None:
    nodes: list[object] = [Entity(eid(k), NAMES[k], NAMES[k], uscc=USCC[k]) for k in USCC]
    links: list[Link] = []
    # A and B: same legal representative (full ID) -> BARRED.
    wang = Person("p:wang", "王强", "王强", id_hash="h1", masked_id="4101**********1234", verified=True)
    nodes.append(wang)
    links += [Link(Rel.LEGAL_REP_OF, wang.id, eid("A")), Link(Rel.LEGAL_REP_OF, wang.id, eid("B"))]
    # C holds 60 % of D -> BARRED.
    links.append(Link(Rel.SHAREHOLDER_OF, eid("C"), eid("D"), {"ratio": 0.6}))
    # E and F: bids made on one machine -> DEEMED_COLLUSION.
    tender = Tender(make_id("tender", "T-1"), "T-1", "1")
    code = Identifier(make_id("ident", "machine_code", "MC-9"), "machine_code", "MC-9")
    nodes += [tender, code]
    for k in "EF":
        bid = Bid(make_id("bid", "T-1", USCC[k]))
        nodes.append(bid)
        links += [
            Link(Rel.SUBMITTED, eid(k), bid.id),
            Link(Rel.BID_FOR, bid.id, tender.id),
            Link(Rel.USED, bid.id, code.id),
        ]
    # G and H share a phone -> SUSPECTED.
    phone = Phone(make_id("phone", "13800138000"), "13800138000")
    nodes.append(phone)
    links += [Link(Rel.HAS_PHONE, eid("G"), phone.id), Link(Rel.HAS_PHONE, eid("H"), phone.id)]
    # H and I: connected through an address shared with a third firm J -> CONNECTED (2 hops via J).
    addr = Address(make_id("addr", "某市某路1号"), "某市某路1号")
    addr2 = Address(make_id("addr", "某市某路2号"), "某市某路2号")
    nodes += [addr, addr2]
    links += [
        Link(Rel.LOCATED_AT, eid("H"), addr.id),
        Link(Rel.LOCATED_AT, eid("J"), addr.id),
        Link(Rel.LOCATED_AT, eid("J"), addr2.id),
        Link(Rel.LOCATED_AT, eid("I"), addr2.id),
    ]
    # Listings: A black-listed in effect; B removed in 2025; J listed until 2026-06-01.
    for key, listed_on, removed_on in (
        ("A", date(2024, 1, 1), None),
        ("B", date(2023, 1, 1), date(2025, 1, 1)),
    ):
        listing = Listing(
            make_id("listing", "严重失信主体名单", USCC[key]),
            "严重失信主体名单",
            "black",
            listed_on=listed_on,
            removed_on=removed_on,
            reason="测试",
        )
        nodes.append(listing)
        links.append(Link(Rel.LISTED_IN, eid(key), listing.id))
    # Homonyms: two 张伟 without ID, each legal rep of one listed firm (C, D listed) -> never linked.
    for key in "CD":
        person = Person(person_id_scoped("张伟", f"registry:{USCC[key]}"), "张伟", "张伟", scope=USCC[key])
        listing = Listing(
            make_id("listing", "失信被执行人", USCC[key]), "失信被执行人", "black", listed_on=date(2024, 5, 1)
        )
        nodes += [person, listing]
        links += [Link(Rel.LEGAL_REP_OF, person.id, eid(key)), Link(Rel.LISTED_IN, eid(key), listing.id)]
    # A dated change: 李娜 represented G until 2025-06-30, and E from 2025-07-01 on.
    li = Person("p:li", "李娜", "李娜", id_hash="h2", masked_id="1101**********2345", verified=True)
    nodes.append(li)
    links += [
        Link(Rel.LEGAL_REP_OF, li.id, eid("G"), {"until": date(2025, 7, 1)}),
        Link(Rel.LEGAL_REP_OF, li.id, eid("E"), {"since": date(2025, 7, 1)}),
    ]
    store.writer().add_all([Record(PROV, tuple(nodes), tuple(links))])  # type: ignore[arg-type]
