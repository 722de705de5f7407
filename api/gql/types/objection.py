"""GraphQL types of objections (异议): the objection as shown, and the decisions staff may take."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from api.roles import Role
from graph.lifecycle import objections


@strawberry.type
class Objection:
    id: strawberry.ID
    record: str
    state: objections.ObjectionState
    reason: str
    filed_on: date | None
    review_due: date | None
    correction_due: date | None
    resolution: str | None
    outcome: objections.Outcome | None = strawberry.field(description="Upheld: corrected or withdrawn.")
    contact: str | None = strawberry.field(description="Admins only.")

    @classmethod
    def from_objection(cls, o: objections.Objection, role: Role) -> Objection:
        return cls(
            id=strawberry.ID(o.id),
            record=o.record,
            state=o.state,
            reason=o.reason,
            filed_on=o.filed_on,
            review_due=o.review_due,
            correction_due=o.correction_due,
            resolution=o.resolution,
            outcome=o.outcome,
            contact=str(o.contact) if role is Role.ADMIN else None,
        )


@strawberry.enum
class ObjectionDecision(Enum):
    START_REVIEW = objections.ObjectionState.UNDER_REVIEW.value
    UPHOLD_AND_CORRECT = "uphold_and_" + objections.Outcome.CORRECTED.value
    UPHOLD_AND_WITHDRAW = "uphold_and_" + objections.Outcome.WITHDRAWN.value
    REJECT = objections.ObjectionState.REJECTED.value
