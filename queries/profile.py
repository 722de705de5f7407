"""Credit profiles of entities and persons: one statement for any number of subjects.

`entity_profiles(ids)` is what the API's DataLoader calls, so a response naming many entities
costs one round trip per nesting level, never one per entity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.cypher import statement
from graph.store import GraphStore
from queries.common import DATED_R, IN_EFFECT_L, VISIBLE_C

_AS_OF = date(2026, 1, 1)

ENTITY_ID_BY_USCC = statement(
    "UNWIND $usccs AS u MATCH (e:Entity {uscc: u}) RETURN u AS uscc, e.id AS id", usccs=["91110000000000000X"]
)

ENTITY_PROFILES = statement(
    """
UNWIND $ids AS eid
MATCH (e:Entity {id: eid})
RETURN eid AS id, properties(e) AS entity,
  [(p:Person)-[r:LEGAL_REP_OF]->(e) WHERE """
    + DATED_R
    + """ | {id: p.id, name: p.name, masked_id: p.masked_id, verified: p.verified}] AS legal_reps,
  [(s:Subject)-[r:SHAREHOLDER_OF]->(e) WHERE """
    + DATED_R
    + """ | {id: s.id, name: s.name, uscc: s.uscc, masked_id: s.masked_id, labels: labels(s),
           ratio: r.ratio, subscribed_yuan: r.subscribed_yuan}] AS shareholders,
  [(p:Person)-[r:OFFICER_OF]->(e) WHERE """
    + DATED_R
    + """ | {id: p.id, name: p.name, masked_id: p.masked_id, role: r.role}] AS officers,
  [(e)-[:PARTY_TO]->(c:Case) | {case: properties(c), visible: """
    + VISIBLE_C
    + """,
      authority: [(c)-[:DECIDED_BY]->(a:Authority) | a.name],
      sanctions: [(c)-[:IMPOSES]->(s:Sanction) | properties(s)],
      provisions: [(c)-[:APPLIED]->(pr:Provision) | properties(pr)],
      violated: [(c)-[:VIOLATED]->(pr:Provision) | properties(pr)]}] AS cases,
  [(e)-[:LISTED_IN]->(l:Listing) | {listing: properties(l), in_effect: """
    + IN_EFFECT_L
    + """,
      authority: [(l)-[:LISTED_BY]->(a:Authority) | a.name]}] AS listings,
  [(e)-[:HOLDS]->(li:Licence) | properties(li)] AS licences,
  [(e)-[:LOCATED_AT]->(ad:Address) | ad.text] AS addresses,
  [(e)-[:HAS_PHONE]->(ph:Phone) | ph.number] AS phones
""",
    ids=["e:91110000000000000X"],
    asOf=_AS_OF,
)

PERSON_PROFILES = statement(
    """
UNWIND $ids AS pid
MATCH (p:Person {id: pid})
RETURN pid AS id, properties(p) AS person,
  [(p)-[r:LEGAL_REP_OF]->(e:Entity) WHERE """
    + DATED_R
    + """ | {id: e.id, uscc: e.uscc, name: e.name, role: '法定代表人'}] AS represents,
  [(p)-[r:OFFICER_OF]->(e:Entity) WHERE """
    + DATED_R
    + """ | {id: e.id, uscc: e.uscc, name: e.name, role: r.role}] AS offices,
  [(p)-[r:SHAREHOLDER_OF]->(e:Entity) WHERE """
    + DATED_R
    + """ | {id: e.id, uscc: e.uscc, name: e.name, role: '股东', ratio: r.ratio}] AS holdings,
  [(p)-[:PARTY_TO]->(c:Case) | properties(c)] AS cases,
  [(p)-[:LISTED_IN]->(l:Listing) | {listing: properties(l), in_effect: """
    + IN_EFFECT_L
    + """}] AS listings
""",
    ids=["p:abc"],
    asOf=_AS_OF,
)


@dataclass(frozen=True)
class CaseView:
    props: dict[str, Any]
    authority: str | None
    sanctions: list[dict[str, Any]]
    provisions: list[dict[str, Any]]
    violated: list[dict[str, Any]]
    visible: bool = True


@dataclass(frozen=True)
class ListingView:
    props: dict[str, Any]
    in_effect: bool
    authority: str | None


@dataclass(frozen=True)
class EntityProfile:
    id: str
    props: dict[str, Any]
    legal_reps: list[dict[str, Any]] = field(default_factory=list)
    shareholders: list[dict[str, Any]] = field(default_factory=list)
    officers: list[dict[str, Any]] = field(default_factory=list)
    cases: list[CaseView] = field(default_factory=list)
    listings: list[ListingView] = field(default_factory=list)
    licences: list[dict[str, Any]] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PersonProfile:
    id: str
    props: dict[str, Any]
    roles: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    listings: list[ListingView] = field(default_factory=list)


def _first(values: list[Any]) -> Any:
    return values[0] if values else None


def _listing(row: dict[str, Any]) -> ListingView:
    return ListingView(row["listing"], bool(row["in_effect"]), _first(row.get("authority") or []))


def entity_ids_by_uscc(store: GraphStore, usccs: list[str]) -> dict[str, str]:
    rows = store.read(ENTITY_ID_BY_USCC, usccs=[u.strip().upper() for u in usccs])
    return {row["uscc"]: row["id"] for row in rows}


def entity_profiles(store: GraphStore, ids: list[str], as_of: date) -> dict[str, EntityProfile]:
    rows = store.read(ENTITY_PROFILES, ids=ids, asOf=as_of)
    return {
        row["id"]: EntityProfile(
            id=row["id"],
            props=row["entity"],
            legal_reps=row["legal_reps"],
            shareholders=row["shareholders"],
            officers=row["officers"],
            cases=[
                CaseView(
                    c["case"],
                    _first(c["authority"]),
                    c["sanctions"],
                    c["provisions"],
                    c["violated"],
                    c["visible"],
                )
                for c in row["cases"]
            ],
            listings=[_listing(item) for item in row["listings"]],
            licences=row["licences"],
            addresses=row["addresses"],
            phones=row["phones"],
        )
        for row in rows
    }


def person_profiles(store: GraphStore, ids: list[str], as_of: date) -> dict[str, PersonProfile]:
    rows = store.read(PERSON_PROFILES, ids=ids, asOf=as_of)
    return {
        row["id"]: PersonProfile(
            id=row["id"],
            props=row["person"],
            roles=[*row["represents"], *row["offices"], *row["holdings"]],
            cases=row["cases"],
            listings=[_listing(item) for item in row["listings"]],
        )
        for row in rows
    }
