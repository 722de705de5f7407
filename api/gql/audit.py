"""查询使用登记审查 for admins: who queried a subject, when, how, why and from where (the audit log)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.audit import matching
from api.gql.context import Context, run
from api.gql.fields import field
from api.gql.permissions import Admins


@strawberry.type
class AuditRecord:
    at: str
    user: str
    role: str
    operation: str
    subjects: list[str]
    remote: str
    outcome: str
    purpose: str = strawberry.field(description="查询事由（事由 + 项目编号/文号）; empty for older entries.")


@strawberry.type
class AuditQuery:
    @field("Who queried the subject `uscc` (or id), when, how and why; admins.", permission_classes=[Admins])
    async def who_queried(self, info: Info[Context, None], uscc: str) -> list[AuditRecord]:
        entries = await run(info.context.audit.entries)
        return [
            AuditRecord(
                at=e.at,
                user=e.key_id,
                role=e.role,
                operation=e.operation,
                subjects=e.subjects,
                remote=e.remote,
                outcome=e.outcome,
                purpose=e.purpose,
            )
            for e in matching(entries, None, uscc.strip(), None, None)
        ]
