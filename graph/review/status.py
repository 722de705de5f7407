"""The statuses of an extraction in review and the steps between them: the one definition.

Submit, publish, re-review, recheck, the queue, the GraphQL enum and the CLI all read these;
`TRANSITIONS` is the life cycle as data, and every guarded write takes its allowed statuses from it.
"""

from __future__ import annotations

from enum import StrEnum


class ReviewStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    CORRECTED = "corrected"
    REJECTED = "rejected"
    CHANGED = "changed_by_extractor"


class ReviewStep(StrEnum):
    """The actions of the review log."""

    SUBMIT = "submit"
    APPROVE = "approve"
    CORRECT = "correct"
    REJECT = "reject"
    REQUEUE = "requeue"


# Waiting for a person (the queue), and in the public graph.
OPEN = (ReviewStatus.PENDING, ReviewStatus.CHANGED)
PUBLISHED = (ReviewStatus.APPROVED, ReviewStatus.CORRECTED)

# step → {status before: status after}. `None` before: the extraction does not exist yet; `None`
# after: back to the status its published reading had (rejecting a re-queued reading keeps what is
# published).
TRANSITIONS: dict[ReviewStep, dict[ReviewStatus | None, ReviewStatus | None]] = {
    ReviewStep.SUBMIT: {None: ReviewStatus.PENDING},
    ReviewStep.APPROVE: {s: ReviewStatus.APPROVED for s in OPEN},
    ReviewStep.CORRECT: {s: ReviewStatus.CORRECTED for s in (*OPEN, *PUBLISHED)},
    ReviewStep.REJECT: {ReviewStatus.PENDING: ReviewStatus.REJECTED, ReviewStatus.CHANGED: None},
    ReviewStep.REQUEUE: {s: ReviewStatus.CHANGED for s in PUBLISHED},
}


def allowed(step: ReviewStep) -> tuple[ReviewStatus, ...]:
    """The statuses `step` may start from."""
    return tuple(s for s in TRANSITIONS[step] if s is not None)


def after(
    step: ReviewStep, before: ReviewStatus | None, published: ReviewStatus | None = None
) -> ReviewStatus:
    """The status `step` leads to from `before`; `published` is the status of the published reading.

    From a status the step does not start from, its usual target: the guarded write refuses it.
    """
    targets = TRANSITIONS[step]
    to = targets[before] if before in targets else next(t for t in targets.values() if t is not None)
    return to if to is not None else published or ReviewStatus.APPROVED


def status_values(statuses: tuple[ReviewStatus, ...] | list[ReviewStatus]) -> list[str]:
    """As Cypher parameters."""
    return [s.value for s in statuses]
