"""Name-search hits as GraphQL (masked ID numbers only for investigators and up)."""

from __future__ import annotations

import strawberry

from api.gql.context import Context
from api.roles import MASKED_IDS
from queries.search import Hit


@strawberry.type
class SearchHit:
    id: strawberry.ID
    kind: str
    name: str
    uscc: str | None
    _masked_id: strawberry.Private[str | None]

    @classmethod
    def from_hit(cls, hit: Hit) -> SearchHit:
        return cls(
            id=strawberry.ID(hit.id), kind=hit.kind, name=hit.name, uscc=hit.uscc, _masked_id=hit.masked_id
        )

    @strawberry.field
    def masked_id(self, info: strawberry.Info[Context, None]) -> str | None:
        return self._masked_id if info.context.role in MASKED_IDS else None
