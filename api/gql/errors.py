"""Errors the API shows to callers; anything else is masked as an internal error."""

from __future__ import annotations

from graphql import GraphQLError


class ApiError(GraphQLError):
    """A caller-facing error with a stable code in `extensions.code`."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, extensions={"code": code})


def forbidden(what: str) -> ApiError:
    return ApiError(f"your role may not {what}", "FORBIDDEN")


def bad_input(message: str) -> ApiError:
    return ApiError(message, "BAD_USER_INPUT")


def unavailable() -> ApiError:
    return ApiError("the graph database is unavailable; try again shortly", "UNAVAILABLE")
