"""`strawberry.field` with arguments, typed once for mypy.

mypy sees `strawberry.field(...)` with arguments as an untyped decorator (pyproject allows it bare
only in api.gql.schema and api.gql.types.*); the root modules use this instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry
from strawberry.permission import BasePermission

Resolver = TypeVar("Resolver", bound=Callable[..., Any])


def field(
    description: str | None = None,
    *,
    name: str | None = None,
    permission_classes: list[type[BasePermission]] | None = None,
) -> Callable[[Resolver], Resolver]:
    return cast(
        Callable[[Resolver], Resolver],
        strawberry.field(name=name, description=description, permission_classes=permission_classes),
    )
