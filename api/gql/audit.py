"""查询使用登记审查 for admins: who queried a subject, when, how, why and from where; per-user counts."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from api.audit import counts, matching
from api.gql.context import Context, run
from api.gql.errors import bad_input
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


@strawberry.type(description="One user's (and role's) queries in the audit log over the period asked.")
class AuditCount:
    user: str = strawberry.field(description="`user:NAME`, `key:…` (an automation key), `cli:NAME`.")
    role: str
    queries: int = strawberry.field(
        description="Audit entries: operations that touched a subject or were refused."
    )
    subjects: int = strawberry.field(description="Distinct subjects those operations touched.")
    refusals: int = strawberry.field(description="Operations refused (FORBIDDEN, or 401 for an unknown key).")
    last_at: str = strawberry.field(description="Time (UTC) of the latest entry.")


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

    @field(
        "Per user and role, over `since`..`until` (UTC days, inclusive; default: the whole log): "
        "queries, distinct subjects, refusals; most queries first; admins.",
        permission_classes=[Admins],
    )
    async def audit_counts(
        self, info: Info[Context, None], since: date | None = None, until: date | None = None
    ) -> list[AuditCount]:
        if since and until and since > until:
            raise bad_input(f"since（{since}）晚于 until（{until}） / since is after until")
        entries = await run(info.context.audit.entries)
        chosen = matching(
            entries, None, None, since.isoformat() if since else None, until.isoformat() if until else None
        )
        return [
            AuditCount(
                user=c.user,
                role=c.role,
                queries=c.queries,
                subjects=c.subjects,
                refusals=c.refusals,
                last_at=c.last_at,
            )
            for c in counts(chosen)
        ]
