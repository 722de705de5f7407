"""Errors the API shows to callers; anything else is masked as an internal error.

`api_error` is the one mapping from the product's errors (`graph.errors.CreditGraphError`) to what
a caller sees: the error's own code in `extensions.code`, its message (or the `caller_message`
that replaces a driver's or engine's words) and the fields that locate the problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from graphql import GraphQLError

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


def forbidden(what: str) -> ApiError:
    return ApiError(f"your role may not {what}", "FORBIDDEN")


def bad_input(message: str) -> ApiError:
    return ApiError(message, "BAD_USER_INPUT")
