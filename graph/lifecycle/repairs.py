"""信用修复 applications from the subject of a record: submitted → under_review → approved | rejected.

The subject (by 统一社会信用代码) applies to repair one of its cases or listings by a 修复方式 —
信用承诺, 信用整改, 信用核查, 专题培训, 提交信用报告, 公益慈善 (the credit plans' list) — with
materials (graph/lifecycle/materials.py). Staff accept it for review and approve or reject it; an
approved application repairs the record (graph/lifecycle/records.repair) with its 修复方式 recorded.
The applicant sees the state by application id + contact. A withdrawn, already repaired or not yet
repairable record (before its minimum publicity period or its list's minimum) takes no application.

Time limits (`RepairRules`, working days on the statutory calendar, configurable defaults): accept
or refuse within 3 working days of submission — 国办发〔2025〕22号 asks 行业主管部门 to decide
whether to accept within 3 工作日 (read from reproduced copies, not the official text); decide
within 10 working days of submission — the whole-process limit "信用中国(江西)" publishes
(十个工作日内完成信用修复流程). Verify both against the 办法 of the deployment before relying on them.
"""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from graph.cypher import statement
from graph.ids import entity_id_for_uscc
from graph.legal.calendar import add_working_days
from graph.lifecycle.errors import (
    AlreadyRepaired,
    NotTheSubject,
    RecordWithdrawn,
    RepairStepRefused,
    RepairTooEarly,
    UnknownRepair,
)
from graph.lifecycle.materials import MaterialType, StoredMaterial, Upload, store_materials
from graph.lifecycle.records import find_record, history_entry, repair
from graph.store import GraphStore


class RepairMethod(StrEnum):
    COMMITMENT = "信用承诺"
    RECTIFICATION = "信用整改"
    VERIFICATION = "信用核查"
    TRAINING = "专题培训"
    CREDIT_REPORT = "提交信用报告"
    CHARITY = "公益慈善"


class RepairState(StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    REJECTED = "rejected"


NEXT: dict[RepairState, set[RepairState]] = {
    RepairState.SUBMITTED: {RepairState.UNDER_REVIEW, RepairState.REJECTED},
    RepairState.UNDER_REVIEW: {RepairState.APPROVED, RepairState.REJECTED},
    RepairState.APPROVED: set(),
    RepairState.REJECTED: set(),
}
FINAL_STATES = [s.value for s, following in NEXT.items() if not following]


@dataclass(frozen=True)
class RepairRules:
    accept_working_days: int = 3  # 受理: submitted → under_review (or rejected)
    decide_working_days: int = 10  # 办结: approved or rejected, counted from submission
    max_file_bytes: int = 1_000_000  # one material (the request body limit bounds them all)
    max_files: int = 5


@dataclass(frozen=True)
class RepairApplication:
    id: str
    subject: str  # the subject's node id
    record: str
    method: RepairMethod
    state: RepairState
    contact: str  # personal data: staff only
    submitted_on: date
    accept_due: date
    decide_due: date
    materials: tuple[StoredMaterial, ...]
    decided_on: date | None = None
    decision_reason: str | None = None

    @classmethod
    def from_props(cls, props: dict[str, Any]) -> RepairApplication:
        stored = json.loads(props.get("materials_json") or "[]")
        return cls(
            id=str(props["id"]), subject=str(props["subject"]), record=str(props["record"]),
            method=RepairMethod(props["method"]), state=RepairState(props["state"]),
            contact=str(props["contact"]), submitted_on=props["submitted_on"],
            accept_due=props["accept_due"], decide_due=props["decide_due"],
            materials=tuple(StoredMaterial(**{**m, "type": MaterialType(m["type"])}) for m in stored),
            decided_on=props.get("decided_on"), decision_reason=props.get("decision_reason"),
        )  # fmt: skip


@dataclass(frozen=True)
class RepairSlaBreach:
    id: str
    state: str  # a RepairState value
    record: str
    due: date


SUBJECT_OF = statement(
    """
MATCH (s:Subject {id: $subject})-[:PARTY_TO|LISTED_IN]->(r)
WHERE (r:Case OR r:Listing) AND r.id = $record
RETURN r.id AS id LIMIT 1
""",
    subject="e:x",
    record="case:x",
)
CREATE = statement(
    """
MATCH (r) WHERE (r:Case OR r:Listing) AND r.id = $record
CREATE (a:RepairApplication {id: $id})
SET a += $props, a.history = [$entry]
CREATE (a)-[:REPAIR_OF]->(r)
RETURN a.id AS id
""",
    record="case:x",
    id="repair:x",
    props={"state": RepairState.SUBMITTED.value, "method": RepairMethod.COMMITMENT.value},
    entry="{}",
)
GET = statement("MATCH (a:RepairApplication {id: $id}) RETURN properties(a) AS a", id="repair:x")
MOVE = statement(
    """
MATCH (a:RepairApplication {id: $id}) WHERE a.state = $from
SET a.state = $to, a.history = a.history + $entry,
    a.decision_reason = coalesce($reason, a.decision_reason),
    a.decided_on = CASE WHEN $to IN $final THEN $today ELSE a.decided_on END
RETURN a.id AS id
""",
    id="repair:x",
    to=RepairState.UNDER_REVIEW.value,
    entry="{}",
    reason=None,
    today=date(2026, 6, 1),
    final=FINAL_STATES,
    **{"from": RepairState.SUBMITTED.value},
)
LIST = statement(
    """
MATCH (a:RepairApplication) WHERE $every OR a.state IN $states
WITH a ORDER BY a.submitted_on, a.id
WITH collect(properties(a)) AS found
RETURN size(found) AS total, found[$offset..($offset + $limit)] AS items
""",
    states=[RepairState.SUBMITTED.value],
    every=False,
    offset=0,
    limit=50,
)
BREACHES = statement(
    """
MATCH (a:RepairApplication)
WHERE (a.state = $submitted AND a.accept_due < $today)
   OR (a.state IN [$submitted, $review] AND a.decide_due < $today)
RETURN a.id AS id, a.state AS state, a.record AS record,
       CASE WHEN a.state = $submitted AND a.accept_due < $today THEN a.accept_due ELSE a.decide_due END AS due
ORDER BY id
""",
    today=date(2026, 6, 1),
    submitted=RepairState.SUBMITTED.value,
    review=RepairState.UNDER_REVIEW.value,
)


def submit_repair(
    store: GraphStore,
    home: Path,
    uscc: str,
    record: str,
    contact: str,
    method: RepairMethod,
    uploads: list[Upload],
    today: date | None = None,
    rules: RepairRules | None = None,
) -> RepairApplication:
    """File an application; refused unless the subject is the record's and the record is repairable."""
    rules, today = rules or RepairRules(), today or date.today()
    props = find_record(store, record)["props"]
    subject = entity_id_for_uscc(uscc.strip().upper())
    if not store.read(SUBJECT_OF, subject=subject, record=record):
        raise NotTheSubject(record, uscc)
    if props.get("withdrawn_on") is not None and props["withdrawn_on"] <= today:
        raise RecordWithdrawn(record, props["withdrawn_on"])
    if props.get("repaired_on") is not None:
        raise AlreadyRepaired(record, props["repaired_on"])
    if props.get("min_end") is not None and today < props["min_end"]:
        raise RepairTooEarly(record, props["min_end"])
    aid = "repair:" + secrets.token_hex(10)  # unguessable: with the contact, it is the applicant's key
    stored = store_materials(home, aid, uploads, rules.max_file_bytes, rules.max_files)
    values = {
        "subject": subject, "record": record, "method": method.value, "state": RepairState.SUBMITTED.value,
        "contact": contact.strip(), "submitted_on": today,
        "accept_due": add_working_days(today, rules.accept_working_days),
        "decide_due": add_working_days(today, rules.decide_working_days),
        "materials_json": json.dumps([asdict(m) for m in stored], ensure_ascii=False),
    }  # fmt: skip
    entry = history_entry("submit", "applicant", method=method.value, materials=[m.type for m in stored])
    store.write(CREATE, record=record, id=aid, props=values, entry=entry)
    return get_repair(store, aid)


def get_repair(store: GraphStore, aid: str) -> RepairApplication:
    rows = store.read(GET, id=aid)
    if not rows:
        raise UnknownRepair(aid)
    return RepairApplication.from_props(rows[0]["a"])


def repair_status(store: GraphStore, aid: str, contact: str) -> RepairApplication | None:
    """The applicant's view: None unless id and contact both match (no hint which one did not)."""
    rows = store.read(GET, id=aid) if aid.startswith("repair:") else []
    if not rows:
        return None
    found = RepairApplication.from_props(rows[0]["a"])
    return found if hmac.compare_digest(found.contact.encode(), contact.strip().encode()) else None


def list_repairs(
    store: GraphStore, states: list[RepairState] | None, offset: int, limit: int
) -> tuple[list[RepairApplication], int]:
    wanted = [s.value for s in states or []]
    row = store.read(LIST, states=wanted, every=not wanted, offset=offset, limit=limit)[0]
    return [RepairApplication.from_props(p) for p in row["items"]], int(row["total"])


def move_repair(
    store: GraphStore,
    aid: str,
    to: RepairState,
    by: str,
    reason: str | None = None,
    today: date | None = None,
) -> RepairApplication:
    """One step; approving repairs the record from `today` with the application's 修复方式."""
    today = today or date.today()
    found = get_repair(store, aid)
    if to not in NEXT[found.state]:
        raise RepairStepRefused(aid, found.state.value, to.value)
    if to is RepairState.APPROVED:
        repair(store, found.record, today, f"信用修复申请 {aid}", by, method=found.method.value)
    rows = store.write(
        MOVE, id=aid, to=to.value, entry=history_entry(to.value, by, reason=reason), reason=reason,
        today=today, final=FINAL_STATES, **{"from": found.state.value},
    )  # fmt: skip
    if not rows:
        raise RepairStepRefused(aid, get_repair(store, aid).state.value, to.value)  # another step came first
    return get_repair(store, aid)


def repair_sla_breaches(store: GraphStore, today: date) -> list[RepairSlaBreach]:
    """Applications not accepted, or not decided, within their time limits."""
    rows = store.read(
        BREACHES, today=today, submitted=RepairState.SUBMITTED.value, review=RepairState.UNDER_REVIEW.value
    )
    return [RepairSlaBreach(r["id"], r["state"], r["record"], r["due"]) for r in rows]
