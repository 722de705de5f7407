"""The per-request context: caller, role, store, DataLoaders and the subjects touched (for audit)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from strawberry.dataloader import DataLoader

from api.audit import AuditLog
from api.gql.errors import api_error
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
        """The purpose of this request (查询用途), for its audit entry. Minimal until the audit
        carries a purpose of its own: it is recorded among the touched subjects."""
        self.touch("purpose:" + purpose)

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
