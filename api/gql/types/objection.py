"""Objections (异议) and credit-record administration over GraphQL.

Anyone may file an objection (rate-limited per client address); reviewers and admins move it
through its life cycle; admins record repairs and withdrawals. Contact details of the objector are
personal data: shown to admins only.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from datetime import date
from enum import Enum

import strawberry

from api.gql.context import Context, run
from api.gql.errors import ApiError, bad_input, forbidden
from api.roles import REVIEW, Role
from graph.lifecycle import objections
from graph.lifecycle.records import RecordError, repair, withdraw

Info = strawberry.Info[Context, None]
FILINGS_PER_HOUR = 5


class _RateLimit:
    """A sliding window per client address; in-process (one API process per deployment here)."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self.seen: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, who: str) -> bool:
        now, window = time.monotonic(), self.seen[who]
        while window and now - window[0] > self.seconds:
            window.popleft()
        if len(window) >= self.limit:
            return False
        window.append(now)
        return True


FILING_LIMIT = _RateLimit(FILINGS_PER_HOUR, 3600.0)


@strawberry.type
class Objection:
    id: strawberry.ID
    record: str
    state: str
    reason: str
    filed_on: date | None
    review_due: date | None
    correction_due: date | None
    resolution: str | None
    contact: str | None = strawberry.field(description="Admins only.")


def _objection(props: dict[str, object], role: Role) -> Objection:
    return Objection(
        id=strawberry.ID(str(props["id"])),
        record=str(props["record"]),
        state=str(props["state"]),
        reason=str(props["reason"]),
        filed_on=props.get("filed_on"),  # type: ignore[arg-type]
        review_due=props.get("review_due"),  # type: ignore[arg-type]
        correction_due=props.get("correction_due"),  # type: ignore[arg-type]
        resolution=props.get("resolution"),  # type: ignore[arg-type]
        contact=str(props.get("contact")) if role is Role.ADMIN else None,
    )


@strawberry.enum
class ObjectionDecision(Enum):
    START_REVIEW = "under_review"
    UPHOLD_AND_WITHDRAW = "upheld"
    REJECT = "rejected"


@strawberry.type
class ObjectionMutation:
    @strawberry.mutation(description="File an objection (异议) to a published record. Anyone may.")
    async def file_objection(
        self, info: Info, subject: str, record: str, reason: str, contact: str
    ) -> Objection:
        if not (reason.strip() and contact.strip()) or len(reason) > 2000 or len(contact) > 200:
            raise bad_input("reason and contact are required (reason ≤ 2000, contact ≤ 200 characters)")
        if not FILING_LIMIT.allow(info.context.remote or info.context.key_id):
            raise ApiError(f"at most {FILINGS_PER_HOUR} objections an hour from one address", "RATE_LIMITED")
        info.context.touch(subject)
        try:
            oid = await run(
                objections.file_objection,
                info.context.store,
                subject,
                record,
                reason,
                contact,
                info.context.key_id,
            )
        except RecordError as exc:
            raise bad_input(str(exc)) from exc
        props = await run(objections.get_objection, info.context.store, oid)
        return _objection(props, info.context.role)

    @strawberry.mutation(
        description="Move an objection on: start review, uphold (withdraws the record), reject."
    )
    async def decide_objection(
        self, info: Info, id: strawberry.ID, decision: ObjectionDecision, resolution: str | None = None
    ) -> Objection:
        if info.context.role not in REVIEW:
            raise forbidden("handle objections")
        who, store = info.context.key_id, info.context.store
        try:
            if decision is ObjectionDecision.UPHOLD_AND_WITHDRAW:
                await run(objections.uphold_and_withdraw, store, str(id), who, resolution or "异议成立")
            else:
                await run(
                    objections.move,
                    store,
                    str(id),
                    objections.ObjectionState(decision.value),
                    who,
                    resolution,
                )
        except (objections.ObjectionError, RecordError) as exc:
            raise bad_input(str(exc)) from exc
        props = await run(objections.get_objection, store, str(id))
        info.context.touch(str(props["subject"]))
        return _objection(props, info.context.role)

    @strawberry.mutation(description="Record a credit repair (admins): the record stops counting from `on`.")
    async def repair_record(self, info: Info, record: str, on: date, source: str) -> bool:
        if info.context.role is not Role.ADMIN:
            raise forbidden("record credit repairs")
        try:
            await run(repair, info.context.store, record, on, source, info.context.key_id)
        except RecordError as exc:
            raise bad_input(str(exc)) from exc
        return True

    @strawberry.mutation(
        description="Withdraw a published record (admins); false when later than the rule allows."
    )
    async def withdraw_record(
        self, info: Info, record: str, reason: str, on: date | None = None, revoked_on: date | None = None
    ) -> bool:
        if info.context.role is not Role.ADMIN:
            raise forbidden("withdraw records")
        try:
            return await run(
                withdraw,
                info.context.store,
                record,
                reason,
                info.context.key_id,
                on or date.today(),
                revoked_on,
            )
        except RecordError as exc:
            raise bad_input(str(exc)) from exc
