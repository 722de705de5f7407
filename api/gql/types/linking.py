"""Legal representatives linking black-listed firms, as GraphQL."""

from __future__ import annotations

from datetime import date

import strawberry

from api.gql.types.listing import Listing
from api.gql.types.subject import Person
from queries.linking import LinkingRep


@strawberry.type
class LinkedFirm:
    uscc: str | None
    name: str
    listings: list[Listing]


@strawberry.type(description="A person who is legal representative of several black-listed firms.")
class LinkingRepresentative:
    person: Person
    firms: list[LinkedFirm]

    @classmethod
    def from_rep(cls, rep: LinkingRep, as_of: date) -> LinkingRepresentative:
        firms = [
            LinkedFirm(uscc=f.uscc, name=f.name, listings=[Listing.from_record(x, True) for x in f.listings])
            for f in rep.firms
        ]
        return cls(person=Person.ref(rep.person, as_of), firms=firms)
