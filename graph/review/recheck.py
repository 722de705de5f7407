"""Re-run the cross-check of every extraction still waiting for a person.

A 双公示 row for a decision often arrives after the decision text was submitted: without this the
queue would keep the cross-check (and the priority) of the day of submission. Ingest calls it at
the end of each run; it touches only open extractions (pending or changed by the extractor).
"""

from __future__ import annotations

import json

from graph.cypher import statement
from graph.review.crosscheck import cross_check
from graph.review.decisions import OPEN, Status, priority
from graph.store import GraphStore

OPEN_EXTRACTIONS = statement(
    "MATCH (x:Extraction) WHERE x.status IN $statuses "
    "RETURN x.id AS id, x.status AS status, x.values_json AS values, x.crosscheck_json AS check ORDER BY id",
    statuses=["pending", "changed_by_extractor"],
)
SET_CHECK = statement(
    "MATCH (x:Extraction {id: $id}) SET x.crosscheck_json = $check, x.conflicts = $conflicts, "
    "x.priority = $priority RETURN x.id AS id",
    id="x:1",
    check="{}",
    conflicts=0,
    priority=1.0,
)


def recheck_open(store: GraphStore) -> int:
    """Refresh cross-check, conflicts and priority of open extractions; returns how many changed."""
    changed = 0
    for row in store.read(OPEN_EXTRACTIONS, statuses=[s.value for s in OPEN]):
        values = json.loads(row["values"] or "{}")
        check = cross_check(store, values)
        if check.to_json() == row["check"]:
            continue
        again = row["status"] == Status.CHANGED.value
        store.write(SET_CHECK, id=row["id"], check=check.to_json(), conflicts=check.conflicts,
                    priority=priority(values, check, changed=again))
        changed += 1
    return changed
