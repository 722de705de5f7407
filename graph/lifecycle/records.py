"""Repair and withdrawal of published records (cases and listings). Records are never deleted: each
change sets dated properties and appends an entry to the record's `history` list (JSON strings),
which admins see in audit mode. The rules (windows, the withdrawal limit) are in `publicity.py`.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from graph.cypher import statement
from graph.lifecycle.errors import RepairTooEarly, UnknownRecord
from graph.lifecycle.publicity import PublicityRules
from graph.store import GraphStore

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


def repair(store: GraphStore, record_id: str, on: date, source: str, by: str) -> None:
    """终止公示 + 停止共享和使用 from `on`; refused before the minimum publicity period ends."""
    props = find_record(store, record_id)["props"]
    if props.get("min_end") and on < props["min_end"]:
        raise RepairTooEarly(record_id, props["min_end"])
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
