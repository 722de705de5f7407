"""The per-request context: caller, role, store, DataLoaders, subjects touched and purpose (for audit)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from strawberry.dataloader import DataLoader

from api.audit import AuditLog
from api.gql.errors import ApiError, ApiErrorCode, api_error
from api.gql.limits import MAX_PURPOSE
from api.roles import Role
from api.settings import Settings
from graph.errors import CreditGraphError
from graph.review.errors import ReviewFailed
from graph.store import GraphStore
from queries.profile import (
    EntityProfile,
    PersonProfile,
    entity_ids_by_uscc,
    entity_profiles,
    person_profiles,
)

T = TypeVar("T")


async def run(fn: Callable[..., T], *args: object) -> T:
    """Run a blocking store call off the event loop. The product's errors become API errors here,
    once, through `api_error` (unavailable, timed out, refused record steps …); refused review
    actions pass through, since their resolvers answer them as typed results."""
    try:
        return await asyncio.to_thread(fn, *args)
    except ReviewFailed:
        raise
    except CreditGraphError as exc:
        error = api_error(exc)
        if error is None:
            raise
        raise error from exc


@dataclass
class Context:
    store: GraphStore
    settings: Settings
    audit: AuditLog
    role: Role
    key_id: str
    remote: str
    today: date = field(default_factory=date.today)
    touched: set[str] = field(default_factory=set)
    purposes: list[str] = field(default_factory=list)
    entity_loaders: dict[date, DataLoader[str, EntityProfile | None]] = field(default_factory=dict)
    person_loaders: dict[date, DataLoader[str, PersonProfile | None]] = field(default_factory=dict)
    uscc_loader: DataLoader[str, str | None] = field(init=False)

    def __post_init__(self) -> None:
        async def load(usccs: Sequence[str]) -> list[str | None]:
            found = await run(entity_ids_by_uscc, self.store, list(usccs))
            return [found.get(u.strip().upper()) for u in usccs]

        self.uscc_loader = DataLoader(load_fn=load)

    def touch(self, *subject_ids: str) -> None:
        self.touched.update(s for s in subject_ids if s)

    def set_purpose(self, purpose: str) -> None:
        """The registered purpose of an association query (查询使用登记: 事由 + 项目编号/文号),
        kept for the request's audit entry; blank or over `MAX_PURPOSE` characters is refused."""
        text = purpose.strip()
        if not text:
            raise ApiError(
                "查询事由（purpose）不能为空：请填写事由及项目编号/文号 / purpose must not be blank",
                ApiErrorCode.BAD_USER_INPUT,
                {"argument": "purpose"},
            )
        if len(text) > MAX_PURPOSE:
            raise ApiError(
                f"查询事由（purpose）过长：{len(text)} 字符，上限 {MAX_PURPOSE} / "
                f"purpose too long: {len(text)} characters, limit {MAX_PURPOSE}",
                ApiErrorCode.BAD_USER_INPUT,
                {"argument": "purpose", "length": len(text), "limit": MAX_PURPOSE},
            )
        if text not in self.purposes:
            self.purposes.append(text)

    @property
    def purpose(self) -> str:
        """The purposes given in this request (usually one), as the audit entry records them."""
        return "；".join(self.purposes)

    def entity_loader(self, as_of: date) -> DataLoader[str, EntityProfile | None]:
        """One loader per as-of date: every entity profile of a response level in one query."""
        return _loader(self.entity_loaders, as_of, self.store, entity_profiles)

    def person_loader(self, as_of: date) -> DataLoader[str, PersonProfile | None]:
        return _loader(self.person_loaders, as_of, self.store, person_profiles)


P = TypeVar("P")


def _loader(
    cache: dict[date, DataLoader[str, P | None]],
    as_of: date,
    store: GraphStore,
    fetch: Callable[[GraphStore, list[str], date], dict[str, P]],
) -> DataLoader[str, P | None]:
    if as_of not in cache:

        async def load(ids: Sequence[str]) -> list[P | None]:
            found = await run(fetch, store, list(ids), as_of)
            return [found.get(i) for i in ids]

        cache[as_of] = DataLoader(load_fn=load)
    return cache[as_of]
