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

    @classmethod
    def from_props(cls, props: dict[str, Any], in_effect: bool, authority: str | None = None) -> Listing:
        return cls(
            id=strawberry.ID(props["id"]),
            list_name=props.get("list_name", ""),
            polarity=props.get("polarity", "black"),
            listed_on=props.get("listed_on"),
            removed_on=props.get("removed_on"),
            reason=props.get("reason"),
            authority=authority or props.get("authority"),
            in_effect=in_effect,
        )

    @classmethod
    def from_view(cls, view: ListingView) -> Listing:
        return cls.from_props(view.props, view.in_effect, view.authority)
