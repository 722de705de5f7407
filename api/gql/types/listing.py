from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from queries.profile import ListingView


@strawberry.type(description="A dated entry on a red or black list (列入/移出).")
class Listing:
    id: strawberry.ID
    list_name: str
    polarity: str
    listed_on: date | None
    removed_on: date | None
    reason: str | None
    authority: str | None
    in_effect: bool
    objection_open: bool = strawberry.field(description="An objection is being handled (异议处理中).")
    repaired_on: date | None
    withdrawn_on: date | None
    history: list[str] = strawberry.field(description="Repairs and withdrawals (audit mode only).")

    @classmethod
    def from_props(
        cls, props: dict[str, Any], in_effect: bool, authority: str | None = None, with_history: bool = False
    ) -> Listing:
        return cls(
            id=strawberry.ID(props["id"]),
            list_name=props.get("list_name", ""),
            polarity=props.get("polarity", "black"),
            listed_on=props.get("listed_on"),
            removed_on=props.get("removed_on"),
            reason=props.get("reason"),
            authority=authority or props.get("authority"),
            in_effect=in_effect,
            objection_open=bool(props.get("objection_open")),
            repaired_on=props.get("repaired_on"),
            withdrawn_on=props.get("withdrawn_on"),
            history=list(props.get("history") or []) if with_history else [],
        )

    @classmethod
    def from_view(cls, view: ListingView, with_history: bool = False) -> Listing:
        return cls.from_props(view.props, view.in_effect, view.authority, with_history)


def suppressed(props: dict[str, Any], as_of: date) -> bool:
    """Repaired or withdrawn at `as_of`: shown to nobody but admins in audit mode."""
    return any(props.get(k) is not None and props[k] <= as_of for k in ("repaired_on", "withdrawn_on"))
