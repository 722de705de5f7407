"""Ownership and control (股权穿透, 实际控制人, 受益所有人) at `$asOf`.

Control, as 公司法 (2023) art. 265 defines 控股股东 and 实际控制人: a subject controls a company
when it holds **more than** 50 % of it (exactly 50 % is not control), when it controls a chain of
companies each holding more than 50 % of the next, or when the registry declares it the company's
实际控制人 (ACTUAL_CONTROLLER_OF). The effective share of a holder is the product of the ratios
along one SHAREHOLDER_OF path, summed over its paths (cycles left out).

Every walk goes *up* from the company (its few shareholders), never down from a holder (a group may
hold thousands of subsidiaries), and is bounded: variable-length bounds cannot be parameters, so
each allowed depth is its own registered statement (`Depth`), and every answer is capped by
`$limit` paths. Cross-holdings terminate because a path never repeats a relationship, and a path
that comes back to a node it passed is dropped before any share is summed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from graph.cypher import Statement, digits, statement, statements
from graph.model import Rel
from graph.store import GraphStore
from queries.common import (
    CONTROL_X,
    DATED_PATH,
    NODE_VIEW,
    PATH_VIEW,
    REL_VIEW,
    NodeRef,
    PathResult,
    RelRef,
    to_path,
)

_D = date(2026, 1, 1)
_IDS = ["e:91110000000000000X", "e:91110000000000001X"]

CONTROLLER = "控股股东"  # holds more than 50 % itself (公司法 art. 265 (二))
ACTUAL = "实际控制人"  # controls through a chain or is declared so (art. 265 (三))
MAX_PATHS = 5000  # paths read per walk: a hub's answer is cut here and marked truncated


class Depth(IntEnum):
    """Allowed 股权穿透 depths (levels of holdings)."""

    ONE = 1
    TWO = 2
    THREE = 3
    FOUR = 4
    FIVE = 5
    SIX = 6
    SEVEN = 7
    EIGHT = 8
    NINE = 9
    TEN = 10


BIDDER_DEPTH = Depth.SIX  # control chains followed by the bidder check
_UP_TYPES = "SHAREHOLDER_OF|ACTUAL_CONTROLLER_OF"

# Everything above a company: its shareholders and declared controllers, theirs, and so on.
_UP_HEAD = "MATCH (e:Entity {id: $id}) MATCH path = (e)<-[:" + _UP_TYPES + "*1.."
_UP_TAIL = "]-(m:Subject)" + DATED_PATH + " RETURN " + PATH_VIEW + " LIMIT $limit"
UP: dict[Depth, Statement] = statements(
    Depth, lambda d: _UP_HEAD + digits(d) + _UP_TAIL, id="e:1", asOf=_D, limit=MAX_PATHS
)

# Everything below a subject: the companies it holds, theirs, and so on (capped by $limit).
_DOWN_HEAD = "MATCH (e:Subject {id: $id}) MATCH path = (e)-[:SHAREHOLDER_OF*1.."
_DOWN_TAIL = "]->(m:Entity)" + DATED_PATH + " RETURN " + PATH_VIEW + " LIMIT $limit"
DOWN: dict[Depth, Statement] = statements(
    Depth, lambda d: _DOWN_HEAD + digits(d) + _DOWN_TAIL, id="e:1", asOf=_D, limit=MAX_PATHS
)

# Bidder check, one statement for all bidders: bidder `a` controls bidder `b` (a control chain
# from b up to a). The path comes back from b upwards.
_BETWEEN_HEAD = "UNWIND $ids AS bid MATCH (b:Entity {id: bid}) MATCH path = (b)<-[:" + _UP_TYPES + "*1.."
_BETWEEN_TAIL = (
    "]-(a:Entity) WHERE a.id IN $ids AND a.id <> b.id AND all(x IN relationships(path) WHERE "
    + CONTROL_X
    + ") RETURN a.id AS a, b.id AS b, "
    + PATH_VIEW
    + ", 'control' AS kind, a.name AS via"
)
CONTROL_BETWEEN: dict[Depth, Statement] = statements(
    Depth, lambda d: _BETWEEN_HEAD + digits(d) + _BETWEEN_TAIL, ids=_IDS, asOf=_D
)

# One controller `m` of two bidders: each bidder's control chains upwards, paired per controller
# (as bidders.py pairs per middle node). The path runs a → … → m → … → b.
_COMMON_HEAD = "UNWIND $ids AS bid MATCH (e:Entity {id: bid}) MATCH path = (e)<-[:" + _UP_TYPES + "*1.."
_COMMON_TAIL = (
    "]-(m:Subject) WHERE all(x IN relationships(path) WHERE "
    + CONTROL_X
    + ") WITH m, collect(e) AS firms, collect(nodes(path)) AS ns, collect(relationships(path)) AS rs"
    " WHERE size(firms) >= 2"
    " UNWIND range(0, size(firms) - 1) AS i UNWIND range(0, size(firms) - 1) AS j"
    " WITH m, firms[i] AS a, ns[i] AS na, rs[i] AS ra, firms[j] AS b, ns[j] AS nb, rs[j] AS rb"
    " WHERE a.id < b.id AND m.id <> a.id AND m.id <> b.id"
    " RETURN a.id AS a, b.id AS b, [n IN na + tail(reverse(nb)) | "
    + NODE_VIEW
    + "] AS nodes, [x IN ra + reverse(rb) | "
    + REL_VIEW
    + "] AS rels, 'common_controller' AS kind, m.name AS via, m.id AS controller"
)
COMMON_CONTROLLER: dict[Depth, Statement] = statements(
    Depth, lambda d: _COMMON_HEAD + digits(d) + _COMMON_TAIL, ids=_IDS, asOf=_D
)

ROOT = statement("MATCH (n:Subject {id: $id}) RETURN " + NODE_VIEW + " AS node", id="e:1")


@dataclass(frozen=True)
class Chain:
    """One acyclic path between a company and a subject above it, ordered top → down: `nodes[0]`
    the holder or controller, `nodes[-1]` the company; `rels[i]` joins nodes[i] and nodes[i+1]."""

    nodes: tuple[NodeRef, ...]
    rels: tuple[RelRef, ...]

    @property
    def top(self) -> NodeRef:
        return self.nodes[0]

    @property
    def share(self) -> float:
        """Product of the ratios; 0 when a step is no shareholding (a declaration) or has no ratio."""
        product = 1.0
        for rel in self.rels:
            if rel.type != Rel.SHAREHOLDER_OF.value or rel.ratio is None:
                return 0.0
            product *= rel.ratio
        return product

    @property
    def controlling(self) -> bool:
        return all(controls(rel) for rel in self.rels)

    @property
    def declared(self) -> bool:
        return any(rel.type == Rel.ACTUAL_CONTROLLER_OF.value for rel in self.rels)

    @property
    def path(self) -> PathResult:
        return PathResult(self.nodes, self.rels)


def controls(rel: RelRef) -> bool:
    """One controlling step: a declared 实际控制人, or more than half of the company."""
    if rel.type == Rel.ACTUAL_CONTROLLER_OF.value:
        return True
    return rel.type == Rel.SHAREHOLDER_OF.value and rel.ratio is not None and rel.ratio > 0.5


def top_down(path: PathResult) -> PathResult:
    """A path read upwards from a company, turned so that it runs holder → company."""
    if len(path.rels) and path.nodes and path.rels[0].start == path.nodes[0].id:
        return path
    return PathResult(tuple(reversed(path.nodes)), tuple(reversed(path.rels)))


def _chains(paths: Iterable[PathResult]) -> list[Chain]:
    """Acyclic chains, each turned top → down (the path comes back in the order it was walked)."""
    chains = []
    for path in paths:
        if not path.rels:
            continue
        nodes, rels = path.nodes, path.rels
        if rels[0].start != nodes[0].id:
            nodes, rels = tuple(reversed(nodes)), tuple(reversed(rels))
        if len({n.id for n in nodes}) < len(nodes):
            continue  # went round a cross-holding: counted once already, by the shorter path
        chains.append(Chain(nodes, rels))
    return chains


@dataclass(frozen=True)
class Controller:
    """An ultimate controller of a company: no one controls it in turn (within the depth)."""

    subject: NodeRef
    kind: str  # 控股股东 | 实际控制人
    declared: bool  # named as 实际控制人 by the registry (on the company or along the chain)
    effective_share: float  # summed over its shareholding paths (0 for a declaration only)
    path: PathResult  # the shortest control path, controller → company


@dataclass(frozen=True)
class OwnershipNode:
    """One step of the 股权穿透 tree: the subject, the relationship to its parent in the tree."""

    subject: NodeRef
    relation: str  # SHAREHOLDER_OF | ACTUAL_CONTROLLER_OF
    ratio: float | None  # the step's own share
    effective_share: float  # product of the ratios from the root
    controls: bool  # more than 50 % or declared
    children: tuple[OwnershipNode, ...]


@dataclass(frozen=True)
class Ownership:
    root: NodeRef
    up: tuple[OwnershipNode, ...]  # holders and controllers, theirs …
    down: tuple[OwnershipNode, ...]  # holdings, theirs …
    controllers: tuple[str, ...]  # ids of the root's ultimate controllers (to highlight)
    truncated: bool  # a walk reached MAX_PATHS


@dataclass(frozen=True)
class BeneficialOwner:
    """A natural person owning `threshold` or more (effective), or controlling the company."""

    person: NodeRef
    effective_share: float
    controls: bool
    paths: tuple[PathResult, ...]  # holder → company, shareholding paths first


def _up(store: GraphStore, company: str, depth: Depth, as_of: date) -> tuple[list[Chain], bool]:
    rows = store.read(UP[depth], id=company, asOf=as_of, limit=MAX_PATHS)
    return _chains(to_path(r) for r in rows), len(rows) >= MAX_PATHS


def _ultimate(chains: list[Chain]) -> list[Controller]:
    control = [c for c in chains if c.controlling]
    # Someone passed on the way up to another controller is not ultimate.
    passed = {n.id for c in control for n in c.nodes[1:-1]}
    tops = {c.top.id for c in control}
    ultimate = tops - passed or {c.top.id for c in control if len(c.rels) == 1}  # a pure cycle
    share: dict[str, float] = {}
    for chain in chains:
        share[chain.top.id] = share.get(chain.top.id, 0.0) + chain.share
    found = []
    for top in sorted(ultimate):
        mine = sorted((c for c in control if c.top.id == top), key=lambda c: (len(c.rels), c.declared))
        best = mine[0]
        declared = any(c.declared for c in mine)
        direct = len(best.rels) == 1 and not best.declared
        found.append(
            Controller(
                best.top,
                CONTROLLER if direct and not declared else ACTUAL,
                declared,
                round(share.get(top, 0.0), 6),
                best.path,
            )
        )
    return sorted(found, key=lambda c: (-c.effective_share, c.subject.id))


def controllers(store: GraphStore, company: str, as_of: date, depth: Depth = Depth.TEN) -> list[Controller]:
    """The ultimate controllers of a company at `as_of`, strongest share first."""
    chains, _ = _up(store, company, depth, as_of)
    return _ultimate(chains)


@dataclass(frozen=True)
class _Branch:
    node: NodeRef
    rel: RelRef
    below: dict[tuple[str, str], _Branch]


def _tree(chains: list[Chain], root_last: bool) -> tuple[OwnershipNode, ...]:
    """Nest chains into a tree from the root outwards, keyed by (subject, relationship)."""
    top: dict[tuple[str, str], _Branch] = {}
    for chain in chains:
        nodes = tuple(reversed(chain.nodes)) if root_last else chain.nodes
        rels = tuple(reversed(chain.rels)) if root_last else chain.rels
        level = top
        for node, rel in zip(nodes[1:], rels, strict=True):
            level = level.setdefault((node.id, rel.type), _Branch(node, rel, {})).below

    def build(level: dict[tuple[str, str], _Branch], share: float) -> tuple[OwnershipNode, ...]:
        out = []
        for branch in level.values():
            rel = branch.rel
            ratio = rel.ratio if rel.type == Rel.SHAREHOLDER_OF.value else None
            own = share * ratio if ratio is not None else 0.0
            below = build(branch.below, own)
            out.append(OwnershipNode(branch.node, rel.type, ratio, round(own, 6), controls(rel), below))
        return tuple(sorted(out, key=lambda n: (-(n.ratio or 0.0), n.subject.id)))

    return build(top, 1.0)


def ownership(store: GraphStore, subject: str, depth: Depth, as_of: date) -> Ownership | None:
    """The 股权穿透 tree of a subject: who holds it (upwards) and what it holds (downwards)."""
    rows = store.read(ROOT, id=subject)
    if not rows:
        return None
    root = NodeRef.from_row(rows[0]["node"])
    up: list[Chain] = []
    truncated = False
    if "Entity" in root.labels:
        up, truncated = _up(store, subject, depth, as_of)
    down_rows = store.read(DOWN[depth], id=subject, asOf=as_of, limit=MAX_PATHS)
    down = _chains(to_path(r) for r in down_rows)
    truncated = truncated or len(down_rows) >= MAX_PATHS
    return Ownership(
        root,
        _tree(up, root_last=True),
        _tree(down, root_last=False),
        tuple(c.subject.id for c in _ultimate(up)),
        truncated,
    )


def beneficial_owners(
    store: GraphStore, company: str, as_of: date, threshold: float = 0.25, depth: Depth = Depth.TEN
) -> list[BeneficialOwner]:
    """Natural persons whose effective share reaches `threshold` (《受益所有人信息管理办法》 art. 6:
    25 %), or who control the company (the other ground of art. 6), highest share first."""
    chains, _ = _up(store, company, depth, as_of)
    persons = {c.top.id: c.top for c in chains if "Person" in c.top.labels}
    controlling = {c.subject.id for c in _ultimate(chains)}
    found = []
    for pid, node in persons.items():
        mine = [c for c in chains if c.top.id == pid]
        share = round(sum(c.share for c in mine), 6)
        controls_it = pid in controlling
        if share + 1e-9 < threshold and not controls_it:
            continue
        mine.sort(key=lambda c: (c.share == 0.0, len(c.rels)))
        found.append(BeneficialOwner(node, share, controls_it, tuple(c.path for c in mine)))
    return sorted(found, key=lambda b: (-b.effective_share, b.person.id))
