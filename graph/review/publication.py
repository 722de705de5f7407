"""Reviewed values → the public graph: the same Case / Sanction / Provision / Authority / party
records a 双公示 row of the decision gives (reusing graph.identity and graph.legal), with provenance
`extracted_by` + `reviewed_by`. Nothing the machine read reaches the public graph any other way.
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
        basis_text="；".join(basis) or None, total_fine_yuan=values.get("total_fine_yuan"),
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


def publish(
    store: GraphStore,
    xid: str,
    values: dict[str, Any],
    *,
    reviewed_by: str,
    secret: bytes,
    seen: date,
    previous_case: str | None = None,
) -> str:
    """Write reviewed values to the public graph; returns the Case id. Idempotent (MERGE).

    A case published before from this extraction loses the facts this reading no longer states.
    """
    record = to_record(values, xid, reviewed_by, secret, seen)
    case_id = record.nodes[0].id
    if previous_case:
        store.write(WITHDRAW, case_id=previous_case, record=xid)
        if previous_case != case_id:
            store.write(DROP_EMPTY_CASE, case_id=previous_case, record=xid)
    with store.writer() as writer:
        writer.add(record)
    classify_cases(store, ids=[case_id])  # its class and window, at once (sanctions may have changed)
    store.write(
        MARK_CASE,
        case_id=case_id,
        extracted_by=values.get("extractor_version"),
        reviewed_by=reviewed_by,
        record=xid,
        at=now(),
    )
    return case_id
