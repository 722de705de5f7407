"""Name search over normalised names (substring), paged. Portable: no full-text index needed."""

from __future__ import annotations

from dataclasses import dataclass

from graph.cypher import statement
from graph.ids import normalise
from graph.store import GraphStore
from queries.common import Page

SEARCH_SUBJECTS = statement(
    """
MATCH (n:Subject)
WHERE n.name_norm CONTAINS $q OR n.uscc = $exact
RETURN n.id AS id, labels(n) AS labels, n.name AS name, n.uscc AS uscc, n.masked_id AS masked_id,
  n.verified AS verified, n.scope AS scope
ORDER BY CASE WHEN n.name_norm = $q OR n.uscc = $exact THEN 0 ELSE 1 END, size(n.name_norm), n.id
SKIP $offset LIMIT $limit
""",
    q="公司",
    exact="91110000000000000X",
    offset=0,
    limit=20,
)

SEARCH_COUNT = statement(
    "MATCH (n:Subject) WHERE n.name_norm CONTAINS $q OR n.uscc = $exact RETURN count(n) AS total",
    q="公司",
    exact="91110000000000000X",
)


@dataclass(frozen=True)
class Hit:
    id: str
    kind: str
    name: str
    uscc: str | None
    masked_id: str | None
    verified: bool | None = None  # persons: identified by a full ID number (else record-scoped)
    scope: str | None = None  # a record-scoped person's record


def search(store: GraphStore, text: str, page: Page) -> tuple[list[Hit], int]:
    q = normalise(text)
    if not q:
        return [], 0
    params: dict[str, object] = {"q": q, "exact": q.upper()}
    rows = store.read(SEARCH_SUBJECTS, offset=page.offset, limit=page.limit, **params)
    total = store.read(SEARCH_COUNT, **params)[0]["total"]
    hits = [
        Hit(
            r["id"],
            "Entity" if "Entity" in r["labels"] else "Person",
            r["name"],
            r["uscc"],
            r["masked_id"],
            None if "Entity" in r["labels"] else bool(r.get("verified")),
            None if "Entity" in r["labels"] else r.get("scope"),
        )
        for r in rows
    ]
    return hits, int(total)
