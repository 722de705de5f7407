"""The read side of review: the queue (what needs a person most first), one extraction, the log.

Extraction and ReviewAction nodes are linked to nothing public, so these statements are the
only way to them; the API lets reviewers and admins alone call them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from graph.cypher import statement
from graph.review.crosscheck import CrossCheck
from graph.review.status import OPEN, ReviewStatus, status_values
from graph.store import GraphStore

_FIELDS = (
    "x.id AS id, x.status AS status, x.source_name AS source_name, x.priority AS priority, "
    "x.conflicts AS conflicts, x.decision_no AS decision_no, x.authority AS authority, "
    "x.submitted_at AS submitted_at, x.extractor_version AS extractor_version, x.values_json AS values_json"
)
# Highest priority first (conflicts, low confidence, warnings); oldest first among equals.
QUEUE = statement(
    "MATCH (x:Extraction) WHERE x.status IN $statuses RETURN "
    + _FIELDS
    + " ORDER BY x.priority DESC, x.submitted_at, x.id SKIP $offset LIMIT $limit",
    statuses=status_values(OPEN),
    offset=0,
    limit=50,
)
QUEUE_SIZE = statement(
    "MATCH (x:Extraction) WHERE x.status IN $statuses RETURN count(x) AS n", statuses=status_values(OPEN)
)
SHOW = statement(
    "MATCH (x:Extraction {id: $id}) "
    "RETURN properties(x) AS x, [(a:ReviewAction)-[:REVIEW_OF]->(x) | properties(a)] AS actions",
    id="x:1",
)
LOG = statement(
    "MATCH (a:ReviewAction) RETURN properties(a) AS a ORDER BY a.at DESC, a.id SKIP $offset LIMIT $limit",
    offset=0,
    limit=50,
)


@dataclass(frozen=True)
class QueueItem:
    id: str
    status: ReviewStatus
    source_name: str
    priority: float
    conflicts: int
    decision_no: str | None
    authority: str | None
    submitted_at: str | None
    extractor_version: str | None
    lowest_confidence: float | None
    warnings: list[str]


@dataclass(frozen=True)
class Action:
    id: str
    extraction_id: str
    action: str
    by: str
    at: str
    reason: str | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    status_before: ReviewStatus | None = None
    status_after: ReviewStatus | None = None


@dataclass(frozen=True)
class ExtractionDetail:
    item: QueueItem
    text: str
    values: dict[str, Any]  # the reviewed values (the extraction plus corrections)
    extraction: dict[str, Any]  # what the machine read, as it read it
    published: dict[str, Any] | None  # what the public graph holds from it, if anything
    cross_check: CrossCheck | None
    case_id: str | None
    submitted_by: str | None
    actions: list[Action]


def _loads(text: str | None) -> Any:
    return json.loads(text) if text else None


def _status(value: str | None) -> ReviewStatus | None:
    return ReviewStatus(value) if value else None


def _item(row: dict[str, Any]) -> QueueItem:
    values = _loads(row.get("values_json")) or {}
    confidence = [float(c) for c in (values.get("confidence") or {}).values()]
    return QueueItem(
        id=row["id"],
        status=ReviewStatus(row["status"]),
        source_name=row.get("source_name") or "",
        priority=float(row.get("priority") or 0.0),
        conflicts=int(row.get("conflicts") or 0),
        decision_no=row.get("decision_no"),
        authority=row.get("authority"),
        submitted_at=row.get("submitted_at"),
        extractor_version=row.get("extractor_version"),
        lowest_confidence=min(confidence) if confidence else None,
        warnings=list(values.get("warnings") or []),
    )


def _action(props: dict[str, Any]) -> Action:
    return Action(
        id=props["id"],
        extraction_id=props.get("extraction_id", ""),
        action=props.get("action", ""),
        by=props.get("by", ""),
        at=props.get("at", ""),
        reason=props.get("reason"),
        changes=_loads(props.get("changes_json")) or [],
        status_before=_status(props.get("status_before")),
        status_after=_status(props.get("status_after")),
    )


def queue(
    store: GraphStore, offset: int = 0, limit: int = 50, statuses: list[ReviewStatus] | None = None
) -> tuple[list[QueueItem], int]:
    """Open extractions by priority (or those of the given statuses); (page, total)."""
    wanted = status_values(statuses or list(OPEN))
    rows = store.read(QUEUE, statuses=wanted, offset=offset, limit=limit)
    total = store.read(QUEUE_SIZE, statuses=wanted)[0]["n"]
    return [_item(r) for r in rows], int(total)


def show(store: GraphStore, extraction_id: str) -> ExtractionDetail | None:
    rows = store.read(SHOW, id=extraction_id)
    if not rows:
        return None
    x, actions = rows[0]["x"], rows[0]["actions"]
    return ExtractionDetail(
        item=_item(x),
        text=x.get("text", ""),
        values=_loads(x.get("values_json")) or {},
        extraction=_loads(x.get("extraction_json")) or {},
        published=_loads(x.get("published_json")),
        cross_check=CrossCheck.from_json(x.get("crosscheck_json")),
        case_id=x.get("case_id"),
        submitted_by=x.get("submitted_by"),
        actions=sorted((_action(a) for a in actions), key=lambda a: (a.at, a.id)),
    )


def log(store: GraphStore, offset: int = 0, limit: int = 50) -> list[Action]:
    """The whole review log, newest first."""
    return [_action(r["a"]) for r in store.read(LOG, offset=offset, limit=limit)]
