"""Batched MERGE statements, one per node label and one per relationship type.

Written out literally (no labels or types spliced in at run time) so each is a constant the
linter checks. Rows carry `id`, `props` (only the values this record knows: a null would erase a
value another source gave) and provenance; `first_seen`/`source`/`record`/`loader` are set once,
`last_seen` and the `sources` list follow every later sighting.
"""

from __future__ import annotations

from graph.cypher import Statement, statement
from graph.model import Label, Rel

_NODE_ROW = {
    "id": "x",
    "props": {"name": "x"},
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
_UPDATE = """
SET x += r.props, x.last_seen = r.seen,
    x.sources = CASE WHEN r.source IN coalesce(x.sources, []) THEN x.sources
                     ELSE coalesce(x.sources, []) + r.source END
RETURN count(*) AS written"""

MERGE_NODE: dict[Label, Statement] = {
    Label.ENTITY: statement(
        "UNWIND $rows AS r OPTIONAL MATCH (e:Entity {id: r.id}) WITH r, e "
        "FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (:Entity:Subject " + _ONCE + "))"
        " WITH r MATCH (x:Entity {id: r.id})" + _UPDATE,
        rows=[_NODE_ROW],
    ),
    Label.PERSON: statement(
        "UNWIND $rows AS r OPTIONAL MATCH (e:Person {id: r.id}) WITH r, e "
        "FOREACH (_ IN CASE WHEN e IS NULL THEN [1] ELSE [] END | CREATE (:Person:Subject " + _ONCE + "))"
        " WITH r MATCH (x:Person {id: r.id})" + _UPDATE,
        rows=[_NODE_ROW],
    ),
    Label.CASE: statement("UNWIND $rows AS r MERGE (x:Case {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]),
    Label.SANCTION: statement(
        "UNWIND $rows AS r MERGE (x:Sanction {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]
    ),
    Label.LISTING: statement(
        "UNWIND $rows AS r MERGE (x:Listing {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]
    ),
    Label.LICENCE: statement(
        "UNWIND $rows AS r MERGE (x:Licence {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]
    ),
    Label.AUTHORITY: statement(
        "UNWIND $rows AS r MERGE (x:Authority {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]
    ),
    Label.PROVISION: statement(
        "UNWIND $rows AS r MERGE (x:Provision {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]
    ),
    Label.ADDRESS: statement(
        "UNWIND $rows AS r MERGE (x:Address {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]
    ),
    Label.PHONE: statement("UNWIND $rows AS r MERGE (x:Phone {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]),
    Label.EMAIL: statement("UNWIND $rows AS r MERGE (x:Email {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]),
    Label.TENDER: statement("UNWIND $rows AS r MERGE (x:Tender {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]),
    Label.BID: statement("UNWIND $rows AS r MERGE (x:Bid {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]),
    Label.IDENTIFIER: statement(
        "UNWIND $rows AS r MERGE (x:Identifier {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]
    ),
    Label.EXTRACTION: statement(
        "UNWIND $rows AS r MERGE (x:Extraction {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]
    ),
    Label.REVIEW_ACTION: statement(
        "UNWIND $rows AS r MERGE (x:ReviewAction {id: r.id})" + _PROVENANCE, rows=[_NODE_ROW]
    ),
}

# A relationship MERGE on the embedded engine looks for an existing edge by walking the edges of
# the first node of its pattern. From a hub (a holding group, a registered-agent address) that is
# a walk over thousands of edges per row: measured 56 rows/s for 2,000 rows on one holding group
# of ~2,000 subsidiaries, against 1,900 rows/s (4,900 on re-run) when the pattern starts at the
# subsidiary. So each MERGE starts at the side that has few edges of that type by the model: the
# company for its representatives, shareholders and officers, the case for its parties, the
# listing, licence and bid for their subject; the subject for its address, phone and e-mail; the
# case, listing, licence and bid for their authority, provisions, tender and artefacts.
# Same pattern, same idempotence, portable Cypher (Neo4j picks the cheaper side by itself).
MERGE_LINK: dict[Rel, Statement] = {
    Rel.LEGAL_REP_OF: statement(
        "UNWIND $rows AS r MATCH (b:Entity {id: r.target_id}) MATCH (a:Person {id: r.source_id}) "
        "MERGE (b)<-[x:LEGAL_REP_OF]-(a)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.SHAREHOLDER_OF: statement(
        "UNWIND $rows AS r MATCH (b:Entity {id: r.target_id}) MATCH (a:Subject {id: r.source_id}) "
        "MERGE (b)<-[x:SHAREHOLDER_OF]-(a)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.OFFICER_OF: statement(
        "UNWIND $rows AS r MATCH (b:Entity {id: r.target_id}) MATCH (a:Person {id: r.source_id}) "
        "MERGE (b)<-[x:OFFICER_OF]-(a)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.PARTY_TO: statement(
        "UNWIND $rows AS r MATCH (b:Case {id: r.target_id}) MATCH (a:Subject {id: r.source_id}) "
        "MERGE (b)<-[x:PARTY_TO]-(a)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.DECIDED_BY: statement(
        "UNWIND $rows AS r MATCH (a:Case {id: r.source_id}) MATCH (b:Authority {id: r.target_id}) "
        "MERGE (a)-[x:DECIDED_BY]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.IMPOSES: statement(
        "UNWIND $rows AS r MATCH (a:Case {id: r.source_id}) MATCH (b:Sanction {id: r.target_id}) "
        "MERGE (a)-[x:IMPOSES]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.VIOLATED: statement(
        "UNWIND $rows AS r MATCH (a:Case {id: r.source_id}) MATCH (b:Provision {id: r.target_id}) "
        "MERGE (a)-[x:VIOLATED]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.APPLIED: statement(
        "UNWIND $rows AS r MATCH (a:Case {id: r.source_id}) MATCH (b:Provision {id: r.target_id}) "
        "MERGE (a)-[x:APPLIED]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.LISTED_IN: statement(
        "UNWIND $rows AS r MATCH (b:Listing {id: r.target_id}) MATCH (a:Subject {id: r.source_id}) "
        "MERGE (b)<-[x:LISTED_IN]-(a)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.LISTED_BY: statement(
        "UNWIND $rows AS r MATCH (a:Listing {id: r.source_id}) MATCH (b:Authority {id: r.target_id}) "
        "MERGE (a)-[x:LISTED_BY]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.HOLDS: statement(
        "UNWIND $rows AS r MATCH (b:Licence {id: r.target_id}) MATCH (a:Subject {id: r.source_id}) "
        "MERGE (b)<-[x:HOLDS]-(a)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.ISSUED_BY: statement(
        "UNWIND $rows AS r MATCH (a:Licence {id: r.source_id}) MATCH (b:Authority {id: r.target_id}) "
        "MERGE (a)-[x:ISSUED_BY]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.LOCATED_AT: statement(
        "UNWIND $rows AS r MATCH (a:Subject {id: r.source_id}) MATCH (b:Address {id: r.target_id}) "
        "MERGE (a)-[x:LOCATED_AT]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.HAS_PHONE: statement(
        "UNWIND $rows AS r MATCH (a:Subject {id: r.source_id}) MATCH (b:Phone {id: r.target_id}) "
        "MERGE (a)-[x:HAS_PHONE]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.HAS_EMAIL: statement(
        "UNWIND $rows AS r MATCH (a:Subject {id: r.source_id}) MATCH (b:Email {id: r.target_id}) "
        "MERGE (a)-[x:HAS_EMAIL]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.SUBMITTED: statement(
        "UNWIND $rows AS r MATCH (b:Bid {id: r.target_id}) MATCH (a:Entity {id: r.source_id}) "
        "MERGE (b)<-[x:SUBMITTED]-(a)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.BID_FOR: statement(
        "UNWIND $rows AS r MATCH (a:Bid {id: r.source_id}) MATCH (b:Tender {id: r.target_id}) "
        "MERGE (a)-[x:BID_FOR]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.MANAGED_BY: statement(
        "UNWIND $rows AS r MATCH (a:Bid {id: r.source_id}) MATCH (b:Person {id: r.target_id}) "
        "MERGE (a)-[x:MANAGED_BY]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.CONTACT: statement(
        "UNWIND $rows AS r MATCH (a:Bid {id: r.source_id}) MATCH (b:Person {id: r.target_id}) "
        "MERGE (a)-[x:CONTACT]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.VIA_AGENT: statement(
        "UNWIND $rows AS r MATCH (a:Bid {id: r.source_id}) MATCH (b:Entity {id: r.target_id}) "
        "MERGE (a)-[x:VIA_AGENT]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.USED: statement(
        "UNWIND $rows AS r MATCH (a:Bid {id: r.source_id}) MATCH (b:Identifier {id: r.target_id}) "
        "MERGE (a)-[x:USED]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
    Rel.REVIEW_OF: statement(
        "UNWIND $rows AS r MATCH (a:ReviewAction {id: r.source_id}) MATCH (b:Extraction {id: r.target_id}) "
        "MERGE (a)-[x:REVIEW_OF]->(b)" + _PROVENANCE,
        rows=[_LINK_ROW],
    ),
}
