"""The GraphQL schema: root fields parse arguments, call one `queries/` function, convert."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from api.gql.context import Context, run
from api.gql.errors import ApiError, bad_input
from api.gql.records import RecordMutation
from api.gql.review import ReviewMutation, ReviewQuery
from api.gql.types.bidder import BidderCheck
from api.gql.types.case import Case
from api.gql.types.connection import Connection, connection, page
from api.gql.types.entity import Entity
from api.gql.types.listing import Listing
from api.gql.types.path import Neighbourhood, Path, check_hops, require_associations
from api.gql.types.person import Person
from api.roles import MASKED_IDS
from api.settings import Settings
from graph.ids import entity_id_for_uscc, make_id
from graph.store import STATEMENTS
from queries import bidders, cases, linking, paths, search
from queries.common import as_of as default_as_of

Info = strawberry.Info[Context, None]


@strawberry.type
class LinkedFirm:
    uscc: str | None
    name: str
    listings: list[Listing]


@strawberry.type(description="A person who is legal representative of several black-listed firms.")
class LinkingRepresentative:
    person: Person
    firms: list[LinkedFirm]


@strawberry.type
class SearchHit:
    id: strawberry.ID
    kind: str
    name: str
    uscc: str | None
    _masked_id: strawberry.Private[str | None]

    @strawberry.field
    def masked_id(self, info: Info) -> str | None:
        return self._masked_id if info.context.role in MASKED_IDS else None


def _subject_id(value: str) -> str:
    """Path endpoints may be given as node ids or as a bare USCC."""
    value = value.strip()
    if ":" in value:
        return value
    return entity_id_for_uscc(value)


@strawberry.type
class Query(ReviewQuery):
    @strawberry.field(description="An entity's credit profile by 统一社会信用代码.")
    async def entity(self, info: Info, uscc: str, as_of: date | None = None) -> Entity | None:
        day = default_as_of(as_of)
        info.context.touch(entity_id_for_uscc(uscc.strip().upper()))
        entity_id = await info.context.uscc_loader.load(uscc)
        if entity_id is None:
            return None
        profile = await info.context.entity_loader(day).load(entity_id)
        if profile is None:
            return None
        return Entity.ref(profile.props, day)

    @strawberry.field(description="A person by id (from another answer); investigators and up.")
    async def person(self, info: Info, id: strawberry.ID, as_of: date | None = None) -> Person | None:
        require_associations(info)
        day = default_as_of(as_of)
        info.context.touch(str(id))
        profile = await info.context.person_loader(day).load(str(id))
        return Person.ref(profile.props, day) if profile else None

    @strawberry.field(name="case", description="A penalty decision by authority and decision number.")
    async def case_(
        self, info: Info, authority: str, decision_no: str, as_of: date | None = None
    ) -> Case | None:
        detail = await run(cases.find_case, info.context.store, authority, decision_no, default_as_of(as_of))
        if (
            detail is None
            or not detail.view.visible
            or detail.view.props.get("status", "published") != "published"
        ):
            return None
        info.context.touch(str(detail.view.props["id"]), *(p["id"] for p in detail.parties))
        return Case.from_view(detail.view)

    @strawberry.field(description="Entities and persons whose normalised name contains `name`.")
    async def search_entities(
        self, info: Info, name: str, first: int | None = 20, after: str | None = None
    ) -> Connection[SearchHit]:
        at = page(info, first, after)
        hits, total = await run(search.search, info.context.store, name, at)
        info.context.touch(*(h.id for h in hits))
        nodes = [
            SearchHit(id=strawberry.ID(h.id), kind=h.kind, name=h.name, uscc=h.uscc, _masked_id=h.masked_id)
            for h in hits
        ]
        return connection(nodes, total, at)

    @strawberry.field
    async def legal_representatives_linking_blacklisted_firms(
        self,
        info: Info,
        min_firms: int = 2,
        as_of: date | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> Connection[LinkingRepresentative]:
        require_associations(info)
        if min_firms < 1:
            raise bad_input("minFirms must be at least 1")
        day = default_as_of(as_of)
        at = page(info, first, after)
        reps, total = await run(linking.linking_reps, info.context.store, min_firms, day, at)
        nodes = []
        for rep in reps:
            info.context.touch(rep.id, *(f.id for f in rep.firms))
            person = Person.ref(
                {"id": rep.id, "name": rep.name, "masked_id": rep.masked_id, "verified": rep.verified}, day
            )
            firms = [
                LinkedFirm(
                    uscc=f.uscc, name=f.name, listings=[Listing.from_props(x, True) for x in f.listings]
                )
                for f in rep.firms
            ]
            nodes.append(LinkingRepresentative(person=person, firms=firms))
        return connection(nodes, total, at)

    @strawberry.field(description="Associations among the bidders of one tender (up to 50 USCCs).")
    async def bidder_check(
        self,
        info: Info,
        usccs: list[str],
        as_of: date | None = None,
        max_hops: int = 4,
        tender: str | None = None,
    ) -> BidderCheck:
        require_associations(info)
        limit = info.context.settings.max_bidders
        if not 2 <= len(set(usccs)) <= limit:
            raise bad_input(f"give between 2 and {limit} distinct bidder USCCs")
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

    @strawberry.field(name="path", description="Shortest association paths between two subjects.")
    async def path_(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        max_hops: int = 4,
        as_of: date | None = None,
    ) -> list[Path]:
        require_associations(info)
        hops = check_hops(info, max_hops)
        source, target = _subject_id(str(from_)), _subject_id(str(to))
        info.context.touch(source, target)
        found = await run(
            paths.shortest_paths, info.context.store, source, target, hops, default_as_of(as_of)
        )
        return [Path.from_result(p, info) for p in found]

    @strawberry.field(description="Direct neighbours of a subject, paged (super-nodes show `more`).")
    async def neighbourhood(
        self,
        info: Info,
        id: strawberry.ID,
        first: int | None = 50,
        after: str | None = None,
        as_of: date | None = None,
    ) -> Neighbourhood | None:
        require_associations(info)
        at = page(info, first, after)
        subject = _subject_id(str(id))
        info.context.touch(subject)
        found = await run(
            paths.neighbourhood, info.context.store, subject, at.offset, at.limit, default_as_of(as_of)
        )
        if found is None:
            return None
        return Neighbourhood(
            total=found.total,
            more=found.more(at.offset + len(found.paths)),
            items=[Path.from_result(p, info) for p in found.paths],
        )


class StatementCount(SchemaExtension):
    """Reports how many database statements the operation ran (`extensions.statements`)."""

    def on_operation(self) -> Iterator[None]:
        self.counter = [0]
        token = STATEMENTS.set(self.counter)
        yield
        STATEMENTS.reset(token)

    def get_results(self) -> dict[str, Any]:
        return {"statements": self.counter[0]}


class AuditExtension(SchemaExtension):
    """Writes one audit entry per operation that touched any subject, whatever its outcome."""

    def on_operation(self) -> Iterator[None]:
        yield
        ctx = self.execution_context.context
        if isinstance(ctx, Context) and ctx.touched:
            operation = self.execution_context.operation_name or _root_fields(self.execution_context.query)
            ctx.audit.record(ctx.key_id, ctx.role.value, operation, sorted(ctx.touched), ctx.remote)


def _root_fields(query: str | None) -> str:
    from graphql import OperationDefinitionNode, parse

    try:
        document = parse(query or "")
    except GraphQLError:
        return "unparsable"
    names = [
        sel.name.value
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
        for sel in d.selection_set.selections
        if hasattr(sel, "name")
    ]
    return ",".join(names) or "anonymous"


def _is_internal(error: GraphQLError) -> bool:
    """Show our own errors and GraphQL validation errors; mask everything else."""
    original = error.original_error
    return original is not None and not isinstance(original, ApiError | GraphQLError)


@strawberry.type
class RootMutation(ReviewMutation, RecordMutation):
    """Review actions, objections and record administration."""


class CreditSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Log only what is masked: caller errors (forbidden, bad input) are not server faults."""
        super().process_errors([e for e in errors if _is_internal(e)], execution_context)


def make_schema(settings: Settings) -> strawberry.Schema:
    extensions: list[Any] = [
        lambda: QueryDepthLimiter(max_depth=settings.max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: MaskErrors(should_mask_error=_is_internal, error_message="internal error"),
        AuditExtension,
        StatementCount,
    ]
    if not settings.introspection:
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    return CreditSchema(query=Query, mutation=RootMutation, extensions=extensions)
