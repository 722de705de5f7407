"""Batched MERGE statements, one per node label and one per relationship type.

Generated at import from the model's enums and relationship table (`graph.cypher.statements`),
so a label or type added to the model gets its statement, registered and linted like any other;
nothing is spliced in at run time. Rows carry `id`, `props` (only the values this record knows:
a null would erase a value another source gave) and provenance; `first_seen`/`source`/`record`/
`loader` are set once, `last_seen` and the `sources` list follow every later sighting.
"""

from __future__ import annotations

from typing import LiteralString

from graph.cypher import Statement, statements
from graph.model import RELATIONSHIPS, SUBJECT, SUBJECT_LABELS, Label, Rel

_NODE_ROW = {
    "id": "x",
    "props": {"name": "x", "name_norm": "x", "name_rank": 40},
    "source": "s",
    "record": "f:1",
    "loader": "l",
    "seen": "2024-01-01",
}
_LINK_ROW = {
    "source_id": "a",
    "target_id": "b",
    "props": {},
    "source": "s",
    "record": "f:1",
    "loader": "l",
    "seen": "2024-01-01",
}

_PROVENANCE = """
ON CREATE SET x.first_seen = r.seen, x.source = r.source, x.record = r.record, x.loader = r.loader
SET x += r.props, x.last_seen = r.seen,
    x.sources = CASE WHEN r.source IN coalesce(x.sources, []) THEN x.sources
                     ELSE coalesce(x.sources, []) + r.source END
RETURN count(*) AS written"""

# Entities and persons carry two labels. On the embedded engine `MERGE (x:Person:Subject {id})`
# finds no index for the label pair and scans: measured 35–50 rows/s, falling as the graph grows
# (a single-label MERGE ran 2–7k rows/s on the same engine). So subjects are written as "create
# the missing ones, then update all": an OPTIONAL MATCH on the single-label unique index, a
# CREATE inside FOREACH for the misses (with the once-only provenance), then MATCH … SET —
# 3–4.5k rows/s new, 6.5k on re-run, and the same result as the MERGE (rows of one batch have
# distinct ids: the writer merges duplicates before writing; the unique constraint still guards).
_ONCE = "{id: r.id, first_seen: r.seen, source: r.source, record: r.record, loader: r.loader}"

# Names have a precedence (issue 14: registry > 双公示 > lists > bids; graph.identity.NameRank):
# `name`/`name_norm` change only when the row's `name_rank` is at least the stored one (a row
# without a rank ranks 0). The name that loses — the row's, or the stored one a higher source
# replaces — is appended to `aliases` (distinct names, first sighting kept) with its provenance
# at the same index of `alias_from` ("source|record|loader"; `name_from` is the kept name's).
# Aliases are list properties, not nodes: a name is a statement about one subject, read with it,
# and alias nodes would add a MERGE and an edge per row to the subject write measured above.
# Same shape as before (OPTIONAL MATCH, FOREACH CREATE, MATCH … SET), two WITHs more.
_UPDATE = """
WITH r, x, coalesce(r.props.name_rank, 0) >= coalesce(x.name_rank, 0) AS wins,
     x.name AS old, x.name_norm AS old_norm, x.name_rank AS old_rank, x.name_from AS old_from,
     r.source + '|' + r.record + '|' + r.loader AS new_from
WITH r, x, wins, old, old_norm, old_rank, old_from, new_from,
     CASE WHEN wins THEN old ELSE r.props.name END AS lost,
     CASE WHEN wins THEN old_from ELSE new_from END AS lost_from,
     coalesce(old_norm = r.props.name_norm, false) AS same
WITH r, x, wins, old, old_norm, old_rank, old_from, new_from, lost, lost_from,
     lost IS NOT NULL AND NOT same AND NOT lost IN coalesce(x.aliases, []) AS keep
SET x += r.props, x.last_seen = r.seen,
    x.sources = CASE WHEN r.source IN coalesce(x.sources, []) THEN x.sources
                     ELSE coalesce(x.sources, []) + r.source END,
    x.name = CASE WHEN wins THEN r.props.name ELSE old END,
    x.name_norm = CASE WHEN wins THEN r.props.name_norm ELSE old_norm END,
    x.name_rank = CASE WHEN wins THEN r.props.name_rank ELSE old_rank END,
    x.name_from = CASE WHEN wins THEN new_from ELSE old_from END,
    x.aliases = CASE WHEN keep THEN coalesce(x.aliases, []) + lost ELSE x.aliases END,
    x.alias_from = CASE WHEN keep THEN coalesce(x.alias_from, []) + lost_from ELSE x.alias_from END
RETURN count(*) AS written"""

# Objections and repair applications are written by their state machines (graph/lifecycle/objections.py,
# repairs.py), never here.
WRITTEN_BY_OTHERS = frozenset({Label.OBJECTION, Label.REPAIR_APPLICATION})


def _merge_node(label: Label) -> LiteralString:
    if label in SUBJECT_LABELS:
        both = label.value + ":" + SUBJECT
        return (
            "UNWIND $rows AS r OPTIONAL MATCH (e:" + label.value + " {id: r.id}) WITH r, e "
            "FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (:" + both + " " + _ONCE + "))"
            " WITH r MATCH (x:" + label.value + " {id: r.id})" + _UPDATE
        )
    return "UNWIND $rows AS r MERGE (x:" + label.value + " {id: r.id})" + _PROVENANCE


MERGE_NODE: dict[Label, Statement] = statements(
    [label for label in Label if label not in WRITTEN_BY_OTHERS], _merge_node, rows=[_NODE_ROW]
)

# A relationship MERGE on the embedded engine looks for an existing edge by walking the edges of
# the first node of its pattern. From a hub (a holding group, a registered-agent address) that is
# a walk over thousands of edges per row: measured 56 rows/s for 2,000 rows on one holding group
# of ~2,000 subsidiaries, against 1,900 rows/s (4,900 on re-run) when the pattern starts at the
# subsidiary. So each MERGE starts at the side that has few edges of that type by the model: the
# company for its representatives, shareholders and officers, the case for its parties, the
# listing, licence and bid for their subject; the subject for its address, phone and e-mail; the
# case, listing, licence and bid for their authority, provisions, tender and artefacts.
# Same pattern, same idempotence, portable Cypher (Neo4j picks the cheaper side by itself).
FROM_TARGET = frozenset(
    {Rel.LEGAL_REP_OF, Rel.SHAREHOLDER_OF, Rel.OFFICER_OF, Rel.PARTY_TO}
    | {Rel.LISTED_IN, Rel.HOLDS, Rel.SUBMITTED}
    | {Rel.ACTUAL_CONTROLLER_OF}  # the company: one or two declared controllers each
)


def match_label(labels: tuple[Label, ...]) -> LiteralString | None:
    """The one label a relationship end is matched on: its label, or `Subject` for "entity or
    person"; None when the end may be of unrelated labels (the writer cannot say which)."""
    if frozenset(labels) == SUBJECT_LABELS:
        return SUBJECT
    return labels[0].value if len(labels) == 1 else None


def _ends(rel: Rel) -> tuple[LiteralString, LiteralString] | None:
    sources, targets = RELATIONSHIPS[rel]
    source, target = match_label(sources), match_label(targets)
    return (source, target) if source is not None and target is not None else None


# OBJECTS_TO (an objection to a case or a listing) has no one target label: objections.py writes it.
LINK_ENDS: dict[Rel, tuple[LiteralString, LiteralString]] = {
    rel: ends for rel in Rel if (ends := _ends(rel)) is not None
}


def _merge_link(rel: Rel) -> LiteralString:
    source, target = LINK_ENDS[rel]
    a = "MATCH (a:" + source + " {id: r.source_id})"
    b = "MATCH (b:" + target + " {id: r.target_id})"
    if rel in FROM_TARGET:
        return "UNWIND $rows AS r " + b + " " + a + " MERGE (b)<-[x:" + rel.value + "]-(a)" + _PROVENANCE
    return "UNWIND $rows AS r " + a + " " + b + " MERGE (a)-[x:" + rel.value + "]->(b)" + _PROVENANCE


MERGE_LINK: dict[Rel, Statement] = statements(LINK_ENDS, _merge_link, rows=[_LINK_ROW])

# Initial load into an empty graph (`ingest --initial`, GraphWriter(initial=True)): the writer knows
# which ids and relationship keys it has sent this run, so a first sighting needs no lookup and is
# a plain CREATE that sets what the MERGE path sets on creation — the once-only provenance, the
# props, `last_seen`, `sources = [source]` and, for subjects, `name_from` (the precedence SET above
# with no stored name: the row's name wins). A later sighting of the same id or key goes through
# MERGE_NODE / MERGE_LINK as in any ingest, so the graph ends the same.
_CREATED = """ SET x += r.props, x.first_seen = r.seen, x.source = r.source, x.record = r.record,
    x.loader = r.loader, x.last_seen = r.seen, x.sources = [r.source]"""
_COUNT = "\nRETURN count(*) AS written"


def _create_node(label: Label) -> LiteralString:
    labels = label.value + ":" + SUBJECT if label in SUBJECT_LABELS else label.value
    named = ", x.name_from = r.source + '|' + r.record + '|' + r.loader" if label in SUBJECT_LABELS else ""
    return "UNWIND $rows AS r CREATE (x:" + labels + " {id: r.id})" + _CREATED + named + _COUNT


CREATE_NODE: dict[Label, Statement] = statements(
    [label for label in Label if label not in WRITTEN_BY_OTHERS], _create_node, rows=[_NODE_ROW]
)


def _create_link(rel: Rel) -> LiteralString:
    source, target = LINK_ENDS[rel]
    a = "MATCH (a:" + source + " {id: r.source_id})"
    b = "MATCH (b:" + target + " {id: r.target_id})"
    if rel in FROM_TARGET:
        return (
            "UNWIND $rows AS r " + b + " " + a + " CREATE (b)<-[x:" + rel.value + "]-(a)" + _CREATED + _COUNT
        )
    return "UNWIND $rows AS r " + a + " " + b + " CREATE (a)-[x:" + rel.value + "]->(b)" + _CREATED + _COUNT


CREATE_LINK: dict[Rel, Statement] = statements(LINK_ENDS, _create_link, rows=[_LINK_ROW])
