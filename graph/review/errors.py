"""Refused review actions. Each says why in a stable `refusal` (shown to reviewers as
`ReviewError.code`), carries an API `code` and the fields that locate it."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from graph.errors import CreditGraphError, ErrorCode
from graph.review.crosscheck import CrossCheck
from graph.review.status import ReviewStatus


class Refusal(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    WRONG_STATE = "WRONG_STATE"
    CONFLICT_NEEDS_REASON = "CONFLICT_NEEDS_REASON"
    INCOMPLETE = "INCOMPLETE"
    BAD_CHANGE = "BAD_CHANGE"
    REASON_REQUIRED = "REASON_REQUIRED"


class ReviewFailed(CreditGraphError):
    """A review action that cannot be done; nothing changed."""

    code: ClassVar[ErrorCode] = ErrorCode.BAD_USER_INPUT
    refusal: ClassVar[Refusal]
    check: CrossCheck | None = None


class ExtractionNotFound(ReviewFailed):
    code = ErrorCode.NOT_FOUND
    refusal = Refusal.NOT_FOUND

    def __init__(self, extraction_id: str) -> None:
        super().__init__(f"未找到抽取记录 {extraction_id}", extraction_id=extraction_id)
        self.extraction_id = extraction_id


class WrongState(ReviewFailed):
    """Another action came first (or the step does not apply to this status)."""

    code = ErrorCode.CONFLICT
    refusal = Refusal.WRONG_STATE

    def __init__(self, extraction_id: str, status: str, expected: tuple[ReviewStatus, ...]) -> None:
        wanted = ", ".join(s.value for s in expected)
        super().__init__(
            f"抽取记录 {extraction_id} 当前状态为 {status}，此操作只适用于：{wanted}"
            "（可能已被他人处理，请刷新）",
            extraction_id=extraction_id, status=status, expected=wanted,
        )  # fmt: skip
        self.extraction_id, self.status, self.expected = extraction_id, status, expected


class ConflictNeedsReason(ReviewFailed):
    """The values disagree with the 双公示 record of the same decision; `check` says where."""

    code = ErrorCode.CONFLICT
    refusal = Refusal.CONFLICT_NEEDS_REASON

    def __init__(self, check: CrossCheck) -> None:
        super().__init__(
            f"有 {check.conflicts} 个字段与该决定书的双公示记录不一致：如仍要发布，请填写理由",
            case_id=check.case_id, conflicts=check.conflicts,
        )  # fmt: skip
        self.check = check


class Unpublishable(ReviewFailed):
    """The values lack what a Case is keyed by; a reviewer must correct them first."""

    refusal = Refusal.INCOMPLETE

    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            "缺少 " + "、".join(missing) + "，不能发布：请先更正这些字段",
            missing=", ".join(missing),
        )
        self.missing = missing


class BadChange(ReviewFailed):
    """A correction that is not a value ingest would accept, or of no correctable field."""

    refusal = Refusal.BAD_CHANGE

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.field = field


class ReasonRequired(ReviewFailed):
    refusal = Refusal.REASON_REQUIRED

    def __init__(self, step: str) -> None:
        super().__init__(f"操作 {step} 须填写理由", step=step)
        self.step = step
