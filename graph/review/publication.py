"""Reviewed values → the public graph: the same Case / Sanction / Provision / Authority / party
records a 双公示 row of the decision gives (reusing graph.identity and graph.legal), with provenance
`extracted_by` + `reviewed_by`. Nothing the machine read reaches the public graph any other way.

Every value derived from the reviewed fields is written on each publication (a re-publication
replaces, nulls included), and each value that changed on the case — total, sanctions, parties,
provisions, class, windows — gets an entry in the case's `history` (who, when, old → new, why).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.cypher import statement
from graph.identity import address, authority, entity, person
from graph.ids import make_id
from graph.legal import citations, penalties
from graph.legal.codes import parse_id_number, parse_uscc
from graph.legal.values import Invalid
from graph.lifecycle.classification import classify_cases
from graph.lifecycle.records import history_entry
from graph.model import Case, Entity, Link, Node, Person, Provenance, Record, Rel, Sanction
from graph.review.crosscheck import SOURCE, extracted_case_id
from graph.review.errors import Unpublishable
from graph.review.log import now
from graph.store import GraphStore

LOADER = "graph.review.publication/1"


def _uscc(value: object) -> str | None:
    try:
        return parse_uscc(str(value)) if value else None
    except Invalid:
        return None  # masked or wrong: the party is keyed by name, unverified


def _party(
    party: dict[str, Any], scope: str, secret: bytes
) -> tuple[list[Node], list[Link], Entity | Person]:
    """One party by the identity rules of formats.md (graph.identity does the keying)."""
    name = str(party.get("name") or "").strip()
    if party.get("kind") == "person":
        try:
            number = parse_id_number(party.get("id_number"))
        except Invalid:
            number = None
        return [], [], person(name, number, scope, secret)
    category = "个体工商户" if party.get("kind") == "individual_business" else None
    subject = entity(name, _uscc(party.get("uscc")), None, category)
    nodes: list[Node] = []
    links: list[Link] = []
    if (rep := party.get("legal_rep")) and not set(str(rep)) <= {"*"}:
        rep_person = person(str(rep), None, scope, secret)
        nodes.append(rep_person)
        links.append(Link(Rel.LEGAL_REP_OF, rep_person.id, subject.id))
    if party.get("address"):
        place = address(str(party["address"]))
        nodes.append(place)
        links.append(Link(Rel.LOCATED_AT, subject.id, place.id))
    return nodes, links, subject


def fine_total(values: dict[str, Any]) -> float | None:
    """罚款 total: the sum of the 罚款 items when each has an amount, else the reading's total."""
    fines = [
        item.get("amount_yuan")
        for item in values.get("penalties") or []
        if "罚款" in (penalties.penalty_types(item.get("type")) or [])
    ]
    if fines and None not in fines:
        total = float(sum(a for a in fines if a is not None))
        return int(total) if total.is_integer() else total
    known = values.get("total_fine_yuan")
    return None if known is None else known


def to_record(values: dict[str, Any], xid: str, reviewed_by: str, secret: bytes, seen: date) -> Record:
    """Reviewed values → the records a 双公示 row of the same decision would give."""
    missing = [k for k in ("decision_no", "authority") if not values.get(k)]
    if missing:
        raise Unpublishable(missing)
    decision_no, authority_name = str(values["decision_no"]), str(values["authority"])
    day = values.get("decision_date")
    basis = [str(b) for b in values.get("legal_basis") or []]
    the_case = Case(
        id=extracted_case_id(values) or "", decision_no=decision_no, authority=authority_name,
        decision_date=date.fromisoformat(day) if day else None, facts=values.get("violation"),
        basis_text="；".join(basis) or None, total_fine_yuan=fine_total(values),
    )  # fmt: skip
    body = authority(authority_name)
    prov = {"extracted_by": values.get("extractor_version"), "reviewed_by": reviewed_by}
    nodes: list[Node] = [the_case, body]
    links = [Link(Rel.DECIDED_BY, the_case.id, body.id, prov)]
    subjects: list[str] = []
    for party in values.get("parties") or []:
        if not str(party.get("name") or "").strip(" *"):
            continue  # a fully masked name (***) identifies no one
        more_nodes, more_links, subject = _party(party, xid, secret)
        nodes += [*more_nodes, subject]
        links += [*more_links, Link(Rel.PARTY_TO, subject.id, the_case.id, prov)]
        subjects.append(subject.id)
    # One sanction per art. 9 type and case, keyed as ingest.penalty keys it (by the first party),
    # so a 双公示 row and the decision of one case meet on the same Sanction node.
    amounts: dict[str, list[float | None]] = {}
    for item in values.get("penalties") or []:
        for kind in penalties.penalty_types(item.get("type")) or ["其他"]:
            amounts.setdefault(kind, []).append(item.get("amount_yuan"))
    first = subjects[0] if subjects else None
    for kind, known in amounts.items():
        total = None if None in known else sum(a for a in known if a is not None)
        sanction = Sanction(id=make_id("sanction", the_case.id, first, kind), type=kind, amount_yuan=total)
        nodes.append(sanction)
        links.append(Link(Rel.IMPOSES, the_case.id, sanction.id, prov))
    for rel, key in ((Rel.APPLIED, "legal_basis"), (Rel.VIOLATED, "violated_provisions")):
        for text in values.get(key) or []:
            for citation in citations.citations(str(text)):
                provision = citations.provision(citation)
                nodes.append(provision)
                links.append(Link(rel, the_case.id, provision.id, prov))
    return Record(Provenance(SOURCE, xid, LOADER, seen), tuple(nodes), tuple(links))


# Facts an earlier publication of this extraction made and this one may no longer state.
WITHDRAW = statement(
    """
MATCH (c:Case {id: $case_id})-[x]-(n)
WHERE x.record = $record
DELETE x
WITH DISTINCT c, n
WHERE n:Sanction AND n.record = $record AND NOT EXISTS { MATCH (n)<-[:IMPOSES]-(:Case) }
DETACH DELETE n
RETURN count(*) AS n
""",
    case_id="case:abc",
    record="x:1",
)
DROP_EMPTY_CASE = statement(
    "MATCH (c:Case {id: $case_id}) WHERE c.record = $record AND NOT EXISTS { MATCH (c)--() } "
    "DELETE c RETURN count(*) AS n",
    case_id="case:abc",
    record="x:1",
)
MARK_CASE = statement(
    """
MATCH (c:Case {id: $case_id})
SET c.extracted_by = $extracted_by, c.reviewed_by = $reviewed_by, c.extraction_id = $record,
    c.reviewed_at = $at
WITH c
MATCH (c)-[:IMPOSES]->(s:Sanction)
WHERE s.record = $record
SET s.extracted_by = $extracted_by, s.reviewed_by = $reviewed_by
RETURN count(*) AS n
""",
    case_id="case:abc",
    extracted_by="nlp-rules/0.1.0",
    reviewed_by="cli:me",
    record="x:1",
    at="2024-01-01T00:00:00+00:00",
)


# What a reader of the case sees, before and after a publication: compared field by field.
SNAPSHOT = statement(
    """
MATCH (c:Case {id: $case_id})
RETURN c.total_fine_yuan AS total_fine_yuan, c.decision_date AS decision_date, c.facts AS facts,
  c.severity AS severity, c.publicity_start AS publicity_start, c.min_end AS repairable_from,
  coalesce(c.publicity_end, c.max_end) AS publicity_end,
  [(c)-[:IMPOSES]->(s:Sanction) | {type: s.type, amount: s.amount_yuan}] AS sanctions,
  [(p:Subject)-[:PARTY_TO]->(c) | p.name] AS parties,
  [(c)-[:APPLIED]->(pr:Provision) | pr.citation] AS provisions,
  [(c)-[:VIOLATED]->(pr:Provision) | pr.citation] AS violated_provisions
""",
    case_id="case:abc",
)
# The reviewed values themselves, nulls included (the batched writer never erases a value).
SET_REVIEWED = statement(
    """
MATCH (c:Case {id: $case_id})
SET c.total_fine_yuan = $total, c.decision_date = $decision_date, c.facts = $facts,
    c.basis_text = $basis_text
RETURN c.id AS id
""",
    case_id="case:abc",
    total=1000.0,
    decision_date=date(2024, 1, 1),
    facts="违法事实",
    basis_text="《中华人民共和国广告法》第五十五条",
)
APPEND_HISTORY = statement(
    "MATCH (c:Case {id: $case_id}) SET c.history = coalesce(c.history, []) + $entries RETURN c.id AS id",
    case_id="case:abc",
    entries=["{}"],
)


def _snapshot(store: GraphStore, case_id: str) -> dict[str, Any]:
    rows = store.read(SNAPSHOT, case_id=case_id)
    if not rows:
        return {}
    row = dict(rows[0])
    row["sanctions"] = sorted(
        (f"{s['type']} {s['amount']:g}" if s.get("amount") is not None else str(s["type"]))
        for s in row["sanctions"]
    )
    for key in ("parties", "provisions", "violated_provisions"):
        row[key] = sorted(str(v) for v in row[key] if v)
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}


def case_changes(
    before: dict[str, Any], after: dict[str, Any], action: str, by: str, reason: str | None
) -> list[str]:
    """One history entry per value of the case that changed: who, when, old → new, why."""
    return [
        history_entry(action, by, field=key, old=before.get(key), new=value, reason=reason)
        for key, value in after.items()
        if before.get(key) != value
    ]


def publish(
    store: GraphStore,
    xid: str,
    values: dict[str, Any],
    *,
    reviewed_by: str,
    secret: bytes,
    seen: date,
    previous_case: str | None = None,
    action: str = "publish",
    reason: str | None = None,
) -> str:
    """Write reviewed values to the public graph; returns the Case id. Idempotent (MERGE).

    A case published before from this extraction loses the facts this reading no longer states;
    what changed on the case is appended to its history as `action` by `reviewed_by`.
    """
    record = to_record(values, xid, reviewed_by, secret, seen)
    the_case = record.nodes[0]
    assert isinstance(the_case, Case)
    case_id = the_case.id
    before = _snapshot(store, previous_case or case_id)
    if previous_case:
        store.write(WITHDRAW, case_id=previous_case, record=xid)
        if previous_case != case_id:
            store.write(DROP_EMPTY_CASE, case_id=previous_case, record=xid)
    with store.writer() as writer:
        writer.add(record)
    store.write(
        SET_REVIEWED, case_id=case_id, total=the_case.total_fine_yuan, decision_date=the_case.decision_date,
        facts=the_case.facts, basis_text=the_case.basis_text,
    )  # fmt: skip
    classify_cases(store, ids=[case_id])  # its class and window, at once (sanctions may have changed)
    entries = case_changes(before, _snapshot(store, case_id), action, reviewed_by, reason)
    if entries:
        store.write(APPEND_HISTORY, case_id=case_id, entries=entries)
    store.write(
        MARK_CASE,
        case_id=case_id,
        extracted_by=values.get("extractor_version"),
        reviewed_by=reviewed_by,
        record=xid,
        at=now(),
    )
    return case_id
