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
    severity: str | None = strawberry.field(description="轻微 / 一般 / 严重 under the publicity rules.")
    publicity_start: date | None
    min_end: date | None = strawberry.field(description="Repair may be applied for from this day.")
    max_end: date | None = strawberry.field(description="Publication ends automatically on this day.")
    repaired_on: date | None
    withdrawn_on: date | None
    visible: bool = strawberry.field(description="Shown and used at the as-of date.")
    objection_open: bool = strawberry.field(description="An objection is being handled (异议处理中).")
    history: list[str] = strawberry.field(description="Repairs, withdrawals, corrections (audit mode only).")

    @classmethod
    def from_view(cls, view: CaseView, with_history: bool = False) -> Case:
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
            severity=props.get("severity"),
            publicity_start=props.get("publicity_start"),
            min_end=props.get("min_end"),
            max_end=props.get("max_end"),
            repaired_on=props.get("repaired_on"),
            withdrawn_on=props.get("withdrawn_on"),
            visible=view.visible,
            objection_open=bool(props.get("objection_open")),
            history=list(props.get("history") or []) if with_history else [],
        )
