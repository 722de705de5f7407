from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.gql.context import Context, run
from api.gql.errors import forbidden
from api.gql.types.case import Case
from api.gql.types.listing import Listing, suppressed
from api.roles import HISTORY, PERSONAL_CONTACT, Role, mask_address, mask_phone
from queries.common import Hops
from queries.paths import associated_risk
from queries.profile import EntityProfile

if TYPE_CHECKING:
    from api.gql.types.path import RiskItem
    from api.gql.types.person import Person


def check_audit(info: strawberry.Info[Context, None], audit: bool) -> None:
    if audit and info.context.role is not Role.ADMIN:
        raise forbidden("use audit mode (admins only)")


@strawberry.type
class Shareholder:
    name: str
    kind: str
    ratio: float | None
    subscribed_yuan: float | None
    entity: Annotated[Entity, strawberry.lazy("api.gql.types.entity")] | None
    person: Annotated[Person, strawberry.lazy("api.gql.types.person")] | None


@strawberry.type
class Officer:
    role: str
    person: Annotated[Person, strawberry.lazy("api.gql.types.person")]


@strawberry.type
class Licence:
    doc_no: str
    licence_no: str | None
    cert_name: str | None
    decided_on: date | None
    valid_to: date | None
    indefinite: bool
    authority: str | None


@strawberry.type(description="A legal entity, identified by its 统一社会信用代码 where it has a valid one.")
class Entity:
    id: strawberry.ID
    uscc: str | None
    name: str
    as_of: strawberry.Private[date]

    @classmethod
    def ref(cls, row: dict[str, object], as_of: date) -> Entity:
        return cls(
            id=strawberry.ID(str(row["id"])),
            uscc=row.get("uscc"),  # type: ignore[arg-type]
            name=str(row.get("name") or ""),
            as_of=as_of,
        )

    async def _profile(self, info: strawberry.Info[Context, None]) -> EntityProfile | None:
        info.context.touch(str(self.id))
        return await info.context.entity_loader(self.as_of).load(str(self.id))

    @strawberry.field
    async def kind(self, info: strawberry.Info[Context, None]) -> str | None:
        profile = await self._profile(info)
        return profile.props.get("kind") if profile else None

    @strawberry.field
    async def verified(self, info: strawberry.Info[Context, None]) -> bool:
        profile = await self._profile(info)
        return bool(profile and profile.props.get("verified"))

    @strawberry.field
    async def status(self, info: strawberry.Info[Context, None]) -> str | None:
        profile = await self._profile(info)
        return profile.props.get("status") if profile else None

    @strawberry.field
    async def founded_on(self, info: strawberry.Info[Context, None]) -> date | None:
        profile = await self._profile(info)
        return profile.props.get("founded_on") if profile else None

    @strawberry.field
    async def registered_capital_yuan(self, info: strawberry.Info[Context, None]) -> float | None:
        profile = await self._profile(info)
        return profile.props.get("registered_capital_yuan") if profile else None

    @strawberry.field(description="Addresses; an individual business's address is a person's: masked.")
    async def addresses(self, info: strawberry.Info[Context, None]) -> list[str]:
        profile = await self._profile(info)
        if profile is None:
            return []
        personal = profile.props.get("kind") == "individual_business"
        if personal and info.context.role not in PERSONAL_CONTACT:
            return [mask_address(a) for a in profile.addresses]
        return list(profile.addresses)

    @strawberry.field(description="Phones, masked except for the admin role.")
    async def phones(self, info: strawberry.Info[Context, None]) -> list[str]:
        profile = await self._profile(info)
        if profile is None:
            return []
        if info.context.role in PERSONAL_CONTACT:
            return list(profile.phones)
        return [mask_phone(p) for p in profile.phones]

    @strawberry.field
    async def legal_representative(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[Person, strawberry.lazy("api.gql.types.person")] | None:
        from api.gql.types.person import Person

        profile = await self._profile(info)
        if profile is None or not profile.legal_reps:
            return None
        info.context.touch(profile.legal_reps[0]["id"])
        return Person.ref(profile.legal_reps[0], self.as_of)

    @strawberry.field
    async def shareholders(self, info: strawberry.Info[Context, None]) -> list[Shareholder]:
        from api.gql.types.person import Person

        profile = await self._profile(info)
        result = []
        for row in profile.shareholders if profile else []:
            is_entity = "Entity" in row["labels"]
            result.append(
                Shareholder(
                    name=row.get("name") or "",
                    kind="entity" if is_entity else "person",
                    ratio=row.get("ratio"),
                    subscribed_yuan=row.get("subscribed_yuan"),
                    entity=Entity.ref(row, self.as_of) if is_entity else None,
                    person=None if is_entity else Person.ref(row, self.as_of),
                )
            )
        return result

    @strawberry.field
    async def officers(self, info: strawberry.Info[Context, None]) -> list[Officer]:
        from api.gql.types.person import Person

        profile = await self._profile(info)
        return [
            Officer(role=row.get("role") or "", person=Person.ref(row, self.as_of))
            for row in (profile.officers if profile else [])
        ]

    @strawberry.field(
        description="Penalty decisions inside their publicity window; `audit` (admins) shows all."
    )
    async def cases(self, info: strawberry.Info[Context, None], audit: bool = False) -> list[Case]:
        check_audit(info, audit)
        profile = await self._profile(info)
        if profile is None:
            return []
        views = sorted(profile.cases, key=lambda c: str(c.props.get("decision_date") or ""), reverse=True)
        if not audit:
            views = [v for v in views if v.visible and v.props.get("status", "published") == "published"]
        return [Case.from_view(v, with_history=audit) for v in views]

    @strawberry.field(
        description="Listings. Public: in effect only; investigators also see removed ones; "
        "repaired or withdrawn entries only in admin audit mode."
    )
    async def listings(self, info: strawberry.Info[Context, None], audit: bool = False) -> list[Listing]:
        check_audit(info, audit)
        profile = await self._profile(info)
        if profile is None:
            return []
        if audit:
            return [Listing.from_view(v, with_history=True) for v in profile.listings]
        history = info.context.role in HISTORY
        return [
            Listing.from_view(v)
            for v in profile.listings
            if (v.in_effect or history) and not suppressed(v.props, self.as_of)
        ]

    @strawberry.field
    async def licences(self, info: strawberry.Info[Context, None]) -> list[Licence]:
        profile = await self._profile(info)
        return [
            Licence(
                doc_no=li.get("doc_no", ""),
                licence_no=li.get("licence_no"),
                cert_name=li.get("cert_name"),
                decided_on=li.get("decided_on"),
                valid_to=li.get("valid_to"),
                indefinite=bool(li.get("indefinite")),
                authority=li.get("authority"),
            )
            for li in (profile.licences if profile else [])
        ]

    @strawberry.field(description="Black-listed subjects within maxHops association steps, with the path.")
    async def associated_risk(
        self, info: strawberry.Info[Context, None], max_hops: int = 3
    ) -> list[Annotated[RiskItem, strawberry.lazy("api.gql.types.path")]]:
        from api.gql.types.path import RiskItem, check_hops, require_associations

        require_associations(info)
        hops = check_hops(info, max_hops, limit=4)
        hits = await run(associated_risk, info.context.store, str(self.id), hops, self.as_of)
        info.context.touch(str(self.id), *(h.subject for h in hits))
        return [RiskItem.from_hit(h, info) for h in hits]


__all__ = ["Entity", "Hops"]
