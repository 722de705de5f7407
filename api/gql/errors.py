"""Errors the API shows to callers; anything else is masked as an internal error.

`api_error` is the one mapping from the product's errors (`graph.errors.CreditGraphError`) to what
a caller sees: the error's own code in `extensions.code`, its message (or the `caller_message`
that replaces a driver's or engine's words) and the fields that locate the problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from enum import StrEnum

from graphql import GraphQLError, ValuesOfCorrectTypeRule
from strawberry.extensions import SchemaExtension

from graph.errors import CreditGraphError, ErrorCode


class ApiErrorCode(StrEnum):
    """Every value of `extensions.code`: the product's own codes (graph.errors.ErrorCode, but for
    INTERNAL, which is masked) and those of the GraphQL layer and the HTTP front."""

    BAD_USER_INPUT = ErrorCode.BAD_USER_INPUT.value
    NOT_FOUND = ErrorCode.NOT_FOUND.value
    CONFLICT = ErrorCode.CONFLICT.value
    FORBIDDEN = ErrorCode.FORBIDDEN.value
    UNAVAILABLE = ErrorCode.UNAVAILABLE.value
    TIMEOUT = ErrorCode.TIMEOUT.value
    RATE_LIMITED = "RATE_LIMITED"
    FORBIDDEN_ORIGIN = "FORBIDDEN_ORIGIN"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


ERROR_CODE_MEANINGS: dict[ApiErrorCode, str] = {
    ApiErrorCode.BAD_USER_INPUT: "参数或上传内容有误，可改正后重试 (a value its type or rule refuses)",
    ApiErrorCode.NOT_FOUND: "所查记录不存在",
    ApiErrorCode.CONFLICT: "记录已被他人修改，请刷新后重试",
    ApiErrorCode.FORBIDDEN: "当前角色无权执行此操作",
    ApiErrorCode.UNAVAILABLE: "图数据库暂不可用，请稍后重试",
    ApiErrorCode.TIMEOUT: "查询超时",
    ApiErrorCode.RATE_LIMITED: "同一地址提交过于频繁",
    ApiErrorCode.FORBIDDEN_ORIGIN: "跨站请求被拒绝 (Origin check, HTTP front)",
    ApiErrorCode.GRAPHQL_PARSE_FAILED: "查询语法错误或超出记号上限",
    ApiErrorCode.GRAPHQL_VALIDATION_FAILED: "查询不符合模式（未知字段、深度或别名超限、内省被拒）",
    ApiErrorCode.INTERNAL_SERVER_ERROR: "服务器内部错误（详情仅记入日志）",
}


CODES = frozenset(c.value for c in ApiErrorCode)
CJK = re.compile(r"[\u4e00-\u9fff]")
# The Chinese lead of a message the GraphQL library wrote in English (kept after it: it names the field).
LEADS = {
    ApiErrorCode.GRAPHQL_PARSE_FAILED: "查询语法错误或超出记号上限",
    ApiErrorCode.GRAPHQL_VALIDATION_FAILED: "查询不符合模式或超出请求限制",
    ApiErrorCode.BAD_USER_INPUT: "参数值不符合其类型",
    ApiErrorCode.FORBIDDEN: "无权访问",
}


class ApiError(GraphQLError):
    """A caller-facing error with a stable code in `extensions.code`."""

    def __init__(self, message: str, code: ApiErrorCode, fields: Mapping[str, object] | None = None) -> None:
        super().__init__(message, extensions={**(fields or {}), "code": code.value})


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
    return ApiError(exc.caller_message or exc.message, ApiErrorCode(exc.code.value), shown_fields(exc))


MASKED = "服务器内部错误（详情已记入日志）"  # what a caller sees of an error that is not ours (MaskErrors)


class _ValueErrors(ValuesOfCorrectTypeRule):
    """A literal argument its type refuses (a Date, an Int, an enum …) is the caller's input."""

    def report_error(self, error: GraphQLError) -> None:
        error.extensions = {**(error.extensions or {}), "code": ApiErrorCode.BAD_USER_INPUT.value}
        super().report_error(error)


class ErrorCodes(SchemaExtension):
    """Every error leaves with an `extensions.code`: ours keep theirs; otherwise
    GRAPHQL_PARSE_FAILED (syntax, token limit), BAD_USER_INPUT (a value its type refuses, as a
    literal or a variable), GRAPHQL_VALIDATION_FAILED (unknown fields, depth and alias limits,
    introspection refused), INTERNAL_SERVER_ERROR (masked). A message the GraphQL library wrote
    in English keeps its words (they name the field) after a Chinese lead saying what it means."""

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
                error.extensions = {**(error.extensions or {}), "code": self._code(error).value}
            code = ApiErrorCode(error.extensions["code"]) if error.extensions["code"] in CODES else None
            if code in LEADS and not CJK.search(error.message):
                # The GraphQL library's own words (parser, validation, limits): led by what they mean.
                error.message = f"{LEADS[code]}：{error.message}"

    def on_parse(self) -> Iterator[None]:
        yield
        self.parse_failed = self.execution_context.graphql_document is None

    def on_validate(self) -> Iterator[None]:
        yield
        self.invalid = {id(e) for e in self.execution_context.pre_execution_errors or ()}

    def _code(self, error: GraphQLError) -> ApiErrorCode:
        if error.message == MASKED:
            return ApiErrorCode.INTERNAL_SERVER_ERROR
        if self.parse_failed:
            return ApiErrorCode.GRAPHQL_PARSE_FAILED
        if id(error) in self.invalid:
            return ApiErrorCode.GRAPHQL_VALIDATION_FAILED
        if error.path is None:  # before any resolver: the variables' values do not fit their types
            return ApiErrorCode.BAD_USER_INPUT
        return ApiErrorCode.INTERNAL_SERVER_ERROR


def forbidden(what: str) -> ApiError:
    return ApiError(f"当前角色无权{what}", ApiErrorCode.FORBIDDEN)


def bad_input(message: str) -> ApiError:
    return ApiError(message, ApiErrorCode.BAD_USER_INPUT)
