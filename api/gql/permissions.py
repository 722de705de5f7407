"""Field permissions (strawberry `BasePermission`): the schema itself shows what each field requires.

A refused field raises the API's FORBIDDEN error (`extensions.code`), as the role checks inside
resolvers did before. Use them as `@strawberry.field(permission_classes=[Investigators])`.
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from api.gql.errors import ApiErrorCode
from api.roles import ASSOCIATIONS, CREDIT_CHECK, REVIEW, Role


def _role(info: Info[Any, Any]) -> Role:
    role = getattr(info.context, "role", Role.PUBLIC)
    return role if isinstance(role, Role) else Role.PUBLIC


class _Forbidden(BasePermission):
    """A refusal is the API's FORBIDDEN error."""

    def __init__(self) -> None:
        self.error_extensions = {"code": ApiErrorCode.FORBIDDEN.value}


class _RolePermission(_Forbidden):
    roles: frozenset[Role] = frozenset()

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return _role(info) in self.roles


class Investigators(_RolePermission):
    """Association queries: investigators, reviewers and admins."""

    roles = ASSOCIATIONS
    message = "当前角色无权进行关联查询（需调查人员密钥）"


class CreditCheckers(_RolePermission):
    """The 联合奖惩 credit check and its feedback: investigators, admins and business systems."""

    roles = CREDIT_CHECK
    message = "当前角色无权进行联合奖惩核查（需调查人员或业务系统密钥）"


class Reviewers(_RolePermission):
    """The review queue and its actions."""

    roles = REVIEW
    message = "当前角色无权查看或审核机器抽取的决定书（需审核人员密钥）"


class Admins(_RolePermission):
    """Record repair, withdrawal, objection handling and audit mode."""

    roles = frozenset({Role.ADMIN})
    message = "当前角色无权执行此操作（需管理员密钥）"


class ObjectionHandlers(_RolePermission):
    """Moving an objection through its life cycle: reviewers and admins."""

    roles = REVIEW
    message = "当前角色无权办理异议（需审核人员或管理员）"


class AuditMode(_Forbidden):
    """`audit: true` (every record, with its history) is for admins; without it the field is open."""

    message = "当前角色无权使用审计模式（audit: true 仅限管理员）"

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return not kwargs.get("audit") or _role(info) is Role.ADMIN
