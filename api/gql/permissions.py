"""Field permissions (strawberry `BasePermission`): the schema itself shows what each field requires.

A refused field raises the API's FORBIDDEN error (`extensions.code`), as the role checks inside
resolvers did before. Use them as `@strawberry.field(permission_classes=[Investigators])`.
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from api.roles import ASSOCIATIONS, CREDIT_CHECK, REVIEW, Role


def _role(info: Info[Any, Any]) -> Role:
    role = getattr(info.context, "role", Role.PUBLIC)
    return role if isinstance(role, Role) else Role.PUBLIC


class _Forbidden(BasePermission):
    """A refusal is the API's FORBIDDEN error."""

    def __init__(self) -> None:
        self.error_extensions = {"code": "FORBIDDEN"}


class _RolePermission(_Forbidden):
    roles: frozenset[Role] = frozenset()

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return _role(info) in self.roles


class Investigators(_RolePermission):
    """Association queries: investigators, reviewers and admins."""

    roles = ASSOCIATIONS
    message = "your role may not run association queries (an investigator key is needed)"


class CreditCheckers(_RolePermission):
    """The 联合奖惩 credit check and its feedback: investigators, admins and business systems."""

    roles = CREDIT_CHECK
    message = "your role may not run credit checks (an investigator or system key is needed)"


class Reviewers(_RolePermission):
    """The review queue and its actions."""

    roles = REVIEW
    message = "your role may not see or review machine-extracted decisions (a reviewer key is needed)"


class Admins(_RolePermission):
    """Record repair, withdrawal, objection handling and audit mode."""

    roles = frozenset({Role.ADMIN})
    message = "your role may not do this (an admin key is needed)"


class ObjectionHandlers(_RolePermission):
    """Moving an objection through its life cycle: reviewers and admins."""

    roles = REVIEW
    message = "your role may not handle objections"


class AuditMode(_Forbidden):
    """`audit: true` (every record, with its history) is for admins; without it the field is open."""

    message = "your role may not use audit mode (admins only)"

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return not kwargs.get("audit") or _role(info) is Role.ADMIN
