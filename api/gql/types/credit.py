"""The 联合奖惩 credit check as GraphQL: per subject the measures triggered, with basis and record."""

from __future__ import annotations

from datetime import date

import strawberry

from queries.credit import CheckResult, TriggeredMeasure, TriggerRecord


@strawberry.type(description="The subject checked: its USCC and, when the graph holds it, its name.")
class CheckedSubject:
    uscc: str
    name: str | None
    found: bool


@strawberry.type(description="The listing (名单) or penalty decision (行政处罚) behind a measure.")
class MeasureRecord:
    kind: str = strawberry.field(description="listing | case")
    id: strawberry.ID
    name: str = strawberry.field(description="The list's name, or the decision number (文号).")
    authority: str | None
    since: date | None = strawberry.field(description="列入日期, or 处罚决定日期.")
    label: str

    @classmethod
    def from_record(cls, record: TriggerRecord) -> MeasureRecord:
        return cls(
            kind=record.kind,
            id=strawberry.ID(record.id),
            name=record.name,
            authority=record.authority,
            since=record.since,
            label=record.label,
        )


@strawberry.type(description="One measure (惩戒 or 激励) the subject triggers for the matter.")
class CheckMeasure:
    measure: str
    kind: str = strawberry.field(description="惩戒 (black lists, penalties) | 激励 (red lists).")
    basis: str = strawberry.field(
        description="Its legal basis: law or regulation and article, or the document."
    )
    basis_note: str | None
    mandatory: bool = strawberry.field(description="true: 依法必须; false: a discretionary measure.")
    record: MeasureRecord

    @classmethod
    def from_measure(cls, item: TriggeredMeasure) -> CheckMeasure:
        m = item.measure
        return cls(
            measure=m.measure,
            kind=m.kind,
            basis=m.basis,
            basis_note=m.basis_note,
            mandatory=m.mandatory,
            record=MeasureRecord.from_record(item.record),
        )


@strawberry.type(description="The credit check of one subject; `measures` is empty when none applies.")
class CreditCheckItem:
    check_id: strawberry.ID = strawberry.field(description="Quote it in reportMeasureApplied.")
    subject: CheckedSubject
    matter: str
    as_of: date
    catalogue_version: str
    measures: list[CheckMeasure]

    @classmethod
    def from_result(
        cls, result: CheckResult, check_id: str, matter: str, as_of: date, version: str
    ) -> CreditCheckItem:
        return cls(
            check_id=strawberry.ID(check_id),
            subject=CheckedSubject(uscc=result.uscc, name=result.name, found=result.entity_id is not None),
            matter=matter,
            as_of=as_of,
            catalogue_version=version,
            measures=[CheckMeasure.from_measure(m) for m in result.measures],
        )


@strawberry.type(description="Feedback recorded: its number and the check it belongs to.")
class FeedbackReceipt:
    id: int
    check_id: strawberry.ID
    at: str
