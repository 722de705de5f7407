"""The review workflow over GraphQL: `ReviewQuery` (the queue, one extraction) and `ReviewMutation`.

Reviewers and admins only, submitting included: each field declares it (`Reviewers`). The reviewer
written into the log and into the published facts' provenance is the caller's key id (never the
key). Refusals a reviewer can act on (a conflict that needs a reason, a wrong state) come back as
`ReviewError` results.
"""

from __future__ import annotations

import asyncio
from functools import cache

import strawberry

from api.gql.context import Context, run
from api.gql.errors import ApiError, ApiErrorCode, bad_input
from api.gql.permissions import Reviewers
from api.gql.types.connection import Connection, connection, page
from api.gql.types.path import PathNode
from api.gql.types.review import (
    CrossCheck,
    Extraction,
    FieldChangeInput,
    Published,
    PublishResult,
    Rejected,
    RejectResult,
    ReviewError,
    SubmitResult,
    Submitted,
)
from graph.review import queue
from graph.review.errors import ReviewFailed
from graph.review.reviewer import Reviewer
from graph.review.status import ReviewStatus
from nlp.extract import Extractor
from queries import cases

Info = strawberry.Info[Context, None]


@cache
def extractor() -> Extractor:
    """The spaCy pipeline is loaded once per process, on the first submission."""
    return Extractor()


def reviewer(info: Info) -> Reviewer:
    """The caller as reviewer: acts as its key id, on the request's day."""
    ctx = info.context
    return Reviewer(ctx.store, ctx.settings.graph.id_secret(), by=ctx.key_id, today=ctx.today)


def _error(exc: ReviewFailed) -> ReviewError:
    check = CrossCheck.from_check(exc.check)
    return ReviewError(code=exc.refusal, message=exc.message, cross_check=check)


async def _load(info: Info, extraction_id: str) -> Extraction | None:
    detail = await run(queue.show, info.context.store, extraction_id)
    if detail is None:
        return None
    info.context.touch(detail.item.id, detail.case_id or "")
    return Extraction.from_detail(detail)


async def _published(info: Info, extraction_id: str, case_id: str) -> Published:
    info.context.touch(case_id)
    found = await _load(info, extraction_id)
    detail = await run(cases.case_by_id, info.context.store, case_id, info.context.today)
    assert found is not None and detail is not None  # it was just published
    view = detail.view
    parties = [PathNode.from_ref(p, info) for p in detail.parties]
    info.context.touch(*(p.id for p in parties))
    return Published(
        extraction=found, case_id=strawberry.ID(case_id), parties=parties, visible=view.visible,
        publicity_end=view.case.publicity_end,
    )  # fmt: skip


async def _review_queue(
    info: Info, first: int | None = 50, after: str | None = None, status: list[ReviewStatus] | None = None
) -> Connection[Extraction]:
    at = page(info, first, after)
    items, total = await run(queue.queue, info.context.store, at.offset, at.limit, status)
    return connection([Extraction.from_item(i) for i in items], total, at)


async def _extraction(info: Info, id: strawberry.ID) -> Extraction | None:
    return await _load(info, str(id))


async def _submit_decision(info: Info, text: str, source_name: str) -> SubmitResult:
    if not text.strip():
        raise bad_input("决定书文本（text）为空")
    limit = info.context.settings.max_decision_text
    if len(text) > limit:
        raise ApiError(
            f"决定书文本过长：{len(text)} 字符，上限 {limit} / decision text too long: "
            f"{len(text)} characters, limit {limit}",
            ApiErrorCode.BAD_USER_INPUT,
            {"field": "text", "length": len(text), "limit": limit},
        )
    reader = await asyncio.to_thread(extractor)
    xid, created = await run(reviewer(info).submit, reader, text, source_name)
    found = await _load(info, xid)
    assert found is not None
    return Submitted(extraction=found, created=created)


async def _approve_extraction(info: Info, id: strawberry.ID, reason: str | None = None) -> PublishResult:
    try:
        case_id = await run(reviewer(info).approve, str(id), reason)
    except ReviewFailed as exc:
        return _error(exc)
    return await _published(info, str(id), case_id)


async def _correct_extraction(
    info: Info, id: strawberry.ID, changes: list[FieldChangeInput], reason: str | None = None
) -> PublishResult:
    pairs = [(c.field, c.value) for c in changes]
    try:
        case_id = await run(reviewer(info).correct, str(id), pairs, reason)
    except ReviewFailed as exc:
        return _error(exc)
    return await _published(info, str(id), case_id)


async def _reject_extraction(info: Info, id: strawberry.ID, reason: str) -> RejectResult:
    try:
        await run(reviewer(info).reject, str(id), reason)
    except ReviewFailed as exc:
        return _error(exc)
    found = await _load(info, str(id))
    assert found is not None
    return Rejected(extraction=found)


@strawberry.type
class ReviewQuery:
    review_queue: Connection[Extraction] = strawberry.field(
        resolver=_review_queue,
        description="Extractions waiting for a person, the ones needing one most first.",
        permission_classes=[Reviewers],
    )
    extraction: Extraction | None = strawberry.field(
        resolver=_extraction,
        description="One extraction with its text, values, cross-check and review log.",
        permission_classes=[Reviewers],
    )


@strawberry.type
class ReviewMutation:
    submit_decision: SubmitResult = strawberry.mutation(
        resolver=_submit_decision,
        description="Extract a decision text and store it as pending review.",
        permission_classes=[Reviewers],
    )
    approve_extraction: PublishResult = strawberry.mutation(
        resolver=_approve_extraction,
        description="Publish as read; a cross-check conflict needs a reason.",
        permission_classes=[Reviewers],
    )
    correct_extraction: PublishResult = strawberry.mutation(
        resolver=_correct_extraction,
        description="Change fields (old and new values are logged), then publish.",
        permission_classes=[Reviewers],
    )
    reject_extraction: RejectResult = strawberry.mutation(
        resolver=_reject_extraction,
        description="Reject with a reason; nothing reaches the public graph.",
        permission_classes=[Reviewers],
    )
