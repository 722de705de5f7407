"""Name-search hits as GraphQL (masked ID numbers only for investigators and up)."""

from __future__ import annotations

import strawberry

from api.gql.context import Context
from api.roles import MASKED_IDS
from graph.model import Label
from queries.search import Hit


@strawberry.type
class SearchHit:
    id: strawberry.ID
    kind: Label
    name: str
    uscc: str | None
    verified: bool | None = strawberry.field(
        description="Persons: true when identified by a full ID number; false when scoped to one record "
        "(homonyms are separate hits, never merged)."
    )
    scope: str | None = strawberry.field(description="A record-scoped person's record.")
    _masked_id: strawberry.Private[str | None]

    @classmethod
    def from_hit(cls, hit: Hit) -> SearchHit:
        return cls(
            id=strawberry.ID(hit.id),
            kind=Label(hit.kind),
            name=hit.name,
            uscc=hit.uscc,
            verified=hit.verified,
            scope=hit.scope,
            _masked_id=hit.masked_id,
        )

    @strawberry.field
    def masked_id(self, info: strawberry.Info[Context, None]) -> str | None:
        return self._masked_id if info.context.role in MASKED_IDS else None
