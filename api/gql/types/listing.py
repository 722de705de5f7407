"""Red/black list entries as GraphQL, with their in-effect state at the as-of date."""

from __future__ import annotations

from datetime import date

import strawberry

import api.gql.types.enums  # noqa: F401  (registers Polarity and ListingState)
from graph.lifecycle.listings import ListingState, listing_state
from graph.model import Polarity
from queries.common import ListingRecord
from queries.profile import ListingView


@strawberry.type(description="A dated entry on a red or black list (列入/移出).")
class Listing:
    id: strawberry.ID
    list_name: str
    polarity: Polarity
    listed_on: date | None
    removed_on: date | None
    reason: str | None
    authority: str | None
    in_effect: bool
    state: ListingState = strawberry.field(
        description="状态 at the as-of date: in effect, or why not (removed, expired, repaired, withdrawn)."
    )
    objection_open: bool = strawberry.field(description="An objection is being handled (异议处理中).")
    repaired_on: date | None
    withdrawn_on: date | None
    history: list[str] = strawberry.field(description="Repairs and withdrawals (audit mode only).")
    valid_until: date | None = strawberry.field(description="有效期至: counts through this day.")
    repairable_from: date | None = strawberry.field(
        description="Repair may be applied for from this day (the list's minimum period)."
    )
    max_end: date | None = strawberry.field(
        description="Stops counting on this day (the list's maximum validity), 移出日期 or not."
    )
    repaired_by: str | None = strawberry.field(description="Who decides a repair under the list's rules.")

    @classmethod
    def from_record(
        cls,
        record: ListingRecord,
        in_effect: bool,
        authority: str | None = None,
        with_history: bool = False,
        at: date | None = None,
    ) -> Listing:
        day = at or date.today()
        return cls(
            id=strawberry.ID(record.id),
            list_name=record.list_name,
            polarity=Polarity(record.polarity),  # ingest admits no other value
            listed_on=record.listed_on,
            removed_on=record.removed_on,
            reason=record.reason,
            authority=authority or record.authority,
            in_effect=in_effect,
            state=listing_state(in_effect, day, record.removed_on, record.repaired_on, record.withdrawn_on),
            objection_open=record.objection_open,
            repaired_on=record.repaired_on,
            withdrawn_on=record.withdrawn_on,
            history=list(record.history) if with_history else [],
            valid_until=record.valid_until,
            repairable_from=record.min_end,
            max_end=record.max_end,
            repaired_by=record.repaired_by,
        )

    @classmethod
    def from_view(cls, view: ListingView, with_history: bool = False, at: date | None = None) -> Listing:
        return cls.from_record(view.listing, view.in_effect, view.authority, with_history, at)
