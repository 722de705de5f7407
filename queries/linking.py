"""Legal representatives linking black-listed firms.

A person counts when they are legal representative (at `$asOf`) of at least `$minFirms` firms
that have a black-list entry in effect at `$asOf`. Identity comes from the graph: persons
without a full ID number are scoped to their record, so two different 张伟 never link firms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph.cypher import statement
from graph.store import GraphStore
from queries.common import DATED_R, IN_EFFECT_L, ListingRecord, Page, PersonRef

# Start from the few listings in effect (1–3 % of firms), not from every LEGAL_REP_OF edge, and
# walk from each listed firm to its representatives (the low-degree side of the edge).
_MATCH = (
    """
MATCH (l:Listing) WHERE """
    + IN_EFFECT_L
    + """
MATCH (e:Entity)-[:LISTED_IN]->(l)
WITH DISTINCT e
MATCH (e)<-[r:LEGAL_REP_OF]-(p:Person)
WHERE """
    + DATED_R
    + """
WITH p, collect(DISTINCT e) AS firms
WHERE size(firms) >= $minFirms
"""
)

LINKING_REPS = statement(
    _MATCH
    + """
RETURN p.id AS id, p.name AS name, p.masked_id AS masked_id, p.verified AS verified,
  [f IN firms | {id: f.id, uscc: f.uscc, name: f.name,
     listings: [(f)-[:LISTED_IN]->(l:Listing) WHERE """
    + IN_EFFECT_L
    + """ | properties(l)]}] AS firms
ORDER BY size(firms) DESC, id
SKIP $offset LIMIT $limit
""",
    minFirms=2,
    asOf=date(2026, 1, 1),
    offset=0,
    limit=50,
)

LINKING_REPS_COUNT = statement(_MATCH + "RETURN count(p) AS total", minFirms=2, asOf=date(2026, 1, 1))


@dataclass(frozen=True)
class LinkedFirm:
    id: str
    uscc: str | None
    name: str
    listings: tuple[ListingRecord, ...]  # in effect at the as-of date


@dataclass(frozen=True)
class LinkingRep:
    person: PersonRef
    firms: tuple[LinkedFirm, ...]


def linking_reps(store: GraphStore, min_firms: int, as_of: date, page: Page) -> tuple[list[LinkingRep], int]:
    params: dict[str, object] = {"minFirms": max(min_firms, 1), "asOf": as_of}
    rows = store.read(LINKING_REPS, offset=page.offset, limit=page.limit, **params)
    total = store.read(LINKING_REPS_COUNT, **params)[0]["total"]
    reps = [
        LinkingRep(
            PersonRef.from_row(row),
            tuple(
                LinkedFirm(
                    f["id"], f["uscc"], f["name"], tuple(ListingRecord.from_props(x) for x in f["listings"])
                )
                for f in row["firms"]
            ),
        )
        for row in rows
    ]
    return reps, int(total)
