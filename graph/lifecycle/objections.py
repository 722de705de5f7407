"""Objections (异议) to published records: filed by anyone, reviewed by staff, within time limits.

States: submitted → under_review → upheld | rejected. While an objection is open the record carries
`objection_open = true` (shown as 异议处理中). Upholding one either corrects the record (the corrected
fields are logged like a reviewer's correction: a decision read from its text is re-published
through the review workflow; any other record has the fields set, each with a history entry) or
withdraws it (`Outcome`). A withdrawn record takes no new objection.

Time limits are configuration (`ObjectionRules`); the defaults follow common local practice, read
as their wording counts: "15 日内" is calendar days (自然日), and a period whose last day is a
statutory holiday or rest day ends on the next working day (民法典 art. 203, 行政许可法 art. 82 use
the same rule); "3 个工作日内" counts working days. Both use graph/legal/calendar.py, so statutory
holidays and make-up working days (调休) count as the State Council publishes them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from graph.cypher import statement
from graph.legal.calendar import add_working_days, is_working_day
from graph.lifecycle.errors import RecordWithdrawn, StepRefused, UnknownObjection, UnknownRecord
from graph.lifecycle.records import correct_record, find_record, history_entry, withdraw
from graph.review.reviewer import Reviewer
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


class Outcome(StrEnum):
    """What upholding an objection did to the record."""

    CORRECTED = "corrected"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class ObjectionRules:
    review_days: int = 15  # calendar days; a last day off work moves to the next working day
    correct_working_days: int = 3  # working days (statutory holidays, 调休)

    def review_due(self, filed_on: date) -> date:
        return review_due(filed_on, self.review_days)

    def correction_due(self, upheld_on: date) -> date:
        return add_working_days(upheld_on, self.correct_working_days)


def review_due(filed_on: date, days: int) -> date:
    """`days` calendar days after filing; a last day that is not a working day moves to the next one."""
    due = filed_on + timedelta(days=days)
    while not is_working_day(due):
        due += timedelta(days=1)
    return due


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
    outcome: Outcome | None = None

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> Objection:
        return cls(
            id=str(props["id"]), subject=str(props["subject"]), record=str(props["record"]),
            state=ObjectionState(props["state"]), reason=str(props["reason"]), contact=props.get("contact"),
            filed_on=props.get("filed_on"), review_due=props.get("review_due"),
            correction_due=props.get("correction_due"), resolution=props.get("resolution"),
            outcome=Outcome(props["outcome"]) if props.get("outcome") else None,
        )  # fmt: skip


@dataclass(frozen=True)
class SlaBreach:
    """An open objection past its review date, or an upheld one not corrected in time."""

    id: str
    state: str  # an ObjectionState value
    record: str
    review_due: date | None
    correction_due: date | None


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
    "MATCH (o:Objection {id: $id}) SET o.corrected_on = $today, o.outcome = $outcome, "
    "o.history = o.history + $entry RETURN o.id AS id",
    id="objection:x",
    today=date(2026, 6, 1),
    outcome=Outcome.WITHDRAWN.value,
    entry="{}",
)
EXTRACTION_OF = statement(
    "MATCH (x:Extraction) WHERE x.case_id = $id RETURN x.id AS id ORDER BY id LIMIT 1", id="case:x"
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
    """Register an objection to a published record; returns its id. Filing twice is one objection.

    Refused for a record already withdrawn (`RecordWithdrawn`): it is no longer published.
    """
    rules = rules or ObjectionRules()
    today = today or date.today()
    withdrawn_on = find_record(store, record)["props"].get("withdrawn_on")
    if withdrawn_on is not None and withdrawn_on <= today:
        raise RecordWithdrawn(record, withdrawn_on)
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
        due=rules.review_due(today),
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
        correction_due=rules.correction_due(today),
        entry=history_entry(to.value, by, resolution=resolution),
        **STATES,
        **{"from": current.value},
    )


def uphold_and_withdraw(
    store: GraphStore, oid: str, by: str, resolution: str, today: date | None = None
) -> None:
    """Uphold an objection and withdraw the record it concerns."""
    today = today or date.today()
    move(store, oid, ObjectionState.UPHELD, by, resolution, today)
    record = get_objection(store, oid).record
    withdraw(store, record, f"异议成立：{resolution}", by, today, None)
    store.write(
        MARK_CORRECTED, id=oid, today=today, outcome=Outcome.WITHDRAWN.value,
        entry=history_entry(Outcome.WITHDRAWN.value, by, record=record),
    )  # fmt: skip


def uphold_and_correct(
    store: GraphStore,
    oid: str,
    by: str,
    resolution: str,
    changes: list[tuple[str, Any]],
    id_secret: bytes,
    today: date | None = None,
) -> None:
    """Uphold an objection and correct the record it concerns; the record stays published.

    A decision published from its text is corrected through the review workflow (re-published,
    the change in the review log and the case's history, reason 异议成立); other records have the
    fields set directly, each change in the record's history. The correction is checked before the
    objection moves, so a refused value leaves the objection under review.
    """
    today = today or date.today()
    found = get_objection(store, oid)
    if ObjectionState.UPHELD not in NEXT[found.state]:
        raise StepRefused(oid, found.state.value, ObjectionState.UPHELD.value)
    reason = f"异议成立：{resolution}"
    extraction = store.read(EXTRACTION_OF, id=found.record)
    if extraction:
        Reviewer(store, id_secret, by=by, today=today).correct(extraction[0]["id"], changes, reason)
    else:
        correct_record(store, found.record, changes, by, reason)
    move(store, oid, ObjectionState.UPHELD, by, resolution, today)
    store.write(
        MARK_CORRECTED, id=oid, today=today, outcome=Outcome.CORRECTED.value,
        entry=history_entry(Outcome.CORRECTED.value, by, record=found.record,
                            changes=[[path, value] for path, value in changes]),
    )  # fmt: skip


def sla_breaches(store: GraphStore, today: date) -> list[SlaBreach]:
    return [
        SlaBreach(r["id"], r["state"], r["record"], r["review_due"], r["correction_due"])
        for r in store.read(BREACHES, today=today, open=OPEN_STATES, upheld=ObjectionState.UPHELD.value)
    ]
