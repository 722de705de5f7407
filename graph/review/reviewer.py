"""`Reviewer`: everything a person (or a job) does to the review queue, as one object.

A reviewer is a store, the ID-hash key, who acts (written into the log and into the published
facts' provenance) and the day it acts on. Submitting stores a machine reading as pending;
approving or correcting publishes it (a cross-check conflict needs a reason); rejecting keeps it
out of the public graph; re-review and recheck refresh readings and cross-checks.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from graph.batch import node_props
from graph.cypher import statement
from graph.model import DecisionExtraction
from graph.review.corrections import Change, apply_changes, diff, facts, reconcile_fines
from graph.review.crosscheck import cross_check
from graph.review.errors import BadChange, ConflictNeedsReason, ReasonRequired, Unpublishable
from graph.review.extraction import CREATE_EXTRACTION, ExtractorLike, dumps, extraction_id, priority, reading
from graph.review.log import APPEND_ACTION, action_props, load, now, transition
from graph.review.publication import publish
from graph.review.status import OPEN, PUBLISHED, ReviewStatus, ReviewStep, after, allowed, status_values
from graph.store import GraphStore

MARK_PUBLISHED = statement(
    "MATCH (x:Extraction {id: $id}) SET x.case_id = $case_id, x.published_at = $at, "
    "x.published_json = $values, x.published_status = x.status RETURN x.id AS id",
    id="x:1",
    case_id="case:abc",
    at="2024-01-01T00:00:00+00:00",
    values="{}",
)
OLDER_VERSION = statement(
    "MATCH (x:Extraction) WHERE x.status IN $statuses AND x.extractor_version <> $version "
    "RETURN properties(x) AS x ORDER BY x.id",
    statuses=status_values(PUBLISHED),
    version="nlp-rules/0.2.0",
)
REFRESH = statement(
    "MATCH (x:Extraction {id: $id}) SET x += $props RETURN x.id AS id", id="x:1", props={"priority": 1.0}
)
OPEN_EXTRACTIONS = statement(
    "MATCH (x:Extraction) WHERE x.status IN $statuses "
    "RETURN x.id AS id, x.status AS status, x.values_json AS values, x.crosscheck_json AS check ORDER BY id",
    statuses=status_values(OPEN),
)
SET_CHECK = statement(
    "MATCH (x:Extraction {id: $id}) SET x.crosscheck_json = $check, x.conflicts = $conflicts, "
    "x.priority = $priority RETURN x.id AS id",
    id="x:1",
    check="{}",
    conflicts=0,
    priority=1.0,
)


class Reviewer:
    """Acts on the review queue as `by`; publishes with `id_secret` (the ID-number hash key)."""

    def __init__(self, store: GraphStore, id_secret: bytes, *, by: str, today: date | None = None) -> None:
        self.store, self.secret, self.by = store, id_secret, by
        self.today = today or date.today()

    def submit(self, extractor: ExtractorLike, text: str, source_name: str) -> tuple[str, bool]:
        """Extract and store as pending: (extraction id, created). Resubmitting the same text is a no-op."""
        xid = extraction_id(text)
        values = extractor.extract(text, source_name).to_json()
        check = cross_check(self.store, values)
        at, status = now(), after(ReviewStep.SUBMIT, None)
        node = DecisionExtraction(
            id=xid, status=status.value, source_name=source_name, text=text,
            extractor_version=str(values.get("extractor_version")), extraction_json=dumps(values),
            values_json=dumps(values), priority=priority(values, check), crosscheck_json=check.to_json(),
            conflicts=check.conflicts, decision_no=values.get("decision_no"),
            authority=values.get("authority"), submitted_by=self.by, submitted_at=at,
        )  # fmt: skip
        action = action_props(xid, ReviewStep.SUBMIT, self.by, at, status_after=status.value)
        row = self.store.write(CREATE_EXTRACTION, id=xid, props=node_props(node), action_id=action["id"])[0]
        if row["fresh"]:
            self.store.write(APPEND_ACTION, id=xid, action=action)
        return xid, bool(row["fresh"])

    def approve(self, xid: str, reason: str | None = None) -> str:
        """Publish the values as they stand; returns the Case id."""
        x = load(self.store, xid)
        return self._publish(xid, x, json.loads(x["values_json"]), reason, ReviewStep.APPROVE, [])

    def correct(self, xid: str, changes: list[tuple[str, Any]], reason: str | None = None) -> str:
        """Apply field-level changes (old and new value kept in the log), then publish."""
        x = load(self.store, xid)
        if not changes:
            raise BadChange("未给出任何更正")
        values, done = reconcile_fines(*apply_changes(json.loads(x["values_json"]), changes))
        return self._publish(xid, x, values, reason, ReviewStep.CORRECT, done)

    def reject(self, xid: str, reason: str) -> ReviewStatus:
        """Pending → rejected. A re-queued one goes back to what is published: the new reading is dropped."""
        if not reason.strip():
            raise ReasonRequired("rejecting")
        x = load(self.store, xid)
        published = x.get("published_status")
        to = after(
            ReviewStep.REJECT, ReviewStatus(x["status"]), ReviewStatus(published) if published else None
        )
        props = {}
        if x["status"] == ReviewStatus.CHANGED:
            props = {"values_json": x.get("published_json") or x["values_json"]}
        action = action_props(xid, ReviewStep.REJECT, self.by, now(), reason=reason)
        transition(self.store, xid, allowed(ReviewStep.REJECT), to, action, props)
        return to

    def _publish(
        self,
        xid: str,
        x: dict[str, Any],
        values: dict[str, Any],
        reason: str | None,
        step: ReviewStep,
        changes: list[Change],
    ) -> str:
        """Cross-check, claim the extraction, publish, and note what the graph now holds."""
        check = cross_check(self.store, values)
        if check.conflicts and not (reason and reason.strip()):
            raise ConflictNeedsReason(check)
        missing = [k for k in ("decision_no", "authority") if not values.get(k)]
        if missing:
            raise Unpublishable(missing)
        at = now()
        record = action_props(
            xid, step, self.by, at, reason=reason, crosscheck_json=check.to_json(),
            changes_json=dumps([asdict(c) for c in changes]) if changes else None,
        )  # fmt: skip
        props = {
            "values_json": dumps(values), "crosscheck_json": check.to_json(), "conflicts": check.conflicts,
            "decision_no": values.get("decision_no"), "authority": values.get("authority"),
            "reviewed_by": self.by, "reviewed_at": at,
        }  # fmt: skip
        to = after(step, ReviewStatus(x["status"]))
        transition(
            self.store, xid, allowed(step), to, record, {k: v for k, v in props.items() if v is not None}
        )
        case_id = publish(
            self.store, xid, values,
            reviewed_by=self.by, secret=self.secret, seen=self.today, previous_case=x.get("case_id"),
            action=step.value, reason=reason,
        )  # fmt: skip
        self.store.write(MARK_PUBLISHED, id=xid, case_id=case_id, at=now(), values=dumps(values))
        return case_id

    def rereview(self, extractor: ExtractorLike, version: str) -> list[str]:
        """Re-extract everything read by another extractor version; returns the re-queued ids.

        A published decision goes back to the queue, marked changed_by_extractor, when the new
        reading differs both from the old reading and from what a person published; the published
        facts stay in the graph until a person approves or rejects the new reading. Open ones just
        get the new reading. The log names the extractor (`extractor:VERSION`) as who re-queued.
        """
        who = f"extractor:{version}"
        requeued = []
        for row in self.store.read(
            OLDER_VERSION, statuses=status_values((*OPEN, *PUBLISHED)), version=version
        ):
            x = row["x"]
            new = extractor.extract(x["text"], x["source_name"]).to_json()
            old = json.loads(x["extraction_json"])
            published = json.loads(x.get("published_json") or x["values_json"])
            base = {"extractor_version": version, "extraction_json": dumps(new)}
            if x["status"] in OPEN:
                check = cross_check(self.store, new)
                changed = x["status"] == ReviewStatus.CHANGED
                self.store.write(REFRESH, id=x["id"], props={**base, **reading(new, check, changed)})
                continue
            changes = diff(facts(published), facts(new))
            if not diff(facts(old), facts(new)) or not changes:
                self.store.write(REFRESH, id=x["id"], props=base)
                continue
            props = {**base, **reading(new, cross_check(self.store, new), changed=True)}
            action = action_props(
                x["id"], ReviewStep.REQUEUE, who, now(), reason=f"re-extracted by {version}",
                changes_json=dumps([asdict(c) for c in changes]),
            )  # fmt: skip
            to = after(ReviewStep.REQUEUE, ReviewStatus(x["status"]))
            transition(self.store, x["id"], allowed(ReviewStep.REQUEUE), to, action, props)
            requeued.append(x["id"])
        return requeued

    def recheck_open(self) -> int:
        """Refresh cross-check, conflicts and priority of open extractions; returns how many changed.

        A 双公示 row for a decision often arrives after the decision text was submitted: without
        this the queue would keep the cross-check (and the priority) of the day of submission.
        Ingest calls it at the end of each run.
        """
        changed = 0
        for row in self.store.read(OPEN_EXTRACTIONS, statuses=status_values(OPEN)):
            values = json.loads(row["values"] or "{}")
            check = cross_check(self.store, values)
            if check.to_json() == row["check"]:
                continue
            again = row["status"] == ReviewStatus.CHANGED.value
            self.store.write(SET_CHECK, id=row["id"], check=check.to_json(), conflicts=check.conflicts,
                             priority=priority(values, check, changed=again))  # fmt: skip
            changed += 1
        return changed
