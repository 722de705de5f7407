"""Objections (异议) to published records: filed by anyone, reviewed by staff, within time limits.

States: submitted → under_review → upheld | rejected. While an objection is open the record carries
`objection_open = true` (shown as 异议处理中). Upholding one withdraws or corrects the record, with an
entry in the record's history. Time limits are configuration (`ObjectionRules`): the defaults follow
common local practice — review within 15 days of filing, correct within 3 working days once upheld.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from graph.cypher import statement
from graph.lifecycle.errors import StepRefused, UnknownObjection, UnknownRecord
from graph.lifecycle.records import find_record, history_entry, withdraw
from graph.store import GraphStore


class ObjectionState(StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    UPHELD = "upheld"
    REJECTED = "rejected"


NEXT: dict[ObjectionState, set[ObjectionState]] = {
    ObjectionState.SUBMITTED: {ObjectionState.UNDER_REVIEW, ObjectionState.REJECTED},
    ObjectionState.UNDER_REVIEW: {ObjectionState.UPHELD, ObjectionState.REJECTED},
    ObjectionState.UPHELD: set(),
    ObjectionState.REJECTED: set(),
}
# As Cypher parameters: the statements below name no state themselves.
OPEN_STATES = [s.value for s, following in NEXT.items() if following]
FINAL_STATES = [s.value for s, following in NEXT.items() if not following]
STATES = {"open": OPEN_STATES, "final": FINAL_STATES, "upheld": ObjectionState.UPHELD.value}


@dataclass(frozen=True)
class ObjectionRules:
    review_days: int = 15
    correct_working_days: int = 3


@dataclass(frozen=True)
class Objection:
    id: str
    subject: str
    record: str
    state: ObjectionState
    reason: str
    contact: str | None  # personal data: the API shows it to admins only
    filed_on: date | None
    review_due: date | None
    correction_due: date | None = None
    resolution: str | None = None

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> Objection:
        return cls(
            id=str(props["id"]), subject=str(props["subject"]), record=str(props["record"]),
            state=ObjectionState(props["state"]), reason=str(props["reason"]), contact=props.get("contact"),
            filed_on=props.get("filed_on"), review_due=props.get("review_due"),
            correction_due=props.get("correction_due"), resolution=props.get("resolution"),
        )  # fmt: skip


@dataclass(frozen=True)
class SlaBreach:
    """An open objection past its review date, or an upheld one not corrected in time."""

    id: str
    state: str  # an ObjectionState value
    record: str
    review_due: date | None
    correction_due: date | None


def add_working_days(day: date, days: int) -> date:
    """Monday to Friday; public holidays are not modelled (documented limitation)."""
    current = day
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


FILE = statement(
    """
MATCH (r) WHERE (r:Case OR r:Listing) AND r.id = $record
MERGE (o:Objection {id: $id})
ON CREATE SET o.subject = $subject, o.record = $record, o.reason = $reason, o.contact = $contact,
    o.state = $state, o.filed_on = $today, o.review_due = $due, o.history = [$entry]
MERGE (o)-[:OBJECTS_TO]->(r)
SET r.objection_open = true
RETURN o.id AS id, o.state AS state
""",
    record="case:x",
    id="objection:x",
    subject="e:x",
    reason="信息有误",
    contact="138****0000",
    today=date(2026, 6, 1),
    due=date(2026, 6, 16),
    entry="{}",
    state=ObjectionState.SUBMITTED.value,
)

GET = statement(
    "MATCH (o:Objection {id: $id}) RETURN properties(o) AS o",
    id="objection:x",
)

MOVE = statement(
    """
MATCH (o:Objection {id: $id}) WHERE o.state = $from
SET o.state = $to, o.history = o.history + $entry, o.resolution = coalesce($resolution, o.resolution),
    o.decided_on = CASE WHEN $to IN $final THEN $today ELSE o.decided_on END,
    o.correction_due = CASE WHEN $to = $upheld THEN $correction_due ELSE o.correction_due END
WITH o
MATCH (o)-[:OBJECTS_TO]->(r)
SET r.objection_open = EXISTS { MATCH (other:Objection)-[:OBJECTS_TO]->(r)
                                 WHERE other.state IN $open }
RETURN o.id AS id, o.state AS state
""",
    id="objection:x",
    to="under_review",
    entry="{}",
    today=date(2026, 6, 1),
    correction_due=date(2026, 6, 4),
    resolution=None,
    **STATES,
    **{"from": "submitted"},
)

MARK_CORRECTED = statement(
    "MATCH (o:Objection {id: $id}) SET o.corrected_on = $today, o.history = o.history + $entry "
    "RETURN o.id AS id",
    id="objection:x",
    today=date(2026, 6, 1),
    entry="{}",
)

BREACHES = statement(
    """
MATCH (o:Objection)
WHERE (o.state IN $open AND o.review_due < $today)
   OR (o.state = $upheld AND o.corrected_on IS NULL AND o.correction_due < $today)
RETURN o.id AS id, o.state AS state, o.record AS record, o.review_due AS review_due,
       o.correction_due AS correction_due
ORDER BY id
""",
    today=date(2026, 6, 1),
    open=OPEN_STATES,
    upheld=ObjectionState.UPHELD.value,
)


def file_objection(
    store: GraphStore,
    subject: str,
    record: str,
    reason: str,
    contact: str,
    by: str,
    today: date | None = None,
    rules: ObjectionRules | None = None,
) -> str:
    """Register an objection to a published record; returns its id. Filing twice is one objection."""
    rules = rules or ObjectionRules()
    today = today or date.today()
    find_record(store, record)
    digest = hashlib.sha1("\x1f".join((subject, record, reason, contact)).encode()).hexdigest()[:20]
    oid = f"objection:{digest}"
    rows = store.write(
        FILE,
        record=record,
        id=oid,
        subject=subject,
        reason=reason,
        contact=contact,
        today=today,
        due=today + timedelta(days=rules.review_days),
        entry=history_entry("file", by),
        state=ObjectionState.SUBMITTED.value,
    )
    if not rows:
        raise UnknownRecord(record)
    return oid


def get_objection(store: GraphStore, oid: str) -> Objection:
    rows = store.read(GET, id=oid)
    if not rows:
        raise UnknownObjection(oid)
    return Objection.from_props(rows[0]["o"])


def move(
    store: GraphStore,
    oid: str,
    to: ObjectionState,
    by: str,
    resolution: str | None = None,
    today: date | None = None,
    rules: ObjectionRules | None = None,
) -> None:
    """One step of the life cycle; upholding starts the correction clock."""
    rules = rules or ObjectionRules()
    today = today or date.today()
    current = get_objection(store, oid).state
    if to not in NEXT[current]:
        raise StepRefused(oid, current.value, to.value)
    store.write(
        MOVE,
        id=oid,
        to=to.value,
        today=today,
        resolution=resolution,
        correction_due=add_working_days(today, rules.correct_working_days),
        entry=history_entry(to.value, by, resolution=resolution),
        **STATES,
        **{"from": current.value},
    )


def uphold_and_withdraw(
    store: GraphStore, oid: str, by: str, resolution: str, today: date | None = None
) -> None:
    """Uphold an objection and withdraw the record it concerns (the usual correction)."""
    today = today or date.today()
    move(store, oid, ObjectionState.UPHELD, by, resolution, today)
    record = get_objection(store, oid).record
    withdraw(store, record, f"异议成立：{resolution}", by, today, None)
    store.write(MARK_CORRECTED, id=oid, today=today, entry=history_entry("withdrawn", by, record=record))


def sla_breaches(store: GraphStore, today: date) -> list[SlaBreach]:
    return [
        SlaBreach(r["id"], r["state"], r["record"], r["review_due"], r["correction_due"])
        for r in store.read(BREACHES, today=today, open=OPEN_STATES, upheld=ObjectionState.UPHELD.value)
    ]
