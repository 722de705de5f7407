"""Machine-extracted penalty decisions: submit as pending `Extraction` nodes; publish reviewed values.

Nothing the machine extracted reaches the public graph until a person accepted it: `submit`
stores the extraction (text, spans, confidence, warnings, extractor version) as a pending
`Extraction` node that no public node links to; `publish` turns reviewed values into the same
Case / Sanction / Provision / Authority / party records a 双公示 row gives (reusing ingest's
identity and citation helpers), with provenance `extracted_by` + `reviewed_by`.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Protocol

from graph.cypher import statement
from graph.identity import address, authority, entity, person
from graph.ids import make_id
from graph.legal import citations, penalties
from graph.legal.codes import parse_id_number, parse_uscc
from graph.legal.values import Invalid
from graph.lifecycle.records import classify_cases
from graph.model import (
    Case,
    DecisionExtraction,
    Entity,
    Link,
    Node,
    Person,
    Provenance,
    Record,
    Rel,
    Sanction,
)
from graph.review.crosscheck import SOURCE, CrossCheck, cross_check, extracted_case_id
from graph.store import GraphStore, node_props

LOADER = "graph.review.decisions/1"


class Status(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    CORRECTED = "corrected"
    REJECTED = "rejected"
    CHANGED = "changed_by_extractor"


OPEN = (Status.PENDING, Status.CHANGED)  # waiting for a person: the queue
PUBLISHED = (Status.APPROVED, Status.CORRECTED)


class Extracted(Protocol):
    def to_json(self) -> dict[str, Any]: ...


class ExtractorLike(Protocol):
    """`nlp.extract.Extractor` or anything that reads a decision the same way."""

    def extract(self, text: str, source_file: str = "") -> Extracted: ...


def extraction_id(text: str) -> str:
    """From the exact text: the same document submitted twice is one extraction."""
    return "x:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def action_id() -> str:
    return "ra:" + uuid.uuid4().hex[:24]


def priority(values: dict[str, Any], check: CrossCheck | None, changed: bool = False) -> float:
    """Higher needs a person more: cross-check conflicts, then low confidence and warnings."""
    confidence = values.get("confidence") or {}
    lowest = min((float(c) for c in confidence.values()), default=0.0)
    missing = sum(1 for key in ("decision_no", "authority", "parties", "penalties") if not values.get(key))
    conflicts = check.conflicts if check else 0
    score = (50.0 + 10 * conflicts if conflicts else 0.0) + (30.0 if changed else 0.0)
    score += 40 * (1 - lowest) + 10 * min(len(values.get("warnings") or []), 3) + 5 * missing
    return round(score, 2)


CREATE_EXTRACTION = statement(
    """
MERGE (x:Extraction {id: $id})
ON CREATE SET x += $props, x.created_by = $action_id
RETURN x.status AS status, x.created_by = $action_id AS fresh
""",
    id="x:1",
    props={"status": "pending"},
    action_id="ra:1",
)

# The review log's only write: append one action to an extraction (never SET on an action later).
APPEND_ACTION = statement(
    """
MATCH (x:Extraction {id: $id})
CREATE (a:ReviewAction {id: $action.id})
SET a += $action
CREATE (a)-[:REVIEW_OF]->(x)
RETURN a.id AS id
""",
    id="x:1",
    action={"id": "ra:1", "action": "submit", "by": "cli:me", "at": "2024-01-01T00:00:00+00:00"},
)


def action_props(xid: str, action: str, by: str, at: str, **more: object) -> dict[str, object]:
    props: dict[str, object] = {"id": action_id(), "extraction_id": xid, "action": action, "by": by, "at": at}
    props.update({k: v for k, v in more.items() if v is not None})
    return props


def submit(
    store: GraphStore, extractor: ExtractorLike, text: str, source_name: str, by: str
) -> tuple[str, bool]:
    """Extract and store as pending: (extraction id, created). Resubmitting the same text is a no-op."""
    xid = extraction_id(text)
    values = extractor.extract(text, source_name).to_json()
    check = cross_check(store, values)
    at = now()
    node = DecisionExtraction(
        id=xid, status=Status.PENDING.value, source_name=source_name, text=text,
        extractor_version=str(values.get("extractor_version")), extraction_json=dumps(values),
        values_json=dumps(values), priority=priority(values, check), crosscheck_json=check.to_json(),
        conflicts=check.conflicts, decision_no=values.get("decision_no"), authority=values.get("authority"),
        submitted_by=by, submitted_at=at,
    )  # fmt: skip
    action = action_props(xid, "submit", by, at, status_after=Status.PENDING.value)
    row = store.write(CREATE_EXTRACTION, id=xid, props=node_props(node), action_id=action["id"])[0]
    if row["fresh"]:
        store.write(APPEND_ACTION, id=xid, action=action)
    return xid, bool(row["fresh"])


def dumps(values: object) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


# -- publishing ------------------------------------------------------------------------------


class Unpublishable(ValueError):
    """The values lack what a Case is keyed by; a reviewer must correct them first."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("cannot publish without " + ", ".join(missing) + ": correct these fields first")
        self.missing = missing


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
    reviewed_by: str,
    secret: bytes,
    previous_case: str | None = None,
) -> str:
    """Write reviewed values to the public graph; returns the Case id. Idempotent (MERGE)."""
    record = to_record(values, xid, reviewed_by, secret, date.today())
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
