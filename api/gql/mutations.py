"""The review workflow over GraphQL: `Mutation` and the `ReviewQuery` fields of the root query.

Reviewers and admins only, submitting included. The reviewer written into the log and into the
published facts' provenance is the caller's key id (never the key). Refusals a reviewer can act
on (a conflict that needs a reason, a wrong state) come back as `ReviewError` results.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar, cast

import strawberry

from api.gql.context import Context, run
from api.gql.errors import bad_input, forbidden
from api.gql.types.connection import Connection, connection, page
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
from api.roles import REVIEW
from graph.review import decisions
from graph.review import publish as actions
from graph.review import queue as review
from nlp.extract import Extractor

Info = strawberry.Info[Context, None]
Resolver = TypeVar("Resolver", bound=Callable[..., Any])


# strawberry's field and mutation decorators with arguments are untyped for mypy (pyproject lets
# only api.gql.schema and api.gql.types.* use them bare): typed once here instead of at every resolver.
def field(description: str) -> Callable[[Resolver], Resolver]:
    return cast(Callable[[Resolver], Resolver], strawberry.field(description=description))


def mutation(description: str) -> Callable[[Resolver], Resolver]:
    return cast(Callable[[Resolver], Resolver], strawberry.mutation(description=description))


def require_review(info: Info) -> None:
    if info.context.role not in REVIEW:
        raise forbidden("see or review machine-extracted decisions (a reviewer key is needed)")


@cache
def extractor() -> Extractor:
    """The spaCy pipeline is loaded once per process, on the first submission."""
    return Extractor()


def _error(exc: actions.ReviewFailed) -> ReviewError:
    check = CrossCheck.from_dict(dataclasses.asdict(exc.check)) if exc.check else None
    return ReviewError(code=exc.code, message=exc.message, cross_check=check)


async def _extraction(info: Info, extraction_id: str) -> Extraction | None:
    detail = await run(review.show, info.context.store, extraction_id)
    if detail is None:
        return None
    info.context.touch(detail.item.id, detail.case_id or "")
    return Extraction.from_detail(detail)


async def _published(info: Info, extraction_id: str, case_id: str) -> Published:
    info.context.touch(case_id)
    found = await _extraction(info, extraction_id)
    assert found is not None  # it was just published
    return Published(extraction=found, case_id=strawberry.ID(case_id))


@strawberry.type
class ReviewQuery:
    @field("Extractions waiting for a person, the ones needing one most first.")
    async def review_queue(
        self, info: Info, first: int | None = 50, after: str | None = None, status: list[str] | None = None
    ) -> Connection[Extraction]:
        require_review(info)
        at = page(info, first, after)
        items, total = await run(review.queue, info.context.store, at, status)
        return connection([Extraction.from_item(i) for i in items], total, at)

    @field("One extraction with its text, values, cross-check and review log.")
    async def extraction(self, info: Info, id: strawberry.ID) -> Extraction | None:
        require_review(info)
        return await _extraction(info, str(id))


@strawberry.type
class Mutation:
    @mutation("Extract a decision text and store it as pending review.")
    async def submit_decision(self, info: Info, text: str, source_name: str) -> SubmitResult:
        require_review(info)
        if not text.strip():
            raise bad_input("text is empty")
        reader = await asyncio.to_thread(extractor)
        xid, created = await run(
            decisions.submit, info.context.store, reader, text, source_name, info.context.key_id
        )
        found = await _extraction(info, xid)
        assert found is not None
        return Submitted(extraction=found, created=created)

    @mutation("Publish as read; a cross-check conflict needs a reason.")
    async def approve_extraction(
        self, info: Info, id: strawberry.ID, reason: str | None = None
    ) -> PublishResult:
        require_review(info)
        secret = info.context.settings.graph.id_secret()
        try:
            case_id = await run(
                actions.approve, info.context.store, str(id), info.context.key_id, secret, reason
            )
        except actions.ReviewFailed as exc:
            return _error(exc)
        return await _published(info, str(id), case_id)

    @mutation("Change fields (old and new values are logged), then publish.")
    async def correct_extraction(
        self, info: Info, id: strawberry.ID, changes: list[FieldChangeInput], reason: str | None = None
    ) -> PublishResult:
        require_review(info)
        secret = info.context.settings.graph.id_secret()
        pairs = [(c.field, c.value) for c in changes]
        try:
            case_id = await run(
                actions.correct, info.context.store, str(id), pairs, info.context.key_id, secret, reason
            )
        except actions.ReviewFailed as exc:
            return _error(exc)
        return await _published(info, str(id), case_id)

    @mutation("Reject with a reason; nothing reaches the public graph.")
    async def reject_extraction(self, info: Info, id: strawberry.ID, reason: str) -> RejectResult:
        require_review(info)
        try:
            await run(actions.reject, info.context.store, str(id), info.context.key_id, reason)
        except actions.ReviewFailed as exc:
            return _error(exc)
        found = await _extraction(info, str(id))
        assert found is not None
        return Rejected(extraction=found)
