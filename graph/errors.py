"""Errors raised at the graph boundary; driver exceptions never leave `graph/`."""

from __future__ import annotations


class GraphError(Exception):
    """Base of every error the graph layer raises."""


class EngineError(GraphError):
    """The embedded engine could not be started, reached or stopped."""

    def __init__(self, detail: str, log_tail: str = "") -> None:
        super().__init__(detail + (f"\n--- engine log ---\n{log_tail}" if log_tail else ""))
        self.detail = detail
        self.log_tail = log_tail


class GraphUnavailable(GraphError):
    """The database cannot be reached now; callers may retry."""


class SchemaMissing(GraphError):
    """Constraints the writer relies on are absent: writing would break idempotency."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("schema not applied, missing constraints: " + ", ".join(missing))
        self.missing = missing


class QueryFailed(GraphError):
    """A statement was rejected by the database (constraint, syntax, timeout)."""

    def __init__(self, statement: str, reason: str) -> None:
        super().__init__(f"{statement}: {reason}")
        self.statement = statement
        self.reason = reason
