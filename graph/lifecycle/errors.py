"""Refusals of the record life cycle: unknown records and objections, and steps the rules do not
allow. Each carries the fields that locate it (record, objection, dates, states); all are BAD_USER_INPUT
to API callers, as before the layout change (finer codes wait for the API error enums of issue 18).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from graph.errors import CreditGraphError, ErrorCode


class RecordError(CreditGraphError):
    """A repair or withdrawal the rules do not allow, or of an unknown record."""

    code: ClassVar[ErrorCode] = ErrorCode.BAD_USER_INPUT

    def __init__(self, message: str, record_id: str, **fields: object) -> None:
        super().__init__(message, record=record_id, **fields)
        self.record_id = record_id


class UnknownRecord(RecordError):
    def __init__(self, record_id: str) -> None:
        super().__init__(f"未找到 id 为 {record_id} 的行政处罚或名单记录", record_id)


class RepairTooEarly(RecordError):
    """终止公示 is possible only once the minimum publicity period has ended."""

    def __init__(self, record_id: str, possible_from: date) -> None:
        super().__init__(
            f"{record_id}：最短公示期未满，自 {possible_from} 起方可申请信用修复",
            record_id,
            possible_from=possible_from.isoformat(),
        )
        self.possible_from = possible_from


class RecordWithdrawn(RecordError):
    """A withdrawn record is no longer published: there is nothing left to object to or repair."""

    def __init__(self, record_id: str, withdrawn_on: date) -> None:
        super().__init__(
            f"{record_id}: 该记录已于 {withdrawn_on} 撤销公示，不能再提出异议或修复申请",
            record_id,
            withdrawn_on=withdrawn_on.isoformat(),
        )
        self.withdrawn_on = withdrawn_on


class NotCorrectable(RecordError):
    """A correction of a field the record does not have, or with a value the field cannot hold."""

    def __init__(self, record_id: str, field: str, reason: str) -> None:
        super().__init__(f"{record_id}: {field}: {reason}", record_id, field=field, reason=reason)


class ObjectionError(CreditGraphError):
    """A transition the objection life cycle does not allow, or an unknown objection."""

    code: ClassVar[ErrorCode] = ErrorCode.BAD_USER_INPUT

    def __init__(self, message: str, objection_id: str, **fields: object) -> None:
        super().__init__(message, objection=objection_id, **fields)
        self.objection_id = objection_id


class UnknownObjection(ObjectionError):
    def __init__(self, objection_id: str) -> None:
        super().__init__(f"未找到异议 {objection_id}", objection_id)


class StepRefused(ObjectionError):
    """The objection is not in a state the step starts from."""

    def __init__(self, objection_id: str, current: str, to: str) -> None:
        super().__init__(
            f"异议 {objection_id} 当前状态为 {current}，不能转为 {to}", objection_id, state=current, to=to
        )
        self.current, self.to = current, to


class MaterialRefused(CreditGraphError):
    """An uploaded repair material the rules do not accept (type, size, content)."""

    code: ClassVar[ErrorCode] = ErrorCode.BAD_USER_INPUT

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}" if file else reason, file=file, reason=reason)
        self.file, self.reason = file, reason


class RepairError(CreditGraphError):
    """A 信用修复 application the rules refuse, or a step its life cycle does not allow."""

    code: ClassVar[ErrorCode] = ErrorCode.BAD_USER_INPUT

    def __init__(self, message: str, application: str, **fields: object) -> None:
        super().__init__(message, application=application, **fields)
        self.application = application


class UnknownRepair(RepairError):
    def __init__(self, application: str) -> None:
        super().__init__(f"未找到信用修复申请 {application}", application)


class RepairStepRefused(RepairError):
    def __init__(self, application: str, current: str, to: str) -> None:
        super().__init__(
            f"信用修复申请 {application} 当前状态为 {current}，不能转为 {to}",
            application,
            state=current,
            to=to,
        )


class NotTheSubject(RecordError):
    """Only the subject of a record may apply to repair it."""

    def __init__(self, record_id: str, subject: str) -> None:
        super().__init__(
            f"{record_id}: 该记录不涉及统一社会信用代码 {subject} 的主体", record_id, subject=subject
        )


class AlreadyRepaired(RecordError):
    def __init__(self, record_id: str, repaired_on: date) -> None:
        super().__init__(
            f"{record_id}: 已于 {repaired_on} 完成信用修复", record_id, repaired_on=repaired_on.isoformat()
        )
