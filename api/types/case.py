from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from queries.profile import CaseView


@strawberry.type
class Authority:
    name: str


@strawberry.type(description="One penalty item (行政处罚法 art. 9 vocabulary), amount in yuan.")
class Sanction:
    type: str
    amount_yuan: float | None


@strawberry.type(description="A cited provision: 《law》第article条第paragraph款第item项.")
class Provision:
    law: str
    article: str | None
    paragraph: str | None
    item: str | None
    citation: str


def _provision(props: dict[str, Any]) -> Provision:
    return Provision(
        law=props.get("law", ""),
        article=props.get("article"),
        paragraph=props.get("paragraph"),
        item=props.get("item"),
        citation=props.get("citation", ""),
    )


@strawberry.type(description="An administrative penalty decision (行政处罚决定).")
class Case:
    id: strawberry.ID
    decision_no: str
    decision_date: date | None
    authority: Authority | None
    violation: str | None
    total_fine_yuan: float | None
    sanctions: list[Sanction]
    provisions: list[Provision]
    violated_provisions: list[Provision]

    @classmethod
    def from_view(cls, view: CaseView) -> Case:
        props = view.props
        return cls(
            id=strawberry.ID(props["id"]),
            decision_no=props.get("decision_no", ""),
            decision_date=props.get("decision_date"),
            authority=Authority(name=view.authority or props.get("authority", ""))
            if (view.authority or props.get("authority"))
            else None,
            violation=props.get("violation_type") or props.get("facts"),
            total_fine_yuan=props.get("total_fine_yuan"),
            sanctions=[
                Sanction(type=s.get("type", "其他"), amount_yuan=s.get("amount_yuan")) for s in view.sanctions
            ],
            provisions=[_provision(p) for p in view.provisions],
            violated_provisions=[_provision(p) for p in view.violated],
        )
