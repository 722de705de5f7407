from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.gql.context import Context
from api.gql.types.listing import Listing
from api.roles import MASKED_IDS

if TYPE_CHECKING:
    from api.gql.types.entity import Entity


@strawberry.type(description="A role a person holds in an entity at the as-of date.")
class PersonRole:
    role: str
    ratio: float | None
    entity: Annotated[Entity, strawberry.lazy("api.gql.types.entity")]


@strawberry.type(
    description="A natural person. ID numbers appear only masked, and only to roles that may see them."
)
class Person:
    id: strawberry.ID
    name: str
    verified: bool = strawberry.field(
        description="True when identified by a full, valid ID number; otherwise scoped to one record."
    )
    _masked_id: strawberry.Private[str | None]
    as_of: strawberry.Private[date]

    @strawberry.field(description="e.g. 4101**********1234; null for the public role.")
    def masked_id(self, info: strawberry.Info[Context, None]) -> str | None:
        return self._masked_id if info.context.role in MASKED_IDS else None

    @strawberry.field
    async def roles(self, info: strawberry.Info[Context, None]) -> list[PersonRole]:
        from api.gql.types.entity import Entity

        profile = await info.context.person_loader(self.as_of).load(str(self.id))
        if profile is None:
            return []
        info.context.touch(*(r["id"] for r in profile.roles))
        return [
            PersonRole(role=r["role"] or "", ratio=r.get("ratio"), entity=Entity.ref(r, self.as_of))
            for r in profile.roles
        ]

    @strawberry.field
    async def listings(self, info: strawberry.Info[Context, None]) -> list[Listing]:
        profile = await info.context.person_loader(self.as_of).load(str(self.id))
        if profile is None:
            return []
        return [Listing.from_view(v) for v in profile.listings if v.in_effect]

    @classmethod
    def ref(cls, row: dict[str, object], as_of: date) -> Person:
        return cls(
            id=strawberry.ID(str(row["id"])),
            name=str(row.get("name") or ""),
            verified=bool(row.get("verified")),
            _masked_id=row.get("masked_id"),  # type: ignore[arg-type]
            as_of=as_of,
        )
