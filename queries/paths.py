"""Paths between subjects, a subject's neighbourhood and its associated risk.

Paths walk association relationships only (people, holdings, contact points, bid artefacts):
two firms fined by the same authority, or bidding in the same tender, are not thereby associated.
Both endpoints are bound before the search, so a shortest path is cheap even on a large graph.
VIA_AGENT is left out: a tendering agent named on every bid would connect every bidder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import LiteralString

from graph.cypher import Statement, digits, statement, statements
from graph.model import Label
from graph.store import GraphStore
from queries.common import (
    DATED_PATH,
    IN_EFFECT_L,
    NAME_OF_N,
    PATH_VIEW,
    VISIBLE_C,
    EntityRef,
    Hops,
    NodeRef,
    PathResult,
    RelRef,
    to_path,
)

_D = date(2026, 1, 1)
# The relationship types that associate two subjects (see the module docstring).
ASSOCIATION = "|".join(
    [
        *("LEGAL_REP_OF", "SHAREHOLDER_OF", "OFFICER_OF", "LOCATED_AT", "HAS_PHONE", "HAS_EMAIL"),
        *("SUBMITTED", "MANAGED_BY", "CONTACT", "USED"),
    ]
)

_SHORTEST_HEAD = (
    "MATCH (a:Subject {id: $from}) MATCH (b:Subject {id: $to}) MATCH path = allShortestPaths((a)-[:"
    + ASSOCIATION
)
_SHORTEST_TAIL = "]-(b))" + DATED_PATH + " RETURN " + PATH_VIEW + " LIMIT $limit"
_SHORTEST = {"from": "e:1", "to": "e:2", "asOf": _D, "limit": 10}
SHORTEST_PATHS: dict[Hops, Statement] = statements(
    Hops, lambda h: _SHORTEST_HEAD + "*.." + digits(h) + _SHORTEST_TAIL, **_SHORTEST
)

# The nearest black-listed subjects within the depth, one (shortest) path each.
_RISK_HEAD = "MATCH (a:Subject {id: $id}) MATCH path = (a)-[:" + ASSOCIATION
_RISK_TAIL = (
    "]-(s:Subject)" + DATED_PATH + " AND s.id <> $id "
    "AND EXISTS { MATCH (s)-[:LISTED_IN]->(l:Listing) WHERE " + IN_EFFECT_L + " } "
    "WITH s, path ORDER BY length(path) WITH s, collect(path)[0] AS path "
    "RETURN s.id AS subject, [(s)-[:LISTED_IN]->(l:Listing) WHERE "
    + IN_EFFECT_L
    + " | l.list_name] AS lists, "
    + PATH_VIEW
    + " ORDER BY size(rels), subject LIMIT $limit"
)
_RISK = {"id": "e:1", "asOf": _D, "limit": 50}
ASSOCIATED_RISK: dict[Hops, Statement] = statements(
    Hops, lambda h: _RISK_HEAD + "*1.." + digits(h) + _RISK_TAIL, **_RISK
)

# The node kinds the explorer expands (every kind a user sees in the picture), by the prefix of
# their ids (graph/ids.py); workflow nodes (extractions, objections, repair applications) are
# never neighbours: they carry reviewers' and applicants' data.
EXPANDABLE: dict[str, Label] = {
    "e": Label.ENTITY,
    "e-u": Label.ENTITY,
    "p": Label.PERSON,
    "p-s": Label.PERSON,
    "addr": Label.ADDRESS,
    "phone": Label.PHONE,
    "email": Label.EMAIL,
    "case": Label.CASE,
    "listing": Label.LISTING,
    "licence": Label.LICENCE,
    "bid": Label.BID,
    "ident": Label.IDENTIFIER,
    "tender": Label.TENDER,
    "auth": Label.AUTHORITY,
}
_WORKFLOW = "(c:Extraction OR c:ReviewAction OR c:Objection OR c:RepairApplication)"


def label_of(node_id: str) -> Label | None:
    """The label a node id names (its prefix), if the explorer may expand that kind."""
    prefix, colon, _ = node_id.partition(":")
    return EXPANDABLE.get(prefix) if colon else None


# Relationships that hold at $asOf, to nodes that may be shown then (a repaired, withdrawn or
# expired record is not a neighbour, nor is it expanded). `c` is the name VISIBLE_C expects.
def _neighbourhood(label: Label) -> LiteralString:
    return (
        "MATCH (c:"
        + label.value
        + " {id: $id}) WHERE NOT (c:Case OR c:Listing) OR "
        + VISIBLE_C
        + " WITH c AS a MATCH (a)-[x]-(c)"
        " WHERE (x.since IS NULL OR x.since <= $asOf) AND (x.until IS NULL OR x.until > $asOf)"
        " AND NOT "
        + _WORKFLOW
        + " AND (NOT (c:Case OR c:Listing) OR "
        + VISIBLE_C
        + ") WITH a, x, c ORDER BY type(x), c.id WITH a, collect({n: c, x: x}) AS around"
        " RETURN size(around) AS total, [item IN around[$offset..($offset + $limit)] |"
        " {node: {id: item.n.id, labels: labels(item.n), name: "
        + NAME_OF_N.replace("n.", "item.n.")
        + ", uscc: item.n.uscc, masked_id: item.n.masked_id, verified: item.n.verified,"
        " scope: item.n.scope},"
        " rel: {type: type(item.x), start: startNode(item.x).id, end: endNode(item.x).id,"
        " props: properties(item.x)}}] AS items"
    )


NEIGHBOURHOOD: dict[Label, Statement] = statements(
    sorted(set(EXPANDABLE.values())), _neighbourhood, id="e:1", offset=0, limit=50, asOf=_D
)


# 疑似关系: other entities sharing an address, phone or email with the firm at $asOf (both
# relationships dated), with what they share; most shared first.
SUSPECTED = statement(
    """
MATCH (a:Entity {id: $id})-[r:LOCATED_AT|HAS_PHONE|HAS_EMAIL]->(c)
WHERE (r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR r.until > $asOf)
MATCH (c)<-[s:LOCATED_AT|HAS_PHONE|HAS_EMAIL]-(b:Entity)
WHERE b.id <> $id AND (s.since IS NULL OR s.since <= $asOf) AND (s.until IS NULL OR s.until > $asOf)
WITH b, collect(DISTINCT {type: type(s), value: coalesce(c.text, c.number, c.address), id: c.id}) AS shared
RETURN b.id AS id, b.uscc AS uscc, b.name AS name, shared, size(shared) AS count
ORDER BY count DESC, name, id LIMIT $limit
""",
    id="e:1",
    asOf=_D,
    limit=20,
)


@dataclass(frozen=True)
class Shared:
    """One contact point two firms share: LOCATED_AT (address), HAS_PHONE or HAS_EMAIL."""

    type: str
    value: str
    id: str


@dataclass(frozen=True)
class SuspectedRelation:
    """Another firm at the same address, phone or email (疑似关系: a lead, not a finding)."""

    entity: EntityRef
    shared: tuple[Shared, ...]


def suspected_relations(
    store: GraphStore, entity: str, as_of: date, limit: int = 20
) -> list[SuspectedRelation]:
    rows = store.read(SUSPECTED, id=entity, asOf=as_of, limit=limit)
    return [
        SuspectedRelation(
            EntityRef.from_row(row),
            tuple(
                sorted(
                    (Shared(str(x["type"]), str(x["value"] or ""), str(x["id"])) for x in row["shared"]),
                    key=lambda x: (x.type, x.value),
                )
            ),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class RiskHit:
    subject: str
    lists: tuple[str, ...]
    path: PathResult


@dataclass(frozen=True)
class Neighbourhood:
    total: int
    paths: tuple[PathResult, ...]  # each one hop: the centre, the relationship, the neighbour

    def more(self, shown: int) -> int:
        return max(self.total - shown, 0)


def shortest_paths(store: GraphStore, source: str, target: str, hops: Hops, as_of: date) -> list[PathResult]:
    rows = store.read(SHORTEST_PATHS[hops], asOf=as_of, limit=10, **{"from": source, "to": target})
    return [to_path(row) for row in rows]


def associated_risk(
    store: GraphStore, subject: str, hops: Hops, as_of: date, limit: int = 50
) -> list[RiskHit]:
    rows = store.read(ASSOCIATED_RISK[hops], id=subject, asOf=as_of, limit=limit)
    return [RiskHit(row["subject"], tuple(row["lists"]), to_path(row)) for row in rows]


def neighbourhood(
    store: GraphStore, subject: str, offset: int, limit: int, as_of: date
) -> Neighbourhood | None:
    label = label_of(subject)
    if label is None:
        return None
    rows = store.read(NEIGHBOURHOOD[label], id=subject, offset=offset, limit=limit, asOf=as_of)
    if not rows:
        return None
    centre = NodeRef(subject, (label.value,), None)  # its kind, as the id names it
    paths = tuple(
        PathResult((centre, NodeRef.from_row(item["node"])), (RelRef.from_row(item["rel"]),))
        for item in rows[0]["items"]
    )
    return Neighbourhood(int(rows[0]["total"]), paths)
