"""Bid rows → Tender, Bid and the artefacts two bids may share (evidence for bidder checks).

bidder Entity -SUBMITTED-> Bid -BID_FOR-> Tender {project_no, lot}; Bid -MANAGED_BY-> Person
(项目负责人), Bid -CONTACT-> Person (联系人, scoped to the row: no ID column), Bid -VIA_AGENT->
Entity (代理机构, by name, unverified), Bid -USED-> Identifier {kind, value}; 联系电话 is a Phone
of the bidder (HAS_PHONE), so two bidders with one number meet at one Phone node.
"""

from __future__ import annotations

from graph.identity import NameRank, entity, person, phones
from graph.ids import make_id, normalise
from graph.model import Bid, Identifier, Link, Node, Record, Rel, Tender
from ingest.fields import Row

LOADER = "ingest.bids/1"
IDENTIFIER_COLUMNS = {
    "deposit_account": "deposit_account",
    "machine_code": "machine_code",
    "file_id": "file_id",
    "lock_serial": "lock_serial",
    "ip": "ip",
}


def map_row(row: Row) -> Record:
    project_no = row.required("project_no", "项目编号 (project number)")
    bidder_name = row.required("bidder", "投标人名称 (bidder name)")
    uscc = row.uscc("uscc")
    manager_id = row.id_number("manager_id")
    row.facts.name = bidder_name
    row.reject_if_errors()

    lot = row.text("lot")
    tender = Tender(id=make_id("tender", project_no, lot), project_no=project_no, lot=lot)
    bidder = entity(bidder_name, uscc, name_rank=NameRank.BIDS)
    ip = row.text("ip")
    bid = Bid(id=make_id("bid", tender.id, bidder.id), ip=ip)
    nodes: list[Node] = [tender, bidder, bid]
    links = [
        Link(Rel.SUBMITTED, bidder.id, bid.id, {"extra_json": row.extra_json()}),
        Link(Rel.BID_FOR, bid.id, tender.id),
    ]
    if manager := row.text("manager"):
        who = person(manager, manager_id, row.scope, row.ctx.secret, NameRank.BIDS)
        nodes.append(who)
        links.append(Link(Rel.MANAGED_BY, bid.id, who.id))
    if contact := row.text("contact"):
        who = person(contact, None, row.scope, row.ctx.secret, NameRank.BIDS)
        nodes.append(who)
        links.append(Link(Rel.CONTACT, bid.id, who.id))
    for phone in phones(row.text("phone") or ""):
        nodes.append(phone)
        links.append(Link(Rel.HAS_PHONE, bidder.id, phone.id))
    if agent := row.text("agent"):
        agency = entity(agent, None, name_rank=NameRank.BIDS)
        nodes.append(agency)
        links.append(Link(Rel.VIA_AGENT, bid.id, agency.id))
    for key, kind in IDENTIFIER_COLUMNS.items():
        if value := row.text(key):
            value = normalise(value).upper()
            ident = Identifier(id=make_id("ident", kind, value), kind=kind, value=value)
            nodes.append(ident)
            links.append(Link(Rel.USED, bid.id, ident.id))
    return row.record(nodes, links)
