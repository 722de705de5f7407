"""GraphQL types of 信用修复 applications: the application as staff and as the applicant see it."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from api.roles import Role
from graph.lifecycle import repairs
from graph.lifecycle.materials import MaterialType

# Closed enums from the workflow: 修复方式 and 材料类型 by name (GraphQL names are ASCII), the
# state by its value (submitted, under_review, approved, rejected).
strawberry.enum(
    repairs.RepairMethod,
    description="修复方式: " + ", ".join(f"{m.name} = {m.value}" for m in repairs.RepairMethod),
)
strawberry.enum(
    MaterialType, description="材料类型: " + ", ".join(f"{m.name} = {m.value}" for m in MaterialType)
)
strawberry.enum(repairs.RepairState, description="Where an application is.", graphql_name_from="value")


@strawberry.input(description="One uploaded material: its type, its file name and its content (base64).")
class MaterialInput:
    type: MaterialType
    filename: str
    content_base64: str


@strawberry.type(description="A stored material (the file stays under the graph home).")
class Material:
    type: str
    filename: str
    size: int
    sha256: str


@strawberry.type(description="A 信用修复 application.")
class RepairApplication:
    id: strawberry.ID
    record: str
    method: str = strawberry.field(description="修复方式 as written (信用承诺 …).")
    state: repairs.RepairState
    submitted_on: date
    accept_due: date = strawberry.field(description="To be accepted (受理) by this day.")
    decide_due: date = strawberry.field(description="To be decided by this day.")
    decided_on: date | None
    decision_reason: str | None
    materials: list[Material]
    contact: str | None = strawberry.field(description="Staff only.")

    @classmethod
    def from_application(cls, a: repairs.RepairApplication, role: Role | None) -> RepairApplication:
        return cls(
            id=strawberry.ID(a.id), record=a.record, method=a.method.value, state=a.state,
            submitted_on=a.submitted_on, accept_due=a.accept_due, decide_due=a.decide_due,
            decided_on=a.decided_on, decision_reason=a.decision_reason,
            materials=[Material(type=m.type.value, filename=m.filename, size=m.size, sha256=m.sha256)
                       for m in a.materials],
            contact=a.contact if role in (Role.REVIEWER, Role.ADMIN) else None,
        )  # fmt: skip


@strawberry.enum
class RepairDecision(Enum):
    START_REVIEW = repairs.RepairState.UNDER_REVIEW.value
    APPROVE = repairs.RepairState.APPROVED.value
    REJECT = repairs.RepairState.REJECTED.value
