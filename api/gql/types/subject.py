"""The two kinds of subject, entities and persons, and the roles that join them.

They live in one module because each refers to the other (an entity's legal representative is a
person, a person's roles name entities): two modules would import each other.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from api.gql.context import Context, run
from api.gql.errors import bad_input
from api.gql.limits import FIRST_CAPS
from api.gql.permissions import AuditMode, Investigators
from api.gql.types.case import Case
from api.gql.types.connection import Connection, sliced
from api.gql.types.control import Controller, Ownership, check_depth
from api.gql.types.enums import member
from api.gql.types.listing import Listing
from api.gql.types.path import RiskItem, check_hops
from api.roles import HISTORY, MASKED_IDS, PERSONAL_CONTACT, mask_address, mask_phone
from graph.model import EntityKind, Rel
from queries import control
from queries.common import EntityRef, PersonRef
from queries.paths import associated_risk, contact_loads, suspected_relations
from queries.profile import EntityProfile, PersonProfile

Info = strawberry.Info[Context, None]


@strawberry.type
class Shareholder:
    name: str
    kind: str
    ratio: float | None
    subscribed_yuan: float | None
    entity: Entity | None
    person: Person | None


@strawberry.type
class Officer:
    role: str
    person: Person


@strawberry.type
class Licence:
    doc_no: str
    licence_no: str | None
    cert_name: str | None
    decided_on: date | None
    valid_to: date | None
    indefinite: bool
    authority: str | None


@strawberry.type(description="A contact point two firms share (address, phone or email).")
class SharedContact:
    type: Rel = strawberry.field(description="LOCATED_AT (同地址), HAS_PHONE (同电话) or HAS_EMAIL (同邮箱).")
    value: str = strawberry.field(description="The address, phone (masked except for admins) or email.")
    id: strawberry.ID


_Purpose = Annotated[
    str, strawberry.argument(description="查询事由（事由 + 项目编号/文号），记入审计日志; not blank.")
]


def _shown(rel: str, value: str, admin: bool) -> str:
    """A shared contact's value as the caller may see it: phones masked below admin."""
    return value if admin or rel != "HAS_PHONE" else mask_phone(value)


@strawberry.type(
    description="A contact point of the firm shared with more than 50 other firms (集中登记地址、商务秘书"
    "地址, an agent's phone): no lead about any one of them, so never a 疑似关系; counted here."
)
class CrowdedContact:
    type: Rel = strawberry.field(description="LOCATED_AT (地址), HAS_PHONE (电话) or HAS_EMAIL (邮箱).")
    value: str = strawberry.field(description="The address, phone (masked except for admins) or email.")
    id: strawberry.ID
    firms: int = strawberry.field(description="Other firms sharing it at the as-of date.")


@strawberry.type(description="疑似关系: another firm sharing an address, phone or email; a lead to verify.")
class SuspectedRelation:
    entity: Entity
    count: int = strawberry.field(description="How many contact points they share.")
    shared: list[SharedContact]


@strawberry.type(description="A legal entity, identified by its 统一社会信用代码 where it has a valid one.")
class Entity:
    id: strawberry.ID
    uscc: str | None
    name: str
    as_of: strawberry.Private[date]

    @classmethod
    def ref(cls, ref: EntityRef, as_of: date) -> Entity:
        return cls(id=strawberry.ID(ref.id), uscc=ref.uscc, name=ref.name, as_of=as_of)

    async def _profile(self, info: Info) -> EntityProfile | None:
        info.context.touch(str(self.id))
        return await info.context.entity_loader(self.as_of).load(str(self.id))

    @strawberry.field
    async def kind(self, info: Info) -> EntityKind | None:
        profile = await self._profile(info)
        return member(EntityKind, profile.entity.kind) or EntityKind.UNKNOWN if profile else None

    @strawberry.field
    async def verified(self, info: Info) -> bool:
        profile = await self._profile(info)
        return bool(profile and profile.entity.verified)

    @strawberry.field
    async def status(self, info: Info) -> str | None:
        profile = await self._profile(info)
        return profile.entity.status if profile else None

    @strawberry.field
    async def founded_on(self, info: Info) -> date | None:
        profile = await self._profile(info)
        return profile.entity.founded_on if profile else None

    @strawberry.field
    async def registered_capital_yuan(self, info: Info) -> float | None:
        profile = await self._profile(info)
        return profile.entity.registered_capital_yuan if profile else None

    @strawberry.field(description="Addresses; an individual business's address is a person's: masked.")
    async def addresses(self, info: Info) -> list[str]:
        profile = await self._profile(info)
        if profile is None:
            return []
        personal = profile.entity.kind == "individual_business"
        if personal and info.context.role not in PERSONAL_CONTACT:
            return [mask_address(a) for a in profile.addresses]
        return list(profile.addresses)

    @strawberry.field(description="Phones, masked except for the admin role.")
    async def phones(self, info: Info) -> list[str]:
        profile = await self._profile(info)
        if profile is None:
            return []
        if info.context.role in PERSONAL_CONTACT:
            return list(profile.phones)
        return [mask_phone(p) for p in profile.phones]

    @strawberry.field
    async def legal_representative(self, info: Info) -> Person | None:
        profile = await self._profile(info)
        if profile is None or not profile.legal_reps:
            return None
        info.context.touch(profile.legal_reps[0].id)
        return Person.ref(profile.legal_reps[0], self.as_of)

    async def _shareholders(self, info: Info) -> list[Shareholder]:
        profile = await self._profile(info)
        result = []
        for holding in profile.shareholders if profile else ():
            holder = holding.holder
            entity = Entity.ref(holder, self.as_of) if isinstance(holder, EntityRef) else None
            result.append(
                Shareholder(
                    name=holder.name,
                    kind="entity" if entity else "person",
                    ratio=holding.ratio,
                    subscribed_yuan=holding.subscribed_yuan,
                    entity=entity,
                    person=Person.ref(holder, self.as_of) if isinstance(holder, PersonRef) else None,
                )
            )
        return result

    async def _officers(self, info: Info) -> list[Officer]:
        profile = await self._profile(info)
        return [
            Officer(role=office.role or "", person=Person.ref(office.person, self.as_of))
            for office in (profile.officers if profile else ())
        ]

    async def _cases(self, info: Info, audit: bool) -> list[Case]:
        profile = await self._profile(info)
        if profile is None:
            return []
        views = sorted(profile.cases, key=lambda c: str(c.case.decision_date or ""), reverse=True)
        if not audit:
            views = [v for v in views if v.visible and v.case.published]
        return [Case.from_view(v, with_history=audit) for v in views]

    async def _listings(self, info: Info, audit: bool) -> list[Listing]:
        profile = await self._profile(info)
        if profile is None:
            return []
        if audit:
            return [Listing.from_view(v, with_history=True, at=self.as_of) for v in profile.listings]
        history = info.context.role in HISTORY
        return [
            Listing.from_view(v, at=self.as_of)
            for v in profile.listings
            if (v.in_effect or history) and not v.listing.suppressed(self.as_of)
        ]

    @strawberry.field
    async def shareholders(self, info: Info) -> list[Shareholder]:
        return await self._shareholders(info)

    @strawberry.field(description="The shareholders as a Relay connection, in the order of `shareholders`.")
    async def shareholders_connection(
        self, info: Info, first: int | None = 50, after: str | None = None
    ) -> Connection[Shareholder]:
        return sliced(await self._shareholders(info), info, first, after)

    @strawberry.field
    async def officers(self, info: Info) -> list[Officer]:
        return await self._officers(info)

    @strawberry.field(description="The officers (董事、监事、高管) as a Relay connection.")
    async def officers_connection(
        self, info: Info, first: int | None = 50, after: str | None = None
    ) -> Connection[Officer]:
        return sliced(await self._officers(info), info, first, after)

    @strawberry.field(
        description="Penalty decisions inside their publicity window; `audit` (admins) shows all.",
        permission_classes=[AuditMode],
    )
    async def cases(self, info: Info, audit: bool = False) -> list[Case]:
        return await self._cases(info, audit)

    @strawberry.field(
        description="`cases` as a Relay connection, newest decision first; `audit` (admins) shows all.",
        permission_classes=[AuditMode],
    )
    async def cases_connection(
        self, info: Info, first: int | None = 50, after: str | None = None, audit: bool = False
    ) -> Connection[Case]:
        return sliced(await self._cases(info, audit), info, first, after)

    @strawberry.field(
        description="Listings. Public: in effect only; investigators also see removed ones; "
        "repaired or withdrawn entries only in admin audit mode.",
        permission_classes=[AuditMode],
    )
    async def listings(self, info: Info, audit: bool = False) -> list[Listing]:
        return await self._listings(info, audit)

    @strawberry.field(
        description="`listings` as a Relay connection (the same entries the same roles see).",
        permission_classes=[AuditMode],
    )
    async def listings_connection(
        self, info: Info, first: int | None = 50, after: str | None = None, audit: bool = False
    ) -> Connection[Listing]:
        return sliced(await self._listings(info, audit), info, first, after)

    @strawberry.field
    async def licences(self, info: Info) -> list[Licence]:
        profile = await self._profile(info)
        return [
            Licence(
                doc_no=li.doc_no,
                licence_no=li.licence_no,
                cert_name=li.cert_name,
                decided_on=li.decided_on,
                valid_to=li.valid_to,
                indefinite=li.indefinite,
                authority=li.authority,
            )
            for li in (profile.licences if profile else ())
        ]

    @strawberry.field(
        description="Black-listed subjects within maxHops association steps, with the path.",
        permission_classes=[Investigators],
    )
    async def associated_risk(self, info: Info, max_hops: int = 3) -> list[RiskItem]:
        hops = check_hops(info, max_hops, limit=4)
        hits = await run(associated_risk, info.context.store, str(self.id), hops, self.as_of)
        info.context.touch(str(self.id), *(h.subject for h in hits))
        return [RiskItem.from_hit(h, info) for h in hits]

    @strawberry.field(
        description="疑似关系: other firms at the same address, phone or email at the as-of date, most "
        "shared first (at most `first`); investigators and up.",
        permission_classes=[Investigators],
    )
    async def suspected_relations(
        self,
        info: Info,
        purpose: _Purpose,
        first: int = 20,
    ) -> list[SuspectedRelation]:
        info.context.set_purpose(purpose)
        cap = FIRST_CAPS["suspectedRelations"]
        if not 1 <= first <= cap:
            raise bad_input(f"参数 first（条数）须在 1 到 {cap} 之间，收到 {first}")
        found = await run(suspected_relations, info.context.store, str(self.id), self.as_of, first)
        info.context.touch(str(self.id), *(f.entity.id for f in found))
        admin = info.context.role in PERSONAL_CONTACT
        return [
            SuspectedRelation(
                entity=Entity.ref(f.entity, self.as_of),
                count=len(f.shared),
                shared=[
                    SharedContact(
                        type=Rel(s.type),
                        value=_shown(s.type, s.value, admin),
                        id=strawberry.ID(s.id),
                    )
                    for s in f.shared
                ],
            )
            for f in found
        ]

    @strawberry.field(
        description="The firm's contact points shared with more than 50 other firms at the as-of date "
        "(left out of suspectedRelations), with their counts; investigators and up.",
        permission_classes=[Investigators],
    )
    async def crowded_contacts(
        self,
        info: Info,
        purpose: _Purpose,
    ) -> list[CrowdedContact]:
        info.context.set_purpose(purpose)
        info.context.touch(str(self.id))
        loads = await run(contact_loads, info.context.store, str(self.id), self.as_of)
        admin = info.context.role in PERSONAL_CONTACT
        return [
            CrowdedContact(
                type=Rel(c.type),
                value=_shown(c.type, c.value, admin),
                id=strawberry.ID(c.id),
                firms=c.firms,
            )
            for c in loads
            if c.crowded
        ]

    # Ownership and control (issue 15): persons on the paths only for investigators and up.
    @strawberry.field(
        description="Ultimate controllers at asOf (default: the entity's as-of date): 控股股东 holding "
        "more than 50 %, or 实际控制人 through a chain of such holdings or declared in the registry."
    )
    async def controllers(self, info: Info, as_of: date | None = None) -> list[Controller]:
        found = await run(control.controllers, info.context.store, str(self.id), as_of or self.as_of)
        info.context.touch(str(self.id), *(c.subject.id for c in found))
        return [Controller.of(c, info) for c in found]

    @strawberry.field(
        description="股权穿透: the holding tree upwards and downwards, `depth` (1–10) levels, at asOf."
    )
    async def ownership(self, info: Info, depth: int = 3, as_of: date | None = None) -> Ownership | None:
        levels = check_depth(depth)
        tree = await run(control.ownership, info.context.store, str(self.id), levels, as_of or self.as_of)
        info.context.touch(str(self.id))
        return Ownership.of(tree, info) if tree else None


@strawberry.type(description="A role a person holds in an entity at the as-of date.")
class PersonRole:
    role: str
    ratio: float | None
    entity: Entity


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

    @classmethod
    def ref(cls, ref: PersonRef, as_of: date) -> Person:
        return cls(
            id=strawberry.ID(ref.id),
            name=ref.name,
            verified=ref.verified,
            _masked_id=ref.masked_id,
            as_of=as_of,
        )

    @strawberry.field(description="e.g. 4101**********1234; null for the public role.")
    def masked_id(self, info: Info) -> str | None:
        return self._masked_id if info.context.role in MASKED_IDS else None

    async def _profile(self, info: Info) -> PersonProfile | None:
        return await info.context.person_loader(self.as_of).load(str(self.id))

    @strawberry.field(
        description="The entities this person represents, owns or runs: investigators and up (the "
        "public sees a person only in the entity being viewed).",
        permission_classes=[Investigators],
    )
    async def roles(self, info: Info) -> list[PersonRole]:
        profile = await self._profile(info)
        if profile is None:
            return []
        info.context.touch(*(r.entity.id for r in profile.roles))
        return [
            PersonRole(role=r.role or "", ratio=r.ratio, entity=Entity.ref(r.entity, self.as_of))
            for r in profile.roles
        ]

    @strawberry.field(
        description="The person's listings in effect: investigators and up.",
        permission_classes=[Investigators],
    )
    async def listings(self, info: Info) -> list[Listing]:
        profile = await self._profile(info)
        if profile is None:
            return []
        return [Listing.from_view(v, at=self.as_of) for v in profile.listings if v.in_effect]


__all__ = [
    "CrowdedContact",
    "Entity",
    "Licence",
    "Officer",
    "Person",
    "PersonRole",
    "SharedContact",
    "Shareholder",
    "SuspectedRelation",
]
