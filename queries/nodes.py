"""One node of any kind with its properties and provenance, for the explorer's details panel.

The node is found through its label's unique index (the label is its id's prefix, as for the
neighbourhood); a case or listing that may not be shown at `$asOf` is not found. Keys that only
the store uses (the ID-number hash, normalised names, ranking, raw columns) never leave here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import LiteralString

from graph.cypher import Statement, statements
from graph.model import Label
from graph.store import GraphStore
from queries.common import NAME_OF_N, VISIBLE_C, Row
from queries.paths import EXPANDABLE, label_of

_D = date(2026, 1, 1)

# Never shown: internal keys, and the provenance (returned apart).
HIDDEN = frozenset(
    {"id", "id_hash", "name_norm", "name_rank", "name_from", "alias_from", "extra_json", "rule_version"}
)
PROVENANCE = frozenset({"source", "record", "loader", "first_seen", "last_seen", "sources"})


def _details(label: Label) -> LiteralString:
    return (
        "MATCH (c:"
        + label.value
        + " {id: $id}) WHERE NOT (c:Case OR c:Listing) OR "
        + VISIBLE_C
        + " WITH c AS n RETURN n.id AS id, labels(n) AS labels, "
        + NAME_OF_N
        + " AS name, properties(n) AS props,"
        " [(n)-[:IMPOSES]->(s:Sanction) | {type: s.type, amount: s.amount_yuan}] AS sanctions,"
        " [(n)-[:DECIDED_BY|ISSUED_BY|LISTED_BY]->(a:Authority) | a.name] AS authorities,"
        " [(s:Subject)-[:PARTY_TO|LISTED_IN|HOLDS]->(n) | s.name] AS subjects"
    )


NODE_DETAILS: dict[Label, Statement] = statements(
    sorted(set(EXPANDABLE.values())), _details, id="case:1", asOf=_D
)


@dataclass(frozen=True)
class Provenance:
    """Where the node came from: first source and record, when first and last seen, every source."""

    source: str | None
    record: str | None
    loader: str | None
    first_seen: date | None
    last_seen: date | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class NodeDetails:
    id: str
    labels: tuple[str, ...]
    name: str | None
    properties: tuple[tuple[str, object], ...]  # (key, value), keys sorted; no hidden keys
    provenance: Provenance
    sanctions: tuple[tuple[str, float | None], ...]  # a case's penalty items (type, amount)
    authorities: tuple[str, ...]  # the deciding, issuing or listing authority
    subjects: tuple[str, ...]  # the parties of a case, the holders of a licence or listing


def _provenance(props: Row) -> Provenance:
    return Provenance(
        props.get("source"),
        props.get("record"),
        props.get("loader"),
        props.get("first_seen"),
        props.get("last_seen"),
        tuple(props.get("sources") or ()),
    )


def node_details(store: GraphStore, node_id: str, as_of: date) -> NodeDetails | None:
    label = label_of(node_id)
    if label is None:
        return None
    rows = store.read(NODE_DETAILS[label], id=node_id, asOf=as_of)
    if not rows:
        return None
    row = rows[0]
    props: Row = row["props"] or {}
    shown = tuple(sorted((k, v) for k, v in props.items() if k not in HIDDEN | PROVENANCE and v is not None))
    return NodeDetails(
        id=str(row["id"]),
        labels=tuple(row["labels"] or ()),
        name=row.get("name"),
        properties=shown,
        provenance=_provenance(props),
        sanctions=tuple((str(s.get("type") or "其他"), s.get("amount")) for s in row["sanctions"] or ()),
        authorities=tuple(str(a) for a in row["authorities"] or () if a),
        subjects=tuple(str(s) for s in row["subjects"] or () if s),
    )
