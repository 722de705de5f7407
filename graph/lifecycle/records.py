"""Repair, correction and withdrawal of published records (cases and listings). Records are never
deleted: each change sets dated properties and appends an entry to the record's `history` list (JSON
strings), which admins see in audit mode. The rules (windows, the withdrawal limit) are in `publicity.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from graph.cypher import statement
from graph.lifecycle.classification import classify_cases
from graph.lifecycle.errors import NotCorrectable, RepairTooEarly, UnknownRecord
from graph.lifecycle.publicity import PublicityRules
from graph.store import GraphStore

RECORD_BY_ID = statement(
    """
MATCH (r) WHERE (r:Case OR r:Listing) AND r.id = $id
RETURN r.id AS id, labels(r) AS labels, properties(r) AS props
""",
    id="case:x",
)

# The subjects a record is about (its parties, or the listed subject): the audit log names them,
# so that `audit --subject USCC` finds a repair or withdrawal of the subject's record.
RECORD_SUBJECTS = statement(
    """
MATCH (r) WHERE (r:Case OR r:Listing) AND r.id = $id
MATCH (s:Subject)-[:PARTY_TO|LISTED_IN]->(r)
RETURN DISTINCT s.id AS id ORDER BY id
""",
    id="case:x",
)

REPAIR = statement(
    """
MATCH (r) WHERE (r:Case OR r:Listing) AND r.id = $id
SET r.repaired_on = $on, r.repair_source = $source, r.repair_method = $method,
    r.history = coalesce(r.history, []) + $entry
RETURN r.id AS id
""",
    id="case:x",
    on=date(2026, 6, 1),
    source="信用中国",
    method="信用承诺",
    entry="{}",
)

CORRECT = statement(
    """
MATCH (r) WHERE (r:Case OR r:Listing) AND r.id = $id
SET r += $props, r.history = coalesce(r.history, []) + $entries
RETURN r.id AS id
""",
    id="case:x",
    props={"total_fine_yuan": 1000.0},
    entries=["{}"],
)


# A corrected total of a case with one 罚款 item: the item says the same (the reviewed path keeps
# them together in graph/review/corrections.reconcile_fines).
SOLE_FINE = statement(
    """
MATCH (c:Case {id: $id})-[:IMPOSES]->(s:Sanction) WHERE s.type = $fine
WITH collect(s) AS fines WHERE size(fines) = 1
UNWIND fines AS s
SET s.amount_yuan = $amount
RETURN count(s) AS n
""",
    id="case:x",
    fine="罚款",
    amount=1000.0,
)


def _day(value: Any) -> date | None:
    return None if value in (None, "") else date.fromisoformat(str(value))


def _amount(value: Any) -> float | None:
    return None if value in (None, "") else float(value)


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


# The fields an upheld objection may correct directly, per label, with the parser of each value.
CORRECTABLE: dict[str, dict[str, Callable[[Any], Any]]] = {
    "Case": {"total_fine_yuan": _amount, "decision_date": _day, "publicity_until": _day,
             "facts": _text, "violation_type": _text},
    "Listing": {"listed_on": _day, "valid_until": _day, "removed_on": _day, "reason": _text},
}  # fmt: skip

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


def history_entry(action: str, by: str, **fields: Any) -> str:
    """One line of a record's or an objection's `history`: JSON, dates as ISO strings."""
    payload = {"action": action, "by": by, "at": datetime.now(UTC).isoformat(timespec="seconds")}
    payload.update({k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items()})
    return json.dumps(payload, ensure_ascii=False, sort_keys=True)


def find_record(store: GraphStore, record_id: str) -> dict[str, Any]:
    rows = store.read(RECORD_BY_ID, id=record_id)
    if not rows:
        raise UnknownRecord(record_id)
    return rows[0]


def record_subjects(store: GraphStore, record_id: str) -> list[str]:
    """The ids of the subjects a case or listing names (none for an unknown record)."""
    return [str(row["id"]) for row in store.read(RECORD_SUBJECTS, id=record_id)]


def repair(
    store: GraphStore, record_id: str, on: date, source: str, by: str, method: str | None = None
) -> None:
    """终止公示 + 停止共享和使用 from `on`; refused before the minimum publicity period ends.
    `method` is the 修复方式 (信用承诺, 信用整改, …) when an application decided it."""
    props = find_record(store, record_id)["props"]
    if props.get("min_end") and on < props["min_end"]:
        raise RepairTooEarly(record_id, props["min_end"])
    entry = history_entry("repair", by, on=on, source=source, method=method)
    store.write(REPAIR, id=record_id, on=on, source=source, method=method, entry=entry)


def correct_record(
    store: GraphStore, record_id: str, changes: list[tuple[str, Any]], by: str, reason: str
) -> None:
    """Set corrected fields of a case or listing, one history entry per change; a case is classified
    again at once (its fine or dates decide its class and window)."""
    found = find_record(store, record_id)
    label = "Case" if "Case" in found["labels"] else "Listing"
    allowed = CORRECTABLE[label]
    props: dict[str, Any] = {}
    for field, value in changes:
        if field not in allowed:
            raise NotCorrectable(record_id, field, f"可改正的字段：{', '.join(allowed)}")
        try:
            props[field] = allowed[field](value)
        except ValueError as exc:
            raise NotCorrectable(record_id, field, f"无法识别的值 {value!r}") from exc
    old = found["props"]
    entries = [
        history_entry("correct", by, field=k, old=old.get(k), new=v, reason=reason)
        for k, v in props.items()
        if old.get(k) != v
    ]
    store.write(CORRECT, id=record_id, props=props, entries=entries)
    if label == "Case" and "total_fine_yuan" in props:
        store.write(SOLE_FINE, id=record_id, fine="罚款", amount=props["total_fine_yuan"])
    if label == "Case":
        classify_cases(store, ids=[record_id])


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
