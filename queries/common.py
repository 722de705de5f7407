"""Shared pieces of the read side: Cypher fragments, result records and the as-of rules.

Fragments are constant strings concatenated into statements (never formatted with values).
Everything time-dependent is evaluated at `$asOf` inside Cypher, so an answer "as of the bid
deadline" is computed from the dated facts, not from a snapshot.

Engine note: ArcadeDB flattens a map projection nested in a map literal (`{p: p {.name}}`
comes back as `{name: …}`), so statements here use `properties(x)` or explicit keys instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any

Row = dict[str, Any]
"""One result row as the store returns it (plain values): read here, into the records below."""

# A relationship counts at $asOf when its own dates (if any) include that day.
DATED_R = "(r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR r.until > $asOf)"

# A black-list entry counts at $asOf between 列入日期 and 移出日期, through its 有效期至 (the day
# itself included) and before the maximum validity of its list (`max_end`, from the list catalogue:
# graph/lifecycle/listings.py), unless repaired or withdrawn. Red and watch listings never count here.
IN_EFFECT_L = (
    "(l.polarity = 'black' AND (l.listed_on IS NULL OR l.listed_on <= $asOf)"
    " AND (l.removed_on IS NULL OR l.removed_on > $asOf)"
    " AND (l.valid_until IS NULL OR l.valid_until >= $asOf)"
    " AND (l.max_end IS NULL OR l.max_end > $asOf)"
    " AND (l.repaired_on IS NULL OR l.repaired_on > $asOf)"
    " AND (l.withdrawn_on IS NULL OR l.withdrawn_on > $asOf))"
)

# A list entry of any polarity (black, red, watch) is in effect at $asOf: the same dated test
# without the polarity, for profiles (a red listing in effect is shown as such, not as removed).
IN_EFFECT_ANY_L = (
    "((l.listed_on IS NULL OR l.listed_on <= $asOf)"
    " AND (l.removed_on IS NULL OR l.removed_on > $asOf)"
    " AND (l.valid_until IS NULL OR l.valid_until >= $asOf)"
    " AND (l.max_end IS NULL OR l.max_end > $asOf)"
    " AND (l.repaired_on IS NULL OR l.repaired_on > $asOf)"
    " AND (l.withdrawn_on IS NULL OR l.withdrawn_on > $asOf))"
)

# A penalty decision may be shown and used at $asOf: inside its publicity window (see
# graph/lifecycle/publicity.py: the earlier of its own 公示截止期 and its class maximum), not
# repaired, not withdrawn. Unclassified cases have no window yet.
VISIBLE_C = (
    "((c.publicity_start IS NULL OR c.publicity_start <= $asOf)"
    " AND (coalesce(c.publicity_end, c.max_end) IS NULL OR coalesce(c.publicity_end, c.max_end) > $asOf)"
    " AND (c.repaired_on IS NULL OR c.repaired_on > $asOf)"
    " AND (c.withdrawn_on IS NULL OR c.withdrawn_on > $asOf))"
)

# Every relationship on a path holds at $asOf (appended to a MATCH of `path`).
DATED_PATH = (
    " WHERE all(x IN relationships(path) WHERE (x.since IS NULL OR x.since <= $asOf)"
    " AND (x.until IS NULL OR x.until > $asOf))"
)

# A controlling step on a path (`x`), in effect at $asOf: a declared 实际控制人, or a holding of
# MORE than half (公司法 art. 265: exactly 50 % is not 控股 on the share alone).
CONTROL_X = (
    "(x.since IS NULL OR x.since <= $asOf) AND (x.until IS NULL OR x.until > $asOf)"
    " AND (type(x) = 'ACTUAL_CONTROLLER_OF' OR x.ratio > 0.5)"
)

# How a node of any label is shown in a path.
# A node's display name, whatever its label (a licence by its certificate or document name, a
# sanction by its type, a provision by its citation).
NAME_OF_N = (
    "coalesce(n.name, n.text, n.number, n.address, n.value, n.list_name, n.decision_no, n.project_no,"
    " n.cert_name, n.doc_name, n.doc_no, n.citation, n.type)"
)
NODE_VIEW = (
    "{id: n.id, labels: labels(n), name: " + NAME_OF_N + ", uscc: n.uscc, masked_id: n.masked_id,"
    " verified: n.verified, scope: n.scope}"
)
REL_VIEW = "{type: type(x), start: startNode(x).id, end: endNode(x).id, props: properties(x)}"
PATH_VIEW = (
    "[n IN nodes(path) | " + NODE_VIEW + "] AS nodes, [x IN relationships(path) | " + REL_VIEW + "] AS rels"
)


class Hops(IntEnum):
    """Allowed path depths: variable-length bounds cannot be parameters, one statement each."""

    ONE = 1
    TWO = 2
    THREE = 3
    FOUR = 4
    FIVE = 5
    SIX = 6


@dataclass(frozen=True)
class NodeRef:
    """A node of any label as a path (or a list of parties) shows it."""

    id: str
    labels: tuple[str, ...]
    name: str | None
    uscc: str | None = None
    masked_id: str | None = None
    verified: bool | None = None  # persons: identified by a full ID number (else record-scoped)
    scope: str | None = None  # a record-scoped person's record

    @classmethod
    def from_row(cls, row: Row) -> NodeRef:
        verified = row.get("verified")
        return cls(
            row["id"],
            tuple(row.get("labels") or ()),
            row.get("name"),
            row.get("uscc"),
            row.get("masked_id"),
            None if verified is None else bool(verified),
            row.get("scope"),
        )

    @property
    def kind(self) -> str:
        for label in (
            "Entity",
            "Person",
            "Case",
            "Listing",
            "Address",
            "Phone",
            "Email",
            "Bid",
            "Identifier",
            "Licence",
            "Tender",
            "Authority",
            "Sanction",
            "Provision",
        ):
            if label in self.labels:
                return label
        return self.labels[0] if self.labels else "Node"


@dataclass(frozen=True)
class RelRef:
    """A relationship on a path: its role and ratio where it has them, and where it came from."""

    type: str
    start: str
    end: str
    role: str | None = None
    ratio: float | None = None
    source: str | None = None

    @classmethod
    def from_row(cls, row: Row) -> RelRef:
        props: Row = row.get("props") or {}
        return cls(
            row["type"], row["start"], row["end"], props.get("role"), props.get("ratio"), props.get("source")
        )


@dataclass(frozen=True)
class PathResult:
    nodes: tuple[NodeRef, ...]
    rels: tuple[RelRef, ...]

    @property
    def length(self) -> int:
        return len(self.rels)

    def reversed(self) -> PathResult:
        """The same path walked from its other end."""
        return PathResult(self.nodes[::-1], self.rels[::-1])


def to_path(row: Row) -> PathResult:
    return PathResult(
        tuple(NodeRef.from_row(n) for n in row["nodes"]), tuple(RelRef.from_row(r) for r in row["rels"])
    )


@dataclass(frozen=True)
class EntityRef:
    """An entity as another answer names it (a shareholder, a firm a person represents, a bidder)."""

    id: str
    uscc: str | None
    name: str

    @classmethod
    def from_row(cls, row: Row) -> EntityRef:
        return cls(str(row["id"]), row.get("uscc"), str(row.get("name") or ""))


@dataclass(frozen=True)
class PersonRef:
    """A person as another answer names them; `masked_id` only ever masked."""

    id: str
    name: str
    masked_id: str | None
    verified: bool

    @classmethod
    def from_row(cls, row: Row) -> PersonRef:
        return cls(
            str(row["id"]), str(row.get("name") or ""), row.get("masked_id"), bool(row.get("verified"))
        )


@dataclass(frozen=True)
class ListingRecord:
    """A Listing node's values (列入/移出, repair, withdrawal, objection state)."""

    id: str
    list_name: str
    polarity: str
    listed_on: date | None
    removed_on: date | None
    reason: str | None
    authority: str | None
    objection_open: bool
    repaired_on: date | None
    withdrawn_on: date | None
    history: tuple[str, ...]
    valid_until: date | None = None
    min_end: date | None = None  # repair may be applied for from this day (the list's rule)
    max_end: date | None = None  # stops counting on this day (the list's maximum validity)
    repaired_by: str | None = None

    @classmethod
    def from_props(cls, props: Row) -> ListingRecord:
        return cls(
            id=str(props["id"]),
            list_name=props.get("list_name", ""),
            polarity=props.get("polarity", "black"),
            listed_on=props.get("listed_on"),
            removed_on=props.get("removed_on"),
            reason=props.get("reason"),
            authority=props.get("authority"),
            objection_open=bool(props.get("objection_open")),
            repaired_on=props.get("repaired_on"),
            withdrawn_on=props.get("withdrawn_on"),
            history=tuple(props.get("history") or ()),
            valid_until=props.get("valid_until"),
            min_end=props.get("min_end"),
            max_end=props.get("max_end"),
            repaired_by=props.get("repaired_by"),
        )

    def suppressed(self, as_of: date) -> bool:
        """Repaired or withdrawn at `as_of`: shown to nobody but admins in audit mode."""
        return any(d is not None and d <= as_of for d in (self.repaired_on, self.withdrawn_on))


def as_of(value: date | None) -> date:
    return value or date.today()


@dataclass(frozen=True)
class Page:
    """Offset paging behind opaque cursors: `after` is the cursor of the last item seen."""

    offset: int
    limit: int


MAX_PAGE = 500
