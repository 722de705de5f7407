"""Errors the API shows to callers; anything else is masked as an internal error.

`api_error` is the one mapping from the product's errors (`graph.errors.CreditGraphError`) to what
a caller sees: the error's own code in `extensions.code`, its message (or the `caller_message`
that replaces a driver's or engine's words) and the fields that locate the problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from graphql import GraphQLError, ValuesOfCorrectTypeRule
from strawberry.extensions import SchemaExtension

from graph.errors import CreditGraphError, ErrorCode


class ApiError(GraphQLError):
    """A caller-facing error with a stable code in `extensions.code`."""

    def __init__(self, message: str, code: str, fields: Mapping[str, object] | None = None) -> None:
        super().__init__(message, extensions={**(fields or {}), "code": code})


# Field names never shown, whatever an error carries: keys, passwords, personal contact data.
_SECRET = re.compile(r"key|secret|password|token|contact|id_number|id_no", re.IGNORECASE)


def shown_fields(exc: CreditGraphError) -> dict[str, object]:
    """The fields a caller may see: plain values under names that are not secret."""
    if exc.caller_message is not None:
        return {}
    return {
        name: value
        for name, value in exc.fields.items()
        if isinstance(value, str | int | float | bool) and not _SECRET.search(name)
    }


def api_error(exc: CreditGraphError) -> ApiError | None:
    """The caller's view of one of our errors; None for an internal one (masked, and logged)."""
    if exc.code is ErrorCode.INTERNAL:
        return None
    return ApiError(exc.caller_message or exc.message, exc.code.value, shown_fields(exc))


MASKED = "internal error"  # what a caller sees of an error that is not ours (MaskErrors)


class _ValueErrors(ValuesOfCorrectTypeRule):
    """A literal argument its type refuses (a Date, an Int, an enum …) is the caller's input."""

    def report_error(self, error: GraphQLError) -> None:
        error.extensions = {**(error.extensions or {}), "code": "BAD_USER_INPUT"}
        super().report_error(error)


class ErrorCodes(SchemaExtension):
    """Every error leaves with an `extensions.code`: ours keep theirs; otherwise
    GRAPHQL_PARSE_FAILED (syntax, token limit), BAD_USER_INPUT (a value its type refuses, as a
    literal or a variable), GRAPHQL_VALIDATION_FAILED (unknown fields, depth and alias limits,
    introspection refused), INTERNAL_SERVER_ERROR (masked)."""

    def on_operation(self) -> Iterator[None]:
        self.parse_failed = False
        self.invalid: set[int] = set()
        ctx = self.execution_context
        ctx.validation_rules = tuple(
            _ValueErrors if rule is ValuesOfCorrectTypeRule else rule for rule in ctx.validation_rules
        )
        yield
        for error in getattr(ctx.result, "errors", None) or ():
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": self._code(error)}

    def on_parse(self) -> Iterator[None]:
        yield
        self.parse_failed = self.execution_context.graphql_document is None

    def on_validate(self) -> Iterator[None]:
        yield
        self.invalid = {id(e) for e in self.execution_context.pre_execution_errors or ()}

    def _code(self, error: GraphQLError) -> str:
        if error.message == MASKED:
            return "INTERNAL_SERVER_ERROR"
        if self.parse_failed:
            return "GRAPHQL_PARSE_FAILED"
        if id(error) in self.invalid:
            return "GRAPHQL_VALIDATION_FAILED"
        if error.path is None:  # before any resolver: the variables' values do not fit their types
            return "BAD_USER_INPUT"
        return "INTERNAL_SERVER_ERROR"


def forbidden(what: str) -> ApiError:
    return ApiError(f"your role may not {what}", "FORBIDDEN")


def bad_input(message: str) -> ApiError:
    return ApiError(message, "BAD_USER_INPUT")
