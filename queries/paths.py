"""Paths between subjects, a subject's neighbourhood and its associated risk.

Paths walk association relationships only (people, holdings, contact points, bid artefacts):
two firms fined by the same authority, or bidding in the same tender, are not thereby associated.
Both endpoints are bound before the search, and it starts from the end with the smaller
neighbourhood (SEARCH_COST): beside a hub, the other end is often a hundred times cheaper.
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
    NODE_VIEW,
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

# Shortest paths at $asOf. The engine's `allShortestPaths` answers first: fast for the usual pair
# (p50 3 ms at 100k firms), but it filters dates only after the search, so when every shortest
# path has ended (a representative who left) it would answer "no path" although a longer one holds
# on the day. Then, and only then, the search runs again from both ends at once (bidirectional
# breadth-first search, one statement per frontier), checking dates while it walks.
_SHORTEST_HEAD = (
    "MATCH (a:Subject {id: $from}) MATCH (b:Subject {id: $to}) MATCH path = allShortestPaths((a)-[:"
    + ASSOCIATION
)
_SHORTEST_TAIL = (
    "]-(b)) WITH path, all(x IN relationships(path) WHERE (x.since IS NULL OR x.since <= $asOf)"
    " AND (x.until IS NULL OR x.until > $asOf)) AS holds"
    " RETURN holds, " + PATH_VIEW + " ORDER BY holds DESC LIMIT $limit"
)
_SHORTEST = {"from": "e:1", "to": "e:2", "asOf": _D, "limit": 10}
# Which end the engine's search starts from. `allShortestPaths` walks out from its first node and,
# when there is no path, explores that node's whole neighbourhood to the depth: measured at 100k
# firms, from a firm beside a holding group of 7,900 subsidiaries 150–220 ms, from the other end
# of the same pair often 2 ms. So the search starts at the end with the smaller two-step
# neighbourhood: the sum of its neighbours' degrees (about 2 ms to count), or, for an end with more
# than HUB neighbours, where that sum would cost more than it saves (18 µs a neighbour), its degree
# times FANOUT (a firm has about six association edges: representative, address, phone,
# shareholders, officers). Only the order changes, never the answer (paths are turned round).
HUB = 200
FANOUT = 6
SEARCH_COST = statement(
    "UNWIND $ids AS i MATCH (a:Subject {id: i}) WITH i, a, COUNT { (a)-[:" + ASSOCIATION + "]-() } AS d1"
    " OPTIONAL MATCH (a)-[:" + ASSOCIATION + "]-(m) WHERE d1 <= $hub"
    " WITH i, d1, sum(COUNT { (m)-[:" + ASSOCIATION + "]-() }) AS d2"
    " RETURN i AS id, CASE WHEN d1 > $hub THEN d1 * $fanout ELSE d2 END AS cost",
    ids=["e:1", "e:2"],
    hub=HUB,
    fanout=FANOUT,
)
SHORTEST_PATHS: dict[Hops, Statement] = statements(
    Hops, lambda h: _SHORTEST_HEAD + "*.." + digits(h) + _SHORTEST_TAIL, **_SHORTEST
)
_STEP_LABELS: tuple[Label, ...] = (
    Label.ADDRESS,
    Label.BID,
    Label.EMAIL,
    Label.IDENTIFIER,
    Label.PHONE,
)
_SUBJECT = "Subject"
_X_DATED = "(x.since IS NULL OR x.since <= $asOf) AND (x.until IS NULL OR x.until > $asOf)"
# One level of the search: ids and what a path shows of a relationship, nothing more (a hub's
# level is thousands of rows; the nodes of the paths found are read once, at the end).
_REL_LIGHT = (
    "{type: type(x), start: startNode(x).id, end: endNode(x).id,"
    " props: {role: x.role, ratio: x.ratio, source: x.source}}"
)


def _step(label: LiteralString) -> LiteralString:
    return (
        "UNWIND $ids AS i MATCH (n:"
        + label
        + " {id: i})-[x:"
        + ASSOCIATION
        + "]-(m) WHERE "
        + _X_DATED
        + " RETURN i AS from, m.id AS to, "
        + _REL_LIGHT
        + " AS rel"
    )


def _view(label: LiteralString) -> LiteralString:
    return "UNWIND $ids AS i MATCH (n:" + label + " {id: i}) RETURN " + NODE_VIEW + " AS node"


_STEP_KEYS: tuple[LiteralString, ...] = (_SUBJECT, *(label.value for label in _STEP_LABELS))
PATH_STEP: dict[LiteralString, Statement] = statements(_STEP_KEYS, _step, ids=["e:1"], asOf=_D)
PATH_NODES: dict[LiteralString, Statement] = statements(_STEP_KEYS, _view, ids=["e:1", "e:2"])
PATH_LIMIT = 10

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


# A contact point shared with more than CROWDED other firms — a cluster-registration or business
# secretary's address (集中登记地址, 商务秘书地址), a registered agent's phone — says nothing about
# any one of them: 疑似关系 leave it out and `contact_loads` names it with its count instead
# (otherwise one such address makes every firm there a "suspect", most shared first).
CROWDED = 50

# The firm's contact points at $asOf, each with how many other firms share it then.
CONTACT_LOAD = statement(
    """
MATCH (a:Entity {id: $id})-[r:LOCATED_AT|HAS_PHONE|HAS_EMAIL]->(c)
WHERE (r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR r.until > $asOf)
OPTIONAL MATCH (c)<-[s:LOCATED_AT|HAS_PHONE|HAS_EMAIL]-(b:Entity)
WHERE b.id <> $id AND (s.since IS NULL OR s.since <= $asOf) AND (s.until IS NULL OR s.until > $asOf)
RETURN c.id AS id, type(r) AS type, coalesce(c.text, c.number, c.address) AS value, count(DISTINCT b) AS firms
ORDER BY type, value, id
""",
    id="e:1",
    asOf=_D,
)

# 疑似关系: other entities sharing an address, phone or email with the firm at $asOf (both
# relationships dated), with what they share; most shared first. A point shared with more than
# $crowded other firms is left out here, in the same walk that counts them (CONTACT_LOAD's count).
SUSPECTED = statement(
    """
MATCH (a:Entity {id: $id})-[r:LOCATED_AT|HAS_PHONE|HAS_EMAIL]->(c)
WHERE (r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR r.until > $asOf)
MATCH (c)<-[s:LOCATED_AT|HAS_PHONE|HAS_EMAIL]-(b:Entity)
WHERE b.id <> $id AND (s.since IS NULL OR s.since <= $asOf) AND (s.until IS NULL OR s.until > $asOf)
WITH c, collect(DISTINCT {b: b, type: type(s)}) AS around, count(DISTINCT b) AS firms
WHERE firms <= $crowded
UNWIND around AS x
WITH x.b AS b,
     collect(DISTINCT {type: x.type, value: coalesce(c.text, c.number, c.address), id: c.id}) AS shared
RETURN b.id AS id, b.uscc AS uscc, b.name AS name, shared, size(shared) AS count
ORDER BY count DESC, name, id LIMIT $limit
""",
    id="e:1",
    asOf=_D,
    limit=20,
    crowded=CROWDED,
)


@dataclass(frozen=True)
class ContactLoad:
    """One of a firm's contact points and how many other firms share it (`crowded`: > CROWDED)."""

    type: str
    value: str
    id: str
    firms: int

    @property
    def crowded(self) -> bool:
        return self.firms > CROWDED


def contact_loads(store: GraphStore, entity: str, as_of: date) -> list[ContactLoad]:
    return [
        ContactLoad(str(row["type"]), str(row["value"] or ""), str(row["id"]), int(row["firms"]))
        for row in store.read(CONTACT_LOAD, id=entity, asOf=as_of)
    ]


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
    rows = store.read(SUSPECTED, id=entity, asOf=as_of, limit=limit, crowded=CROWDED)
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


def _step_key(node_id: str) -> LiteralString | None:
    """The label a node is expanded by (from its id's prefix): `Subject` for entities and persons,
    None if it is not a kind paths walk through."""
    label = label_of(node_id)
    if label in (Label.ENTITY, Label.PERSON):
        return _SUBJECT
    return label.value if label in _STEP_LABELS else None


class _Side:
    """One end of the bidirectional search (search state, not a read model): the depth of every
    node reached, and for each node every (previous node, relationship) reaching it at that depth."""

    def __init__(self, start: str) -> None:
        self.start = start
        self.depth: dict[str, int] = {start: 0}
        self.before: dict[str, list[tuple[str, RelRef]]] = {}
        self.frontier: list[str] = [start]
        self.level = 0

    def chains(self, node: str, limit: int) -> list[list[tuple[str, RelRef]]]:
        """Every way from the start to `node` at its depth, as (node, relationship into it) steps."""
        if node == self.start:
            return [[]]
        found: list[list[tuple[str, RelRef]]] = []
        for previous, rel in self.before[node]:
            for chain in self.chains(previous, limit):
                found.append([*chain, (node, rel)])
                if len(found) >= limit:
                    return found
        return found


def _expand(store: GraphStore, side: _Side, as_of: date) -> None:
    by_key: dict[LiteralString, list[str]] = {}
    for node_id in side.frontier:
        key = _step_key(node_id)
        if key is not None:
            by_key.setdefault(key, []).append(node_id)
    level = side.level + 1
    reached: list[str] = []
    for key, ids in sorted(by_key.items()):
        for row in store.read(PATH_STEP[key], ids=ids, asOf=as_of):
            found = str(row["to"])
            known = side.depth.get(found)
            if known is None:
                side.depth[found] = level
                reached.append(found)
            elif known != level:
                continue
            side.before.setdefault(found, []).append((str(row["from"]), RelRef.from_row(row["rel"])))
    side.frontier = reached
    side.level = level


def shortest_paths(store: GraphStore, source: str, target: str, hops: Hops, as_of: date) -> list[PathResult]:
    """All shortest association paths (at most `PATH_LIMIT`) of at most `hops` relationships
    that hold at `as_of`, between two subjects."""
    if source == target:
        return []
    cost = {
        row["id"]: row["cost"]
        for row in store.read(SEARCH_COST, ids=[source, target], hub=HUB, fanout=FANOUT)
    }
    if source not in cost or target not in cost:
        return []
    start, end = (source, target) if cost[source] <= cost[target] else (target, source)
    rows = store.read(SHORTEST_PATHS[hops], asOf=as_of, limit=PATH_LIMIT, **{"from": start, "to": end})
    if rows and not rows[0]["holds"]:
        return dated_shortest_paths(store, source, target, hops, as_of)
    paths = [to_path(row) for row in rows if row["holds"]]
    return paths if start == source else [p.reversed() for p in paths]


def dated_shortest_paths(
    store: GraphStore, source: str, target: str, hops: Hops, as_of: date
) -> list[PathResult]:
    """`shortest_paths` by a bidirectional search that checks dates at every step: each round
    expands the end whose frontier is smaller, so a hub is crossed once, from one side, and the
    search stops at the first level where the two ends meet."""
    if source == target:
        return []
    ahead, back = _Side(source), _Side(target)
    while ahead.level + back.level < hops and ahead.frontier and back.frontier:
        side = ahead if len(ahead.frontier) <= len(back.frontier) else back
        other = back if side is ahead else ahead
        _expand(store, side, as_of)
        meeting = [node for node in side.frontier if node in other.depth]
        if meeting:
            best = min(other.depth[node] for node in meeting)
            return _join(store, ahead, back, sorted(n for n in meeting if other.depth[n] == best))
    return []


def _join(store: GraphStore, ahead: _Side, back: _Side, meeting: list[str]) -> list[PathResult]:
    found: list[tuple[list[str], list[RelRef]]] = []
    for middle in meeting:
        for first in ahead.chains(middle, PATH_LIMIT):
            for second in back.chains(middle, PATH_LIMIT):
                # `second` runs from the target to the middle: walk it backwards.
                ids = [ahead.start, *(node for node, _ in first)]
                rels = [rel for _, rel in first]
                for index in range(len(second) - 1, -1, -1):
                    ids.append(second[index - 1][0] if index > 0 else back.start)
                    rels.append(second[index][1])
                found.append((ids, rels))
    found.sort(key=lambda p: (p[0], [r.type for r in p[1]]))
    found = found[:PATH_LIMIT]
    by_key: dict[LiteralString, set[str]] = {}
    for ids, _ in found:
        for node_id in ids:
            if (key := _step_key(node_id)) is not None:
                by_key.setdefault(key, set()).add(node_id)
    views = {
        str(row["node"]["id"]): NodeRef.from_row(row["node"])
        for key, wanted in sorted(by_key.items())
        for row in store.read(PATH_NODES[key], ids=sorted(wanted))
    }
    if any(node_id not in views for ids, _ in found for node_id in ids):
        return []  # an end that is not a subject (or a node deleted meanwhile): no path
    return [PathResult(tuple(views[i] for i in ids), tuple(rels)) for ids, rels in found]


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
