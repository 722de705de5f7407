"""The append-only review log and the guarded status change that writes to it.

Every action is one guarded transition that appends a `ReviewAction` in the same statement, so
two reviewers acting on one extraction cannot both succeed: the statement first writes to the
node (which takes its write lock on Neo4j), then checks the status it expects. Actions are
created, never changed.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from graph.cypher import statement
from graph.review.errors import ExtractionNotFound, WrongState
from graph.review.status import ReviewStatus, ReviewStep, status_values
from graph.store import GraphStore

LOAD = statement("MATCH (x:Extraction {id: $id}) RETURN properties(x) AS x", id="x:1")

# The log's only write outside a transition: the submission of a new extraction.
APPEND_ACTION = statement(
    """
MATCH (x:Extraction {id: $id})
CREATE (a:ReviewAction {id: $action.id})
SET a += $action
CREATE (a)-[:REVIEW_OF]->(x)
RETURN a.id AS id
""",
    id="x:1",
    action={"id": "ra:1", "action": "submit", "by": "cli:me", "at": "2024-01-01T00:00:00+00:00"},
)

TRANSITION = statement(
    """
MATCH (x:Extraction {id: $id})
SET x.last_attempt_at = $action.at
WITH x, x.status AS before
WHERE before IN $from
SET x += $props, x.status = $to
CREATE (a:ReviewAction {id: $action.id})
SET a += $action, a.status_before = before, a.status_after = $to
CREATE (a)-[:REVIEW_OF]->(x)
RETURN before
""",
    id="x:1",
    to=ReviewStatus.APPROVED.value,
    props={"priority": 0.0},
    action={"id": "ra:1", "action": "approve", "by": "cli:me", "at": "2024-01-01T00:00:00+00:00"},
    **{"from": [ReviewStatus.PENDING.value]},
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def action_props(xid: str, step: ReviewStep, by: str, at: str, **more: object) -> dict[str, object]:
    """One `ReviewAction`: who did what when, plus reason, changes, cross-check where given."""
    props: dict[str, object] = {
        "id": "ra:" + uuid.uuid4().hex[:24], "extraction_id": xid, "action": step.value, "by": by, "at": at,
    }  # fmt: skip
    props.update({k: v for k, v in more.items() if v is not None})
    return props


def load(store: GraphStore, xid: str) -> dict[str, Any]:
    rows = store.read(LOAD, id=xid)
    if not rows:
        raise ExtractionNotFound(xid)
    return dict(rows[0]["x"])


def transition(
    store: GraphStore,
    xid: str,
    allowed: tuple[ReviewStatus, ...],
    to: ReviewStatus,
    action: dict[str, object],
    props: dict[str, object],
) -> None:
    """Move from one of `allowed` to `to` and log `action`, or refuse if another action came first."""
    rows = store.write(
        TRANSITION, id=xid, to=to.value, props=props, action=action, **{"from": status_values(allowed)}
    )
    if not rows:
        current = load(store, xid)["status"]  # raises NOT_FOUND when it is gone
        raise WrongState(xid, current, allowed)
