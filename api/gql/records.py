"""Objections (异议) and credit-record administration over GraphQL: `RecordMutation`.

Anyone may file an objection (rate-limited per client address); reviewers and admins move it
through its life cycle; admins record repairs and withdrawals. Each field declares who may call
it. Contact details of the objector are personal data: shown to admins only.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from datetime import date
from typing import Annotated

import strawberry

from api.gql.context import Context, run
from api.gql.errors import ApiError, ApiErrorCode, bad_input
from api.gql.permissions import Admins, ObjectionHandlers
from api.gql.types.objection import Objection, ObjectionDecision
from api.gql.types.review import FieldChangeInput
from graph.lifecycle import objections
from graph.lifecycle.records import record_subjects, repair, withdraw
from graph.review.errors import ReviewFailed

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


async def _file_objection(info: Info, subject: str, record: str, reason: str, contact: str) -> Objection:
    if not (reason.strip() and contact.strip()) or len(reason) > 2000 or len(contact) > 200:
        raise bad_input(
            "异议理由（reason）和联系方式（contact）均为必填：理由不超过 2000 字，联系方式不超过 200 字"
        )
    if not FILING_LIMIT.allow(info.context.remote or info.context.key_id):
        raise ApiError(
            f"同一地址每小时最多提交 {FILINGS_PER_HOUR} 件异议，请稍后再试", ApiErrorCode.RATE_LIMITED
        )
    info.context.touch(subject)
    store, who = info.context.store, info.context.key_id
    oid = await run(objections.file_objection, store, subject, record, reason, contact, who)
    found = await run(objections.get_objection, store, oid)
    return Objection.from_objection(found, info.context.role)


async def _decide_objection(
    info: Info,
    id: strawberry.ID,
    decision: ObjectionDecision,
    resolution: str | None = None,
    corrections: list[FieldChangeInput] | None = None,
) -> Objection:
    who, store = info.context.key_id, info.context.store
    if (decision is ObjectionDecision.UPHOLD_AND_CORRECT) != bool(corrections):
        raise bad_input(
            "只有 UPHOLD_AND_CORRECT（异议成立并更正）须附更正字段（corrections），其他决定不得附带"
        )
    if decision is ObjectionDecision.UPHOLD_AND_CORRECT:
        changes = [(c.field, c.value) for c in corrections or []]
        secret = info.context.settings.graph.id_secret()
        try:
            await run(
                objections.uphold_and_correct, store, str(id), who, resolution or "异议成立", changes, secret
            )
        except ReviewFailed as exc:  # a corrected value the review workflow refuses
            raise bad_input(str(exc)) from exc
    elif decision is ObjectionDecision.UPHOLD_AND_WITHDRAW:
        await run(objections.uphold_and_withdraw, store, str(id), who, resolution or "异议成立")
    else:
        state = objections.ObjectionState(decision.value)
        await run(objections.move, store, str(id), state, who, resolution)
    found = await run(objections.get_objection, store, str(id))
    info.context.touch(found.subject)
    return Objection.from_objection(found, info.context.role)


# Named `source` in the schema; not in Python, where strawberry's permission extension takes that name.
RepairSource = Annotated[str, strawberry.argument(name="source")]


async def _touch_record(info: Info, record: str) -> None:
    """Name the record and the subjects it is about in this operation's audit entry."""
    info.context.touch(record, *await run(record_subjects, info.context.store, record))


async def _repair_record(info: Info, record: str, on: date, decided_by: RepairSource) -> bool:
    await _touch_record(info, record)
    await run(repair, info.context.store, record, on, decided_by, info.context.key_id)
    return True


async def _withdraw_record(
    info: Info, record: str, reason: str, on: date | None = None, revoked_on: date | None = None
) -> bool:
    await _touch_record(info, record)
    day = on or date.today()
    return await run(withdraw, info.context.store, record, reason, info.context.key_id, day, revoked_on)


@strawberry.type
class RecordMutation:
    file_objection: Objection = strawberry.mutation(
        resolver=_file_objection, description="File an objection (异议) to a published record. Anyone may."
    )
    decide_objection: Objection = strawberry.mutation(
        resolver=_decide_objection,
        description="Move an objection on: start review, uphold and correct (with the corrected fields), "
        "uphold and withdraw, reject.",
        permission_classes=[ObjectionHandlers],
    )
    repair_record: bool = strawberry.mutation(
        resolver=_repair_record,
        description="Record a credit repair (admins): the record stops counting from `on`.",
        permission_classes=[Admins],
    )
    withdraw_record: bool = strawberry.mutation(
        resolver=_withdraw_record,
        description="Withdraw a published record (admins); false when later than the rule allows.",
        permission_classes=[Admins],
    )
