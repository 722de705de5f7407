"""Association root fields (investigators, reviewers, admins): persons, linking representatives,
the bidder check, paths and neighbourhoods. The permission is declared on each field; each takes
`purpose: String!` (事由 + 项目编号/文号, 查询使用登记), recorded with the query in the audit log."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from api.gql.context import Context, run
from api.gql.errors import bad_input
from api.gql.fields import field
from api.gql.permissions import Investigators
from api.gql.types.bidder import BidderCheck
from api.gql.types.connection import Connection, connection, page
from api.gql.types.control import BeneficialOwner
from api.gql.types.linking import LinkingRepresentative
from api.gql.types.node import NodeDetail
from api.gql.types.path import Neighbourhood, Path, check_hops
from api.gql.types.subject import Person
from graph.ids import entity_id_for_uscc, make_id
from queries import bidders, control, linking, nodes, paths
from queries.common import Page
from queries.common import as_of as default_as_of

Info = strawberry.Info[Context, None]

PURPOSE = (
    "查询事由：事由及项目编号/文号（查询使用登记），记入审计日志。The purpose of the look-up "
    "(reason + project or document number), kept in the audit log; not blank."
)
Purpose = Annotated[str, strawberry.argument(description=PURPOSE)]


def _subject_id(value: str) -> str:
    """Path endpoints may be given as node ids or as a bare USCC."""
    value = value.strip()
    if ":" in value:
        return value
    return entity_id_for_uscc(value)


async def _neighbours(
    info: Info, id: strawberry.ID, purpose: str, first: int | None, after: str | None, as_of: date | None
) -> tuple[paths.Neighbourhood, Page] | None:
    """One page of a subject's direct neighbours, for `neighbourhood` and its connection form."""
    info.context.set_purpose(purpose)
    at = page(info, first, after)
    subject = _subject_id(str(id))
    info.context.touch(subject)
    found = await run(
        paths.neighbourhood, info.context.store, subject, at.offset, at.limit, default_as_of(as_of)
    )
    return None if found is None else (found, at)


@strawberry.type
class AssociationQuery:
    @field("A person by id (from another answer); investigators and up.", permission_classes=[Investigators])
    async def person(
        self, info: Info, id: strawberry.ID, purpose: Purpose, as_of: date | None = None
    ) -> Person | None:
        info.context.set_purpose(purpose)
        day = default_as_of(as_of)
        info.context.touch(str(id))
        profile = await info.context.person_loader(day).load(str(id))
        return Person.ref(profile.person, day) if profile else None

    @field(permission_classes=[Investigators])
    async def legal_representatives_linking_blacklisted_firms(
        self,
        info: Info,
        purpose: Purpose,
        min_firms: int = 2,
        as_of: date | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> Connection[LinkingRepresentative]:
        info.context.set_purpose(purpose)
        if min_firms < 1:
            raise bad_input("参数 minFirms（关联企业数）至少为 1")
        day = default_as_of(as_of)
        at = page(info, first, after)
        reps, total = await run(linking.linking_reps, info.context.store, min_firms, day, at)
        for rep in reps:
            info.context.touch(rep.person.id, *(f.id for f in rep.firms))
        return connection([LinkingRepresentative.from_rep(rep, day) for rep in reps], total, at)

    @field(
        "Associations among the bidders of one tender (up to 50 USCCs).", permission_classes=[Investigators]
    )
    async def bidder_check(
        self,
        info: Info,
        usccs: list[str],
        purpose: Purpose,
        as_of: date | None = None,
        max_hops: int = 4,
        tender: str | None = None,
    ) -> BidderCheck:
        info.context.set_purpose(purpose)
        limit = info.context.settings.max_bidders
        if not 2 <= len(set(usccs)) <= limit:
            raise bad_input(
                f"投标人统一社会信用代码须为 2 至 {limit} 个（不重复），收到 {len(set(usccs))} 个"
            )
        hops = check_hops(info, max_hops, limit=4)
        tender_id = None
        if tender:  # "项目编号/标段", the natural key ingest gives a Tender
            project, _, lot = tender.partition("/")
            tender_id = make_id("tender", project.strip(), lot.strip() or None)
        result = await run(
            bidders.run_bidder_check, info.context.store, usccs, default_as_of(as_of), hops, tender_id
        )
        info.context.touch(*result.bidders)
        return BidderCheck.from_result(result, info)

    @field(
        "Natural persons whose effective share of the company reaches `threshold` (default 25 %, "
        "《受益所有人信息管理办法》), or who control it; investigators and up.",
        permission_classes=[Investigators],
    )
    async def beneficial_owners(
        self,
        info: Info,
        uscc: str,
        purpose: Purpose,
        threshold: float = 0.25,
        as_of: date | None = None,
    ) -> list[BeneficialOwner]:
        info.context.set_purpose(purpose)
        if not 0 < threshold <= 1:
            raise bad_input("参数 threshold（持股比例阈值）须大于 0 且不超过 1")
        company = entity_id_for_uscc(uscc.strip().upper())
        owners = await run(
            control.beneficial_owners, info.context.store, company, default_as_of(as_of), threshold
        )
        info.context.touch(company, *(o.person.id for o in owners))
        return [BeneficialOwner.of(o, info) for o in owners]

    @field(
        "Shortest association paths between two subjects.", name="path", permission_classes=[Investigators]
    )
    async def path_(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        purpose: Purpose,
        max_hops: int = 4,
        as_of: date | None = None,
    ) -> list[Path]:
        info.context.set_purpose(purpose)
        hops = check_hops(info, max_hops)
        source, target = _subject_id(str(from_)), _subject_id(str(to))
        info.context.touch(source, target)
        found = await run(
            paths.shortest_paths, info.context.store, source, target, hops, default_as_of(as_of)
        )
        return [Path.from_result(p, info) for p in found]

    @field(
        "Direct neighbours of a subject, paged (super-nodes show `more`).", permission_classes=[Investigators]
    )
    async def neighbourhood(
        self,
        info: Info,
        id: strawberry.ID,
        purpose: Purpose,
        first: int | None = 50,
        after: str | None = None,
        as_of: date | None = None,
    ) -> Neighbourhood | None:
        looked = await _neighbours(info, id, purpose, first, after, as_of)
        if looked is None:
            return None
        found, at = looked
        return Neighbourhood(
            total=found.total,
            more=found.more(at.offset + len(found.paths)),
            items=[Path.from_result(p, info) for p in found.paths],
        )

    @field(
        "Direct neighbours of a subject as a Relay connection: one one-hop path per edge, in the "
        "order of `neighbourhood`; `totalCount` counts them all.",
        permission_classes=[Investigators],
    )
    async def neighbourhood_connection(
        self,
        info: Info,
        id: strawberry.ID,
        purpose: Purpose,
        first: int | None = 50,
        after: str | None = None,
        as_of: date | None = None,
    ) -> Connection[Path] | None:
        looked = await _neighbours(info, id, purpose, first, after, as_of)
        if looked is None:
            return None
        found, at = looked
        return connection([Path.from_result(p, info) for p in found.paths], found.total, at)

    @field(
        "One node of any kind (an id from a path or a neighbourhood) with its properties and "
        "provenance, for the explorer's details panel; a case or listing not shown at asOf is null.",
        permission_classes=[Investigators],
    )
    async def node(
        self, info: Info, id: strawberry.ID, purpose: Purpose, as_of: date | None = None
    ) -> NodeDetail | None:
        info.context.set_purpose(purpose)
        node_id = _subject_id(str(id))
        found = await run(nodes.node_details, info.context.store, node_id, default_as_of(as_of))
        if found is None:
            return None
        info.context.touch(node_id)
        return NodeDetail.of(found, info)
