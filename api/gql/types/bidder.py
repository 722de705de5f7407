"""The bidder check as GraphQL: verdicts per pair, graded by legal basis, with their evidence paths."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from api.gql.context import Context
from api.gql.types.listing import Listing
from api.gql.types.path import Path
from api.roles import PERSONAL_CONTACT, mask_phone
from queries import bidders as queries_bidders
from queries.bidders import BidderCheckResult, PairResult


@strawberry.enum(description="Graded by legal basis, strongest first.")
class Verdict(Enum):
    BARRED = "BARRED"
    DEEMED_COLLUSION = "DEEMED_COLLUSION"
    SUSPECTED = "SUSPECTED"
    CONNECTED = "CONNECTED"


@strawberry.type
class BidderRef:
    uscc: str | None
    name: str


@strawberry.type
class Evidence:
    kind: str
    verdict: Verdict
    description: str
    path: Path


@strawberry.type
class BidderPair:
    a: BidderRef
    b: BidderRef
    verdict: Verdict
    legal_basis: str
    evidence: list[Evidence]
    paths: list[Path]


@strawberry.type
class ListedBidder:
    entity: BidderRef
    listings: list[Listing]


def _masked(evidence: queries_bidders.Evidence, info: strawberry.Info[Context, None]) -> str:
    """A shared phone number is personal data for most roles: masked as in paths and profiles."""
    if evidence.kind == "HAS_PHONE" and evidence.via and info.context.role not in PERSONAL_CONTACT:
        return evidence.description.replace(evidence.via, mask_phone(evidence.via))
    return evidence.description


@strawberry.type(description="Associations among the bidders of one tender, at the as-of date.")
class BidderCheck:
    as_of: date
    pairs: list[BidderPair]
    listed_bidders: list[ListedBidder]
    unknown_usccs: list[str] = strawberry.field(description="USCCs not found in the graph.")
    disclaimer: str

    @classmethod
    def from_result(cls, result: BidderCheckResult, info: strawberry.Info[Context, None]) -> BidderCheck:
        def ref(entity_id: str) -> BidderRef:
            bidder = result.bidders.get(entity_id)
            return BidderRef(uscc=bidder.uscc if bidder else None, name=bidder.name if bidder else entity_id)

        def pair(p: PairResult) -> BidderPair:
            evidence = [
                Evidence(
                    kind=e.kind,
                    verdict=Verdict[e.verdict.name],
                    description=_masked(e, info),
                    path=Path.from_result(e.path, info),
                )
                for e in sorted(p.evidence, key=lambda e: e.verdict.value)
            ]
            return BidderPair(
                a=ref(p.a),
                b=ref(p.b),
                verdict=Verdict[p.verdict.name],
                legal_basis=p.legal_basis,
                evidence=evidence,
                paths=[e.path for e in evidence],
            )

        return cls(
            as_of=result.as_of,
            pairs=[pair(p) for p in result.pairs],
            listed_bidders=[
                ListedBidder(entity=ref(eid), listings=[Listing.from_record(x, True) for x in listings])
                for eid, listings in result.listed.items()
            ],
            unknown_usccs=result.unknown,
            disclaimer=result.disclaimer,
        )
