"""Penalty decisions as GraphQL: the case, its authority, sanctions and provisions."""

from __future__ import annotations

from datetime import date

import strawberry

from api.gql.types.enums import member
from graph.legal.penalties import ART9
from graph.lifecycle.publicity import Severity
from queries.profile import CaseView, ProvisionRecord


@strawberry.type
class Authority:
    name: str


@strawberry.type(description="One penalty item (行政处罚法 art. 9 vocabulary), amount in yuan.")
class Sanction:
    type: str = strawberry.field(description="One of: " + "、".join(ART9) + " (a closed list, in Chinese).")
    amount_yuan: float | None


@strawberry.type(description="A cited provision: 《law》第article条第paragraph款第item项.")
class Provision:
    law: str
    article: str | None
    paragraph: str | None
    item: str | None
    citation: str


def _provision(record: ProvisionRecord) -> Provision:
    return Provision(
        law=record.law,
        article=record.article,
        paragraph=record.paragraph,
        item=record.item,
        citation=record.citation,
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
    severity: str | None = strawberry.field(
        description="轻微 / 一般 / 严重 under the publicity rules, as text; `severityClass` is the enum."
    )
    severity_class: Severity | None = strawberry.field(
        description="失信严重程度 as an enum (MINOR = 轻微, GENERAL = 一般, SERIOUS = 严重)."
    )
    publicity_start: date | None
    min_end: date | None = strawberry.field(description="Repair may be applied for from this day.")
    max_end: date | None = strawberry.field(description="The latest end the class allows.")
    publicity_end: date | None = strawberry.field(
        description="Not shown from this day: the earlier of the day after its 公示截止期 and maxEnd."
    )
    repairable_from: date | None = strawberry.field(
        description="信用修复 may be applied for from this day (the minimum publicity period)."
    )
    repaired_on: date | None
    withdrawn_on: date | None
    visible: bool = strawberry.field(description="Shown and used at the as-of date.")
    objection_open: bool = strawberry.field(description="An objection is being handled (异议处理中).")
    history: list[str] = strawberry.field(description="Repairs, withdrawals, corrections (audit mode only).")

    @classmethod
    def from_view(cls, view: CaseView, with_history: bool = False) -> Case:
        case = view.case
        authority = view.authority or case.authority
        return cls(
            id=strawberry.ID(case.id),
            decision_no=case.decision_no,
            decision_date=case.decision_date,
            authority=Authority(name=authority) if authority else None,
            violation=case.violation_type or case.facts,
            total_fine_yuan=case.total_fine_yuan,
            sanctions=[Sanction(type=s.type, amount_yuan=s.amount_yuan) for s in view.sanctions],
            provisions=[_provision(p) for p in view.provisions],
            violated_provisions=[_provision(p) for p in view.violated],
            severity=case.severity,
            severity_class=member(Severity, case.severity),
            publicity_start=case.publicity_start,
            min_end=case.min_end,
            max_end=case.max_end,
            publicity_end=case.publicity_end,
            repairable_from=case.min_end,
            repaired_on=case.repaired_on,
            withdrawn_on=case.withdrawn_on,
            visible=view.visible,
            objection_open=case.objection_open,
            history=list(case.history) if with_history else [],
        )
