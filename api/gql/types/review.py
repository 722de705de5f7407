"""GraphQL types of the review workflow: extractions, the log, cross-checks and action results."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from api.gql.types.path import PathNode
from graph.legal.codes import uscc_problem
from graph.review import crosscheck as checks
from graph.review.errors import Refusal
from graph.review.queue import Action, ExtractionDetail, QueueItem
from graph.review.status import ReviewStatus

# The graph's own status enum; its values are the GraphQL names (pending, changed_by_extractor …).
strawberry.enum(ReviewStatus, description="Where an extraction is in review.", graphql_name_from="value")


@strawberry.type(description="One field compared with the 双公示 record of the same decision.")
class FieldCheck:
    field: str
    extracted: str | None
    recorded: str | None
    agrees: bool | None = strawberry.field(description="null when one side does not state the field")


@strawberry.type(description="Agreement with the ingested 双公示 record of the same authority + number.")
class CrossCheck:
    case_id: strawberry.ID | None
    found: bool
    conflicts: int
    fields: list[FieldCheck]

    @classmethod
    def from_check(cls, check: checks.CrossCheck | None) -> CrossCheck | None:
        if check is None:
            return None
        fields = [FieldCheck(field=f.field, extracted=f.extracted, recorded=f.recorded, agrees=f.agrees)
                  for f in check.fields]  # fmt: skip
        return cls(
            case_id=strawberry.ID(check.case_id) if check.case_id else None,
            found=check.found,
            conflicts=check.conflicts,
            fields=fields,
        )


@strawberry.type(description="A field-level change: old and new value as JSON.")
class FieldChange:
    field: str
    old: JSON | None
    new: JSON | None


@strawberry.type(description="One entry of the append-only review log.")
class ReviewAction:
    id: strawberry.ID
    action: str
    by: str
    at: str
    reason: str | None
    status_before: ReviewStatus | None
    status_after: ReviewStatus | None
    changes: list[FieldChange]

    @classmethod
    def from_action(cls, a: Action) -> ReviewAction:
        return cls(
            id=strawberry.ID(a.id),
            action=a.action,
            by=a.by,
            at=a.at,
            reason=a.reason,
            status_before=a.status_before,
            status_after=a.status_after,
            changes=[FieldChange(field=c["field"], old=c.get("old"), new=c.get("new")) for c in a.changes],
        )


@strawberry.type(
    description="A party's 统一社会信用代码 that fails its check (GB 32100 / GB 11714): published as it "
    "stands, the party is keyed by name, as an unverified firm."
)
class PartyCodeWarning:
    party: int = strawberry.field(description="index in values.parties (0-based)")
    name: str | None
    uscc: str
    reason: str
    message: str


def party_code_warnings(values: dict[str, Any]) -> list[PartyCodeWarning]:
    """The parties whose code, as the values now state it, fails its check digits."""
    found = []
    for index, party in enumerate(values.get("parties") or []):
        code = str(party.get("uscc") or "").strip()
        problem = uscc_problem(code)
        if problem is None:
            continue
        name = party.get("name") or None
        message = (
            f"当事人{index + 1}（{name or '名称未识别'}）的统一社会信用代码 {code} {problem}。"
            "请核对原文后更正；按此发布，该主体将按名称记为未核验主体，不与登记信息关联。"
        )
        found.append(PartyCodeWarning(party=index, name=name, uscc=code, reason=problem, message=message))
    return found


@strawberry.type(description="A machine-extracted decision in review (reviewers and admins only).")
class Extraction:
    id: strawberry.ID
    status: ReviewStatus
    source_name: str
    priority: float
    conflicts: int
    decision_no: str | None
    authority: str | None
    submitted_at: str | None
    extractor_version: str | None
    lowest_confidence: float | None
    warnings: list[str]
    text: str | None = None
    values: JSON | None = strawberry.field(default=None, description="reviewed values (with corrections)")
    extraction: JSON | None = strawberry.field(
        default=None, description="the machine's reading, spans included"
    )
    published: JSON | None = strawberry.field(default=None, description="what the public graph holds from it")
    cross_check: CrossCheck | None = None
    case_id: strawberry.ID | None = None
    actions: list[ReviewAction] = strawberry.field(default_factory=list)
    party_code_warnings: list[PartyCodeWarning] = strawberry.field(
        default_factory=list, description="parties whose USCC fails its check, to correct before publishing"
    )

    @classmethod
    def from_item(cls, item: QueueItem) -> Extraction:
        return cls(
            id=strawberry.ID(item.id),
            status=item.status,
            source_name=item.source_name,
            priority=item.priority,
            conflicts=item.conflicts,
            decision_no=item.decision_no,
            authority=item.authority,
            submitted_at=item.submitted_at,
            extractor_version=item.extractor_version,
            lowest_confidence=item.lowest_confidence,
            warnings=item.warnings,
        )

    @classmethod
    def from_detail(cls, d: ExtractionDetail) -> Extraction:
        out = cls.from_item(d.item)
        out.text, out.values, out.extraction = d.text, JSON(d.values), JSON(d.extraction)
        out.published = JSON(d.published) if d.published is not None else None
        out.cross_check = CrossCheck.from_check(d.cross_check)
        out.case_id = strawberry.ID(d.case_id) if d.case_id else None
        out.actions = [ReviewAction.from_action(a) for a in d.actions]
        out.party_code_warnings = party_code_warnings(d.values or {})
        return out


@strawberry.input(description="Set one field: `total_fine_yuan`, `decision_date`, `parties.0.uscc` …")
class FieldChangeInput:
    field: str
    value: JSON | None = None


@strawberry.type(description="The document was stored for review (created: false when it was already).")
class Submitted:
    extraction: Extraction
    created: bool


@strawberry.type(description="The decision is in the public graph as this Case.")
class Published:
    extraction: Extraction
    case_id: strawberry.ID
    visible: bool = strawberry.field(description="Shown to the public today.")
    publicity_end: date | None = strawberry.field(
        description="Not shown from this day (the earlier of its 公示截止期 + 1 day and its class maximum)."
    )
    parties: list[PathNode] = strawberry.field(
        default_factory=list,
        description="The case's parties as published (an unverified firm by its node id): "
        "each one's page is /explore?id=…",
    )


@strawberry.type
class Rejected:
    extraction: Extraction


@strawberry.type(description="A review action that was refused; nothing changed.")
class ReviewError:
    code: Refusal
    message: str
    cross_check: CrossCheck | None = None


PublishResult = Annotated[Published | ReviewError, strawberry.union("PublishResult")]
RejectResult = Annotated[Rejected | ReviewError, strawberry.union("RejectResult")]
SubmitResult = Annotated[Submitted | ReviewError, strawberry.union("SubmitResult")]
