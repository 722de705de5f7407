"""Maintenance writes on published records: classification under the publicity rules, credit
repair and withdrawal. Records are never deleted: each change sets dated properties and appends
an entry to the record's `history` list (JSON strings), which admins see in audit mode.
The rules themselves (classes, windows, their legal sources) are in `graph/publicity.py`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from graph.cypher import statement
from graph.lifecycle.publicity import RULE_VERSION, PublicityRules, classify
from graph.store import GraphStore

_CLASSIFY_RETURN = """
RETURN c.id AS id, coalesce(c.decision_date, c.disclosed_on, c.first_seen) AS start,
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
    c.max_end = row.max_end, c.rule_version = row.rule_version
RETURN count(c) AS n
""",
    rows=[
        {
            "id": "case:x",
            "severity": "一般",
            "publicity_start": "2026-01-01",
            "min_end": "2026-04-01",
            "max_end": "2027-01-01",
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
        updates = []
        for row in rows:
            result = classify(
                row["types"], float(row["fines"] or 0), bool(row["person"]), row["start"], rules
            )
            counts[result.severity.value] = counts.get(result.severity.value, 0) + 1
            updates.append(
                {
                    "id": row["id"],
                    "severity": result.severity.value,
                    "publicity_start": result.publicity_start,
                    "min_end": result.min_end,
                    "max_end": result.max_end,
                    "rule_version": result.rule_version,
                }
            )
        if updates:
            store.write(SET_CLASSIFICATION, rows=updates)
    return counts


def _unclassified(store: GraphStore, rules: PublicityRules) -> Iterator[list[dict[str, Any]]]:
    while rows := store.read(UNCLASSIFIED_CASES, version=rules.version, limit=5000):
        yield rows


# -- repair and withdrawal: properties change, the node and its history stay ----------------

RECORD_BY_ID = statement(
    """
MATCH (r) WHERE (r:Case OR r:Listing) AND r.id = $id
RETURN r.id AS id, labels(r) AS labels, properties(r) AS props
""",
    id="case:x",
)

REPAIR = statement(
    """
MATCH (r) WHERE (r:Case OR r:Listing) AND r.id = $id
SET r.repaired_on = $on, r.repair_source = $source, r.history = coalesce(r.history, []) + $entry
RETURN r.id AS id
""",
    id="case:x",
    on=date(2026, 6, 1),
    source="信用中国",
    entry="{}",
)

WITHDRAW = statement(
    """
MATCH (r) WHERE (r:Case OR r:Listing) AND r.id = $id
SET r.withdrawn_on = $on, r.withdrawal_reason = $reason, r.revoked_on = $revoked,
    r.history = coalesce(r.history, []) + $entry
RETURN r.id AS id
""",
    id="case:x",
    on=date(2026, 6, 1),
    reason="决定被撤销",
    revoked=date(2026, 5, 30),
    entry="{}",
)


class RecordError(Exception):
    """A repair or withdrawal the rules do not allow, or of an unknown record."""


def history_entry(action: str, by: str, **fields: Any) -> str:
    """One line of a record's or an objection's `history`: JSON, dates as ISO strings."""
    payload = {"action": action, "by": by, "at": datetime.now(UTC).isoformat(timespec="seconds")}
    payload.update({k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items()})
    return json.dumps(payload, ensure_ascii=False, sort_keys=True)


def find_record(store: GraphStore, record_id: str) -> dict[str, Any]:
    rows = store.read(RECORD_BY_ID, id=record_id)
    if not rows:
        raise RecordError(f"no case or listing with id {record_id}")
    return rows[0]


def repair(store: GraphStore, record_id: str, on: date, source: str, by: str) -> None:
    """终止公示 + 停止共享和使用 from `on`; refused before the minimum publicity period ends."""
    props = find_record(store, record_id)["props"]
    if props.get("min_end") and on < props["min_end"]:
        raise RecordError(
            f"{record_id}: repair is possible from {props['min_end']} (minimum publicity period)"
        )
    store.write(
        REPAIR, id=record_id, on=on, source=source, entry=history_entry("repair", by, on=on, source=source)
    )


def withdraw(
    store: GraphStore, record_id: str, reason: str, by: str, on: date, revoked_on: date | None
) -> bool:
    """Withdraw a record (e.g. its decision was revoked). Returns whether it was within the rule."""
    find_record(store, record_id)
    store.write(
        WITHDRAW,
        id=record_id,
        on=on,
        reason=reason,
        revoked=revoked_on,
        entry=history_entry("withdraw", by, on=on, reason=reason, revoked_on=revoked_on),
    )
    return revoked_on is None or on <= revoked_on + timedelta(days=PublicityRules().withdraw_within_days)


ENDED_WINDOWS = statement(
    """
MATCH (c:Case) WHERE c.max_end IS NOT NULL AND c.max_end <= $today AND c.max_end > $since
RETURN c.id AS id, c.decision_no AS decision_no, c.severity AS severity, c.max_end AS ended
ORDER BY ended LIMIT 1000
""",
    today=date(2026, 6, 1),
    since=date(2026, 5, 31),
)

LATE_WITHDRAWALS = statement(
    """
MATCH (r) WHERE (r:Case OR r:Listing) AND r.revoked_on IS NOT NULL
  AND coalesce(r.withdrawn_on, $today) > r.revoked_on + duration({days: $days})
RETURN r.id AS id, r.revoked_on AS revoked_on, r.withdrawn_on AS withdrawn_on
ORDER BY revoked_on LIMIT 1000
""",
    today=date(2026, 6, 1),
    days=3,
)


def overdue_report(store: GraphStore, today: date) -> dict[str, list[dict[str, Any]]]:
    """What the daily job tells staff: windows that ended since yesterday, late withdrawals."""
    rules = PublicityRules()
    return {
        "publicity_ended": store.read(ENDED_WINDOWS, today=today, since=today - timedelta(days=1)),
        "late_withdrawals": store.read(LATE_WITHDRAWALS, today=today, days=rules.withdraw_within_days),
    }
