"""Classification of penalty decisions under the publicity rules: class, publicity start and window.

New cases are classified at the end of every ingest run and by the daily job; a case a reviewer
just published is classified again at once, whatever its rule version (its sanctions may have
changed). The rules themselves are in `graph/lifecycle/publicity.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph.cypher import statement
from graph.lifecycle.publicity import RULE_VERSION, PublicityRules, classify
from graph.store import GraphStore

_CLASSIFY_RETURN = """
RETURN c.id AS id, coalesce(c.decision_date, c.disclosed_on, c.first_seen) AS start,
  c.publicity_until AS own_until,
  [(c)-[:IMPOSES]->(s:Sanction) | s.type] AS types,
  reduce(total = 0.0, s IN [(c)-[:IMPOSES]->(s:Sanction) WHERE s.type = '罚款' | s] |
         total + coalesce(s.amount_yuan, 0.0)) AS fines,
  EXISTS { MATCH (:Person)-[:PARTY_TO]->(c) } AND NOT EXISTS { MATCH (:Entity)-[:PARTY_TO]->(c) } AS person
"""

UNCLASSIFIED_CASES = statement(
    "MATCH (c:Case) WHERE c.rule_version IS NULL OR c.rule_version <> $version WITH c LIMIT $limit"
    + _CLASSIFY_RETURN,
    version=RULE_VERSION,
    limit=5000,
)

# A case just published or corrected by a reviewer: classified again whatever its rule version,
# since its sanctions may have changed.
CASES_BY_ID = statement("UNWIND $ids AS cid MATCH (c:Case {id: cid})" + _CLASSIFY_RETURN, ids=["case:x"])

SET_CLASSIFICATION = statement(
    """
UNWIND $rows AS row
MATCH (c:Case {id: row.id})
SET c.severity = row.severity, c.publicity_start = row.publicity_start, c.min_end = row.min_end,
    c.max_end = row.max_end, c.publicity_end = row.publicity_end, c.rule_version = row.rule_version
RETURN count(c) AS n
""",
    rows=[
        {
            "id": "case:x",
            "severity": "一般",
            "publicity_start": "2026-01-01",
            "min_end": "2026-04-01",
            "max_end": "2027-01-01",
            "publicity_end": "2026-07-11",
            "rule_version": RULE_VERSION,
        }
    ],
)


def classify_cases(
    store: GraphStore, rules: PublicityRules | None = None, ids: list[str] | None = None
) -> dict[str, int]:
    """Classify the given cases, or every case not yet classified under the current rules;
    returns counts per class."""
    rules = rules or PublicityRules()
    counts: dict[str, int] = {}
    batches = iter([store.read(CASES_BY_ID, ids=ids)]) if ids is not None else _unclassified(store, rules)
    for rows in batches:
        updates = classification_updates(rows, rules, counts)
        if updates:
            store.write(SET_CLASSIFICATION, rows=updates)
    return counts


def classification_updates(
    rows: list[dict[str, Any]], rules: PublicityRules, counts: dict[str, int]
) -> list[dict[str, Any]]:
    """The SET_CLASSIFICATION rows for cases read as `_CLASSIFY_RETURN` returns them (the graph's,
    or graph/importwriter.py's from memory); `counts` gets one per class."""
    updates = []
    for row in rows:
        result = classify(
            row["types"], float(row["fines"] or 0), bool(row["person"]), row["start"], rules, row["own_until"]
        )
        counts[result.severity.value] = counts.get(result.severity.value, 0) + 1
        updates.append(
            {
                "id": row["id"],
                "severity": result.severity.value,
                "publicity_start": result.publicity_start,
                "min_end": result.min_end,
                "max_end": result.max_end,
                "publicity_end": result.publicity_end,
                "rule_version": result.rule_version,
            }
        )
    return updates


def _unclassified(store: GraphStore, rules: PublicityRules) -> Iterator[list[dict[str, Any]]]:
    while rows := store.read(UNCLASSIFIED_CASES, version=rules.version, limit=5000):
        yield rows
