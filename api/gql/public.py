"""Public root fields: credit profiles, penalty decisions and name search (every role)."""

from __future__ import annotations

from datetime import date

import strawberry

from api.gql.context import Context, run
from api.gql.errors import ApiError, ApiErrorCode, bad_input
from api.gql.fields import field
from api.gql.permissions import AuditMode
from api.gql.types.case import Case
from api.gql.types.connection import Connection, connection, page
from api.gql.types.search import SearchHit
from api.gql.types.subject import Entity
from graph.ids import entity_id_for_uscc
from graph.legal.codes import parse_uscc, uscc_problem
from queries import cases, search
from queries.common import as_of as default_as_of

Info = strawberry.Info[Context, None]


def _checked_uscc(value: str) -> str:
    """The code, upper case, or BAD_USER_INPUT saying what is wrong with it."""
    code = value.strip().upper()
    problem = uscc_problem(code)
    valid = None if problem else parse_uscc(code)
    if valid is None:
        problem = problem or "为空或已脱敏"
        raise ApiError(
            f"统一社会信用代码 {code} 无效：{problem} / invalid USCC {code!r}",
            ApiErrorCode.BAD_USER_INPUT,
            {"argument": "uscc", "value": code, "reason": problem},
        )
    return valid


@strawberry.type
class PublicQuery:
    @field(
        "An entity's credit profile by 统一社会信用代码 (`uscc`) or by node id (`id`, as other answers "
        "give it: the only key of an unverified firm or an individual business without a code). "
        "Exactly one of the two; a malformed USCC (length, alphabet, GB 32100 check digit) is "
        "BAD_USER_INPUT; a valid one the graph does not hold answers null."
    )
    async def entity(
        self, info: Info, uscc: str | None = None, id: strawberry.ID | None = None, as_of: date | None = None
    ) -> Entity | None:
        day = default_as_of(as_of)
        if (uscc is None) == (id is None):
            raise bad_input("请给出 uscc 或 id 之一（只能一个） / give exactly one of uscc and id")
        if uscc is not None:
            code = _checked_uscc(uscc)
            info.context.touch(entity_id_for_uscc(code))
            entity_id = await info.context.uscc_loader.load(code)
            if entity_id is None:
                return None
        else:
            entity_id = str(id).strip()
            info.context.touch(entity_id)
        profile = await info.context.entity_loader(day).load(entity_id)
        if profile is None:
            return None
        return Entity.ref(profile.entity.ref, day)

    @field(
        "A penalty decision by authority and decision number; `audit` (admins): also outside its "
        "window, with its history.",
        name="case",
        permission_classes=[AuditMode],
    )
    async def case_(
        self, info: Info, authority: str, decision_no: str, as_of: date | None = None, audit: bool = False
    ) -> Case | None:
        detail = await run(cases.find_case, info.context.store, authority, decision_no, default_as_of(as_of))
        if detail is None or (not audit and not (detail.view.visible and detail.view.case.published)):
            return None
        info.context.touch(detail.view.case.id, *(p.id for p in detail.parties))
        return Case.from_view(detail.view, with_history=audit)

    @field("Entities and persons whose normalised name contains `name`.")
    async def search_entities(
        self, info: Info, name: str, first: int | None = 20, after: str | None = None
    ) -> Connection[SearchHit]:
        at = page(info, first, after)
        hits, total = await run(search.search, info.context.store, name, at)
        info.context.touch(*(h.id for h in hits))
        return connection([SearchHit.from_hit(h) for h in hits], total, at)
