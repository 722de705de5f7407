"""The one error root of the product, and the errors raised at the graph boundary.

Every error the product raises on purpose derives from `CreditGraphError`: it carries a stable
`code` (the API maps it once to `extensions.code`) and the fields that say where and why (file,
row, field, reason …), so callers never match on message text. Driver exceptions never leave `graph/`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class ErrorCode(StrEnum):
    """Stable codes shown to API callers in `extensions.code`."""

    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    FORBIDDEN = "FORBIDDEN"
    UNAVAILABLE = "UNAVAILABLE"
    TIMEOUT = "TIMEOUT"
    INTERNAL = "INTERNAL"


class CreditGraphError(Exception):
    """Root of the product's errors: a message, a code, and the fields that locate the problem."""

    code: ClassVar[ErrorCode] = ErrorCode.INTERNAL
    # What an API caller is told instead of the message, when the message holds detail meant for
    # the logs (a driver's or the engine's words); its fields are then not shown either.
    caller_message: ClassVar[str | None] = None

    def __init__(self, message: str, **fields: object) -> None:
        super().__init__(message)
        self.message = message
        self.fields: dict[str, object] = {k: v for k, v in fields.items() if v is not None}


class InvalidInput(CreditGraphError):
    """Input the product cannot take (a file, a row, a value): the caller can correct it."""

    code = ErrorCode.BAD_USER_INPUT


class GraphError(CreditGraphError):
    """Base of every error the graph layer raises."""


class EngineError(GraphError):
    """The embedded engine could not be started, reached or stopped."""

    code = ErrorCode.UNAVAILABLE
    caller_message = "图数据库暂不可用，请稍后重试"

    def __init__(self, detail: str, log_tail: str = "") -> None:
        super().__init__(detail + (f"\n--- engine log ---\n{log_tail}" if log_tail else ""), detail=detail)
        self.detail = detail
        self.log_tail = log_tail


class GraphUnavailable(GraphError):
    """The database cannot be reached now; callers may retry."""

    code = ErrorCode.UNAVAILABLE
    caller_message = "图数据库暂不可用，请稍后重试"


class SchemaMissing(GraphError):
    """Constraints the writer relies on are absent: writing would break idempotency."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("schema not applied, missing constraints: " + ", ".join(missing), missing=missing)
        self.missing = missing


class QueryFailed(GraphError):
    """A statement was rejected by the database (constraint, syntax); a stopped one is `QueryTimeout`."""

    def __init__(self, statement: str, reason: str) -> None:
        super().__init__(f"{statement}: {reason}", statement=statement, reason=reason)
        self.statement = statement
        self.reason = reason


class QueryTimeout(QueryFailed):
    """The database stopped the statement: it ran past the transaction timeout or was terminated."""

    code = ErrorCode.TIMEOUT
    caller_message = "查询耗时过长，已被中止；请缩小查询范围（步数、条数）后重试"
